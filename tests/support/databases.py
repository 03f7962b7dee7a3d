"""Fully migrated test databases, copied from a template built once per test process.

Migrating a database (sixteen Alembic revisions) was most of the setup of every store and web
test. A test now gets a database in the state of a template that was migrated (and, for the web
tests, given the fixture accounts) once per test process (per pytest-xdist worker): on SQLite a
copy of the template's file; on PostgreSQL a database of this process, made once with
``CREATE DATABASE … TEMPLATE …`` and put back into the template's state after every test
(`Templates._reset`: every row deleted, the template's rows and sequence values put back, other
connections ended). ``CREATE DATABASE … TEMPLATE`` per test cost about a second of the server's
time and I/O (PostgreSQL 15 writes the whole copy, ~9 MB, through its WAL), the reset a few
milliseconds. A test that changed the schema (a downgrade, a dropped table, a restore) is
detected by the catalogue's fingerprint, and its database is dropped and copied afresh.

Every test still starts from a database that is fully migrated and that no other test is
using; nothing is shared but the starting point. The template and database names carry the
xdist worker id and the process id, so parallel workers — and other runs on the same
PostgreSQL server — never collide.
"""
from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

Prepare = Callable[[Engine], None]


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


# What a test may change in a database's structure (tables, columns and their types and
# defaults, indexes, constraints, sequences, functions, triggers, types of the user schemas):
# one text that differs when anything of it does.
_FINGERPRINT = """
SELECT md5(concat_ws('|',
  (SELECT string_agg(concat_ws(':', n.nspname, c.relname, c.relkind, c.relpersistence),
                     ',' ORDER BY n.nspname, c.relname)
   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_%'),
  (SELECT string_agg(concat_ws(':', c.relname, a.attnum, a.attname, format_type(a.atttypid,
                     a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)),
                     ',' ORDER BY c.relname, a.attnum)
   FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   JOIN pg_namespace n ON n.oid = c.relnamespace
   LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_%'
     AND a.attnum > 0 AND NOT a.attisdropped),
  (SELECT string_agg(concat_ws(':', r.conrelid::regclass::text, r.conname,
                     pg_get_constraintdef(r.oid)), ',' ORDER BY 1)
   FROM pg_constraint r JOIN pg_namespace n ON n.oid = r.connamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_%'),
  (SELECT string_agg(pg_get_indexdef(i.indexrelid), ',' ORDER BY 1) FROM pg_index i
   JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_%'),
  (SELECT string_agg(concat_ws(':', n.nspname, p.proname, md5(p.prosrc)), ',' ORDER BY 1)
   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_%'),
  (SELECT string_agg(concat_ws(':', t.tgrelid::regclass::text, t.tgname), ',' ORDER BY 1)
   FROM pg_trigger t WHERE NOT t.tgisinternal),
  (SELECT string_agg(concat_ws(':', n.nspname, t.typname), ',' ORDER BY 1)
   FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_%'
     AND t.typtype IN ('e', 'd', 'r'))))
"""


class _State:
    """What a PostgreSQL template holds, to put a database copied from it back into its state:
    its structure's fingerprint, its tables (children before the tables they refer to), their
    rows and its sequences' positions."""

    def __init__(self, connection: Connection):
        self.fingerprint = connection.execute(text(_FINGERPRINT)).scalar_one()
        tables = [row[0] for row in connection.execute(text(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"))]
        references = {table: set() for table in tables}
        for child, parent in connection.execute(text(
                "SELECT format('%I.%I', cn.nspname, c.relname), "
                "format('%I.%I', pn.nspname, p.relname) FROM pg_constraint r "
                "JOIN pg_class c ON c.oid = r.conrelid "
                "JOIN pg_namespace cn ON cn.oid = c.relnamespace "
                "JOIN pg_class p ON p.oid = r.confrelid "
                "JOIN pg_namespace pn ON pn.oid = p.relnamespace "
                "WHERE r.contype = 'f' AND r.conrelid <> r.confrelid")):
            references.setdefault(child, set()).add(parent)
        self.tables = _children_first(tables, references)
        self.rows = {table: [row[0] for row in connection.execute(text(
            f"SELECT row_to_json(t)::text FROM {table} AS t"))] for table in tables}
        self.sequences = list(connection.execute(text(
            "SELECT format('%I.%I', schemaname, sequencename), last_value, start_value "
            "FROM pg_sequences WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")))

    def restore(self, connection: Connection) -> None:
        """Every table emptied (children first), the template's rows put back (parents first),
        every sequence where the template's was: in one transaction."""
        for table in self.tables:
            connection.execute(text(f"DELETE FROM {table}"))
        for table in reversed(self.tables):
            for row in self.rows[table]:
                connection.execute(text(
                    f"INSERT INTO {table} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::{table}, "
                    f"CAST(:row AS json))"), {"row": row})
        for sequence, last_value, start in self.sequences:
            connection.execute(text("SELECT setval(CAST(:s AS regclass), :v, :called)"), {
                "s": sequence, "v": start if last_value is None else last_value,
                "called": last_value is not None})


def _children_first(tables: list[str], references: dict[str, set[str]]) -> list[str]:
    """`tables` ordered so that a table comes before every table it refers to (a cycle, which
    the schema does not have, would be broken arbitrarily)."""
    order: list[str] = []
    placed: set[str] = set()

    def place(table: str, path: frozenset) -> None:
        if table in placed or table in path:
            return
        for referring in sorted(t for t, parents in references.items() if table in parents):
            place(referring, path | {table})
        placed.add(table)
        order.append(table)

    for table in tables:
        place(table, frozenset())
    return [t for t in order if t in set(tables)]


class Templates:
    """The templates of one test process, by backend and kind (a kind names what `prepare`
    puts in: "schema" — migrated only, "web" — migrated with the web fixture accounts)."""

    def __init__(self, postgres_url: str | None):
        self.postgres_url = postgres_url
        self.tag = f"{_worker()}_{os.getpid()}"
        self.directory = Path(tempfile.mkdtemp(prefix=f"db-templates-{self.tag}-"))
        self._built: dict[tuple[str, str], str] = {}  # (backend, kind) → file or database
        self._numbers = itertools.count(1)
        self._admin: Engine | None = None
        self._states: dict[str, _State] = {}  # kind → the PostgreSQL template's state
        self._free: dict[str, list[str]] = {}  # kind → databases in the template's state
        self._databases: list[str] = []  # every database made from a template

    # --- PostgreSQL ----------------------------------------------------------------------
    def _server(self) -> Engine:
        if self._admin is None:
            self._admin = create_engine(self.postgres_url, isolation_level="AUTOCOMMIT")
        return self._admin

    def _database_url(self, database: str) -> str:
        return make_url(self.postgres_url).set(database=database).render_as_string(
            hide_password=False)

    def _execute(self, statement: str) -> None:
        with self._server().connect() as connection:
            connection.execute(text(statement))

    def _connect(self, database: str):
        """An engine on `database` that keeps no connection open once used."""
        return create_engine(self._database_url(database), poolclass=NullPool)

    def _take(self, kind: str, template: str) -> str:
        """A database in the state of `template`: a free one of this process, else a new copy."""
        if kind not in self._states:
            engine = self._connect(template)
            try:
                with engine.connect() as connection:
                    self._states[kind] = _State(connection)
            finally:
                engine.dispose()
        free = self._free.setdefault(kind, [])
        if free:
            return free.pop()
        database = f"t_{self.tag}_{next(self._numbers)}"
        self._execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
        # A commit need not wait for its WAL to reach the disk (nothing here survives a crash
        # of the server): what another connection sees is the same, the fsync wait is gone.
        self._execute(f'ALTER DATABASE "{database}" SET synchronous_commit = off')
        self._databases.append(database)
        return database

    def _reset(self, kind: str, database: str) -> bool:
        """Put `database` back into the template's state after a test: end the connections the
        test left (as DROP DATABASE … WITH (FORCE) would), then — if its structure is still the
        template's — restore the rows and sequences. False when the structure changed."""
        self._execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      f"WHERE datname = '{database}' AND pid <> pg_backend_pid()")
        state = self._states[kind]
        engine = self._connect(database)
        try:
            with engine.begin() as connection:
                if connection.execute(text(_FINGERPRINT)).scalar_one() != state.fingerprint:
                    return False
                state.restore(connection)
        finally:
            engine.dispose()
        return True

    # --- templates -----------------------------------------------------------------------
    def _template(self, backend: str, kind: str, prepare: Prepare) -> str:
        key = (backend, kind)
        if key not in self._built:
            from checker.store import make_engine, migrate

            if backend == "sqlite":
                name = str(self.directory / f"{kind}.sqlite3")
                url = f"sqlite:///{name}"
            else:
                name = f"tmpl_{kind}_{self.tag}"
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                self._execute(f'CREATE DATABASE "{name}"')
                url = self._database_url(name)
            engine = make_engine(url)
            try:
                migrate(engine)
                prepare(engine)
            finally:
                engine.dispose()  # a PostgreSQL template must have no connection when copied
            if backend == "sqlite":  # everything in the main file: a copy is the database
                with contextlib.closing(sqlite3.connect(name)) as connection:
                    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._built[key] = name
        return self._built[key]

    @contextlib.contextmanager
    def copy(self, backend: str, target: Path, kind: str = "schema",
             prepare: Prepare = lambda engine: None) -> Iterator[str]:
        """A URL of a new database, a copy of the (backend, kind) template: on SQLite the file
        `target`; on PostgreSQL a database on the TEST_DATABASE_URL server that no other test is
        using, in the template's state (put back into it after the test, or dropped)."""
        template = self._template(backend, kind, prepare)
        if backend == "sqlite":
            shutil.copyfile(template, target)
            yield f"sqlite:///{target}"
            return
        database = self._take(kind, template)
        try:
            yield self._database_url(database)
        finally:
            try:
                clean = self._reset(kind, database)
            except Exception:  # noqa: BLE001 — whatever the test left, a fresh copy replaces it
                clean = False
            if clean:
                self._free[kind].append(database)
            else:  # FORCE: an engine the test left open does not keep the database alive
                self._execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                self._databases.remove(database)

    def close(self) -> None:
        for database in self._databases:
            self._execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        for (backend, _), name in self._built.items():
            if backend == "postgresql":
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if self._admin is not None:
            self._admin.dispose()
        shutil.rmtree(self.directory, ignore_errors=True)
