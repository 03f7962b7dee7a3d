"""Sign-in and sign-out pages, and the account CLI (create-user, create-token)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import click
from flask import Blueprint, Flask, g, redirect, render_template, request, session, url_for

from checker.store import (AccountError, authenticate, create_token, create_user,
                           end_sessions, list_users)
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
    error = None
    if request.method == "POST":
        name = request.form.get("name", "")
        user = authenticate(engine(), name, request.form.get("password", ""))
        if user is not None:
            token = session.get("csrf_token")
            session.clear()  # no session fixation
            session["user_id"] = user.id
            session["epoch"] = user.session_epoch or 0
            if token:
                session["csrf_token"] = token
            return redirect(_safe_next(request.form.get("next")))
        error = "用户名或密码不正确，或账户已停用。"
    status = 401 if error else 200
    return render_template("login.html", error=error, no_users=not list_users(engine()),
                           next=request.values.get("next", "")), status


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
    """``flask --app web create-user NAME --admin/--reviewer`` and ``create-token NAME``."""

    @app.cli.command("create-user")
    @click.argument("name")
    @click.option("--admin/--reviewer", default=False, help="管理员或审查人员（默认审查人员）")
    @click.option("--password", prompt="密码", hide_input=True, confirmation_prompt="再次输入密码",
                  help="密码（不给出时提示输入）")
    def create_user_command(name: str, admin: bool, password: str):
        """创建用户。"""
        try:
            user = create_user(app.extensions["engine"], name, password,
                               "admin" if admin else "reviewer")
        except AccountError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"已创建用户“{user.name}”（{user.role_label}）")

    @app.cli.command("create-token")
    @click.argument("name")
    def create_token_command(name: str):
        """为用户创建 API 访问令牌（只显示这一次）。"""
        try:
            token = create_token(app.extensions["engine"], name)
        except AccountError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(token)
