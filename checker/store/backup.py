"""Backup and restore of the store: SQLite's online backup API, pg_dump/psql for PostgreSQL.

A SQLite backup is a consistent copy taken while the application keeps running (the online
backup API copies page by page under the database's own locking); a PostgreSQL backup is a
plain SQL dump of the schema in use (``pg_dump --no-owner``), restored with ``psql``.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """A backup or restore that could not be made (message in Chinese)."""


def backup(url: str, target: Path) -> None:
    """Write a backup of the database at `url` to `target`."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(url), Path(target))
    else:
        _run(["pg_dump", "--no-owner", "--no-privileges", "--clean", "--if-exists",
              *_schema_args(parsed), "--file", str(target), _libpq_url(parsed)], "备份")


def restore(url: str, source: Path) -> None:
    """Replace the database at `url` by the backup in `source`."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"备份文件不存在：{source}")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite(source)
        _sqlite_copy(source, _sqlite_path(url))
    else:
        _run(["psql", "--quiet", "--set", "ON_ERROR_STOP=1", "--single-transaction",
              "--file", str(source), _libpq_url(parsed)], "恢复")


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
    """The SQLAlchemy URL as libpq understands it (no ``+psycopg`` driver suffix)."""
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str], what: str) -> None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    except FileNotFoundError:
        raise BackupError(f"{what}需要 {command[0]}（PostgreSQL 客户端），请先安装") from None
    if result.returncode != 0:
        raise BackupError(f"{what}失败（{command[0]} 退出码 {result.returncode}）："
                          f"{result.stderr.strip()[:500]}")
