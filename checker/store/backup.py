"""Backup and restore of the store: SQLite's online backup API, pg_dump/psql for PostgreSQL.

A SQLite backup is a consistent copy taken while the application keeps running (the online
backup API copies page by page under the database's own locking); a PostgreSQL backup is a
plain SQL dump of the schema in use (``pg_dump --no-owner``), restored with ``psql``.

A backup holds every record, hash and account: it is written readable by its owner only
(0600), and the database password reaches pg_dump/psql through their environment
(PGPASSWORD), never their command line (which every local user can read in ``ps``).
A restore replaces the database under the running service's feet — its workers would go on
numbering documents from counters the restore just rolled back — so it refuses while any
other process has the database open (the web server, a Celery worker): stop them first.
"""
from __future__ import annotations

import fcntl
import os
import sqlite3
import subprocess
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from checker.store.db import application_name

# SQLite's WAL index (the -shm file): every connection of every process holds a shared lock
# on this byte while it has the database open (SQLite's unix VFS, UNIX_SHM_DMS)
SQLITE_SHM_DMS = 128
CLOSING_WAIT = 3  # s


class BackupError(RuntimeError):
    """A backup or restore that could not be made (message in Chinese)."""


def backup(url: str, target: Path) -> None:
    """Write a backup of the database at `url` to `target`."""
    parsed = make_url(url)
    target = Path(target)
    _private_file(target)
    if parsed.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(url), target)
    else:
        _run(["pg_dump", "--no-owner", "--no-privileges", "--clean", "--if-exists",
              *_schema_args(parsed), "--file", str(target), _libpq_url(parsed)], "备份",
             parsed.password)
    os.chmod(target, 0o600)


def _private_file(path: Path) -> None:
    """Create (or truncate) `path` readable and writable by its owner only, before anything
    is written to it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)  # an existing file keeps its mode through O_CREAT


def restore(url: str, source: Path) -> None:
    """Replace the database at `url` by the backup in `source`."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"备份文件不存在：{source}")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite(source)
        _refuse_if_open_sqlite(_sqlite_path(url))
        _sqlite_copy(source, _sqlite_path(url))
    else:
        _refuse_if_open_postgresql(url)
        _run(["psql", "--quiet", "--set", "ON_ERROR_STOP=1", "--single-transaction",
              "--file", str(source), _libpq_url(parsed)], "恢复", parsed.password)


IN_USE = ("数据库正在被其他进程使用（{who}）：恢复会覆盖运行中的服务正在写入的数据"
          "（如文书编号计数），请先停止服务（make serve）和后台工作进程（make worker），再恢复")


def _refuse_if_open_sqlite(path: Path) -> None:
    """BackupError when another process has the SQLite database open: its connections hold
    a shared lock on the WAL index that an exclusive lock here conflicts with (this
    process's own connections do not conflict: POSIX locks are per process)."""
    shm = Path(f"{path}-shm")
    if not shm.exists():
        return
    with open(shm, "r+b") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, SQLITE_SHM_DMS)
        except OSError:
            raise BackupError(IN_USE.format(who="另一进程打开了该 SQLite 数据库")) from None
        fcntl.lockf(handle, fcntl.LOCK_UN, 1, SQLITE_SHM_DMS)


def _refuse_if_open_postgresql(url: str) -> None:
    """BackupError when another session of this application (same database and schema:
    the same application_name, see store.db.application_name) is connected."""
    engine = create_engine(url, connect_args={"application_name": "kaifu-restore"})
    count = text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name "
                 "AND pid <> pg_backend_pid() AND datname = current_database()")
    try:
        with engine.connect() as connection:
            for _ in range(CLOSING_WAIT * 10):  # sessions just closed take a moment to end
                others = connection.scalar(count, {"name": application_name(url)})
                if not others:
                    break
                time.sleep(0.1)
    finally:
        engine.dispose()
    if others:
        raise BackupError(IN_USE.format(who=f"{others} 个数据库连接"))


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("内存数据库无法备份或恢复")
    return Path(database)


def _check_sqlite(path: Path) -> None:
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path} 不是 SQLite 数据库备份文件")


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy with the online backup API (consistent while other connections write)."""
    if not source.is_file():
        raise BackupError(f"数据库文件不存在：{source}")
    src = sqlite3.connect(str(source), timeout=30)
    dst = sqlite3.connect(str(target), timeout=30)
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite 备份失败：{exc}") from None
    finally:
        dst.close()
        src.close()


def _schema_args(parsed) -> list[str]:
    """``--schema`` when the URL selects one through ``options=-csearch_path=…``."""
    options = parsed.query.get("options", "")
    if isinstance(options, tuple):
        options = " ".join(options)
    for option in options.split():
        if option.startswith("-csearch_path="):
            return ["--schema", option.split("=", 1)[1]]
    return []


def _libpq_url(parsed) -> str:
    """The SQLAlchemy URL as libpq understands it (no ``+psycopg`` driver suffix), without
    its password (given through PGPASSWORD, see _run)."""
    return parsed._replace(drivername="postgresql", password=None).render_as_string(
        hide_password=False)


def _run(command: list[str], what: str, password: str | None = None) -> None:
    env = os.environ.copy()
    if password:
        env["PGPASSWORD"] = password
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=env)
    except FileNotFoundError:
        raise BackupError(f"{what}需要 {command[0]}（PostgreSQL 客户端），请先安装") from None
    if result.returncode != 0:
        raise BackupError(f"{what}失败（{command[0]} 退出码 {result.returncode}）："
                          f"{result.stderr.strip()[:500]}")
