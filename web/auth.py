"""Sign-in and sign-out pages, and the account CLI (create-user, create-token).

Sign-in is throttled twice: per account by a back-off kept in the database
(checker.store.users: it holds across workers and processes), and per client address by
Flask-Limiter (LOGIN_RATE_LIMIT, default 20 per minute; counters in Redis when REDIS_URL is
set, so all workers share them, else in the process's memory).  Every refused sign-in is
written to the audit log (name tried, address)."""
from __future__ import annotations

import os
import re
import time
from urllib.parse import urlsplit

import click
from flask import (Blueprint, Flask, current_app, g, redirect, render_template, request,
                   session, url_for)

from checker.intake import printable
from checker.store import (BUREAUS, ROLES, AccountError, Locked, authenticate, create_token,
                           create_user, end_sessions, list_users, records)
from web.db import engine

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    r"""Only a path of this site is followed after sign-in (no open redirect).

    The target is first normalised as a browser reads a URL (WHATWG URL standard: leading
    and trailing C0 controls and spaces stripped, tabs and newlines removed anywhere, ``\``
    read as ``/``), so ``/\t/evil.example`` counts as the ``//evil.example`` it becomes; it is
    then parsed, and anything with a scheme or a host, or still holding a control
    character, falls back to the new-review page."""
    fallback = url_for("reviews.new")
    if not target:
        return fallback
    path = target.strip("".join(map(chr, range(0x21))))
    path = re.sub(r"[\t\n\r]", "", path).replace("\\", "/")
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/") or path.startswith("//") \
            or re.search(r"[\x00-\x1f\x7f]", path):
        return fallback
    return path


@bp.route("/login", methods=["GET", "POST"])
def login():
    error, status = None, 200
    if request.method == "POST":
        name = request.form.get("name", "")
        try:
            user = authenticate(engine(), name, request.form.get("password", ""),
                                request.remote_addr or "")
        except Locked as exc:
            user, error, status = None, str(exc), 429
        if user is None:
            _log_failure(name, error)
        if user is not None:
            session.clear()  # no session fixation; a new CSRF token is made on the next form
            session["user_id"] = user.id
            session["epoch"] = user.session_epoch or 0
            session["seen"] = int(time.time())
            target = request.form.get("next")
            if not target:  # each user's start page: reviews.landing
                from web.reviews import landing

                return redirect(landing(user))
            return redirect(_safe_next(target))
        if error is None:
            error, status = "用户名或密码不正确，或账户已停用。", 401
    return render_template("login.html", error=error, no_users=not list_users(engine()),
                           next=request.values.get("next", "")), status


def _log_failure(name: str, reason: str | None) -> None:
    """A refused sign-in: in the audit log and the application log."""
    shown = printable(name.strip())[:80]
    detail = f"用户名“{shown}”" + (f"：{reason}" if reason else "")
    records.log_event(engine(), None, "login_failed", detail, request.remote_addr or "")
    current_app.logger.warning("登录失败：%s，来自 %s", detail, request.remote_addr)


def init_limiter(app: Flask) -> None:
    """Per-address limit of sign-in attempts (Flask-Limiter), one limiter per application."""
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    limiter = Limiter(get_remote_address, app=app,
                      storage_uri=app.config.get("REDIS_URL") or "memory://",
                      key_prefix="kaifu-login", headers_enabled=False,
                      # Redis down: fall back to per-process counting rather than refuse
                      # every sign-in (the per-account back-off in the database still holds)
                      swallow_errors=True, in_memory_fallback_enabled=True)
    app.extensions["login_limiter"] = limiter
    workers = os.environ.get("WEB_CONCURRENCY", "").strip()  # gunicorn's (make serve sets it)
    if not app.config.get("REDIS_URL") and workers.isascii() and workers.isdigit() \
            and int(workers) > 1:
        app.logger.warning(
            "未设置 REDIS_URL：登录频率限制（每个地址 %s）在 %s 个工作进程中各自计数，实际上限为其 %s "
            "倍；多进程部署请设置 REDIS_URL", app.config["LOGIN_RATE_LIMIT"], workers, workers)
    view = app.view_functions["auth.login"]
    app.view_functions["auth.login"] = limiter.limit(
        lambda: app.config["LOGIN_RATE_LIMIT"], methods=["POST"])(view)
    _only_where_decorated(app, limiter)


def _only_where_decorated(app: Flask, limiter) -> None:
    """The limiter counts the sign-in view only, and its decorator (above) checks it there:
    the hooks Flask-Limiter adds to every request of the app (a check before, the rate-limit
    headers after — disabled — and a context reset at teardown) would only cost every page
    and every API call their time (issue 29), so they are removed."""
    def mine(hook) -> bool:
        owner = getattr(hook, "__self__", None)
        if owner is None and getattr(hook, "args", None):  # functools.partial(…, limiter)
            owner = hook.args[0]
        return owner is limiter

    for hooks in (app.before_request_funcs, app.after_request_funcs,
                  app.teardown_request_funcs):
        hooks[None] = [hook for hook in hooks.get(None, []) if not mine(hook)]


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    if request.method == "POST":
        if g.user is not None:
            end_sessions(engine(), g.user.id)  # copies of the session cookie die too
        session.clear()
        return redirect(url_for("auth.login"))
    if g.user is None:
        return redirect(url_for("auth.login"))
    return render_template("logout.html")


def register_cli(app: Flask) -> None:
    """``flask --app web create-user NAME --bureau drc|ecology --role reviewer|approver|admin``
    and ``create-token NAME [--label TEXT] [--days N]``."""

    @app.cli.command("create-user")
    @click.argument("name")
    @click.option("--bureau", type=click.Choice(BUREAUS), default="drc", show_default=True,
                  help="所属单位：drc 发展和改革局，ecology 生态环境局开福分局")
    @click.option("--role", type=click.Choice(ROLES), default="reviewer", show_default=True,
                  help="角色：reviewer 审查人员（起草），approver 签发人，admin 管理员")
    @click.option("--password", prompt="密码", hide_input=True, confirmation_prompt="再次输入密码",
                  help="密码（至少10位，不能全是数字或常见密码；不给出时提示输入）")
    def create_user_command(name: str, bureau: str, role: str, password: str):
        """创建用户。"""
        try:
            user = create_user(app.extensions["engine"], name, password, role, bureau)
        except AccountError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"已创建用户“{user.name}”（{user.bureau_label}，{user.role_label}）")

    @app.cli.command("create-token")
    @click.argument("name")
    @click.option("--label", default="", help="令牌说明（如对接的系统）")
    @click.option("--days", type=click.IntRange(1, 3660), default=None,
                  help="有效天数（不给出则不过期）")
    def create_token_command(name: str, label: str, days: int | None):
        """为用户创建 API 访问令牌（只显示这一次）。"""
        try:
            token = create_token(app.extensions["engine"], name, label, days)
        except AccountError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(token)
