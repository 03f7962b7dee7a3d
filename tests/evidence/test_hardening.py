"""Regressions of the third red-team round (issue 25, items 5–13) and of the one error
hierarchy (issue 22, item 3), on SQLite and PostgreSQL: each test failed on the main branch
before the fix it names."""
from __future__ import annotations

import io
import json
import re

import pytest
from web_support import AS_OF, csrf_of, pdf_file, reviews_count

from checker.store import create_token

HAN = re.compile(r"[\u4e00-\u9fff]")


def bearer(token: str, **more) -> dict:
    return {"Authorization": f"Bearer {token}", **more}


def post_review(client, token, body, key=None):
    headers = bearer(token, **({"Idempotency-Key": key} if key else {}))
    return client.post("/api/v1/reviews", data=json.dumps(body), headers=headers,
                       content_type="application/json")


# --- issue 22 item 3: one refusal hierarchy, answered once per family ------------------------

def test_refusals_are_answered_as_json_under_the_api_and_as_pages_elsewhere(
        logged_in, token, sample):
    review_id = post_review(logged_in, token, {"application": sample, "as_of": AS_OF}).json["id"]
    api = logged_in.delete(f"/api/v1/reviews/{review_id}/judgements/{2**40}",
                           headers=bearer(token))
    assert api.status_code == 404 and api.json["error"]["code"] == "not_found"
    assert "人工复核意见" in api.json["error"]["message"]
    page = logged_in.post(f"/reviews/{review_id}/judgements/{2**40}/withdraw",
                          data={"csrf_token": csrf_of(logged_in.get(f"/reviews/{review_id}"))})
    assert page.status_code == 404 and "人工复核意见" in page.get_data(as_text=True)
    assert page.mimetype == "text/html"
    missing = logged_in.get("/api/v1/reviews/999999/documents/opinion.pdf",
                            headers=bearer(token))
    assert missing.status_code == 404 and "999999" in missing.json["error"]["message"]


# --- item 5: an Idempotency-Key replays only the same request --------------------------------

def test_idempotency_key_replays_the_same_request_and_refuses_another(client, engine, token,
                                                                     sample):
    first = post_review(client, token, {"application": sample, "as_of": AS_OF}, "key-1")
    assert first.status_code == 201
    again = post_review(client, token, {"application": sample, "as_of": AS_OF}, "key-1")
    assert again.status_code == 200 and again.json["id"] == first.json["id"]

    other = json.loads(json.dumps(sample))
    other["project"]["name"] = "另一个项目"
    refused = post_review(client, token, {"application": other, "as_of": AS_OF}, "key-1")
    assert refused.status_code == 422, refused.status_code
    error = refused.json["error"]
    assert error["code"] == "idempotency_key_reused" and "Idempotency-Key" in error["message"]
    assert HAN.search(error["message"]) and error["problems"][0]["path"] == "Idempotency-Key"
    later = post_review(client, token, {"application": sample, "as_of": "2026-04-01"}, "key-1")
    assert later.status_code == 422
    assert reviews_count(engine) == 1  # nothing of the refused requests is stored
    # another reviewer's key of the same text is theirs
    assert post_review(client, create_token(engine, "admin"),
                       {"application": other, "as_of": AS_OF}, "key-1").status_code == 201


# --- item 6: attachments are PDFs, stored and served as such ---------------------------------

def attach(client, review_id, data, name):
    return client.post(f"/reviews/{review_id}/attachments", data={
        "csrf_token": csrf_of(client.get(f"/reviews/{review_id}")),
        "attachment": (io.BytesIO(data), name)}, content_type="multipart/form-data")


@pytest.fixture
def review_id(logged_in, token, sample):
    return post_review(logged_in, token, {"application": sample, "as_of": AS_OF}).json["id"]


def test_a_file_that_only_starts_like_a_pdf_is_refused(logged_in, engine, review_id):
    from checker.store import attachments

    fake = b"%PDF-1.7\n<html><script>alert(1)</script></html>"
    response = attach(logged_in, review_id, fake, "page.html")
    assert response.status_code == 400 and "不是有效的PDF" in response.get_data(as_text=True)
    assert attachments(engine, review_id) == []


def test_an_attachment_is_stored_and_served_as_pdf(logged_in, engine, review_id):
    from checker.store import attachments

    report = pdf_file()
    assert attach(logged_in, review_id, report, "report.hta").status_code == 303
    (row,) = attachments(engine, review_id)
    assert row.filename == "report.pdf"
    served = logged_in.get(f"/reviews/{review_id}/attachments/{row.id}")
    assert served.status_code == 200 and served.data == report
    assert served.mimetype == "application/pdf"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    disposition = served.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith("report.pdf")


@pytest.mark.parametrize("char", ["\u0000", "\u0001", "\u001b", "\u202e", "\u2066", "\u0085"])
def test_control_and_direction_characters_in_file_names_are_refused(logged_in, engine,
                                                                    review_id, char):
    from checker.store import attachments

    response = attach(logged_in, review_id, pdf_file(), f"节能报告{char}fdp.pdf")
    assert response.status_code == 400, response.status_code
    assert "附件文件名" in response.get_data(as_text=True)
    assert attachments(engine, review_id) == []


# --- item 10: small inputs that were 500s or taken silently ---------------------------------

@pytest.mark.parametrize("attachment_id", [2**31, 2**40, 10**30])
def test_attachment_ids_beyond_the_column_are_404(logged_in, review_id, attachment_id):
    response = logged_in.get(f"/reviews/{review_id}/attachments/{attachment_id}")
    assert response.status_code == 404 and "附件不存在" in response.get_data(as_text=True)


@pytest.mark.parametrize("year", ["²", "٢٠٢٦", "２０２６", "2026²"])
def test_digits_of_other_scripts_are_refused_in_numeric_parameters(logged_in, token, year):
    page = logged_in.get("/ledger", query_string={"year": year})
    assert page.status_code == 400 and "四位年份" in page.get_data(as_text=True)
    api = logged_in.get("/api/v1/ledger", query_string={"year": year}, headers=bearer(token))
    assert api.status_code == 400 and "四位年份" in api.json["error"]["message"]
    industry = logged_in.get("/ledger", query_string={"industry": "٦٤"})
    assert industry.status_code == 400


def test_a_deeply_nested_body_on_a_document_action_is_a_clear_400(logged_in, token, review_id):
    body = "[" * 200_000 + "]" * 200_000
    response = logged_in.post(f"/api/v1/reviews/{review_id}/documents/energy_opinion/submit",
                              data=body, headers=bearer(token),
                              content_type="application/json")
    assert response.status_code in (400, 404), response.status_code
    if response.status_code == 404:  # the main document of the sample has another type
        kind = logged_in.get(f"/api/v1/reviews/{review_id}",
                             headers=bearer(token)).json["documents"][0]["type"]
        response = logged_in.post(f"/api/v1/reviews/{review_id}/documents/{kind}/submit",
                                  data=body, headers=bearer(token),
                                  content_type="application/json")
    assert response.status_code == 400, response.status_code
    assert "嵌套" in response.json["error"]["message"] + str(response.json["error"]["problems"])


def test_user_names_longer_than_the_column_or_confusable_are_refused(app, engine):
    from checker.store import AccountError, create_user

    with pytest.raises(AccountError, match="不得超过80个字符"):
        create_user(engine, "长" * 81, "一个足够长的密码2026", "reviewer")
    for confusable in ("REVIEWER", "Reviewer", "ｒｅｖｉｅｗｅｒ"):
        with pytest.raises(AccountError, match="容易混淆"):
            create_user(engine, confusable, "一个足够长的密码2026", "reviewer")
    client = app.test_client()
    from web_support import login
    assert login(client, "admin").status_code == 302
    page = client.get("/admin/")
    response = client.post("/admin/users", data={
        "csrf_token": csrf_of(page), "name": "n" * 81, "password": "一个足够长的密码2026",
        "role": "reviewer", "bureau": "drc"})
    assert response.status_code == 400 and "不得超过80个字符" in response.get_data(as_text=True)


def test_too_many_form_parts_are_named_as_such(logged_in):
    token_field = csrf_of(logged_in.get("/reviews/new"))
    data = {"csrf_token": token_field, **{f"f{i}": "x" for i in range(1100)}}
    response = logged_in.post("/reviews/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "过多" in text and "1000" in text and "2 MB" not in text


@pytest.mark.parametrize("raw, expected", [
    ('{"project": {}}'.encode("utf-32"), "UTF-32"),
    ('{"project": {}}'.encode("utf-32-be"), "UTF-32"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xd6\xd0\xc4\xe3", "PNG图片"),
], ids=["utf-32", "utf-32-be", "png"])
def test_encodings_and_file_kinds_are_named_rightly(client, token, raw, expected):
    response = client.post("/api/v1/reviews", data=raw, headers=bearer(token),
                           content_type="application/json")
    assert response.status_code == 400
    message = response.json["error"]["problems"][0]["message"]
    assert expected in message and "UTF-16" not in message and "GBK" not in message


# --- item 11: who may read what; sign-in ---------------------------------------------------

def test_a_batch_is_read_and_cancelled_only_by_its_uploader_or_an_administrator(app, engine):
    import datetime as dt

    from web_support import SAMPLE, login

    from checker.store import batches, get_user, list_users

    reviewer = next(u for u in list_users(engine) if u.name == "reviewer")
    batch_id, _ = batches.create_batch(engine, reviewer.id, dt.date(2026, 3, 1),
                                       [("a.json", json.dumps(SAMPLE), None)])
    other = app.test_client()
    assert login(other, "approver").status_code == 302
    for path in (f"/batches/{batch_id}", f"/batches/{batch_id}/progress.json",
                 f"/batches/{batch_id}/summary.csv"):
        response = other.get(path)
        assert response.status_code == 403, (path, response.status_code)
        assert "只有上传人或管理员" in response.get_data(as_text=True)
    cancel = other.post(f"/batches/{batch_id}/cancel",
                        data={"csrf_token": csrf_of(other.get("/batches"))})
    assert cancel.status_code == 403
    assert not batches.get_batch(engine, batch_id).cancelled
    for name in ("reviewer", "admin"):
        allowed = app.test_client()
        assert login(allowed, name).status_code == 302
        assert allowed.get(f"/batches/{batch_id}/progress.json").status_code == 200
    assert get_user(engine, reviewer.id).name == "reviewer"


def test_a_password_reset_revokes_the_users_api_tokens(app, engine):
    from web_support import login

    from checker.store import list_users

    token = create_token(engine, "reviewer")
    assert app.test_client().get("/api/v1/reviews", headers=bearer(token)).status_code == 200
    admin = app.test_client()
    assert login(admin, "admin").status_code == 302
    user_id = next(u.id for u in list_users(engine) if u.name == "reviewer")
    response = admin.post(f"/admin/users/{user_id}/password", data={
        "csrf_token": csrf_of(admin.get("/admin/")), "password": "新的足够长的密码2026"})
    assert response.status_code == 200 and "令牌均已吊销" in response.get_data(as_text=True)
    assert app.test_client().get("/api/v1/reviews", headers=bearer(token)).status_code == 401


def test_the_csrf_token_changes_at_sign_in(client):
    from web_support import PASSWORD

    page = client.get("/login")
    before = csrf_of(page)
    response = client.post("/login", data={"name": "reviewer", "password": PASSWORD,
                                           "csrf_token": before})
    assert response.status_code == 302
    after = csrf_of(client.get("/reviews/new"))
    assert after != before
    # a form prepared with the pre-sign-in token (planted by someone else) is refused
    stale = client.post("/reviews/new", data={"csrf_token": before, "source": "text",
                                              "json_text": "{}"})
    assert stale.status_code == 400 and "CSRF" in stale.get_data(as_text=True)


def test_several_workers_without_redis_are_warned_of_at_start(database_url, tmp_path,
                                                             monkeypatch, caplog):
    from web import create_app

    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.delenv("REDIS_URL", raising=False)
    with caplog.at_level("WARNING"):
        app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "s"})
    app.extensions["engine"].dispose()
    assert any("REDIS_URL" in r.getMessage() and "5 个工作进程" in r.getMessage()
               for r in caplog.records)


# --- item 12: backups private, the password off the command line, no restore under a server --

def test_a_backup_is_readable_by_its_owner_only(app, tmp_path):
    import os
    import stat

    target = tmp_path / "backup.dump"
    target.write_text("an older file, world-readable")
    os.chmod(target, 0o644)
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.stat().st_size > 100


def test_the_database_password_is_passed_in_the_environment_not_argv(app, tmp_path,
                                                                     monkeypatch):
    import subprocess

    from sqlalchemy.engine import make_url

    from checker.store.backup import backup

    url = app.config["DATABASE_URL"]
    if not url.startswith("postgresql"):
        pytest.skip("pg_dump: PostgreSQL only")
    seen = []
    real = subprocess.run

    def spy(command, **kwargs):  # records the call, then runs the real pg_dump
        seen.append((command, kwargs.get("env") or {}))
        return real(command, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    secret = "pw-in-env-only-7361"
    with_password = make_url(url).set(password=secret).render_as_string(hide_password=False)
    backup(with_password, tmp_path / "b.sql")  # the test server trusts local connections
    (command, env), = seen
    assert not any(secret in part for part in command)
    assert env["PGPASSWORD"] == secret


def test_a_restore_refuses_while_another_process_uses_the_database(app, engine, tmp_path):
    import subprocess
    import sys

    from checker.store import make_engine
    from checker.store.backup import BackupError, restore

    url = app.config["DATABASE_URL"]
    target = tmp_path / "b.dump"
    assert app.test_cli_runner().invoke(args=["backup", str(target)]).exit_code == 0
    engine.dispose()
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        holder = subprocess.Popen([sys.executable, "-c", (
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('select count(*) from users').fetchone(); print('ready', flush=True); "
            "sys.stdin.read()"), path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "ready"
            with pytest.raises(BackupError, match="请先停止服务"):
                restore(url, target)
        finally:
            holder.stdin.close()
            holder.wait(10)
    else:
        server = make_engine(url)  # a running service's pool, with its application name
        try:
            with server.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
                with pytest.raises(BackupError, match="请先停止服务"):
                    restore(url, target)
        finally:
            server.dispose()
    restore(url, target)  # nobody else: it goes through


# --- item 13: a read-only SQLite connection is not kept --------------------------------------

def test_a_read_only_sqlite_connection_is_recycled_once_the_file_is_writable(
        app, engine, client, token, sample):
    import shutil
    import subprocess

    url = app.config["DATABASE_URL"]
    if not url.startswith("sqlite") or shutil.which("chattr") is None:
        pytest.skip("SQLite file made immutable with chattr (root ignores file modes)")
    path = url.removeprefix("sqlite:///")
    body = {"application": sample, "as_of": AS_OF}
    assert post_review(client, token, body).status_code == 201
    engine.dispose()
    subprocess.run(["chattr", "+i", path], check=True)
    try:
        refused = post_review(client, token, body)
        assert refused.status_code == 503, refused.status_code
    finally:
        subprocess.run(["chattr", "-i", path], check=True)
    assert post_review(client, token, body).status_code == 201


# --- item 7: a stalled database with pooled connections ------------------------------------

@pytest.mark.postgres
def test_a_stall_of_pooled_connections_is_a_503_within_the_documented_bound(tmp_path,
                                                                           monkeypatch):
    """The relay keeps every connection open and forwards nothing (a frozen server, a dead
    network path): the server's statement_timeout never hears of the statement, yet each
    request is answered 503 within statement timeout + STALL_GRACE (+ a connect timeout for
    the fresh connection), and the service works again when the database answers."""
    import os
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy.engine import make_url
    from test_database_outage import Relay
    from web_support import login, make_app

    from checker.store.db import STALL_GRACE
    from checker.store.scratch import scratch_schema

    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL)")

    class StallingRelay(Relay):
        stalled = threading.Event()

        def _pump(self, source, sink):
            try:
                while data := source.recv(65536):
                    while self.stalled.is_set():  # held, like a frozen peer
                        time.sleep(0.05)
                    sink.sendall(data)
            except OSError:
                pass

        def _accept(self, listener):
            while True:
                try:
                    client, _ = listener.accept()
                except OSError:
                    return
                if self.stalled.is_set():
                    self.sockets.append(client)  # accepted, never answered
                    continue
                upstream = __import__("socket").create_connection(self.target)
                self.sockets.extend([client, upstream])
                for a, b in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    statement_timeout, connect_timeout = 2, 2
    bound = statement_timeout + STALL_GRACE + connect_timeout + 4
    with scratch_schema(os.environ["TEST_DATABASE_URL"], "s") as url:
        parsed = make_url(url)
        relay = StallingRelay(parsed.host or "127.0.0.1", parsed.port or 5432)
        monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", str(connect_timeout))
        monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", str(statement_timeout))
        app = make_app(parsed.set(host="127.0.0.1", port=relay.port)
                       .render_as_string(hide_password=False), str(tmp_path), "stall")
        try:
            clients = [app.test_client() for _ in range(4)]
            for client in clients:  # the pool holds connections that worked
                assert login(client).status_code == 302
                assert client.get("/reviews").status_code == 200
            relay.stalled.set()

            def one(client):
                started = time.monotonic()
                return client.get("/reviews").status_code, time.monotonic() - started

            with ThreadPoolExecutor(4) as pool:
                futures = [pool.submit(one, c) for c in clients]
                results = [f.result(timeout=bound + 30) for f in futures]
            relay.stalled.clear()
            assert [status for status, _ in results] == [503] * 4, results
            assert max(seconds for _, seconds in results) < bound, results
            assert clients[0].get("/reviews").status_code == 200  # recovered by itself
        finally:
            relay.stalled.clear()
            relay.close()
            app.extensions["engine"].dispose()


# --- item 8: a ZIP's JSONL lines are counted as they are read ------------------------------

def jsonl_zip(lines: int) -> bytes:
    import random
    import zipfile

    rng = random.Random(1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.jsonl", "".join(f"{rng.randrange(10)}\n" for _ in range(lines)))
    return buffer.getvalue()


def test_reading_a_zip_stops_at_the_item_limit():
    from checker.batch import MAX_MEMBERS, BatchError, read_zip

    read = 0
    with pytest.raises(BatchError, match=f"超过每批 {MAX_MEMBERS} 份"):
        for _ in read_zip(io.BytesIO(jsonl_zip(100_000)), "big.zip"):
            read += 1
    assert read == MAX_MEMBERS  # not one application more was read


def test_a_zip_of_too_many_jsonl_lines_is_refused_naming_the_lines(logged_in, engine):
    from checker.store.models import Batch
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    response = logged_in.post("/batches", data={
        "csrf_token": csrf_of(logged_in.get("/batches")),
        "files": [(io.BytesIO(jsonl_zip(20_000)), "big.zip")]},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert "JSONL 的每一行算一份" in response.get_data(as_text=True)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Batch)) == 0


# --- item 9: no rendering under the write lock; judgements capped --------------------------

def test_a_slow_rendering_holds_up_no_other_work(client, engine, token, sample):
    """While one document renders for its issue, another user's review is stored at once
    (on SQLite the rendering held the database's write lock: it waited for the rendering);
    another issue waits its turn, and the two take consecutive numbers."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from checker.store import get_review, list_users, records

    ids = []
    for name in ("甲项目", "乙项目"):
        body = json.loads(json.dumps(sample))
        body["project"]["name"] = name
        created = post_review(client, token, {"application": body, "as_of": AS_OF}).json
        ids.append(created["id"])
        submit = created["documents"][0]["actions"]["submit"]
        assert client.post(submit, headers=bearer(token)).status_code == 200
    first, second = (get_review(engine, i).documents[0] for i in ids)
    assert first.series == second.series
    approver = next(u for u in list_users(engine) if u.name == "approver")
    gate, rendering = threading.Event(), threading.Event()

    def number(series, year, seq):
        return f"测〔{year}〕{seq}号"

    def slow(document, text, issued_on):  # the first document's rendering takes long
        rendering.set()
        assert gate.wait(60)
        return f"%PDF-1.7 {text}".encode()

    def fast(document, text, issued_on):
        return f"%PDF-1.7 {text}".encode()

    other = json.loads(json.dumps(sample))
    other["project"]["name"] = "丙项目"
    with ThreadPoolExecutor(3) as pool:
        slow_issue = pool.submit(records.issue, engine, first.id, approver, number, slow)
        assert rendering.wait(30)
        next_issue = pool.submit(records.issue, engine, second.id, approver, number, fast)
        review = pool.submit(post_review, client.application.test_client(), token,
                             {"application": other, "as_of": AS_OF})
        try:
            assert review.result(timeout=10).status_code == 201  # while the other renders
            assert not next_issue.done()  # issues take their turn
        finally:
            gate.set()
        early, late = slow_issue.result(timeout=60), next_issue.result(timeout=60)
    assert early.number.endswith("〕1号") and late.number.endswith("〕2号")
    assert records.stored_pdf(engine, early.id) == f"%PDF-1.7 {early.number}".encode()


def test_judgements_per_record_are_capped_with_a_clear_message(logged_in, token, review_id):
    from checker.store.judgements import MAX_JUDGEMENTS

    path = f"/api/v1/reviews/{review_id}/judgements"
    for index in range(MAX_JUDGEMENTS):
        response = logged_in.post(path, headers=bearer(token), json={
            "kind": "added", "severity": "info", "part": "energy", "title": f"补充意见{index}",
            "text": "补充说明", "citation": "kaifu.3.1", "reason": "人工复核补充"})
        assert response.status_code == 201, response.json
    refused = logged_in.post(path, headers=bearer(token), json={
        "kind": "added", "severity": "info", "part": "energy", "title": "再一条",
        "text": "补充说明", "citation": "kaifu.3.1", "reason": "人工复核补充"})
    assert refused.status_code == 409
    assert f"最多{MAX_JUDGEMENTS}条" in refused.json["error"]["message"]


def test_the_lockout_is_per_name_and_address_and_says_nothing_of_existence(app):
    from web_support import PASSWORD, login

    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    answers = {}
    for name in ("approver", "no-such-user"):
        for _ in range(5):
            assert login(attacker, name, "wrong password!").status_code == 401
        locked = login(attacker, name, "wrong password!")
        answers[name] = (locked.status_code,
                         re.sub(r"\d+ 秒", "N 秒", re.search(r"登录失败次数过多[^<]*",
                                                        locked.get_data(as_text=True))[0]))
    assert answers["approver"] == answers["no-such-user"]  # the same answer
    assert answers["approver"][0] == 429
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert login(owner, "approver", PASSWORD).status_code == 302  # not locked out elsewhere


def test_the_admin_page_shows_an_account_locked_from_an_address(app):
    from web_support import login

    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.10"
    for _ in range(5):
        login(attacker, "approver", "wrong password!")
    admin = app.test_client()
    assert login(admin, "admin").status_code == 302
    page = admin.get("/admin/").get_data(as_text=True)
    row = page.split("approver</td>", 1)[1].split("</tr>", 1)[0]
    assert "登录暂时锁定" in row
