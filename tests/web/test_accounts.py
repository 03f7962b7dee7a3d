"""Accounts in the browser (admin only), the password policy, token labels, expiry and
revocation, the sign-in back-off kept in the database (it holds across two application
instances sharing it), the per-address limit (Flask-Limiter, memory and Redis), refused
sign-ins in the audit log, and the idle session timeout."""
from __future__ import annotations

import os
import time
import uuid

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from web_support import PASSWORD, csrf_of, login, open_app

from checker.store import (AccountError, ApiToken, User, authenticate, create_token,
                           create_user, records)
from checker.store.models import SignInFailure


def admin_post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_of(client.get("/admin/")), **data})


def test_password_policy(engine):
    for weak, why in [("short12", "至少10位"), ("1234567890123", "全是数字"),
                      ("password123", "常见"), ("aaaaaaaaaaaa", "常见")]:
        with pytest.raises(AccountError, match=why):
            create_user(engine, "新用户", weak)
    with pytest.raises(AccountError, match="未知单位"):
        create_user(engine, "新用户", "长长的好密码2026", "approver", "finance")


def test_only_an_admin_manages_accounts(client):
    login(client, "reviewer")
    assert client.get("/admin/").status_code == 403
    assert "账户管理" not in client.get("/reviews/new").get_data(as_text=True)


def test_admin_creates_deactivates_and_resets_in_the_browser(app, engine):
    admin = app.test_client()
    login(admin, "admin")
    page = admin.get("/admin/").get_data(as_text=True)
    assert "账户管理" in page and "签发人" in page and "生态环境局开福分局" in page
    weak = admin_post(admin, "/admin/users", name="张三", bureau="ecology", role="approver",
                      password="12345678901")
    assert weak.status_code == 400 and "全是数字" in weak.get_data(as_text=True)
    made = admin_post(admin, "/admin/users", name="张三", bureau="ecology", role="approver",
                      password="张三的签发密码2026")
    assert made.status_code == 200 and "生态环境局开福分局，签发人" in made.get_data(as_text=True)
    with Session(engine) as session:
        user = session.query(User).filter_by(name="张三").one()
    assert (user.bureau, user.role) == ("ecology", "approver")
    other = app.test_client()
    assert login(other, "张三", "张三的签发密码2026").status_code == 302
    assert admin_post(admin, f"/admin/users/{user.id}/active", active="0").status_code == 303
    assert other.get("/reviews/new").status_code == 302  # its session ended
    assert login(other, "张三", "张三的签发密码2026").status_code == 401
    admin_post(admin, f"/admin/users/{user.id}/active", active="1")
    reset = admin_post(admin, f"/admin/users/{user.id}/password", password="新的签发密码2027")
    assert reset.status_code == 200
    assert login(other, "张三", "张三的签发密码2026").status_code == 401
    assert login(other, "张三", "新的签发密码2027").status_code == 302
    events = admin.get("/admin/").get_data(as_text=True).split('id="events"', 1)[1]
    assert "创建用户“张三”" in events and "重置用户“张三”的密码" in events


def test_tokens_have_labels_expire_and_can_be_revoked(app, engine, client):
    admin = app.test_client()
    login(admin, "admin")
    page = admin_post(admin, "/admin/tokens", name="reviewer", label="审批系统对接", days="30")
    html = page.get_data(as_text=True)
    token = html.split('id="new-token">', 1)[1].split("<", 1)[0]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/reviews", headers=headers).status_code == 200
    listing = admin.get("/admin/").get_data(as_text=True).split('id="tokens"', 1)[1]
    assert "审批系统对接" in listing and "有效" in listing
    with Session(engine) as session:
        row = session.query(ApiToken).filter_by(label="审批系统对接").one()
    assert admin_post(admin, f"/admin/tokens/{row.id}/revoke").status_code == 303
    assert client.get("/api/v1/reviews", headers=headers).status_code == 401
    assert "已吊销" in admin.get("/admin/").get_data(as_text=True)
    expiring = create_token(engine, "reviewer", "短期", days=1)
    with Session(engine) as session, session.begin():
        session.execute(update(ApiToken).where(ApiToken.label == "短期")
                        .values(expires_at=ApiToken.created_at))
    assert client.get("/api/v1/reviews",
                      headers={"Authorization": f"Bearer {expiring}"}).status_code == 401


def test_back_off_holds_across_two_app_instances(database_url, tmp_path):
    """Five wrong passwords on one instance lock the account on the other as well (the
    back-off lives in the shared database), and the refusals are in the audit log."""
    from web import create_app

    first = open_app(database_url, str(tmp_path / "a"), "secret")
    second = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "secret"})
    try:
        one, two = first.test_client(), second.test_client()
        for _ in range(5):
            assert login(one, "reviewer", "wrong password!").status_code == 401
        locked = login(two, "reviewer", PASSWORD)
        assert locked.status_code == 429 and "秒后再试" in locked.get_data(as_text=True)
        engine = first.extensions["engine"]
        failures = [e for e in records.events(engine) if e.action == "login_failed"]
        assert len(failures) == 6 and "reviewer" in failures[0].detail
        with Session(engine) as session, session.begin():  # the lock lapses
            session.execute(update(SignInFailure).values(locked_until=None))
        assert login(two, "reviewer", PASSWORD).status_code == 302
        with Session(engine) as session:  # a successful sign-in resets the count
            assert session.scalar(select(func.count()).select_from(SignInFailure)) == 0
    finally:
        first.extensions["engine"].dispose()
        second.extensions["engine"].dispose()


def test_revocation_deactivation_and_sign_out_hold_at_once_in_another_instance(
        database_url, tmp_path):
    """Nothing of a token or a session is cached by a worker: a token revoked, an account
    deactivated, a sign-out made through another application instance (another worker, its
    own pool) is refused on this instance's very next request."""
    from web import create_app
    from web_support import SAMPLE

    from checker.store import end_sessions, revoke_token, set_active

    first = open_app(database_url, str(tmp_path / "a"), "secret")
    second = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "secret"})
    other = second.extensions["engine"]
    try:
        api, page = first.test_client(), first.test_client()
        token = create_token(other, "reviewer", "两个实例")
        headers = {"Authorization": f"Bearer {token}"}
        assert api.post("/api/v1/reviews", json=SAMPLE, headers=headers).status_code == 201
        set_active(other, "reviewer", False)
        assert api.post("/api/v1/reviews", json=SAMPLE, headers=headers).status_code == 403
        set_active(other, "reviewer", True)
        assert api.get("/api/v1/reviews", headers=headers).status_code == 200
        with Session(other) as session:
            token_id = session.query(ApiToken).filter_by(label="两个实例").one().id
        revoke_token(other, token_id)
        assert api.post("/api/v1/reviews", json=SAMPLE, headers=headers).status_code == 401
        assert login(page, "reviewer").status_code == 302
        assert page.get("/reviews/new").status_code == 200
        reviewer = authenticate(other, "reviewer", PASSWORD)
        end_sessions(other, reviewer.id)  # signed out elsewhere
        assert page.get("/reviews/new").status_code == 302
    finally:
        first.extensions["engine"].dispose()
        other.dispose()


@pytest.mark.parametrize("storage", ["memory", "redis"])
def test_sign_in_attempts_are_limited_per_address(database_url, tmp_path, storage,
                                                   monkeypatch):
    from web import create_app

    if storage == "redis":
        redis = pytest.importorskip("redis")
        try:
            redis.Redis(host="127.0.0.1", socket_connect_timeout=1).ping()
        except Exception:
            pytest.skip("Redis 未运行（127.0.0.1:6379）")
        monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:6379/0")
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "3 per minute")
    app = open_app(database_url, str(tmp_path), "secret")
    # a second instance (another worker): with Redis it shares the counter
    other = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "secret"})
    if storage == "redis":  # a fresh key space per test run
        prefix = f"kaifu-login-{uuid.uuid4().hex}"
        for each in (app, other):
            each.extensions["login_limiter"]._key_prefix = prefix
    try:
        client = app.test_client()
        for _ in range(2):
            assert login(client, "nobody", "wrong password!").status_code == 401
        third = login(other.test_client() if storage == "redis" else client,
                      "nobody", "wrong password!")
        assert third.status_code == 401
        refused = login(client, "reviewer", PASSWORD)
        assert refused.status_code == 429 and "稍后再试" in refused.get_data(as_text=True)
    finally:
        app.extensions["engine"].dispose()
        other.extensions["engine"].dispose()


def test_idle_session_ends(app, client):
    app.config["SESSION_IDLE_TIMEOUT"] = 60
    login(client)
    assert client.get("/reviews/new").status_code == 200
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - 61
    response = client.get("/reviews/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_sign_in_works_while_redis_is_down(database_url, tmp_path, monkeypatch):
    """A limiter storage that refuses connections never turns sign-in into a 500."""
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:9/0")  # nothing listens on port 9
    app = open_app(database_url, str(tmp_path), "secret")
    try:
        assert login(app.test_client()).status_code == 302
    finally:
        app.extensions["engine"].dispose()
