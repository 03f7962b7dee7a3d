"""The rulebook in force (checker.rulebook.provider) over the administrator's values in a real
database: a version per set of values, built once; an earlier version rebuilt from its kept
values after they changed; a stored value the rulebook refuses left out and reported, the
other values still applied. SQLite, and PostgreSQL when TEST_DATABASE_URL is set."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os

import pytest
from sqlalchemy.orm import Session

from checker import rulebook
from checker.rulebook import RulebookProvider
from checker.store import make_engine
from checker.store.models import LocalParameter, ParameterSnapshot
from checker.store.parameters import StoredSettings, clear_value, set_value

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
DAY = dt.date(2026, 6, 1)


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path, database_templates):
    with database_templates.copy(request.param, tmp_path / "provider.sqlite3") as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def _set(engine, name, value, since="2026-01-01"):
    set_value(engine, rulebook.shipped().parameters, name, value, dt.date.fromisoformat(since),
              "测试来源", "admin")


def _allowance(book):
    return book.parameters["impact.allowance_tce"].at(DAY).value


def test_without_values_the_book_in_force_is_the_shipped_one(engine):
    provider = RulebookProvider(settings=StoredSettings(engine))
    assert provider.in_force() is provider.shipped()
    assert provider.in_force().version == rulebook.shipped().version


def test_each_set_of_values_is_a_version_built_once(engine):
    provider = RulebookProvider(settings=StoredSettings(engine))
    _set(engine, "impact.allowance_tce", 286501)
    first = provider.in_force()
    assert _allowance(first) == 286501
    assert first.version.startswith(rulebook.shipped().version + ".")
    assert provider.in_force() is first  # the same settings version: the same book
    _set(engine, "impact.allowance_tce", 300000)
    second = provider.in_force()
    assert second.version != first.version and _allowance(second) == 300000
    # another process (another provider) on the same database sees the same book
    assert RulebookProvider(settings=StoredSettings(engine)).in_force().version == second.version


def test_an_earlier_version_is_rebuilt_from_its_kept_values(engine):
    provider = RulebookProvider(settings=StoredSettings(engine))
    _set(engine, "impact.allowance_tce", 286501)
    old = provider.in_force().version
    _set(engine, "impact.allowance_tce", 300000)
    clear_value(engine, "impact.allowance_tce", "admin")
    assert provider.in_force().version == rulebook.shipped().version
    # a fresh provider (a restarted server) rebuilds the old version from the database alone
    rebuilt = RulebookProvider(settings=StoredSettings(engine)).of_version(old)
    assert rebuilt is not None and rebuilt.version == old and _allowance(rebuilt) == 286501
    with Session(engine) as session:
        assert session.get(ParameterSnapshot, old.rsplit(".", 1)[1]) is not None
    # another shipped rulebook, or values never kept: cannot be rebuilt
    assert provider.of_version("2020.1+000000000000." + old.rsplit(".", 1)[1]) is None
    assert provider.of_version(rulebook.shipped().version + ".00000000") is None


@pytest.mark.parametrize("stored", ['"5万"', '"abc"', "[1, 2]", "NaN", "true", "abc"])
def test_a_stored_value_the_rulebook_refuses_is_left_out_and_reported(engine, stored, caplog):
    """Stored by an older version or edited in the database ("abc": not even JSON): reviews
    go on without it, the other values still apply, the log says which one and why."""
    _set(engine, "impact.district_base_gdp", 12345678)
    with Session(engine) as session, session.begin():
        session.add(LocalParameter(name="impact.allowance_tce", value_json=stored,
                                   since=dt.date(2026, 1, 1), source="数据库中直接修改",
                                   updated_by="someone"))
    provider = RulebookProvider(settings=StoredSettings(engine))
    with caplog.at_level(logging.WARNING, logger="checker.rulebook.provider"):
        book = provider.in_force()
    assert _allowance(book) is None  # the shipped GAP: unset, the rules say 未评估
    assert book.parameters["impact.district_base_gdp"].at(DAY).value == 12345678
    ignored = provider.ignored()
    assert [v.name for v in ignored] == ["impact.allowance_tce"]
    assert "数值" in ignored[0].problem or "无法读取" in ignored[0].problem
    assert "impact.allowance_tce" in caplog.text
    from checker import intake
    from checker.review import review
    from tests.conftest import minimal_application

    review(intake.validate(minimal_application()), DAY, book)  # reviews go on


def test_kept_values_are_written_once(engine):
    settings = StoredSettings(engine)
    text = json.dumps({"impact.allowance_tce": {"value": 1, "since": "2026-01-01",
                                                "source": "x"}})
    settings.keep("abcdef01", text)
    settings.keep("abcdef01", text)
    assert settings.snapshot("abcdef01") == json.loads(text)
    assert settings.snapshot("00000000") is None


def test_a_snapshot_that_cannot_be_written_never_fails_the_request(engine, caplog):
    """The values are still applied; the failure is logged and the write tried again."""
    from sqlalchemy import text

    _set(engine, "impact.allowance_tce", 286501)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE parameter_snapshots"))
    provider = RulebookProvider(settings=StoredSettings(engine))
    with caplog.at_level(logging.ERROR, logger="checker.rulebook.provider"):
        assert _allowance(provider.in_force()) == 286501
    assert "快照未能保存" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="checker.rulebook.provider"):
        provider.in_force()
    assert "快照未能保存" in caplog.text  # not cached as kept: tried again
