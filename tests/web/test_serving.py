"""Serving for real: the schema is migrated once, explicitly (`flask db upgrade`), never by
the app itself; `make serve` starts gunicorn on a fresh SQLite database with six workers
without "database is locked"; `flask backup` / `restore` round-trip on SQLite and PostgreSQL;
behind a proxy, ProxyFix and Secure cookies are switched on by configuration."""
from __future__ import annotations

import concurrent.futures
import http.client
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import inspect
from web_support import login

from checker.store import count_reviews, make_engine

ROOT = Path(__file__).resolve().parents[2]


def test_create_app_does_not_migrate_but_flask_db_upgrade_does(tmp_path):
    from web import create_app

    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "x"})
    assert "reviews" not in inspect(app.extensions["engine"]).get_table_names()
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert {"reviews", "users", "alembic_version"} <= set(
        inspect(app.extensions["engine"]).get_table_names())
    again = app.test_cli_runner().invoke(args=["db", "upgrade"])  # a no-op the second time
    assert again.exit_code == 0


def _post_review(client, sample, token) -> int:
    response = client.post("/api/v1/reviews", json={"application": sample,
                                                    "as_of": "2026-03-01"},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_backup_and_restore_round_trip(app, client, engine, token, sample, tmp_path):
    """Back up with one review, add a second, restore: one review again, the first intact,
    and the application keeps working on the restored database (both backends)."""
    first = _post_review(client, sample, token)
    runner = app.test_cli_runner()
    target = tmp_path / "backup.dump"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0
    _post_review(client, sample, token)
    assert count_reviews(engine) == 2
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert count_reviews(engine) == 1
    assert client.get(f"/api/v1/reviews/{first}",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert _post_review(client, sample, token) > first  # still writable after the restore


def test_restore_refuses_a_missing_or_foreign_file(app, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["restore", str(tmp_path / "none.dump"), "--yes"])
    assert result.exit_code != 0 and "备份文件不存在" in result.output
    if app.config["DATABASE_URL"].startswith("sqlite"):
        junk = tmp_path / "junk.dump"
        junk.write_text("not a database")
        result = runner.invoke(args=["restore", str(junk), "--yes"])
        assert result.exit_code != 0 and "不是 SQLite 数据库备份文件" in result.output


def test_restore_asks_before_overwriting(app, tmp_path):
    runner = app.test_cli_runner()
    target = tmp_path / "b.dump"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    result = runner.invoke(args=["restore", str(target)], input="n\n")
    assert result.exit_code != 0 and "覆盖" in result.output


def test_behind_a_proxy_secure_cookie_and_forwarded_scheme(monkeypatch, database_url, tmp_path):
    """PROXY_FIX=1 believes one proxy's X-Forwarded-Proto/Host; SESSION_COOKIE_SECURE=1
    marks the session cookie Secure. Both are off by default."""
    from web_support import make_app, open_app

    monkeypatch.setenv("PROXY_FIX", "1")
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    app = open_app(database_url, str(tmp_path), "s")

    @app.get("/_probe")
    def probe():  # what the application believes about the request
        from flask import request

        return f"{request.url} {request.remote_addr}"

    client = app.test_client()
    response = login(client)
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]
    seen = client.get("/_probe", headers={"X-Forwarded-Proto": "https",
                                          "X-Forwarded-Host": "jnsc.example.gov.cn",
                                          "X-Forwarded-For": "10.1.2.3"}).get_data(as_text=True)
    assert seen == "https://jnsc.example.gov.cn/_probe 10.1.2.3"
    app.extensions["engine"].dispose()
    monkeypatch.delenv("PROXY_FIX")
    monkeypatch.delenv("SESSION_COOKIE_SECURE")
    plain = make_app(database_url.replace("web.sqlite3", "web2.sqlite3"), str(tmp_path), "s") \
        if database_url.startswith("sqlite") else None
    if plain is not None:
        assert not plain.config["PROXY_FIX"] and not plain.config["SESSION_COOKIE_SECURE"]
        assert "Secure" not in login(plain.test_client()).headers["Set-Cookie"]


# --- make serve: gunicorn, six workers, cold starts on a fresh SQLite database ----------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    finally:
        conn.close()


def _cold_start(database: Path, log: Path) -> tuple[list[int], str]:
    """`make serve` with 6 workers on a fresh database: statuses of 24 parallel requests
    once it answers, and the server's log."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "serve-test"}
    with open(log, "wb") as out:
        server = subprocess.Popen(["make", "-s", "serve", f"PORT={port}", "WORKERS=6",
                                   "THREADS=2"], cwd=ROOT, env=env, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, log.read_text(errors="replace")
            try:
                if _get(port, "/login") == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.3)
        with concurrent.futures.ThreadPoolExecutor(12) as pool:
            statuses = list(pool.map(lambda _: _get(port, "/login"), range(24)))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    return statuses, log.read_text(errors="replace")


@pytest.mark.slow  # three cold starts of gunicorn with six workers: about a minute each
@pytest.mark.parametrize("attempt", range(3))
def test_make_serve_cold_starts_six_workers_on_a_fresh_sqlite_database(attempt, tmp_path):
    database = tmp_path / "fresh.sqlite3"
    statuses, log = _cold_start(database, tmp_path / "serve.log")
    assert statuses == [200] * 24, log
    assert "database is locked" not in log and "Traceback" not in log, log
    assert log.count("Booting worker") == 6, log
    assert "数据库结构已升级到 head" in log  # migrated once, before the workers
    assert "reviews" in inspect(make_engine(f"sqlite:///{database}")).get_table_names()
