"""The rulebook in force in this process: the configured directory, loaded once (and from the
on-disk cache), with the local parameters file and the administrator's values layered over it."""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from checker.rulebook import cache as bookcache
from checker.rulebook.book import Rulebook
from checker.rulebook.loader import load
from checker.rulebook.settings import apply_entries, overrides_bytes
from checker.rulebook.sources import rules_dir


@functools.lru_cache(maxsize=4)
def _cached(directory: str) -> Rulebook:
    """The rulebook of `directory` with the local parameters file: loaded once per process,
    and from the on-disk cache when neither the files nor the code changed (checker/rulebook/cache.py)."""
    path = Path(directory).resolve()
    return bookcache.cached(path, overrides_bytes(), lambda: load(path))


# The administrator's settings from the database (web app): (key, entries as JSON), set by
# `set_local_values` when a worker sees a new parameters version; empty for the CLI.
_LOCAL: tuple[str, str] = ("", "{}")


def set_local_values(key: str, entries: dict) -> None:
    """Layer the administrator's parameter values {name: {value, since, source}} over the
    rulebook of every later `current()` call in this process (key: the settings' version)."""
    global _LOCAL
    _LOCAL = (key, json.dumps(entries, ensure_ascii=False, sort_keys=True, default=str))


@functools.lru_cache(maxsize=8)
def _layered(directory: str, key: str, entries_json: str) -> Rulebook:
    """The rulebook with the administrator's values: a new version (the shipped version plus a
    digest of the values), so a review records which values it was made with."""
    book = _cached(directory)
    entries = json.loads(entries_json)
    if not entries:
        return book
    parameters = apply_entries(book.parameters, entries, "参数设置")
    digest = hashlib.sha256(entries_json.encode()).hexdigest()[:8]
    return Rulebook(book.directory, book.families, parameters, book.predicates, book.citations,
                    f"{book.version}.{digest}", book.tables, book.documents, book.calendar)


def base() -> Rulebook:
    """The rulebook with the local file's values but without the administrator's settings
    (what those settings are validated against)."""
    return _cached(str(rules_dir()))


def current() -> Rulebook:
    """The rulebook of the configured directory (loaded once per process and directory), with
    the administrator's parameter values layered over it when the web app has set them."""
    return _layered(str(rules_dir()), *_LOCAL)
