"""Account administration in the browser (管理员 only): users (create with bureau and role,
deactivate, reset password), API tokens (create with label and expiry, list, revoke) and the
latest audit events (refused sign-ins among them)."""
from __future__ import annotations

import functools

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from checker.store import (BUREAUS, ROLES, AccountError, create_token, create_user, get_user,
                           list_tokens, list_users, records, revoke_token, set_active_id,
                           set_password)
from checker.store.models import BUREAU_LABELS, ROLE_LABELS
from web import service
from web.db import engine
from web.security import login_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


def admin_required(view):
    """Signed in as an administrator, else 403."""

    @functools.wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if g.user.role != "admin":
            abort(403, description="只有管理员可以管理账户")
        return view(*args, **kwargs)

    return wrapped


def _page(status: int = 200, error: str | None = None, message: str | None = None,
          token: str | None = None):
    return render_template(
        "admin.html", users=list_users(engine()), tokens=list_tokens(engine()),
        events=records.events(engine(), 50), action_labels=records.ACTION_LABELS,
        roles=ROLE_LABELS, bureaus=BUREAU_LABELS, error=error, message=message, token=token,
        now=service.now().replace(tzinfo=None)), status


def _log(detail: str) -> None:
    records.log_event(engine(), g.user, "account", detail, service.address())


@bp.get("/")
@admin_required
def index():
    return _page()


@bp.post("/users")
@admin_required
def create():
    form = request.form
    role, bureau = form.get("role", ""), form.get("bureau", "")
    try:
        if role not in ROLES or bureau not in BUREAUS:
            raise AccountError("请选择单位和角色")
        user = create_user(engine(), form.get("name", ""), form.get("password", ""), role,
                           bureau)
    except AccountError as exc:
        return _page(400, error=str(exc))
    _log(f"创建用户“{user.name}”（{user.bureau_label}，{user.role_label}）")
    return _page(message=f"已创建用户“{user.name}”（{user.bureau_label}，{user.role_label}）")


def _user_or_404(user_id: int):
    user = get_user(engine(), user_id) if 0 < user_id <= service.MAX_ID else None
    if user is None:
        abort(404, description="用户不存在")
    return user


@bp.post("/users/<int:user_id>/active")
@admin_required
def active(user_id: int):
    user = _user_or_404(user_id)
    enable = request.form.get("active") == "1"
    if user.id == g.user.id and not enable:
        return _page(400, error="不能停用自己的账户")
    set_active_id(engine(), user.id, enable)
    _log(f"{'启用' if enable else '停用'}用户“{user.name}”")
    return redirect(url_for("admin.index"), code=303)


@bp.post("/users/<int:user_id>/password")
@admin_required
def password(user_id: int):
    user = _user_or_404(user_id)
    try:
        set_password(engine(), user.id, request.form.get("password", ""))
    except AccountError as exc:
        return _page(400, error=str(exc))
    _log(f"重置用户“{user.name}”的密码")
    return _page(message=f"已重置用户“{user.name}”的密码，其已登录的会话均已失效")


@bp.post("/tokens")
@admin_required
def new_token():
    form = request.form
    days_text = form.get("days", "").strip()
    try:
        days = int(days_text) if days_text else None
    except ValueError:
        return _page(400, error="有效期须为天数（整数）")
    try:
        token = create_token(engine(), form.get("name", ""), form.get("label", ""), days)
    except AccountError as exc:
        return _page(400, error=str(exc))
    _log(f"为用户“{form.get('name', '')[:80]}”创建令牌“{form.get('label', '')[:80]}”")
    return _page(message="已创建访问令牌（只显示这一次，请立即复制保存）", token=token)


@bp.post("/tokens/<int:token_id>/revoke")
@admin_required
def revoke(token_id: int):
    try:
        revoke_token(engine(), token_id if token_id <= service.MAX_ID else 0)
    except AccountError as exc:
        return _page(404, error=str(exc))
    _log(f"吊销令牌 #{token_id}")
    return redirect(url_for("admin.index"), code=303)
