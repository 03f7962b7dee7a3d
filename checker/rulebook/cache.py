"""A cache of the loaded, validated rulebook on disk, so that a fresh process (`checker review`)
does not parse and validate every YAML file again.

The cache is keyed by everything the loaded rulebook depends on: the content of every file
of the rulebook directory and of the local parameters file ($CHECKER_PARAMETERS), the
directory's path, and the code that reads them (each module of this package by size and
modification time, the Python, pydantic and PyYAML versions).  Any change gives a new key, so
a stale entry is never used; only a rulebook that loaded without error is stored.

An entry is a pickle, read only from a directory of the current user that no one else may
write to ($CHECKER_CACHE_DIR, else $XDG_CACHE_HOME/kaifu-checker, else
~/.cache/kaifu-checker); ``CHECKER_CACHE_DIR=`` (empty) turns the cache off.  Anything
unexpected (unreadable, foreign, corrupt) is ignored and the rulebook is loaded from its files.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

PACKAGE = Path(__file__).resolve().parent.parent  # the whole checker package
KEEP = 8  # entries kept in the cache directory (the newest)


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    configured = os.environ.get("CHECKER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kaifu-checker"


def _code_fingerprint() -> bytes:
    import importlib.util

    import pydantic

    # PyYAML by its installed module file (size and time: another version is another file),
    # without importing it: a process whose rulebook comes from the cache never needs it
    yaml = importlib.util.find_spec("yaml")
    info = os.stat(yaml.origin) if yaml and yaml.origin else None
    parts = [sys.version, pydantic.VERSION,
             f"yaml:{yaml and yaml.origin}:{info and info.st_size}:{info and info.st_mtime_ns}"]
    for path in sorted(PACKAGE.rglob("*.py")):
        info = path.stat()
        parts.append(f"{path.relative_to(PACKAGE)}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts).encode()


def key(directory: Path, extra: bytes) -> str:
    """The cache key of the rulebook in `directory` with the local values `extra`."""
    digest = hashlib.sha256()
    digest.update(str(directory.resolve()).encode())
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(directory)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(b"\0overrides\0" + hashlib.sha256(extra).digest())
    digest.update(b"\0code\0" + _code_fingerprint())
    return digest.hexdigest()


def _private(path: Path) -> bool:
    """Owned by the current user and writable by no one else."""
    info = path.lstat()
    return (info.st_uid == os.getuid() and not stat.S_ISLNK(info.st_mode)
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def cached(directory: Path, extra: bytes, load: Callable[[], Any]) -> Any:
    """The rulebook `load()` gives, from the cache when an entry has the same key."""
    where = cache_dir()
    if where is None:
        return load()
    try:
        entry = where / f"rulebook-{key(directory, extra)}.pickle"
        if entry.is_file() and _private(where) and _private(entry):
            with entry.open("rb") as stream:
                return pickle.load(stream)  # noqa: S301 — our own private, keyed entry
    except Exception:  # noqa: BLE001 — a cache must never stop a review: load from files
        entry = None
    book = load()
    if entry is not None:
        _store(where, entry, book)
    return book


def _store(where: Path, entry: Path, book: Any) -> None:
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(where):
            return
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".rulebook-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(book, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        entries = sorted(where.glob("rulebook-*.pickle"), key=lambda p: p.stat().st_mtime,
                         reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 — an unwritable cache only costs time
        pass
