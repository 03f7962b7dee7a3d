"""The on-disk cache of the loaded rulebook (checker/rulebook/cache.py): keyed by the files and the
code, never used when stale or writable by others, and giving the same reviews."""
from __future__ import annotations

import datetime as dt
import os
import pickle
from pathlib import Path

import pytest

from checker.rulebook import cache as bookcache
from checker.rulebook import provider
from checker import intake, rulebook
from checker.review import review
from tests.conftest import minimal_application

DAY = dt.date(2026, 1, 15)
ROOT = Path(__file__).resolve().parent.parent


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


# What is derived from a cached rulebook for one date — its compiled plan and the durable-rules
# ruleset definitions made from that plan — is kept beside it (cache.derived).

def _boom(*args, **kwargs):
    raise AssertionError("made again although an intact entry is in the cache")


def _derived(cache):
    return sorted(cache.glob("derived-*.pickle"))


def test_the_plan_and_rulesets_of_a_date_are_kept_and_give_the_same_review(
        cache, rules_copy, monkeypatch):
    from checker.evaluation import compiler, engine, reference

    first = _load(rules_copy)
    assert first.cache_key and first.cache_key in next(cache.glob("rulebook-*.pickle")).name
    app = intake.validate(minimal_application())
    expected = review(app, DAY, book=first).summary_json()
    engine.Engine().fired(compiler.compile_plan(first, DAY), {})  # a new host (not ENGINE's)
    assert len(_derived(cache)) == 2  # the plan of DAY and its rulesets
    again = _load(rules_copy)  # another process: the book from its entry, nothing in memory
    assert again.cache_key == first.cache_key
    monkeypatch.setattr(compiler, "_compile", _boom)
    monkeypatch.setattr(engine._CompiledHost, "_definitions", _boom)
    plan = compiler.compile_plan(again, DAY)
    assert plan == compiler.compile_plan(first, DAY) and plan.source
    fresh = engine.Engine()  # its host made from the rulesets in the cache
    assert review(app, DAY, book=again, evaluate=fresh.fired).summary_json() == expected
    sample = intake.read_json((ROOT / "samples" / "data_centre.json").read_bytes())
    app = intake.validate(sample, again.carriers)
    result = review(app, DAY, book=again, evaluate=fresh.fired)
    assert len(result.findings) > 5  # many rules fire: the cached patterns are the engine's
    assert result.summary_json() == review(app, DAY, book=first,
                                           evaluate=reference.fired).summary_json()
    with pytest.raises(AssertionError, match="made again"):  # another date is not served
        compiler.compile_plan(again, DAY + dt.timedelta(days=1))


def test_an_edited_rulebook_never_uses_the_plan_of_the_old_one(cache, rules_copy):
    from checker.evaluation import compiler

    book = _load(rules_copy)
    compiler.compile_plan(book, DAY)
    path = rules_copy / "parameters" / "energy_review.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = _load(rules_copy)
    assert edited.cache_key != book.cache_key
    compiler.compile_plan(edited, DAY)
    assert len(_derived(cache)) == 2  # one plan per rulebook


def test_a_damaged_derived_entry_is_refused_and_made_again(cache, rules_copy):
    from checker.evaluation import compiler

    book = _load(rules_copy)
    plan = compiler.compile_plan(book, DAY)
    (entry,) = _derived(cache)
    data = bytearray(entry.read_bytes())
    data[-40] ^= 0xFF  # one byte of the pickle: it may still unpickle, the digest differs
    entry.write_bytes(bytes(data))
    calls = []
    made = bookcache.derived(book.cache_key, f"plan/{DAY.isoformat()}", compiler.PLAN_FORMAT,
                             lambda: calls.append(1) or plan)
    assert calls == [1] and made is plan
    assert entry.read_bytes() != bytes(data)  # stored again, intact
    assert compiler.compile_plan(_load(rules_copy), DAY) == plan


def test_a_derived_entry_is_served_only_for_its_own_source_name_and_version(cache):
    bookcache.derived("book-a", "plan/2026-01-15", 1, lambda: "a")
    (entry,) = _derived(cache)
    assert bookcache.derived("book-a", "plan/2026-01-15", 1, _boom) == "a"
    assert bookcache.derived("book-a", "plan/2026-01-15", 2, lambda: "v2") == "v2"
    assert bookcache.derived("book-a", "plan/2026-01-16", 1, lambda: "c") == "c"
    before = set(_derived(cache))
    assert bookcache.derived("book-b", "plan/2026-01-15", 1, lambda: "b") == "b"
    (other,) = set(_derived(cache)) - before
    # an intact entry put in another artefact's place records its own label: refused
    other.write_bytes(entry.read_bytes())
    assert bookcache.derived("book-b", "plan/2026-01-15", 1, lambda: "made") == "made"
    assert bookcache.derived("book-b", "plan/2026-01-15", 1, _boom) == "made"  # stored again
    assert bookcache.derived(None, "plan/2026-01-15", 1, lambda: "uncached") == "uncached"


def test_a_damaged_rulebook_entry_that_still_unpickles_is_refused(cache, rules_copy):
    book = _load(rules_copy)
    entry = next(cache.glob("rulebook-*.pickle"))
    data = entry.read_bytes()
    damaged = data[:len(bookcache.MAGIC)] + bytes(32) + data[len(bookcache.MAGIC) + 32:]
    entry.write_bytes(damaged)  # the pickle itself intact: only its digest does not match
    calls = []
    again = bookcache.cached(rules_copy, b"", lambda: calls.append(1) or rulebook.load(rules_copy))
    assert calls == [1] and again.version == book.version
    assert entry.read_bytes() != damaged and entry.read_bytes().startswith(bookcache.MAGIC)


def test_a_layered_rulebook_keeps_nothing_on_disk(cache, rules_copy):
    """A book with the administrator's values over the shipped one has other parameters: its
    plan is its own, made in memory, never the shipped book's entry."""
    from checker.evaluation import compiler

    shipped = _load(rules_copy)
    name = next(n for n, p in shipped.parameters.items() if p.at(DAY) is not None
                and isinstance(p.at(DAY).value, float))
    value = shipped.parameters[name].at(DAY).value
    layered = provider.layered(shipped, {name: {"value": value * 2, "since": "2020-01-01",
                                                "source": "测试"}})
    assert layered.cache_key is None and layered.carriers == shipped.carriers
    compiler.compile_plan(layered, DAY)
    assert _derived(cache) == []


def test_other_local_parameters_never_use_the_plan_of_the_shipped_values(cache, rules_copy):
    """The local parameters file ($CHECKER_PARAMETERS, --parameters) is part of the rulebook's
    key, so of its plans' keys too."""
    from checker.evaluation import compiler

    plain = bookcache.cached(rules_copy, b"", lambda: rulebook.load(rules_copy))
    local = bookcache.cached(rules_copy, b"parameters: {}\n", lambda: rulebook.load(rules_copy))
    assert None not in (plain.cache_key, local.cache_key) and plain.cache_key != local.cache_key
    compiler.compile_plan(plain, DAY)
    compiler.compile_plan(local, DAY)
    assert len(_derived(cache)) == 2


def test_a_layered_rulebook_keeps_everything_but_the_parameters(rules_copy):
    """The administrator's values change the parameters and the version, nothing else: a review
    made with them still lists the applicant's declarations that lower an obligation (what the
    outcome rests on).  Regression: the layered book once dropped the declarations, so reviews
    made on the web with any administrator value lost that list."""
    shipped = _load(rules_copy)
    name = next(n for n, p in shipped.parameters.items() if p.at(DAY) is not None
                and isinstance(p.at(DAY).value, float))
    layered = provider.layered(shipped, {name: {"value": shipped.parameters[name].at(DAY).value * 2,
                                                "since": "2020-01-01", "source": "测试"}})
    kept = {"directory", "families", "predicates", "citations", "tables", "documents", "calendar",
            "declarations", "carriers"}
    assert {attr: getattr(layered, attr) for attr in kept} == \
        {attr: getattr(shipped, attr) for attr in kept}
    assert layered.declarations is not None
    app = intake.validate(minimal_application(two_highs=False), shipped.carriers)
    assert review(app, DAY, layered).declarations == review(app, DAY, shipped).declarations != []


def test_compiled_code_is_kept_by_its_source_and_a_damaged_entry_compiled_again(cache):
    """Generated code (the unrolled derive_all) is compiled once per source text; the entry
    read back runs as the freshly compiled code does, and a damaged one is compiled again."""
    source = "def f(x):\n    return x * 2 + 1\n"
    first = bookcache.compiled(source, "<test>")
    (entry,) = cache.glob("code-*.marshal")
    again = bookcache.compiled(source, "<test>")
    assert again is not first and again == first  # read back from the entry, equal code
    namespace: dict = {}
    exec(again, namespace)  # noqa: S102
    assert namespace["f"](20) == 41
    bookcache.compiled("def f(x):\n    return x\n", "<test>")
    assert len(list(cache.glob("code-*.marshal"))) == 2  # another source, another entry
    data = bytearray(entry.read_bytes())
    data[-3] ^= 0xFF
    entry.write_bytes(bytes(data))
    assert bookcache.compiled(source, "<test>") == first
    assert entry.read_bytes() != bytes(data)  # stored again, intact


def test_a_review_whose_derive_all_comes_from_the_code_cache_is_the_same(cache):
    """A fresh `checker review` whose derive_all is read from the cache gives the output of
    the one that compiled it and of a run without any cache."""
    import subprocess
    import sys

    def run(where: str) -> str:
        return subprocess.run([sys.executable, "-m", "checker", "review",
                               "samples/office_small.json", "--json"], capture_output=True,
                              text=True, cwd=ROOT, check=True,
                              env={**os.environ, "CHECKER_CACHE_DIR": where}).stdout

    first, second = run(str(cache)), run(str(cache))
    assert len(list(cache.glob("code-*.marshal"))) == 1
    assert first == second == run("") and '"outcome"' in first
