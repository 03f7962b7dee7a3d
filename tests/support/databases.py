"""Fully migrated test databases, copied from a template built once per test process.

Migrating a database (twelve Alembic revisions) was most of the setup of every store and web
test. A test now gets its own copy of a template that was migrated (and, for the web tests,
given the fixture accounts) once per test process (per pytest-xdist worker): on SQLite a copy
of the template's file, on PostgreSQL ``CREATE DATABASE … TEMPLATE …``. Every test still has a
database of its own, fully migrated, that no other test sees; nothing is shared but the
starting point. The template and database names carry the xdist worker id and the process id,
so parallel workers — and other runs on the same PostgreSQL server — never collide.
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
from sqlalchemy.engine import Engine, make_url

Prepare = Callable[[Engine], None]


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


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
        `target`; on PostgreSQL a new database on the TEST_DATABASE_URL server, dropped after
        the test."""
        template = self._template(backend, kind, prepare)
        if backend == "sqlite":
            shutil.copyfile(template, target)
            yield f"sqlite:///{target}"
            return
        database = f"t_{self.tag}_{next(self._numbers)}"
        self._execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
        try:
            yield self._database_url(database)
        finally:  # FORCE: an engine the test left open does not keep the database alive
            self._execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def close(self) -> None:
        for (backend, _), name in self._built.items():
            if backend == "postgresql":
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if self._admin is not None:
            self._admin.dispose()
        shutil.rmtree(self.directory, ignore_errors=True)
