"""The ledger's SQL aggregates against the issued records (drafts and voids excluded)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from checker import intake
from checker.review import review
from checker.store import create_user, save_review, summary_of, get_review
from tests.support.ledger_state import set_document_state
from checker.store.ledger import LedgerFilters, records, summary
from tests.store.test_store import AS_OF

OFFICE = {"project": {"name": "办公楼", "applicant": "某公司", "industry_code": "7010",
                      "nature": "新建", "investment": 20000, "annual_added_value": 5000},
          "energy": [{"carrier": "electricity", "quantity": 900, "unit": "万kWh"}]}


def _store(engine, user, name, kwh, added, issued_on):
    data = json.loads(json.dumps(OFFICE))
    data["project"].update(name=name, annual_added_value=added)
    data["energy"][0]["quantity"] = kwh
    result = review(intake.validate(data), AS_OF)
    record = save_review(engine, result, json.dumps(data), user.id, recorded_on=issued_on)
    set_document_state(engine, record.id, "issued", issued_on)
    return record


def test_totals_are_the_issued_records_only(engine):
    user = create_user(engine, "台账", "台账专用密码2026abc", "reviewer")
    stored = [_store(engine, user, f"项目{i}", 600 + 100 * i, 4000 + 500 * i,
                     dt.date(2026, 3 + i % 3, 10)) for i in range(6)]
    set_document_state(engine, stored[1].id, "draft")
    set_document_state(engine, stored[4].id, "void")
    issued = [summary_of(get_review(engine, r.id)) for r in stored if r not in (stored[1], stored[4])]
    data = summary(engine, LedgerFilters(year=2026))
    assert sum(row["count"] for row in data["by_class"]) == 4
    expected_energy = sum(s["energy"]["total_tce"] for s in issued)
    expected_new = sum(s["impact"]["new_energy_tce"] for s in issued)
    assert sum(r["energy_tce"] for r in data["by_class"]) == pytest.approx(expected_energy)
    assert sum(r["energy_equivalent_tce"] for r in data["by_class"]) == pytest.approx(expected_new)
    assert sum(r["count"] for r in data["monthly"]) == 4
    assert {int(r["month"]) for r in data["monthly"]} == {3, 5}  # the records of April are a draft and a void
    approved = [s for s in issued if s["conclusion"] in ("approve", "conditional")]
    if approved:
        weighted = (sum(s["energy"]["total_tce"] for s in approved) /
                    sum(s["impact"]["added_value"] for s in approved))
        assert data["weighted_intensity"] == pytest.approx(weighted, abs=1e-4)
    assert data["largest"][0]["energy_equivalent_tce"] == max(s["impact"]["new_energy_tce"]
                                                             for s in issued)
    assert len(list(records(engine, LedgerFilters(year=2026)))) == 4
    assert summary(engine, LedgerFilters(year=2025))["by_class"] == []
    # issuing the draft brings it in
    set_document_state(engine, stored[1].id, "issued", dt.date(2026, 6, 1))
    assert sum(r["count"] for r in summary(engine, LedgerFilters(year=2026))["by_class"]) == 5


def test_the_store_has_no_unaudited_state_setter():
    """Documents change state only through checker.store.records (authorization, audit log);
    the tests' stand-in lives in tests/support, not in the store."""
    import checker.store
    from checker.store import ledger

    assert not hasattr(checker.store, "set_document_state")
    assert not hasattr(ledger, "set_document_state")


def test_a_separately_listed_project_is_counted_apart_from_the_allowance(engine):
    """国家重大项目能耗单列 (plan 四（一）): an approved project listed separately with its basis
    is its own ledger class, outside the district's approved new energy; a rebuild in SQL and a
    void agree with what the issue posted."""
    from sqlalchemy.orm import Session

    from checker.store.ledger import approved_new_energy, rebuild
    from checker.store.models import LedgerTotal

    user = create_user(engine, "台账", "台账专用密码2026abc", "reviewer")
    plain = _store(engine, user, "普通项目", 900, 5000, dt.date(2026, 3, 10))
    data = json.loads(json.dumps(OFFICE))
    data["project"].update(name="重大项目", energy_separately_listed=True,
                           separate_listing_basis="国家重大项目清单（示例）")
    result = review(intake.validate(data), AS_OF)
    assert result.conclusion.value in ("approve", "conditional")
    listed = save_review(engine, result, json.dumps(data), user.id, recorded_on=dt.date(2026, 3, 11))
    set_document_state(engine, listed.id, "issued", dt.date(2026, 3, 11))
    by_class = {r["ledger_class"]: r for r in summary(engine, LedgerFilters(year=2026))["by_class"]}
    assert by_class["separately_listed"]["count"] == 1
    assert by_class["approved"]["count"] == 1
    plain_new = summary_of(get_review(engine, plain.id))["impact"]["new_energy_tce"]
    assert approved_new_energy(engine, 2026, 2026) == pytest.approx(plain_new)
    classes = {r["id"]: r["ledger_class"] for r in records(engine, LedgerFilters(year=2026))}
    assert classes == {plain.id: "approved", listed.id: "separately_listed"}

    def totals():
        with Session(engine) as session:
            return sorted((t.ledger_class, t.count, round(t.energy_tce, 6))
                          for t in session.query(LedgerTotal) if t.count)

    posted = totals()
    with Session(engine) as session, session.begin():
        rebuild(session)
    assert totals() == posted
    set_document_state(engine, listed.id, "void")
    assert [c for c, _, _ in totals()] == ["approved"]
