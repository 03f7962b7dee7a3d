"""The on-disk cache of the loaded rulebook (checker/rulebook/cache.py): keyed by the files and the
code, never used when stale or writable by others, and giving the same reviews."""
from __future__ import annotations

import datetime as dt
import os
import pickle

import pytest

from checker.rulebook import cache as bookcache
from checker.rulebook import provider
from checker import intake, rulebook
from checker.review import review
from tests.conftest import minimal_application

DAY = dt.date(2026, 1, 15)


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(where))
    return where


def _load(directory):
    return bookcache.cached(directory, b"", lambda: rulebook.load(directory))


def test_a_cached_rulebook_gives_the_same_review(cache, rules_copy):
    first = _load(rules_copy)
    entries = list(cache.glob("rulebook-*.pickle"))
    assert len(entries) == 1
    again = _load(rules_copy)
    assert again is not first and again.version == first.version
    app = intake.validate(minimal_application())
    assert review(app, DAY, book=again).summary_json() == review(app, DAY, book=first).summary_json()


def test_an_edited_rulebook_file_is_not_served_from_the_cache(cache, rules_copy):
    first = _load(rules_copy)
    path = rules_copy / "rulebook.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    second = _load(rules_copy)
    assert second.version != first.version
    assert len(list(cache.glob("rulebook-*.pickle"))) == 2


def test_an_entry_writable_by_others_is_ignored(cache, rules_copy):
    _load(rules_copy)
    entry = next(cache.glob("rulebook-*.pickle"))
    entry.write_bytes(pickle.dumps("not a rulebook"))
    os.chmod(entry, 0o666)
    assert isinstance(_load(rules_copy), rulebook.Rulebook)


def test_a_corrupt_entry_is_ignored_and_a_broken_rulebook_never_cached(cache, rules_copy):
    _load(rules_copy)
    entry = next(cache.glob("rulebook-*.pickle"))
    entry.write_bytes(b"garbage")
    assert isinstance(_load(rules_copy), rulebook.Rulebook)
    (rules_copy / "citations.yaml").write_text("clauses: [", encoding="utf-8")
    with pytest.raises(rulebook.RulebookError):
        _load(rules_copy)
    with pytest.raises(rulebook.RulebookError):
        _load(rules_copy)


def test_an_empty_cache_directory_setting_turns_the_cache_off(tmp_path, monkeypatch, rules_copy):
    monkeypatch.setenv("CHECKER_CACHE_DIR", "")
    assert bookcache.cache_dir() is None
    assert isinstance(_load(rules_copy), rulebook.Rulebook)


def test_a_rulebook_cached_under_a_relative_path_serves_another_working_directory(
        cache, rules_copy, monkeypatch, tmp_path):
    """The cache key is the absolute directory; the rulebook kept in the entry must hold it too
    (the carriers are read beside it): cached as CHECKER_RULES_DIR=rules from the parent, then
    read by the absolute path from elsewhere, the review still finds carriers.yaml."""
    monkeypatch.chdir(rules_copy.parent)
    monkeypatch.setenv("CHECKER_RULES_DIR", rules_copy.name)
    provider._shipped.cache_clear()
    try:
        app = intake.validate(minimal_application())
        expected = review(app, DAY, book=rulebook.shipped()).summary_json()
        assert len(list(cache.glob("rulebook-*.pickle"))) == 1
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        monkeypatch.chdir(elsewhere)
        monkeypatch.setenv("CHECKER_RULES_DIR", str(rules_copy))
        provider._shipped.cache_clear()
        book = rulebook.shipped()
        assert book.directory == rules_copy.resolve()
        assert review(app, DAY, book=book).summary_json() == expected
    finally:
        provider._shipped.cache_clear()
