"""Engines and schema migration for the store (SQLite and PostgreSQL).

SQLite: the pysqlite driver's own transaction handling is switched off so that SQLAlchemy
emits ``BEGIN`` itself; a connection with the execution option ``sqlite_immediate`` begins
with ``BEGIN IMMEDIATE``, which takes the database write lock at once (used to allocate
opinion numbers without races).
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


CONNECT_TIMEOUT = 5  # s: a server that does not answer the connection at all
STATEMENT_TIMEOUT = 30  # s: a statement the server has not finished (PostgreSQL cancels it)
POOL_TIMEOUT = 10  # s: waiting for a free pooled connection
SQLITE_BUSY_TIMEOUT = 30  # s: waiting for another writer's lock (opinion numbers)


def make_engine(url: str, *, connect_timeout: int = CONNECT_TIMEOUT,
                statement_timeout: int = STATEMENT_TIMEOUT) -> Engine:
    """An engine for `url`, with SQLite set up for safe concurrent writers.

    Every wait on the database is bounded, so a database that is down or never answers
    makes a request fail within seconds (the web answers 503) instead of hanging it and,
    pooled connection after pooled connection, the whole service; broken connections are
    detected on checkout (pre-ping) and replaced, so the service recovers by itself."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_timeout=POOL_TIMEOUT,
                             connect_args=_libpq_timeouts(parsed, connect_timeout,
                                                          statement_timeout))
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT,
                                              "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        immediate = connection.get_execution_options().get("sqlite_immediate")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _libpq_timeouts(url: URL, connect_timeout: int, statement_timeout: int) -> dict:
    """libpq's connect_timeout (2 s at least, libpq's own minimum) and a server-side
    statement_timeout, added to any ``options`` the URL already carries (search_path …)."""
    if url.get_backend_name() != "postgresql":
        return {}
    given = url.query.get("options", "")
    given = " ".join(given) if isinstance(given, tuple) else given
    options = f"{given} -c statement_timeout={int(statement_timeout * 1000)}".strip()
    return {"connect_timeout": max(2, int(connect_timeout)), "options": options}


def alembic_config(connection) -> Config:
    """An alembic configuration without alembic.ini, bound to `connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (``upgrade head`` by default)."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
