"""Accounts and API tokens (passwords hashed with werkzeug, tokens stored as SHA-256).

Passwords: at least 10 characters, not only digits, not a common password (COMMON).
Sign-in back-off per name and client address, kept in the database (sign_in_failures) so
that every worker and process sees it: after FREE_FAILURES failed sign-ins in a row under
one name from one address, that name is locked from that address for 30 s, doubling with
each further failure up to 1 hour; a successful sign-in there resets it, and so does a
password reset (everywhere).  Unknown names are counted and locked alike: the answers do
not tell which accounts exist, and failures from one address never lock an account's
owner out at another.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
import unicodedata

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from checker.intake import text_problem
from checker.refusals import Refused
from checker.store.db import Precompiled, writing
from checker.store.models import (BUREAU_LABELS, ROLE_LABELS, ApiToken, ParameterChange,
                                  SignInFailure, User, detached, utcnow)

ROLES = tuple(ROLE_LABELS)
BUREAUS = tuple(BUREAU_LABELS)
MIN_PASSWORD = 10
MAX_NAME = 80  # characters of a user name (users.name is VARCHAR(80))
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


class AccountError(Refused):
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
    if len(name) > MAX_NAME:  # the column's width (PostgreSQL refuses a longer one)
        raise AccountError(f"用户名不得超过{MAX_NAME}个字符（当前{len(name)}个）")
    if (problem := password_problem(password)) is not None:
        raise AccountError(problem)
    with writing(engine, expire_on_commit=False) as session:
        key = name_key(name)
        same = next((other for other in session.scalars(select(User.name))
                     if name_key(other) == key), None)
        if same is not None:
            raise AccountError(f"用户“{same}”已存在" if same == name else
                               f"用户名“{name}”与已有用户“{same}”仅大小写或字形不同，"
                               "容易混淆，请另取一个用户名")
        user = User(name=name, password_hash=generate_password_hash(password), role=role,
                    bureau=bureau, active=True)
        session.add(user)
    return user


def name_key(name: str) -> str:
    """What two user names must not share: their NFKC case-folded form (``REVD``, ``revd``
    and full-width ``ｒｅｖｄ`` are one name to a reader of the audit log)."""
    return unicodedata.normalize("NFKC", name).casefold()


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


def authenticate(engine: Engine, name: str, password: str, address: str = "") -> User | None:
    """The active user with this name and password, else None (same cost either way).

    The back-off (see the module) is kept per name and client `address`: a name locked from
    an address raises Locked there without checking the password — whether or not an
    account of that name exists, with the same message — and a failure counts against that
    name from that address only, so that failures from elsewhere never lock its owner out."""
    key, address = _failure_key(name), (address or "")[:64]
    with Session(engine, expire_on_commit=False) as session:
        user = session.scalar(select(User).where(User.name == name.strip()))
        failure = session.get(SignInFailure, (key, address))
    now = utcnow()
    if failure is not None and failure.locked_until and failure.locked_until > now:
        raise Locked(int((failure.locked_until - now).total_seconds()) + 1)
    # exactly one hash check either way, against a fixed dummy hash for an unknown name,
    # so the response time does not tell which names exist
    valid = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if user is None or not valid:
        _count_failure(engine, key, address)
    if user is None or not valid or not user.active:
        return None
    if failure is not None:
        with writing(engine) as session:
            session.execute(delete(SignInFailure).where(SignInFailure.name_sha256 == key,
                                                        SignInFailure.address == address))
    return user


def locked_user_ids(engine: Engine) -> set[int]:
    """The accounts whose name is locked now from at least one address (the admin page)."""
    now = utcnow()
    with Session(engine) as session:
        locked = set(session.scalars(select(SignInFailure.name_sha256).where(
            SignInFailure.locked_until > now)))
        return {user_id for user_id, name in session.execute(select(User.id, User.name))
                if _failure_key(name) in locked} if locked else set()


def _failure_key(name: str) -> str:
    """The back-off's key of a sign-in name (any length): its name_key's SHA-256."""
    return hashlib.sha256(name_key(name.strip()).encode("utf-8", "replace")).hexdigest()


def _count_failure(engine: Engine, key: str, address: str) -> None:
    """One more failed sign-in of a name from an address (an atomic increment, right across
    processes); from the FREE_FAILURES-th on, lock the pair for a doubling time."""
    with writing(engine) as session:
        counted = session.execute(update(SignInFailure).where(
            SignInFailure.name_sha256 == key, SignInFailure.address == address)
            .values(failures=SignInFailure.failures + 1)).rowcount
        if not counted:
            try:
                with session.begin_nested():
                    session.add(SignInFailure(name_sha256=key, address=address, failures=1))
            except IntegrityError:  # another worker counted the first one meanwhile
                session.execute(update(SignInFailure).where(
                    SignInFailure.name_sha256 == key, SignInFailure.address == address)
                    .values(failures=SignInFailure.failures + 1))
        failures = session.scalar(select(SignInFailure.failures).where(
            SignInFailure.name_sha256 == key, SignInFailure.address == address))
        if failures >= FREE_FAILURES:
            seconds = min(MAX_LOCK, FIRST_LOCK * 2 ** min(failures - FREE_FAILURES, 20))
            session.execute(update(SignInFailure).where(
                SignInFailure.name_sha256 == key, SignInFailure.address == address)
                .values(locked_until=utcnow() + dt.timedelta(seconds=seconds)))


def set_password(engine: Engine, user_id: int, password: str) -> None:
    """Reset a password (the policy applies); the account's sessions end, its API tokens are
    revoked (a reset after a suspected compromise must shut every door the old password
    could have opened) and its lock lifts."""
    if (problem := password_problem(password)) is not None:
        raise AccountError(problem)
    with writing(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise AccountError("用户不存在")
        user.password_hash = generate_password_hash(password)
        session.execute(delete(SignInFailure).where(
            SignInFailure.name_sha256 == _failure_key(user.name)))
        user.session_epoch = (user.session_epoch or 0) + 1
        session.execute(update(ApiToken).where(ApiToken.user_id == user_id,
                                               ApiToken.revoked_at.is_(None))
                        .values(revoked_at=utcnow()))


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


# the token lookup, compiled once per dialect (only the digest changes from request to
# request; see db.Precompiled), with the version of the administrator's values
# (parameters.settings_version: the latest change's id) read in the same statement — the
# rulebook in force of the request needs it
_BY_TOKEN = Precompiled(
    select(*User.__table__.columns, ApiToken.revoked_at, ApiToken.expires_at,
           select(func.max(ParameterChange.id)).scalar_subquery().label("settings_version"))
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_sha256 == bindparam("digest")))
_BY_TOKEN_FIELDS = tuple(column.key for column in _BY_TOKEN.statement.selected_columns)


def user_for_token(engine: Engine, token: str) -> User | None:
    """The user a valid bearer token belongs to (active or not), else None: an unknown,
    revoked or expired token is no token.  One indexed SELECT (the token's SHA-256 is
    unique), read on every API request: nothing is cached, so a revoked token, a deactivated
    account, is refused from the next request on, in every worker."""
    return user_and_settings_version(engine, token)[0]


def user_and_settings_version(engine: Engine, token: str) -> tuple[User | None, int | None]:
    """`user_for_token`, and the settings' version (parameters.settings_version) read by the
    same statement (None when the token is unknown: not read)."""
    if not token or len(token) > 200:
        return None, None
    with engine.connect() as connection:
        rows = _BY_TOKEN.rows(connection, {"digest": _digest(token)})
    if not rows:
        return None, None
    fields = dict(zip(_BY_TOKEN_FIELDS, rows[0]))
    revoked_at, expires_at = fields.pop("revoked_at"), fields.pop("expires_at")
    version = fields.pop("settings_version") or 0
    if revoked_at is not None or (expires_at is not None and expires_at <= utcnow()):
        return None, version
    return detached(User, fields), version  # the stored row, as get_user's
