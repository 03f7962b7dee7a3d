"""Accounts and API tokens (passwords hashed with werkzeug, tokens stored as SHA-256)."""
from __future__ import annotations

import functools
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from checker.intake import text_problem
from checker.store.models import ApiToken, User

ROLES = ("reviewer", "admin")


class AccountError(ValueError):
    """A refused account operation (message in Chinese)."""


def create_user(engine: Engine, name: str, password: str, role: str = "reviewer") -> User:
    name = name.strip()
    if role not in ROLES:
        raise AccountError(f"未知角色“{role}”")
    if not name:
        raise AccountError("用户名不能为空")
    if (problem := text_problem(name)) is not None:  # shown in pages, records and the PDF
        raise AccountError(f"用户名{problem}")
    if len(password) < 8:
        raise AccountError("密码至少8位")
    with Session(engine, expire_on_commit=False) as session, session.begin():
        if session.scalar(select(User).where(User.name == name)):
            raise AccountError(f"用户“{name}”已存在")
        user = User(name=name, password_hash=generate_password_hash(password), role=role,
                    active=True)
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


def authenticate(engine: Engine, name: str, password: str) -> User | None:
    """The active user with this name and password, else None (same cost either way)."""
    with Session(engine, expire_on_commit=False) as session:
        user = session.scalar(select(User).where(User.name == name.strip()))
    # exactly one hash check either way, against a fixed dummy hash for an unknown name,
    # so the response time does not tell which names exist
    valid = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if user is None or not valid or not user.active:
        return None
    return user


def set_active(engine: Engine, name: str, active: bool) -> None:
    with Session(engine) as session, session.begin():
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            raise AccountError(f"用户“{name}”不存在")
        user.active = active


def end_sessions(engine: Engine, user_id: int) -> None:
    """Sign-out: every session cookie issued to the user so far stops being accepted."""
    with Session(engine) as session, session.begin():
        user = session.get(User, user_id)
        if user is not None:
            user.session_epoch = (user.session_epoch or 0) + 1


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(engine: Engine, name: str) -> str:
    """A new bearer token for user `name`; the clear token is returned once, never stored."""
    token = "kfc_" + secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            raise AccountError(f"用户“{name}”不存在")
        session.add(ApiToken(user_id=user.id, token_sha256=_digest(token)))
    return token


def user_for_token(engine: Engine, token: str) -> User | None:
    """The user a bearer token belongs to (active or not), else None."""
    if not token or len(token) > 200:
        return None
    with Session(engine, expire_on_commit=False) as session:
        row = session.scalar(select(ApiToken).options(joinedload(ApiToken.user))
                             .where(ApiToken.token_sha256 == _digest(token)))
        return row.user if row else None
