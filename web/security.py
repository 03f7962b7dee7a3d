"""Login, CSRF protection, API bearer tokens and security headers."""
from __future__ import annotations

import functools
import hmac
import secrets
import time

from flask import (Flask, abort, current_app, g, redirect, request, session, url_for)
from flask.sessions import SecureCookieSessionInterface
from markupsafe import Markup

from web.books import in_force, read_with
from checker.intake import ATTACHMENT_REQUEST_BYTES, MAX_SIZE_TEXT, printable, text_problem
from checker.store import get_user
from checker.store.users import user_and_settings_version
from web.db import engine, reader

CSRF_FIELD = "csrf_token"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'")


def csrf_token() -> str:
    """The per-session CSRF token (created on first use)."""
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return session[CSRF_FIELD]


def csrf_field() -> Markup:
    """The hidden form field carrying the CSRF token."""
    return Markup('<input type="hidden" name="%s" value="%s">') % (CSRF_FIELD, csrf_token())


def _check_csrf() -> None:
    """Every POST outside the token-authenticated API must carry the session's token."""
    if request.method != "POST" or request.blueprint == "api":
        return
    expected = session.get(CSRF_FIELD)
    given = request.form.get(CSRF_FIELD, "")
    if not expected or not hmac.compare_digest(str(expected), given):
        abort(400, description="表单已过期或来源无法验证（CSRF校验失败），请刷新页面后重新提交。")


def _refuse_truncated_body() -> None:
    """A body without Content-Length (chunked) is cut off by the server's stream at
    MAX_CONTENT_LENGTH without any error: read it here (kept for the view and the form parser)
    and refuse it whole if it reached the limit, instead of handling a truncated body."""
    if request.content_length is not None or request.method not in ("POST", "PUT", "PATCH"):
        return
    limit = request.max_content_length  # the app's, or a page's own (batch upload)
    if not limit:
        return
    if len(request.get_data(cache=True)) >= limit:
        abort(413)


def _refuse_unsafe_fields() -> None:
    """A query-string or form field (name or value) holding a character no database can
    store (NUL, a lone surrogate) is refused with a 400 naming it, before any view runs —
    the history search, the sign-in name, every form.  JSON bodies and uploaded files are
    checked by intake, which also refuses direction controls in application texts."""
    # (no query string: no field in it — most requests, and every API POST)
    sources = [request.args] if request.environ.get("QUERY_STRING") else []
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        sources.append(request.form)  # other bodies are not read before the view checks access
    for source in sources:
        for name, value in source.items(multi=True):
            problem = text_problem(name, bidi=False) or \
                text_problem(value, bidi=False, multiline=True)
            if problem is not None:
                abort(400, description=f"字段“{printable(name)[:60]}”{problem}。")


def _load_user() -> None:
    g.user = None
    if request.blueprint == "api":
        # the API signs in by bearer token only (token_required): the session cookie is
        # neither read nor renewed there, which spares every API call opening it (and its
        # answer a ``Vary: Cookie``)
        return
    user_id = session.get("user_id")
    if user_id is not None:
        user = get_user(engine(), user_id)
        now = int(time.time())
        idle = now - int(session.get("seen") or 0)
        # a cookie from before sign-out carries an older epoch: no longer valid; a session
        # left idle longer than SESSION_IDLE_TIMEOUT seconds has ended
        if user is not None and user.active and \
                session.get("epoch") == (user.session_epoch or 0) and \
                idle <= current_app.config["SESSION_IDLE_TIMEOUT"]:
            g.user = user
            if request.blueprint != "static":
                session["seen"] = now
        else:
            session.pop("user_id", None)


def login_required(view):
    """Pages: anonymous visitors are sent to /login (and back afterwards)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.get("user") is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def token_required(view):
    """API: a valid ``Authorization: Bearer <token>`` of an active user, else 401/403."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            abort(401, description="缺少访问令牌，请在请求头中提供 Authorization: Bearer <令牌>")
        user, settings_version = user_and_settings_version(reader(), token.strip())
        if user is None:
            abort(401, description="访问令牌无效")
        if "rulebook_in_force" not in g:  # the settings' version came with the token
            read_with(settings_version)
        if not user.active:
            abort(403, description="该令牌所属账户已停用，无权访问")
        g.user = user
        return view(*args, **kwargs)

    return wrapped


def _headers(response):
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    try:  # not for static files: the version costs a query of the settings
        if request.endpoint not in (None, "static"):
            response.headers["X-Rulebook-Version"] = in_force().version
    except Exception:  # a broken rulebook must not hide the real response
        pass
    if g.get("user") is not None and request.blueprint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _own_limits() -> None:
    """The attachment upload takes files of up to 20 MB (a limit of its own; an application
    stays at intake.MAX_BYTES)."""
    if request.endpoint == "records.attach":
        request.max_content_length = ATTACHMENT_REQUEST_BYTES


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the same sessions and cookies, minus the work a
    request without a session cookie does not need (every API call signs in by bearer
    token): its empty session is opened without building the cookie's signer, and an empty
    session nobody touched is saved without reading the cookie's settings."""

    def open_session(self, app: Flask, request):
        # no Cookie header at all (an API client): no cookie to parse for the session's
        if app.secret_key and ("HTTP_COOKIE" not in request.environ or
                               not request.cookies.get(self.get_cookie_name(app))):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session, response) -> None:
        if session or session.modified or session.accessed:
            super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessions()
    app.before_request(_own_limits)
    app.before_request(_refuse_truncated_body)
    app.before_request(_refuse_unsafe_fields)
    app.before_request(_load_user)
    app.before_request(_check_csrf)
    app.after_request(_headers)
    app.jinja_env.globals.update(csrf_field=csrf_field, max_size=MAX_SIZE_TEXT)
