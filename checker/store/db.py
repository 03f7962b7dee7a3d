"""Engines and schema migration for the store (SQLite and PostgreSQL).

SQLite runs in WAL mode (readers never wait for the writer, nor the writer for readers) with
``synchronous=NORMAL``, SQLite's recommended setting under WAL: a commit is durable against
a crash of the application, and the database stays consistent on a power failure, which
may lose the last commits before it (they were never fsynced); ``make_engine(...,
sqlite_synchronous="FULL")`` fsyncs every commit instead.  The pysqlite driver's own
transaction handling is switched off; ``BEGIN`` is emitted with the transaction's first
statement: a transaction that starts by writing (INSERT, UPDATE, DELETE, DDL), or whose
connection has the execution option ``sqlite_immediate`` (a transaction that reads before it
writes: opinion numbers, accounts), first takes its turn in the writers' queue
(checker.store.writers: first come, first served across threads and processes) and begins
with ``BEGIN IMMEDIATE``, holding the database's write lock until its commit or rollback,
which hand the turn on; any other transaction begins as a reader.
"""
from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import LargeBinary, Text, bindparam, create_engine, event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.exc import DisconnectionError, PendingRollbackError
from sqlalchemy.engine import URL, Connection, CursorResult, Dialect, Engine, make_url
from sqlalchemy.orm import Session

from checker.store.writers import queue_for

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


CONNECT_TIMEOUT = 5  # s: a server that does not answer the connection at all
STATEMENT_TIMEOUT = 30  # s: a statement the server has not finished (PostgreSQL cancels it)
POOL_TIMEOUT = 10  # s: waiting for a free pooled connection
# connections a process keeps (PostgreSQL): at most this many, each kept once opened, the one
# given back last handed out first (the others may idle, and are pinged when next used).  The
# pool must keep as many as the threads that use it at once (gunicorn: 8 per worker):
# SQLAlchemy's default (5 kept, up to 10 more opened when needed and closed when given back)
# reconnected 14–90 times in a 17-second run under 16 clients, each time a new server
# process and a request waiting for it (issue 29)
POOL_SIZE = 15
SQLITE_BUSY_TIMEOUT = 30  # s: SQLite's own wait, for a writer outside the queue (a backup …)
WRITER_TURN_TIMEOUT = 30  # s: waiting for the writers' turn (checker.store.writers)
KEEPALIVE_IDLE, KEEPALIVE_INTERVAL, KEEPALIVE_COUNT = 10, 5, 3  # s, s, probes (PostgreSQL)
STALL_GRACE = 5  # s: beyond the statement timeout, the client gives up on a silent server


def make_engine(url: str, *, connect_timeout: int = CONNECT_TIMEOUT,
                statement_timeout: int = STATEMENT_TIMEOUT,
                sqlite_synchronous: str = "NORMAL",
                sqlite_busy_timeout: float = SQLITE_BUSY_TIMEOUT) -> Engine:
    """An engine for `url`, with SQLite set up for safe concurrent writers.

    Every wait on the database is bounded, so a database that is down or never answers
    makes a request fail within seconds (the web answers 503) instead of hanging it and,
    pooled connection after pooled connection, the whole service; broken connections are
    detected on checkout (a ping after idling, see _ping_when_idle) or in use, and replaced,
    so the service recovers by itself."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=0, pool_use_lifo=True,
                               pool_timeout=POOL_TIMEOUT,
                               connect_args=_libpq_timeouts(parsed, connect_timeout,
                                                            statement_timeout))
        _ping_when_idle(engine)
        if parsed.get_backend_name() == "postgresql":
            Deadlines(statement_timeout + STALL_GRACE).watch(engine)
        return engine
    if sqlite_synchronous not in ("NORMAL", "FULL"):
        raise ValueError(f"sqlite_synchronous: NORMAL or FULL, not {sqlite_synchronous!r}")
    return _sqlite_engine(url, parsed.database, sqlite_synchronous, sqlite_busy_timeout)


def reader(engine: Engine) -> Engine:
    """The engine for reads of one statement (a token, the settings' version): on PostgreSQL
    in autocommit, which saves the round trips of BEGIN and ROLLBACK around it; on SQLite
    without the BEGIN (SINGLE_READ: the statement is its own transaction, as SQLite runs a
    statement outside one); the same engine elsewhere.  Shares the engine's pool."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{SINGLE_READ: True})
    return engine


IDLE_PING = 1.0  # s: a pooled connection idle longer than this is pinged before use
IDLE_SINCE = "kaifu_idle_since"


def _ping_when_idle(engine: Engine) -> None:
    """Pessimistic disconnect handling, only where it is needed: a connection that waited in
    the pool longer than IDLE_PING is pinged on checkout and, when broken (the server
    restarted, a network cut), replaced by a new one; a connection handed on from request to
    request under load is not pinged each time (one round trip less per checkout).  A
    connection that breaks in use is discarded by SQLAlchemy with the rest of the pool."""

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_connection, record):
        if record is not None:
            record.info[IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection, record, _proxy):
        since = record.info.get(IDLE_SINCE)
        if since is not None and time.monotonic() - since > IDLE_PING:
            try:
                engine.dialect.do_ping(dbapi_connection)
            except Exception:
                raise DisconnectionError() from None  # the pool connects afresh


class Deadlines:
    """The client's own bound on every exchange with a PostgreSQL server (a statement, a
    commit or rollback, the ping on checkout): `limit` seconds — the server's
    statement_timeout plus STALL_GRACE.

    The server's statement_timeout cancels a statement the server runs too long; it cannot
    help when the server (or the network to it) stalls and never answers at all — the
    statement, or its cancellation, never arrives.  A pooled connection then waits on its
    socket for as long as the stall lasts, and so does every request that takes one.  Here a
    watchdog thread (one per engine, running only while an exchange is under way) shuts
    down the socket of an exchange past its deadline: the driver fails at once with "server
    closed the connection", SQLAlchemy discards the connection as broken (the request
    answers 503), and the pool connects afresh for the next one."""

    def __init__(self, limit: float):
        self.limit = limit
        self._armed: dict[int, tuple[float, Any]] = {}
        self._lock = threading.Lock()
        self._watching = False

    def watch(self, engine: Engine) -> None:
        """Bound every statement of `engine`, and its dialect's commit, rollback (also the
        pool's reset on return) and ping (the check of an idle pooled connection)."""
        event.listen(engine, "before_cursor_execute",
                     lambda connection, *_: self.arm(_dbapi_of(connection)))
        event.listen(engine, "after_cursor_execute",
                     lambda connection, *_: self.disarm(_dbapi_of(connection)))
        event.listen(engine, "handle_error",
                     lambda context: self.disarm(_dbapi_of(context.connection)))
        dialect = engine.dialect  # this engine's own instance
        for name in ("do_commit", "do_rollback", "do_ping"):
            setattr(dialect, name, self._bounded(getattr(dialect, name)))

    def _bounded(self, call):
        def bounded(dbapi_connection):
            self.arm(dbapi_connection)
            try:
                return call(dbapi_connection)
            finally:
                self.disarm(dbapi_connection)
        return bounded

    def arm(self, dbapi_connection) -> None:
        if dbapi_connection is None:
            return
        with self._lock:
            self._armed[id(dbapi_connection)] = (time.monotonic() + self.limit,
                                                 dbapi_connection)
            if not self._watching:
                self._watching = True
                threading.Thread(target=self._watch, name="kaifu-db-deadlines",
                                 daemon=True).start()

    def disarm(self, dbapi_connection) -> None:
        if dbapi_connection is not None:
            with self._lock:
                self._armed.pop(id(dbapi_connection), None)

    def _watch(self) -> None:
        while True:
            time.sleep(min(0.5, self.limit / 4))
            now = time.monotonic()
            with self._lock:
                if not self._armed:
                    self._watching = False
                    return
                expired = [c for key, (deadline, c) in list(self._armed.items())
                           if deadline <= now and self._armed.pop(key)]
            for dbapi_connection in expired:
                _shut_down(dbapi_connection)


def _dbapi_of(connection):
    """The DBAPI connection under a SQLAlchemy Connection (None when it has none now)."""
    try:
        return connection.connection.dbapi_connection if connection is not None else None
    except Exception:  # noqa: BLE001 - invalidated or closed: nothing to watch
        return None


def _shut_down(dbapi_connection) -> None:
    """Shut down the socket of a (psycopg) connection from another thread: its pending read
    or write fails at once."""
    try:
        fd = dbapi_connection.pgconn.socket
        with socket.socket(fileno=os.dup(fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except Exception:  # noqa: BLE001 - already closed: nothing is waiting on it
        pass


TURN = "kaifu_writer_turn"  # connection.info: the writers' queue whose turn this transaction holds
PENDING = "kaifu_begin_pending"  # connection.info: "read" / "write": BEGIN at the first statement
# execution option of a connection whose transactions are one read each (`reader`): no BEGIN
# is emitted, SQLite runs the statement in a transaction of its own (a statement that writes
# still takes the writers' turn first, which its commit or rollback hands on)
SINGLE_READ = "sqlite_single_read"
READS = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK", "EXPLAIN", "VALUES")


def _writes(statement: str) -> bool:
    """Whether a statement may write (anything but a read is taken for a write)."""
    return not statement.lstrip()[:9].upper().startswith(READS)


def _sqlite_engine(url: str, database: str | None, synchronous: str,
                   busy_timeout: float) -> Engine:
    engine = create_engine(url, connect_args={"timeout": busy_timeout,
                                              "check_same_thread": False})
    path = sqlite_file(database)
    on_disk = path is not None

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # BEGIN is emitted here, see the module
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if on_disk:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        options = connection.get_execution_options()
        connection.info[PENDING] = "write" if options.get("sqlite_immediate") else \
            None if options.get(SINGLE_READ) else "read"

    @event.listens_for(engine, "before_cursor_execute")
    def _before_statement(connection, cursor, statement, _parameters, _context, _many):
        info = connection.info
        pending = info.get(PENDING)
        if pending is not None:
            info[PENDING] = None
            if pending == "write" or _writes(statement):
                _take_turn(info, path)
                try:
                    cursor.execute("BEGIN IMMEDIATE")
                except BaseException:
                    _give_turn(info)
                    raise
            else:
                cursor.execute("BEGIN")
        elif TURN not in info and connection.in_transaction() and _writes(statement):
            # a reader that starts writing waits for its turn like any writer (transactions
            # known to read before they write begin with sqlite_immediate instead)
            _take_turn(info, path)

    @event.listens_for(engine, "commit")
    def _commit(connection):
        info = connection.info
        info[PENDING] = None
        if TURN in info:
            try:
                connection.connection.dbapi_connection.commit()
            except Exception:
                return  # SQLAlchemy's own commit raises it; the rollback hands the turn on
            _give_turn(info)

    @event.listens_for(engine, "rollback")
    def _rollback(connection):
        if connection.invalidated:  # discarded (see _read_only): _invalidate gave the turn on
            return
        info = connection.info
        info[PENDING] = None
        if TURN in info:
            try:
                connection.connection.dbapi_connection.rollback()
            finally:
                _give_turn(info)

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_connection, record):
        if record is not None:  # a connection returned in a transaction: its turn ends
            record.info[PENDING] = None
            _give_turn(record.info)

    @event.listens_for(engine, "invalidate")
    def _invalidate(_dbapi_connection, record, _exception):
        if record is not None:
            _give_turn(record.info)

    @event.listens_for(engine, "handle_error")
    def _read_only(context):
        # SQLite opens a file it cannot write read-only, silently, and the connection stays
        # so: once the file is writable again, a pooled one would refuse writes for ever.
        # Such a connection is discarded like a broken one (the request answers 503), and
        # the next is opened afresh.
        if "readonly database" in str(context.original_exception):
            context.is_disconnect = True

    return engine


def sqlite_file(database: str | None) -> str | None:
    """The resolved path of a SQLite database file (None: in memory or a URI)."""
    on_disk = bool(database) and database != ":memory:" and not database.startswith("file:")
    return os.path.realpath(database) if on_disk else None


def _take_turn(info: dict, path: str | None) -> None:
    """Wait for this connection's turn in the writers' queue (503 when it does not come)."""
    if TURN in info:
        return
    queue = queue_for(path)
    if not queue.acquire(WRITER_TURN_TIMEOUT):
        raise sqlite3.OperationalError(
            f"database is locked (no turn among the writers within {WRITER_TURN_TIMEOUT} s)")
    info[TURN] = queue


def _give_turn(info: dict) -> None:
    queue = info.pop(TURN, None)
    if queue is not None:
        queue.release()


@contextlib.contextmanager
def writing(engine: Engine, *, expire_on_commit: bool = True) -> Iterator[Session]:
    """A session in a transaction that writes from its start (on SQLite it takes its turn
    among the writers and begins with ``BEGIN IMMEDIATE`` at its first statement), committed
    when the block ends, rolled back on an exception.  For transactions that read before they
    write."""
    with Session(engine, expire_on_commit=expire_on_commit) as session, session.begin():
        session.connection(execution_options={"sqlite_immediate": True})
        yield session


def _libpq_timeouts(url: URL, connect_timeout: int, statement_timeout: int) -> dict:
    """libpq's connect_timeout (2 s at least, libpq's own minimum) and a server-side
    statement_timeout, added to any ``options`` the URL already carries (search_path …);
    TCP keepalives (a peer gone without a word is noticed within KEEPALIVE_IDLE +
    KEEPALIVE_INTERVAL × KEEPALIVE_COUNT s) and TCP_USER_TIMEOUT (data the server has not
    acknowledged within that long breaks the connection); the application's name, by which
    a restore recognises the sessions of a running service (store.backup)."""
    if url.get_backend_name() != "postgresql":
        return {}
    given = url.query.get("options", "")
    given = " ".join(given) if isinstance(given, tuple) else given
    options = f"{given} -c statement_timeout={int(statement_timeout * 1000)}".strip()
    return {"connect_timeout": max(2, int(connect_timeout)), "options": options,
            "keepalives": 1, "keepalives_idle": KEEPALIVE_IDLE,
            "keepalives_interval": KEEPALIVE_INTERVAL, "keepalives_count": KEEPALIVE_COUNT,
            "tcp_user_timeout": int((statement_timeout + STALL_GRACE) * 1000),
            "application_name": application_name(url.render_as_string(hide_password=False))}


def application_name(url: str) -> str:
    """The name the application's PostgreSQL sessions carry: one per database and schema
    (the URL without its password), so that a restore sees the service using the same one."""
    import hashlib

    parsed = make_url(url)
    identity = parsed._replace(password=None).render_as_string(hide_password=False)
    return f"kaifu-checker-{hashlib.sha256(identity.encode()).hexdigest()[:16]}"


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


class utf8_text(FunctionElement):
    """A text bound in UTF-8 (bytes), stored as the same text: ``CAST(? AS TEXT)`` on SQLite
    (a blob cast to text is its bytes read in the database's encoding, UTF-8), and
    ``convert_from(…, 'UTF8')`` on PostgreSQL (the server checks the bytes as it checks any
    text).  For a text made in UTF-8 already (the API's findings): the driver would otherwise
    encode it once more."""

    type = Text()
    inherit_cache = True

    def __init__(self, name: str):
        super().__init__(bindparam(name, type_=LargeBinary))


@compiles(utf8_text, "sqlite")
def _utf8_text_sqlite(element, compiler, **kw):
    return f"CAST({compiler.process(element.clauses, **kw)} AS TEXT)"


@compiles(utf8_text, "postgresql")
def _utf8_text_postgresql(element, compiler, **kw):
    return f"convert_from({compiler.process(element.clauses, **kw)}, 'UTF8')"


@dataclass(frozen=True)
class _Text:
    """A statement's SQL text on one dialect: its bind names in the driver's order (None: the
    driver takes them by name), the bind processors of their types and the result processors
    of its columns (None where the driver's value is the value)."""

    sql: str
    names: tuple[str, ...] | None
    binds: dict[str, Callable[[Any], Any]]
    results: tuple[Callable[[Any], Any] | None, ...]
    # (name, its bind processor or None) in the driver's order, when `names` is given
    order: tuple[tuple[str, Callable[[Any], Any] | None], ...] | None = None


class Precompiled:
    """A Core statement compiled once per database dialect and executed as its SQL text on
    the driver's cursor: for the statements of every API request, whose compilation-cache
    lookup and result set-up in SQLAlchemy cost more than the statement.  The values go
    through their types' bind processors, the rows read through the columns' result
    processors (SQLite's dates and times, booleans), so what is stored and read is what
    SQLAlchemy itself would store and read; each bind must be given a value (none is filled
    in from a column default).

    The statement runs on the cursor of the SQLAlchemy `Connection` as SQLAlchemy runs a
    statement (``Connection.exec_driver_sql``), minus its execution context and result
    object: the connection's transaction is begun as SQLAlchemy begins it (the ``begin``
    event), the ``before_cursor_execute`` and ``after_cursor_execute`` listeners are called
    around the driver's ``execute`` (SQLite's BEGIN IMMEDIATE and writers' turn, the
    PostgreSQL deadlines: see this module), and a driver error is handled by the connection as
    any other (wrapped as SQLAlchemy's own — IntegrityError …, ``handle_error`` listeners, a
    broken connection invalidated).  A connection whose transaction failed is refused until
    it is rolled back (PendingRollbackError), as SQLAlchemy refuses it."""

    def __init__(self, statement):
        self.statement = statement
        self._texts: dict[tuple[str, str, str], _Text] = {}

    def text(self, dialect: Dialect) -> _Text:
        """The statement's SQL for `dialect`: by database, driver and parameter style (two
        drivers of one database may write parameters and convert values differently)."""
        key = (dialect.name, dialect.driver, dialect.paramstyle)
        found = self._texts.get(key)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            binds = {}
            for name, bind in compiled.binds.items():
                processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
                if processor is not None:
                    binds[name] = processor
            columns = self.statement.exported_columns  # a SELECT's, or what RETURNING gives
            results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None)
                            for column in columns)
            names = tuple(compiled.positiontup) if compiled.positional else None
            found = self._texts[key] = _Text(
                str(compiled), names, binds, results,
                tuple((name, binds.get(name)) for name in names) if names is not None else None)
        return found

    def execute(self, connection: Connection, values: Mapping[str, Any]) -> int | None:
        """Execute the statement on `connection` with `values` (by bind name); the id of the
        row it inserted where the driver tells it (SQLite's ``lastrowid``), else None."""
        return self._run(connection, self.text(connection.dialect), values, False)[1]

    def rows(self, connection: Connection, values: Mapping[str, Any]) -> list[tuple]:
        """The statement's rows, each value read as SQLAlchemy would read it."""
        text = self.text(connection.dialect)
        results = text.results
        rows = self._run(connection, text, values, True)[0]
        if not any(results):
            return [tuple(row) for row in rows]
        return [tuple(value if process is None else process(value)
                      for process, value in zip(results, row)) for row in rows]

    @staticmethod
    def _parameters(text: _Text, values: Mapping[str, Any]):
        if text.order is not None:
            return tuple([values[name] if process is None else process(values[name])
                          for name, process in text.order])
        binds = text.binds
        if binds:
            return {**values, **{name: process(values[name]) for name, process in binds.items()}}
        return values

    @staticmethod
    def _run(connection: Connection, text: _Text, values: Mapping[str, Any],
             fetch: bool) -> tuple[list | None, int | None]:
        """(the driver's rows when `fetch`, the cursor's lastrowid)."""
        parameters = Precompiled._parameters(text, values)
        transaction = connection.get_transaction()
        if transaction is None:
            connection.begin()
        elif not transaction.is_active:  # as SQLAlchemy refuses it
            raise PendingRollbackError("the connection's transaction failed: roll it back")
        statement = text.sql
        cursor = None
        try:
            cursor = connection.connection.dbapi_connection.cursor()
            dispatch = connection.dispatch
            for listener in dispatch.before_cursor_execute:
                statement, parameters = listener(connection, cursor, statement, parameters,
                                                 None, False)
            cursor.execute(statement, parameters)
            dispatch.after_cursor_execute(connection, cursor, statement, parameters, None,
                                          False)
            rows = cursor.fetchall() if fetch else None
            last = None if fetch else getattr(cursor, "lastrowid", None)
            cursor.close()
        except BaseException as exc:
            connection._handle_dbapi_exception(exc, statement, parameters, cursor, None)
        return rows, last
