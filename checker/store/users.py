"""Accounts and API tokens (passwords hashed with werkzeug, tokens stored as SHA-256).

Passwords: at least 10 characters, not only digits, not a common password (COMMON).
Sign-in back-off per account, kept in the users table so that every worker and process
sees it: after FREE_FAILURES failed sign-ins in a row the account is locked for 30 s,
doubling with each further failure up to 1 hour; a successful sign-in resets it.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, joinedload, make_transient_to_detached
from werkzeug.security import check_password_hash, generate_password_hash

from checker.intake import text_problem
from checker.store.db import writing
from checker.store.models import BUREAU_LABELS, ROLE_LABELS, ApiToken, User, utcnow

ROLES = tuple(ROLE_LABELS)
BUREAUS = tuple(BUREAU_LABELS)
MIN_PASSWORD = 10
FREE_FAILURES = 5
FIRST_LOCK = 30  # s
MAX_LOCK = 3600  # s
# Passwords found at the top of every leaked-password list (and their Chinese favourites).
COMMON = {"password", "password1", "password123", "passw0rd", "qwerty", "qwertyuiop",
          "qwerty123", "abc123", "abcd1234", "abcdefg123", "iloveyou", "admin", "admin123",
          "admin@123", "administrator", "welcome", "welcome1", "letmein", "changeme",
          "1q2w3e4r", "1qaz2wsx", "1qaz2wsx3edc", "zaq12wsx", "aa123456", "a123456789",
          "woaini1314", "woaini520", "p@ssw0rd", "p@ssword", "football", "monkey",
          "dragon", "sunshine", "princess", "asdfghjkl", "zxcvbnm", "qazwsxedc",
          "1234qwer", "qwer1234", "abcd12345", "abc123456", "password1234", "passwordpassword"}


def password_problem(password: str) -> str | None:
    """Why a password is refused (Chinese), or None."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少{MIN_PASSWORD}位"
    if password.isdigit():
        return "密码不能全是数字"
    if password.lower() in COMMON or len(set(password)) <= 2:
        return "密码过于常见，请换一个"
    return None


class AccountError(ValueError):
    """A refused account operation (message in Chinese)."""


def create_user(engine: Engine, name: str, password: str, role: str = "reviewer",
                bureau: str = "drc") -> User:
    """A new active account of `bureau` (drc / ecology) with `role` (ROLES)."""
    # checked before trimming: a control character at either end is refused, not dropped
    problem = text_problem(name)
    name = name.strip()
    if role not in ROLES:
        raise AccountError(f"未知角色“{role}”（可选：{'、'.join(ROLES)}）")
    if bureau not in BUREAUS:
        raise AccountError(f"未知单位“{bureau}”（可选：{'、'.join(BUREAUS)}）")
    if not name:
        raise AccountError("用户名不能为空")
    if problem is not None:  # shown in pages, records and the PDF
        raise AccountError(f"用户名{problem}")
    if (problem := password_problem(password)) is not None:
        raise AccountError(problem)
    with writing(engine, expire_on_commit=False) as session:
        if session.scalar(select(User).where(User.name == name)):
            raise AccountError(f"用户“{name}”已存在")
        user = User(name=name, password_hash=generate_password_hash(password), role=role,
                    bureau=bureau, active=True)
        session.add(user)
    return user


def get_user(engine: Engine, user_id: int) -> User | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.get(User, user_id)


def list_users(engine: Engine) -> list[User]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(User).order_by(User.name)))


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A password hash made once (same method and cost as real ones) for unknown names."""
    return generate_password_hash(secrets.token_urlsafe(16))


class Locked(AccountError):
    """Too many failed sign-ins: the account is locked for `seconds`."""

    def __init__(self, seconds: int):
        super().__init__(f"登录失败次数过多，请 {seconds} 秒后再试")
        self.seconds = seconds


def authenticate(engine: Engine, name: str, password: str) -> User | None:
    """The active user with this name and password, else None (same cost either way).

    A locked account (see the module's back-off) raises Locked without checking the
    password; a failure counts against the account in the database."""
    with Session(engine, expire_on_commit=False) as session:
        user = session.scalar(select(User).where(User.name == name.strip()))
    now = utcnow()
    if user is not None and user.locked_until and user.locked_until > now:
        raise Locked(int((user.locked_until - now).total_seconds()) + 1)
    # exactly one hash check either way, against a fixed dummy hash for an unknown name,
    # so the response time does not tell which names exist
    valid = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if user is not None and not valid:
        _count_failure(engine, user.id)
    if user is None or not valid or not user.active:
        return None
    if user.failed_logins:
        with writing(engine) as session:
            session.execute(update(User).where(User.id == user.id)
                            .values(failed_logins=0, locked_until=None))
    return user


def _count_failure(engine: Engine, user_id: int) -> None:
    """One more failed sign-in (an atomic increment, right across processes); from the
    FREE_FAILURES-th on, lock the account for a doubling time."""
    with writing(engine) as session:
        session.execute(update(User).where(User.id == user_id)
                        .values(failed_logins=User.failed_logins + 1))
        failures = session.scalar(select(User.failed_logins).where(User.id == user_id))
        if failures >= FREE_FAILURES:
            seconds = min(MAX_LOCK, FIRST_LOCK * 2 ** (failures - FREE_FAILURES))
            session.execute(update(User).where(User.id == user_id).values(
                locked_until=utcnow() + dt.timedelta(seconds=seconds)))


def set_password(engine: Engine, user_id: int, password: str) -> None:
    """Reset a password (the policy applies); the account's sessions end and its lock lifts."""
    if (problem := password_problem(password)) is not None:
        raise AccountError(problem)
    with writing(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise AccountError("用户不存在")
        user.password_hash = generate_password_hash(password)
        user.failed_logins, user.locked_until = 0, None
        user.session_epoch = (user.session_epoch or 0) + 1


def set_active_id(engine: Engine, user_id: int, active: bool) -> User:
    """Activate or deactivate an account (a deactivated one can neither sign in nor use a
    token); deactivation ends its sessions."""
    with writing(engine, expire_on_commit=False) as session:
        user = session.get(User, user_id)
        if user is None:
            raise AccountError("用户不存在")
        user.active = active
        if not active:
            user.session_epoch = (user.session_epoch or 0) + 1
        return user


def set_active(engine: Engine, name: str, active: bool) -> None:
    with writing(engine) as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            raise AccountError(f"用户“{name}”不存在")
        user.active = active


def end_sessions(engine: Engine, user_id: int) -> None:
    """Sign-out: every session cookie issued to the user so far stops being accepted."""
    with writing(engine) as session:
        user = session.get(User, user_id)
        if user is not None:
            user.session_epoch = (user.session_epoch or 0) + 1


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(engine: Engine, name: str, label: str = "",
                 days: int | None = None) -> str:
    """A new bearer token for user `name`, with a label and an expiry (`days` from now; None:
    no expiry); the clear token is returned once, never stored."""
    if days is not None and not 1 <= days <= 3660:
        raise AccountError("有效期须为1至3660天")
    if (problem := text_problem(label)) is not None:
        raise AccountError(f"令牌说明{problem}")
    token = "kfc_" + secrets.token_urlsafe(32)
    expires = utcnow() + dt.timedelta(days=days) if days else None
    with writing(engine) as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            raise AccountError(f"用户“{name}”不存在")
        session.add(ApiToken(user_id=user.id, token_sha256=_digest(token),
                             label=label.strip()[:80], expires_at=expires))
    return token


def list_tokens(engine: Engine) -> list[ApiToken]:
    """Every API token (not its secret), newest first, with its user."""
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(ApiToken).options(joinedload(ApiToken.user))
                                    .order_by(ApiToken.id.desc())))


def revoke_token(engine: Engine, token_id: int) -> None:
    """Revoke a token: it is refused from now on (the row stays, for the record)."""
    with writing(engine) as session:
        row = session.get(ApiToken, token_id)
        if row is None:
            raise AccountError("令牌不存在")
        row.revoked_at = row.revoked_at or utcnow()


# the token lookup, built once (only the digest changes from request to request)
_BY_TOKEN = (select(*User.__table__.columns, ApiToken.revoked_at, ApiToken.expires_at)
             .join(ApiToken, ApiToken.user_id == User.id)
             .where(ApiToken.token_sha256 == bindparam("digest")))


def user_for_token(engine: Engine, token: str) -> User | None:
    """The user a valid bearer token belongs to (active or not), else None: an unknown,
    revoked or expired token is no token.  One indexed SELECT (the token's SHA-256 is
    unique), read on every API request: nothing is cached, so a revoked token, a deactivated
    account, is refused from the next request on, in every worker."""
    if not token or len(token) > 200:
        return None
    with engine.connect() as connection:
        row = connection.execute(_BY_TOKEN, {"digest": _digest(token)}).first()
    if row is None:
        return None
    fields = row._asdict()
    revoked_at, expires_at = fields.pop("revoked_at"), fields.pop("expires_at")
    if revoked_at is not None or (expires_at is not None and expires_at <= utcnow()):
        return None
    user = User(**fields)
    make_transient_to_detached(user)  # the stored row (never inserted again), as get_user's
    return user
