"""The ledger's maintained totals (ledger_totals, ledger_family_totals, ledger_findings) equal a
recomputation from the issued records after a random sequence of issues and voids through the
real document life cycle (drafts, submitted documents and voids never count), and stay exact
when issues and voids race on PostgreSQL."""
from __future__ import annotations

import datetime as dt
import json
import random
import threading
from collections import Counter, defaultdict

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from checker import intake
from checker.review import review
from checker.store import get_review, records, save_review
from checker.store.ledger import (LedgerFilters, class_of, ledger_figures, rebuild, summary)
from checker.store.models import (LedgerFamilyTotal, LedgerFinding, LedgerTotal,
                                  ReviewDocument, ReviewRecord)
from tests.store.test_store import AS_OF, number, people, stand_in_pdf

OFFICE = {"project": {"name": "办公楼", "applicant": "某公司", "industry_code": "7010",
                      "nature": "新建", "investment": 20000, "annual_added_value": 5000},
          "energy": [{"carrier": "electricity", "quantity": 900, "unit": "万kWh"}]}
# (name, industry, 万kWh, added value): small and large, several industries and conclusions
PROJECTS = [("写字楼", "7010", 700, 4000), ("食品厂", "1441", 1200, 9000),
            ("印刷厂", "2319", 300, 3000), ("小商店", "5211", 20, 500),
            ("大工厂", "3011", 9000, 0)]


UNDECLARED = ("仓库", "5930", 50, None)  # no added value declared: counted apart from 0


def _applications(sample, undeclared=False):
    out = []
    for name, code, kwh, added in PROJECTS + [UNDECLARED] * undeclared:
        data = json.loads(json.dumps(OFFICE))
        data["project"].update(name=name, industry_code=code, annual_added_value=added)
        if added is None:
            del data["project"]["annual_added_value"]
        data["energy"][0]["quantity"] = kwh
        out.append(data)
    out.append(sample)  # the large data centre (a referral)
    return out


def _store_many(engine, sample, drafter, copies: int, undeclared=False):
    """`copies` records of each application (reviewed once each), all drafts."""
    stored = []
    for data in _applications(sample, undeclared):
        result = review(intake.validate(data), AS_OF)
        stored += [save_review(engine, result, json.dumps(data), drafter.id).id
                   for _ in range(copies)]
    return stored


def _main(engine, review_id):
    return get_review(engine, review_id).documents[0]


def expected(engine):
    """The ledger tables recomputed from the issued records (main document issued)."""
    totals: dict = defaultdict(Counter)
    families: dict = defaultdict(Counter)
    rows = Counter()
    with Session(engine) as session:
        issued = session.execute(select(ReviewRecord, ReviewDocument.issued_on).join(
            ReviewDocument, ReviewDocument.review_id == ReviewRecord.id).where(
            ReviewDocument.position == 0, ReviewDocument.state == "issued")).all()
        for record, issued_on in issued:
            figures = ledger_figures(json.loads(record.summary_json))
            cls = class_of(record.conclusion, record.outcome)
            added = figures["added_value"]
            valued = added is not None and added > 0
            totals[(issued_on.year, issued_on.month, cls, record.conclusion, record.outcome,
                    record.industry_code)].update({
                "count": 1, "energy_tce": figures["energy_tce"] or 0.0,
                "energy_equivalent_tce": figures["energy_equivalent_tce"] or 0.0,
                "co2_t": figures["co2_t"] or 0.0, "co2_count": int(figures["co2_t"] is not None),
                "added_value": added or 0.0,
                "valued_energy": (figures["energy_tce"] or 0.0) if valued else 0.0,
                "valued_added": added if valued else 0.0,
                "energy_count": int(figures["energy_tce"] is not None),
                "equivalent_count": int(figures["energy_equivalent_tce"] is not None),
                "added_count": int(added is not None)})
            findings = json.loads(record.findings_json)
            keys = Counter((f["rule_id"].split(".")[0], f["severity"]) for f in findings)
            for (family, severity), n in keys.items():
                families[(issued_on.year, issued_on.month, cls, record.industry_code, family,
                          severity)].update({"findings": n, "records": 1})
            rows.update((record.id, f["rule_id"], f["severity"], issued_on.year,
                         issued_on.month) for f in findings)
    return totals, families, rows


def maintained(engine):
    """The ledger tables as maintained (rows come back to zero when their records left)."""
    with Session(engine) as session:
        totals = {tuple(getattr(t, k) for k in ("year", "month", "ledger_class", "conclusion",
                                                 "outcome", "industry_code")):
                  {k: getattr(t, k) for k in ("count", "energy_tce", "energy_equivalent_tce",
                                              "co2_t", "co2_count", "added_value",
                                              "valued_energy", "valued_added",
                                              "energy_count", "equivalent_count",
                                              "added_count")}
                  for t in session.scalars(select(LedgerTotal)) if t.count}
        leftovers = [t for t in session.scalars(select(LedgerTotal)) if not t.count]
        assert all(t.energy_tce == t.added_value == t.co2_count == t.energy_count ==
                   t.equivalent_count == t.added_count == 0 for t in leftovers)
        families = {tuple(getattr(t, k) for k in ("year", "month", "ledger_class",
                                                   "industry_code", "family", "severity")):
                    {"findings": t.findings, "records": t.records}
                    for t in session.scalars(select(LedgerFamilyTotal)) if t.records}
        rows = Counter((f.review_id, f.rule_id, f.severity, f.issued_year, f.issued_month)
                       for f in session.scalars(select(LedgerFinding)))
    return totals, families, rows


def assert_exact(engine):
    want_totals, want_families, want_rows = expected(engine)
    got_totals, got_families, got_rows = maintained(engine)
    assert set(got_totals) == set(want_totals)
    for key, figures in want_totals.items():
        for name, value in figures.items():
            assert got_totals[key][name] == pytest.approx(value, rel=1e-9, abs=1e-9), (key, name)
    assert got_families == {k: dict(v) for k, v in want_families.items()}
    assert got_rows == want_rows


@pytest.mark.parametrize("seed", [12, 2026])
def test_totals_follow_random_issues_and_voids(engine, sample, seed):
    drafter, approvers = people(engine)
    stored = _store_many(engine, sample, drafter, copies=2)
    chance = random.Random(seed)
    states = {review_id: "draft" for review_id in stored}
    conclusions = {get_review(engine, r).conclusion for r in stored}
    assert len(conclusions) >= 3  # several ledger classes, months and industries take part
    for step in range(40):
        review_id = chance.choice(stored)
        document = _main(engine, review_id)
        approver = approvers[records.issuer_of(document.doc_type)]
        if states[review_id] == "draft":
            records.submit(engine, document.id, drafter)
            states[review_id] = "submitted"
        elif states[review_id] == "submitted":
            day = dt.date(chance.choice((2025, 2026)), chance.randint(1, 12), 15)
            records.issue(engine, document.id, approver, number, stand_in_pdf, issued_on=day)
            states[review_id] = "issued"
        elif states[review_id] == "issued":
            records.void(engine, document.id, approver, "随机作废")
            states[review_id] = "void"
        if step % 10 == 9:
            assert_exact(engine)
    assert_exact(engine)
    issued = [r for r, s in states.items() if s == "issued"]
    assert issued and any(s == "void" for s in states.values())
    # the page's figures are those of the issued records, and a rebuild from the records in
    # SQL gives the same tables
    both = summary(engine, LedgerFilters(years=(2025, 2026)))
    assert sum(r["count"] for r in both["by_class"]) == len(issued)
    assert sum(r["records"] for r in both["by_family"]) == sum(
        v["records"] for v in expected(engine)[1].values())
    before = maintained(engine)
    with Session(engine) as session, session.begin():
        rebuild(session)
    after = maintained(engine)
    assert after[1:] == before[1:] and set(after[0]) == set(before[0])


def test_concurrent_issues_and_voids_keep_totals_exact(engine, sample):
    if engine.dialect.name != "postgresql":
        pytest.skip("concurrent writers are the PostgreSQL case (SQLite writes one at a time)")
    drafter, approvers = people(engine)
    stored = _store_many(engine, sample, drafter, copies=12)[:12]  # one application, one key
    documents = [_main(engine, r).id for r in stored]
    for document_id in documents:
        records.submit(engine, document_id, drafter)
    day = dt.date(2026, 5, 15)
    for document_id in documents[:6]:
        records.issue(engine, document_id, approvers["drc"], number, stand_in_pdf,
                      issued_on=day)
    errors = []
    barrier = threading.Barrier(12)

    def worker(action, document_id):
        try:
            barrier.wait()
            if action == "issue":
                records.issue(engine, document_id, approvers["drc"], number, stand_in_pdf,
                              issued_on=day)
            else:
                records.void(engine, document_id, approvers["drc"], "并发作废")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=("void", d)) for d in documents[:6]] + \
              [threading.Thread(target=worker, args=("issue", d)) for d in documents[6:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert_exact(engine)
    data = summary(engine, LedgerFilters(year=2026))
    assert sum(r["count"] for r in data["by_class"]) == 6


@pytest.mark.empty_database
def test_migration_backfills_the_records_issued_before_it(database_url, sample):
    """0007_ledger_findings fills the ledger tables from the records already issued (drafts and
    voids left out), and goes back down and up again."""
    from alembic import command
    from sqlalchemy import inspect, text

    from checker.store import make_engine, migrate
    from checker.store.db import alembic_config

    engine = make_engine(database_url)
    try:
        migrate(engine)  # stored by today's code (drafts: no ledger row), then back to 0006
        drafter, _ = people(engine)
        stored = _store_many(engine, sample, drafter, copies=1, undeclared=True)
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0006_batch")
        states = ["issued", "issued", "void", "draft", "issued", "issued", "issued"]
        with engine.begin() as connection:
            for month, (review_id, state) in enumerate(zip(stored, states), start=1):
                connection.execute(text(
                    "UPDATE review_documents SET state = :state, issued_on = :day "
                    "WHERE review_id = :id AND position = 0"),
                    {"state": state, "day": dt.date(2026, month, 20), "id": review_id})
        migrate(engine)
        assert_exact(engine)
        assert sum(t["count"] for t in maintained(engine)[0].values()) == 5
        # 仓库 and the data centre declare no added value: counted as undeclared, not as 0
        assert sum(t["added_count"] for t in maintained(engine)[0].values()) == 3
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0006_batch")
        assert "ledger_totals" not in set(inspect(engine).get_table_names())
        migrate(engine)
        assert_exact(engine)
    finally:
        engine.dispose()


def test_void_takes_away_what_the_issue_added(engine, sample):
    """Findings that change after issue (a later judgement) do not unbalance the counts: a void
    takes away the findings the ledger counted at issue."""
    from sqlalchemy import update

    drafter, approvers = people(engine)
    review_id = _store_many(engine, sample, drafter, copies=1)[0]
    document = _main(engine, review_id)
    approver = approvers[records.issuer_of(document.doc_type)]
    records.submit(engine, document.id, drafter)
    records.issue(engine, document.id, approver, number, stand_in_pdf, issued_on=AS_OF)
    counted = maintained(engine)
    assert counted[1] and counted[2]
    with Session(engine) as session, session.begin():
        session.execute(update(ReviewRecord).where(ReviewRecord.id == review_id)
                        .values(findings_json="[]"))
    records.void(engine, document.id, approver, "作废")
    assert maintained(engine) == ({}, {}, Counter())


def _without_parts(engine, review_id):
    """Make a record look stored before findings had a review part (no `part` key)."""
    from sqlalchemy import update

    with Session(engine) as session, session.begin():
        record = session.get(ReviewRecord, review_id)
        findings = [{k: v for k, v in f.items() if k != "part"}
                    for f in json.loads(record.findings_json)]
        assert findings
        session.execute(update(ReviewRecord).where(ReviewRecord.id == review_id)
                        .values(findings_json=json.dumps(findings, ensure_ascii=False)))


def test_a_record_stored_before_findings_had_parts_is_issued(engine, sample):
    """An older record's findings lack `part`: issuing it counts them as the energy part (as
    the result page reads them) instead of failing and rolling the issue back."""
    drafter, approvers = people(engine)
    review_id = _store_many(engine, sample, drafter, copies=1)[0]
    _without_parts(engine, review_id)
    document = _main(engine, review_id)
    records.submit(engine, document.id, drafter)
    records.issue(engine, document.id, approvers[records.issuer_of(document.doc_type)], number,
                  stand_in_pdf, issued_on=AS_OF)
    assert _main(engine, review_id).state == "issued"
    assert_exact(engine)
    with Session(engine) as session:
        assert {f.part for f in session.scalars(select(LedgerFinding))} == {"energy"}


@pytest.mark.empty_database
def test_migration_backfills_a_record_stored_before_findings_had_parts(database_url, sample):
    """0007_ledger_findings backfills an issued record whose findings lack `part` (energy)."""
    from alembic import command
    from sqlalchemy import text

    from checker.store import make_engine, migrate
    from checker.store.db import alembic_config

    engine = make_engine(database_url)
    try:
        migrate(engine)  # stored by today's code (a draft: no ledger row), then back to 0006
        drafter, _ = people(engine)
        review_id = _store_many(engine, sample, drafter, copies=1)[0]
        _without_parts(engine, review_id)
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0006_batch")
        with engine.begin() as connection:
            connection.execute(text(
                "UPDATE review_documents SET state = 'issued', issued_on = :day "
                "WHERE review_id = :id AND position = 0"), {"day": dt.date(2026, 3, 20),
                                                            "id": review_id})
        migrate(engine)
        assert_exact(engine)
        with Session(engine) as session:
            assert {f.part for f in session.scalars(select(LedgerFinding))} == {"energy"}
    finally:
        engine.dispose()
