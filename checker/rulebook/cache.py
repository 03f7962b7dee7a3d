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

What a review derives from a cached rulebook alone, for one review date — the compiled plan
(checker.evaluation.compiler) and the durable-rules ruleset definitions made from it
(checker.evaluation.engine) — is kept beside it (`derived`): keyed by the rulebook's key
(`Rulebook.cache_key`, set on a book this module gives), the artefact's name and the version of
its format, so an entry is never used for another rulebook, date or format.  Each entry starts
with a digest of its content: a damaged entry is refused (and made again), as is one whose
recorded key, name or version is not the one asked for.

Python code generated at run time (the unrolled `derive_all` of checker.facts) is kept as
compiled bytecode (`compiled`), keyed by its source text and the interpreter's version.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import stat
import sys
from pathlib import Path
from types import CodeType
from typing import Any, Callable, TypeVar

PACKAGE = Path(__file__).resolve().parent.parent  # the whole checker package
KEEP = 8  # rulebook entries kept in the cache directory (the newest)
DERIVED_KEEP = 64  # derived entries kept (plans and rulesets of the dates reviewed last)
CODE_KEEP = 8  # compiled code entries kept
OTHER = object()  # what an intact entry holds when it is not the artefact asked for
MAGIC = b"kaifu-checker-cache 1\n"  # then the SHA-256 of the pickle, then the pickle
T = TypeVar("T")


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    configured = os.environ.get("CHECKER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kaifu-checker"


def _files(root: Path, suffix: str = "") -> list[tuple[str, str]]:
    """(path relative to `root`, full path) of every file under `root` whose name ends with
    `suffix`, sorted (os.walk: several times faster than Path.rglob)."""
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(suffix):
                path = os.path.join(folder, name)
                found.append((os.path.relpath(path, root), path))
    return sorted(found)


def _code_fingerprint() -> bytes:
    import importlib.util

    import pydantic

    # PyYAML by its installed module file (size and time: another version is another file),
    # without importing it: a process whose rulebook comes from the cache never needs it
    yaml = importlib.util.find_spec("yaml")
    info = os.stat(yaml.origin) if yaml and yaml.origin else None
    parts = [sys.version, pydantic.VERSION,
             f"yaml:{yaml and yaml.origin}:{info and info.st_size}:{info and info.st_mtime_ns}"]
    for relative, path in _files(PACKAGE, ".py"):
        info = os.stat(path)
        parts.append(f"{relative}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts).encode()


def key(directory: Path, extra: bytes) -> str:
    """The cache key of the rulebook in `directory` with the local values `extra`."""
    digest = hashlib.sha256()
    digest.update(str(directory.resolve()).encode())
    for relative, path in _files(directory):
        with open(path, "rb") as stream:
            content = stream.read()
        digest.update(relative.encode() + b"\0")
        digest.update(hashlib.sha256(content).digest())
    digest.update(b"\0overrides\0" + hashlib.sha256(extra).digest())
    digest.update(b"\0code\0" + _code_fingerprint())
    return digest.hexdigest()


def _private(path: Path) -> bool:
    """Owned by the current user and writable by no one else."""
    info = path.lstat()
    return (info.st_uid == os.getuid() and not stat.S_ISLNK(info.st_mode)
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def cached(directory: Path, extra: bytes, load: Callable[[], Any]) -> Any:
    """The rulebook `load()` gives, from the cache when an entry has the same key.  The book
    given (from the entry or loaded) records that key as its ``cache_key``, under which what
    is derived from it is kept (`derived`)."""
    where = cache_dir()
    if where is None:
        return load()
    try:
        name = key(directory, extra)
    except Exception:  # noqa: BLE001 — a cache must never stop a review: load from files
        return load()
    entry: Path | None = where / f"rulebook-{name}.pickle"
    try:
        book = _read(where, entry)
        if book is not None:
            return _keyed(book, name)
    except PermissionError:  # another's entry, or one others may write: never replaced
        entry = None
    except Exception:  # noqa: BLE001 — damaged: loaded from the files and stored again
        pass
    book = load()
    if entry is not None:
        _store(where, entry, book, "rulebook-*.pickle", KEEP)
        _keyed(book, name)
    return book


def _keyed(book: Any, name: str) -> Any:
    try:
        book.cache_key = name
    except AttributeError:  # not a Rulebook (a test's stand-in): nothing is derived from it
        pass
    return book


def derived(source: str | None, name: str, version: int, make: Callable[[], T]) -> T:
    """What `make()` gives, an artefact derived from the cached rulebook whose key is `source`
    (``Rulebook.cache_key``) alone, named `name` (e.g. the plan of a review date) in the format
    `version` of its maker: from the cache when an intact entry of the same source, name and
    version exists, else made and stored.  `source` None (a book not from the cache: one
    layered with the administrator's values, a candidate) or the cache turned off: made."""
    where = cache_dir()
    if source is None or where is None:
        return make()
    label = (source, name, version)

    def recorded(data: bytes) -> Any:
        found = pickle.loads(data)  # noqa: S301 — our own, intact
        return found[1] if isinstance(found, tuple) and len(found) == 2 \
            and found[0] == label else OTHER

    entry = where / f"derived-{hashlib.sha256(repr(label).encode()).hexdigest()}.pickle"
    return _kept(where, entry, recorded, make, lambda value: _pickled((label, value)),
                 "derived-*.pickle", DERIVED_KEEP)


def compiled(source: str, filename: str) -> CodeType:
    """``compile(source, filename, "exec")``: from the cache when this interpreter compiled
    the same source before (compiling the unrolled `derive_all`, ~1,200 lines, is ~4 % of a
    cold `checker review`; reading its bytecode back is a fiftieth of that)."""
    where = cache_dir()
    if where is None:
        return compile(source, filename, "exec")

    def code(data: bytes) -> Any:
        found = marshal.loads(data)
        return found if isinstance(found, CodeType) else OTHER

    label = "\0".join((sys.version, filename, source)).encode()
    return _kept(where, where / f"code-{hashlib.sha256(label).hexdigest()}.marshal", code,
                 lambda: compile(source, filename, "exec"), marshal.dumps, "code-*.marshal",
                 CODE_KEEP)


def _kept(where: Path, entry: Path, taken: Callable[[bytes], Any], make: Callable[[], T],
          dump: Callable[[T], bytes], pattern: str, keep: int) -> T:
    """What `taken` reads from the intact payload of `entry` (`OTHER`: not the artefact asked
    for), else `make()`, stored in `entry` as `dump` gives it: a damaged entry is made and
    stored again, one of another owner or that others may write is never replaced."""
    target: Path | None = entry
    try:
        data = _payload(where, entry)
        if data is not None:
            found = taken(data)
            if found is not OTHER:
                return found
    except PermissionError:  # as for the rulebook
        target = None
    except Exception:  # noqa: BLE001 — damaged: made and stored again
        pass
    value = make()
    if target is not None:
        _store(where, target, value, pattern, keep, dump)
    return value


def _read(where: Path, entry: Path) -> Any:
    """The object kept in `entry`, None when there is none (`_payload`)."""
    data = _payload(where, entry)
    return None if data is None else pickle.loads(data)  # noqa: S301 — our own, intact


def _payload(where: Path, entry: Path) -> bytes | None:
    """The bytes kept in `entry`, None when there is none; an entry of another owner or
    writable by others, or whose content does not match its digest, raises."""
    if not entry.is_file():
        return None
    if not (_private(where) and _private(entry)):
        raise PermissionError(entry)
    data = entry.read_bytes()
    size = len(MAGIC) + hashlib.sha256().digest_size
    if not data.startswith(MAGIC) or hashlib.sha256(data[size:]).digest() != data[len(MAGIC):size]:
        raise ValueError(f"damaged cache entry {entry.name}")
    return data[size:]


def _pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _store(where: Path, entry: Path, value: Any, pattern: str, keep: int,
           dump: Callable[[Any], bytes] = _pickled) -> None:
    """Write `value` as `dump` gives it (after the magic and the payload's digest) to `entry`
    atomically, keeping the `keep` newest entries matching `pattern`; a value that cannot be
    dumped or an unwritable cache only costs time."""
    try:
        payload = dump(value)
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(where):
            return
        import tempfile  # only when storing

        handle, temporary = tempfile.mkstemp(dir=where, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, entry)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        entries = sorted(where.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 — not storable, or an unwritable cache
        pass
