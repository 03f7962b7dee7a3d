"""The rulebook in force: one object that answers "which rulebook does a review use here".

Three layers make the rulebook a review is made under, with one precedence: the shipped rules
(rules/, or $CHECKER_RULES_DIR) < the local parameters file ($CHECKER_PARAMETERS, or the
CLI's ``--parameters``) < the administrator's values (参数设置, in the database of the web
app).  A `RulebookProvider` holds the first two, loaded once (and from the on-disk cache,
checker/rulebook/cache.py), and reads the third from its `SettingsStore` — the web app's
database (checker.store.parameters.StoredSettings) — by the settings' version: one cheap query
tells whether the values changed, and the layered rulebook of each version is built once.

Every entry point obtains its book from a provider and passes it on: the web app holds one
(``app.extensions["rulebook"]``) that its pages, API, batch workers (local pool and Celery)
use; the CLI makes one from its options.  Nothing in this module is set per request.

The version of a layered rulebook is the shipped version plus a digest of the administrator's
values (``{shipped}.{digest}``), and the values of each digest are kept (`SettingsStore.keep`)
before a review can be made under it, so the rulebook of a stored review can be rebuilt later
(`of_version`) — as long as the shipped rules and the local file are the ones it was made
with; otherwise `of_version` answers None and the record must be reviewed again.

A stored value the rulebook refuses (stored by an older version, or edited in the database) is
left out and reported (`ignored`), never a failure of the reviews.
"""
from __future__ import annotations

import functools
import hashlib
import json
import threading
import warnings
from pathlib import Path
from typing import Protocol

from checker.rulebook import cache as bookcache
from checker.rulebook.book import Rulebook
from checker.rulebook.settings import (IgnoredValue, apply_entries, overrides_bytes,
                                       parameters_file, usable_entries)
from checker.rulebook.sources import rules_dir

SETTINGS_SOURCE = "参数设置"
LAYERED_KEEP = 8  # layered rulebooks kept per provider (the newest settings versions)


def _log():
    """This module's logger (``logging`` imported when there is something to say: a cold CLI
    review does not import it, issue 29)."""
    import logging

    return logging.getLogger(__name__)


class SettingsStore(Protocol):
    """Where the administrator's values live (the web app's database)."""

    def version(self) -> str:
        """Changes whenever the values change (one cheap read)."""

    def entries(self) -> dict[str, dict]:
        """The values now: {name: {value, since, source}}."""

    def snapshot(self, digest: str) -> dict[str, dict] | None:
        """The values kept under `digest` (see `keep`), or None."""

    def keep(self, digest: str, entries_json: str) -> None:
        """Keep the values `entries_json` under `digest` (idempotent)."""


def values_json(entries: dict) -> str:
    """The canonical text of a set of administrator's values (what the digest is of)."""
    return json.dumps(entries, ensure_ascii=False, sort_keys=True, default=str)


def values_digest(entries_json: str) -> str:
    return hashlib.sha256(entries_json.encode()).hexdigest()[:8]


def layered(book: Rulebook, entries: dict) -> Rulebook:
    """`book` with the administrator's (accepted) values over it: a new version, the shipped
    one plus the digest of the values, so a review records which values it was made with."""
    if not entries:
        return book
    parameters = apply_entries(book.parameters, entries, SETTINGS_SOURCE)
    digest = values_digest(values_json(entries))
    return Rulebook(book.directory, book.families, parameters, book.predicates, book.citations,
                    f"{book.version}.{digest}", book.tables, book.documents, book.calendar,
                    declarations=book.declarations, carriers=book.carriers)


@functools.lru_cache(maxsize=8)
def _shipped(directory: str, parameters: str) -> Rulebook:
    """The rulebook of `directory` with the local parameters file `parameters`: loaded once
    per process, and from the on-disk cache when neither the files nor the code changed."""
    path = Path(directory).resolve()

    def load() -> Rulebook:
        from checker.rulebook import loader  # reads and checks the files: not on a cache hit

        return loader.load(path, parameters_file=parameters or None)

    return bookcache.cached(path, overrides_bytes(parameters or None), load)


class RulebookProvider:
    """The rulebook in force for one installation: the shipped rules of `directory` (default
    $CHECKER_RULES_DIR or rules/) with the local parameters file `parameters` (default
    $CHECKER_PARAMETERS), and the administrator's values of `settings` (none: the CLI)."""

    def __init__(self, directory: str | Path | None = None,
                 parameters: str | Path | None = None, settings: SettingsStore | None = None):
        self.directory = str(directory or rules_dir())
        self.parameters = parameters_file(parameters)
        self.settings = settings
        self._lock = threading.Lock()
        self._layered: dict[str, tuple[Rulebook, tuple[IgnoredValue, ...]]] = {}
        self._rebuilt: dict[str, Rulebook] = {}  # earlier versions (their values never change)

    def shipped(self) -> Rulebook:
        """The shipped rules with the local parameters file, without the administrator's
        values (what those values are checked against)."""
        return _shipped(self.directory, self.parameters)

    def in_force(self, version: str | None = None) -> Rulebook:
        """The rulebook a review made now uses: with the administrator's current values
        (`version`: the settings' version when the caller read it already, e.g. with the API
        token in one statement; default: read now)."""
        return self._current(version)[0]

    def ignored(self) -> tuple[IgnoredValue, ...]:
        """The administrator's stored values left out of the rulebook in force (refused)."""
        return self._current()[1]

    def _current(self, version: str | None = None) -> tuple[Rulebook, tuple[IgnoredValue, ...]]:
        if self.settings is None:
            return self.shipped(), ()
        if version is None:
            version = self.settings.version()
        with self._lock:
            found = self._layered.get(version)
        if found is not None:
            return found
        base = self.shipped()
        usable, ignored = usable_entries(base.parameters, self.settings.entries(),
                                         SETTINGS_SOURCE)
        for value in ignored:
            _log().warning("参数设置中的“%s”（%r）未采用：%s", value.name, value.value, value.problem)
        book = layered(base, usable)
        found = (book, tuple(ignored))
        if usable:  # before any review is made under it, so that it can be rebuilt
            text = values_json(usable)
            try:
                self.settings.keep(values_digest(text), text)
            except Exception as exc:  # noqa: BLE001 — tried again on the next call
                _log().error("参数设置的快照未能保存（规则库版本 %s）：%s", book.version, exc)
                return found
        self._remember(self._layered, version, found)
        return found

    def of_version(self, version: str) -> Rulebook | None:
        """The rulebook a review stored under `version` was made with, rebuilt; None when it
        cannot be (the shipped rules or the local file changed since, or its values were
        never kept)."""
        base = self.shipped()
        if version == base.version:
            return base
        head, _, digest = version.rpartition(".")
        if head != base.version or self.settings is None:
            return None
        with self._lock:  # built here before: no query
            found = self._rebuilt.get(version) or next(
                (book for book, _ in self._layered.values() if book.version == version), None)
        if found is not None:
            return found
        entries = self.settings.snapshot(digest)
        if entries is None:
            return None
        book = layered(base, entries)
        if book.version != version:
            return None
        self._remember(self._rebuilt, version, book)
        return book

    def _remember(self, cache: dict, version: str, value) -> None:
        """Keep `value` under `version`, the oldest dropped beyond LAYERED_KEEP."""
        with self._lock:
            cache[version] = value
            while len(cache) > LAYERED_KEEP:
                cache.pop(next(iter(cache)))


@functools.lru_cache(maxsize=8)
def _default(directory: str, parameters: str) -> RulebookProvider:
    return RulebookProvider(directory, parameters)


def default_provider() -> RulebookProvider:
    """The provider of this process's configuration without administrator's values
    ($CHECKER_RULES_DIR, $CHECKER_PARAMETERS): the CLI's and the tests' default."""
    return _default(str(rules_dir()), parameters_file())


def shipped() -> Rulebook:
    """The shipped rulebook with the local parameters file of this process — never the
    administrator's values (a web request obtains its book from the app's provider)."""
    return default_provider().shipped()


def current() -> Rulebook:
    """Deprecated: `shipped()` (the name hid that it never has the administrator's values;
    a web request takes ``web.books.in_force()``)."""
    warnings.warn("checker.rulebook.current() is deprecated: use rulebook.shipped(), or the "
                  "book passed in (web: web.books.in_force())", DeprecationWarning,
                  stacklevel=2)
    return shipped()
