"""The stored texts of a review (checker.store.summaries): the findings serialised from the
parts kept per (rulebook, date) are byte for byte what serialising each finding whole gives,
the stored summary joined again is the whole summary, and the compact findings differ only in
their citations (by clause id and role, with the rule explorer's link)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from checker import intake, rulebook
from checker.review import review
from checker.store.models import join_summary
from checker.store.summaries import (compact_findings, compact_findings_text, findings_texts,
                                     findings_texts_utf8, summary_rest)
from tests.conftest import sample_files

DAYS = (dt.date(2024, 6, 1), dt.date(2026, 3, 1))


def _applications():
    for path in sample_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        yield path.stem, intake.validate(data)


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_findings_texts_are_the_whole_findings_byte_for_byte(day):
    book = rulebook.shipped()
    for name, application in _applications():
        for _ in range(2):  # the second time from the kept parts
            result = review(application, day, book)
            whole = result.summary_json()
            full, compact = findings_texts(result, book, "/rules")
            assert full == json.dumps(whole["findings"], ensure_ascii=False), name
            assert join_summary(summary_rest(result), full) == \
                json.dumps(whole, ensure_ascii=False), name
            assert compact == json.dumps(compact_findings(whole["findings"], "/rules"),
                                         ensure_ascii=False), name
            assert compact_findings_text(full, "/rules") == compact, name
            assert findings_texts(result, None)[0] == full  # without a rulebook: whole
            # the API's: both texts in UTF-8, from the static parts kept in UTF-8
            assert findings_texts_utf8(result, book, "/rules") == (full.encode(),
                                                                   compact.encode())
            assert findings_texts_utf8(result, None, "/rules") == (full.encode(),
                                                                   compact.encode())


def test_compact_citations_name_the_clause_and_link_to_it():
    name, application = next(iter(_applications()))
    result = review(application, DAYS[1])
    whole = result.summary_json()["findings"]
    compact = json.loads(findings_texts(result, rulebook.shipped(), "/rules")[1])
    for finding, short in zip(whole, compact):
        assert {k: v for k, v in short.items() if k != "citations"} == \
            {k: v for k, v in finding.items() if k != "citations"}
        assert short["citations"] == [
            {"id": c["id"], "role": c["role"],
             "href": f"/rules/{finding['rule_id']}#clause-{c['id'].replace('.', '-')}"}
            for c in finding["citations"]]


@pytest.mark.empty_database
def test_migration_stores_the_findings_once_and_reads_back_the_same_summary(database_url):
    """0015_findings_once on SQLite and PostgreSQL: a row as the store wrote it (the findings
    twice) reads back byte for byte; an older row (the findings not last) reads back as the
    same JSON; downgrading writes the summaries whole again."""
    from alembic import command
    from sqlalchemy import text

    from checker.store import create_user, get_review, make_engine, migrate
    from checker.store.db import alembic_config

    engine = make_engine(database_url)
    try:
        migrate(engine, "0012_working_papers")
        user = create_user(engine, "迁移", "迁移测试密码2026x", "reviewer")
        name, application = next(iter(_applications()))
        whole = review(application, DAYS[1]).summary_json()
        findings = json.dumps(whole["findings"], ensure_ascii=False)
        as_stored = json.dumps(whole, ensure_ascii=False)  # findings last, as the store wrote
        older = json.dumps({"findings": whole["findings"], **whole}, ensure_ascii=False)
        assert older != as_stored
        with engine.begin() as connection:
            for review_id, summary in ((1, as_stored), (2, older)):
                connection.execute(text(
                    "INSERT INTO reviews (id, input_json, input_sha256, as_of, rulebook_version, "
                    "conclusion, outcome, findings_json, summary_json, issued_on, reviewer_id, "
                    "project_name, industry_code, applicant, project_code, created_at) VALUES "
                    "(:id, '{}', 'h', :day, 'v', 'approve', 'district', :findings, :summary, "
                    ":day, :user, 'p', '7010', 'a', '', :at)"),
                    {"id": review_id, "findings": findings, "summary": summary, "day": DAYS[1],
                     "user": user.id, "at": dt.datetime(2026, 3, 1, 8)})
        migrate(engine)
        with engine.connect() as connection:
            rests = dict(connection.execute(text("SELECT id, summary_json FROM reviews")).all())
        assert all("findings" not in json.loads(rest) for rest in rests.values())  # once
        assert sum(map(len, rests.values())) + 2 * len(findings) < len(as_stored) + len(older)
        assert get_review(engine, 1).summary_json == as_stored  # byte for byte
        assert json.loads(get_review(engine, 2).summary_json) == whole
        migrate(engine)  # again: nothing to do
        assert get_review(engine, 1).summary_json == as_stored
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0012_working_papers")
        with engine.connect() as connection:
            rows = dict(connection.execute(text("SELECT id, summary_json FROM reviews")).all())
        assert rows[1] == as_stored and json.loads(rows[2]) == whole
    finally:
        engine.dispose()


@pytest.mark.parametrize("value", ["开福\"\\\t", "", 0, -7, 10**25, True, False, None, 1.5, -0.0,
                                   1e22, 1e-07, float("inf"), float("nan"), [1, "a"], {"k": 2}],
                         ids=repr)
def test_a_value_read_is_written_as_its_model_dump(value):
    """A value read's text, from the kept fact-and-title head or whole, is byte for byte
    json.dumps of its model_dump(mode="json"), whatever kind of value it holds."""
    from checker.findings import ValueRead
    from checker.store.summaries import _value_text

    fragments: dict = {}
    for verified in (True, False):
        read = ValueRead(fact="energy.total_tce", title="综合能源消费量“当量值”",
                         value=value, display="1,234.5 吨", verified=verified)
        expected = json.dumps(read.model_dump(mode="json"), ensure_ascii=False)
        assert _value_text(read, fragments) == expected
        assert _value_text(read, fragments) == expected  # the second time from the kept head
        assert _value_text(read, None) == expected
