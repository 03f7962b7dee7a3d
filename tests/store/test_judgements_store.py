"""Judgements (人工复核) stored with a review, on SQLite and PostgreSQL: the record's
conclusion and documents follow, every change is in the audit log, nothing after issue."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from checker import intake
from checker.judgement import JudgementError, parse
from checker.review import review
from checker.store import AuditEvent, ReviewDocument, create_user, get_review, records, save_review
from checker.store.judgements import (JudgementRefused, judge, judgement_rows, judgements_of,
                                      reviewed_result, reviewed_summary, withdraw)
from tests.conftest import SAMPLES

AS_OF = dt.date(2026, 1, 15)
VETO = "procedure.built_before_approval_order31"  # 未批先建 under Order 31 (Art. 24)


def _sample(name: str):
    data = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return review(intake.validate(data), AS_OF), json.dumps(data, ensure_ascii=False)


@pytest.fixture
def people(engine):
    return {"drafter": create_user(engine, "起草人甲", "correct horse battery", "reviewer"),
            "other": create_user(engine, "审查人乙", "correct horse battery", "reviewer"),
            "approver": create_user(engine, "签发人丙", "correct horse battery", "approver")}


def _stored(engine, people, name="built_before_approval"):
    result, text = _sample(name)
    return save_review(engine, result, text, people["drafter"].id)


def _events(engine, review_id):
    with Session(engine) as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.review_id == review_id)
                                    .order_by(AuditEvent.id)))


def test_a_set_aside_veto_changes_the_stored_conclusion_and_is_audited(engine, people):
    record = _stored(engine, people)
    assert record.conclusion == "reject"
    judge(engine, record.id, parse({"kind": "set_aside", "rule_id": VETO,
                                    "reason": "现场核实未开工"}), people["drafter"], "10.0.0.1")
    stored = get_review(engine, record.id)
    assert stored.conclusion == "conditional"
    assert json.loads(stored.findings_json)[0]["rule_id"] == VETO  # the engine's, unchanged
    result = reviewed_result(engine, record.id)
    assert result.parts and result.engine_parts
    assert result.engine_parts[result.set_aside[0].original.part].conclusion.value == "reject"
    assert VETO not in [f.rule_id for f in result.findings]
    summary = reviewed_summary(engine, stored)
    assert summary["conclusion"] == "conditional" and summary["engine"]["conclusion"] == "reject"
    event = _events(engine, record.id)[-1]
    assert (event.action, event.user_name, event.address) == ("judge", "起草人甲", "10.0.0.1")
    assert "现场核实未开工" in event.detail and "不予采纳" in event.detail
    judgement = judgements_of(engine, record.id)[0]
    assert judgement.author == "起草人甲" and judgement.at is not None


def test_withdrawing_restores_the_engine_conclusion_and_keeps_the_row(engine, people):
    record = _stored(engine, people)
    row = judge(engine, record.id, parse({"kind": "set_aside", "rule_id": VETO,
                                          "reason": "核实"}), people["drafter"])
    withdraw(engine, record.id, row.id, people["drafter"])
    assert get_review(engine, record.id).conclusion == "reject"
    assert judgements_of(engine, record.id) == []
    rows = judgement_rows(engine, record.id)
    assert rows[0].withdrawn_by == "起草人甲" and rows[0].withdrawn_at is not None
    assert _events(engine, record.id)[-1].action == "judge_withdraw"
    with pytest.raises(JudgementRefused):
        withdraw(engine, record.id, row.id, people["drafter"])


def test_only_the_drafter_judges_and_bad_judgements_store_nothing(engine, people):
    record = _stored(engine, people)
    with pytest.raises(JudgementRefused) as refused:
        judge(engine, record.id, parse({"kind": "set_aside", "rule_id": VETO, "reason": "x"}),
              people["other"])
    assert refused.value.status == 403
    with pytest.raises(JudgementError):
        judge(engine, record.id, parse({"kind": "added", "part": "energy", "severity": "veto",
                                        "title": "t", "text": "x", "reason": "y",
                                        "citation": "no.such"}), people["drafter"])
    assert judgement_rows(engine, record.id) == []
    assert [e.action for e in _events(engine, record.id)] == ["create"]


def test_no_judgement_once_submitted_or_issued(engine, people):
    record = _stored(engine, people)
    document = record.documents[0]
    records.submit(engine, document.id, people["drafter"])
    with pytest.raises(JudgementRefused, match="草稿或已退回"):
        judge(engine, record.id, parse({"kind": "set_aside", "rule_id": VETO, "reason": "x"}),
              people["drafter"])
    records.issue(engine, document.id, people["approver"], lambda s, y, n: f"测试〔{y}〕{n}号",
                  lambda d, n, on: b"%PDF-1.7 stand-in", issued_on=AS_OF)
    with pytest.raises(JudgementRefused, match="已签发"):
        judge(engine, record.id, parse({"kind": "set_aside", "rule_id": VETO, "reason": "x"}),
              people["drafter"])
    assert get_review(engine, record.id).conclusion == "reject"


def test_a_returned_document_may_be_judged(engine, people):
    record = _stored(engine, people)
    document = record.documents[0]
    records.submit(engine, document.id, people["drafter"])
    records.return_document(engine, document.id, people["approver"], "请复核建设状态")
    # a judgement that keeps the document type (setting the Art. 24 veto aside would turn the
    # 责令停止建设、限期整改通知书 into an opinion: refused while the notice has a history)
    judge(engine, record.id, parse({"kind": "severity", "rule_id": "metering.gb17167",
                                    "severity": "advisory", "reason": "已复核"}),
          people["drafter"])
    assert [j.rule_id for j in judgement_rows(engine, record.id)] == ["metering.gb17167"]


def test_the_draft_documents_follow_the_reviewed_result(engine, people):
    record = _stored(engine, people, "logistics_warehouse")
    assert [d.doc_type for d in record.documents] == ["energy_opinion", "pollutant_opinion"]
    row = judge(engine, record.id, parse({"kind": "set_aside",
                                          "rule_id": "emission_class.nonroad_china4",
                                          "reason": "已更新"}), people["drafter"])
    assert [d.doc_type for d in get_review(engine, record.id).documents] == ["energy_opinion"]
    withdraw(engine, record.id, row.id, people["drafter"])
    with Session(engine) as session:
        kinds = session.scalars(select(ReviewDocument.doc_type).where(
            ReviewDocument.review_id == record.id).order_by(ReviewDocument.position)).all()
    assert kinds == ["energy_opinion", "pollutant_opinion"]


def test_an_added_veto_rejects(engine, people):
    record = _stored(engine, people, "food_factory")
    assert record.conclusion == "conditional"
    judge(engine, record.id, parse({"kind": "added", "part": "energy", "severity": "veto",
                                    "title": "选址不符", "text": "项目位于禁建区。",
                                    "citation": "kaifu.3.1", "reason": "现场踏勘"}),
          people["drafter"])
    assert get_review(engine, record.id).conclusion == "reject"
    summary = reviewed_summary(engine, get_review(engine, record.id))
    assert summary["findings"][0]["judgement"]["kind"] == "added"


def test_the_ledger_counts_the_reviewed_findings_of_an_issued_record(engine, people):
    """A finding set aside before issue is not in the ledger's findings; a reviewer's own
    added finding is, at the severity the reviewer gave it."""
    from checker.store.models import LedgerFinding

    record = _stored(engine, people)
    judge(engine, record.id, parse({"kind": "set_aside", "rule_id": VETO, "reason": "核实"}),
          people["drafter"])
    judge(engine, record.id, parse({"kind": "added", "part": "energy", "severity": "condition",
                                    "title": "补充计量", "text": "补充能源计量器具。",
                                    "citation": "kaifu.3.1", "reason": "现场踏勘"}),
          people["drafter"])
    document = get_review(engine, record.id).documents[0]
    records.submit(engine, document.id, people["drafter"])
    records.issue(engine, document.id, people["approver"], lambda s, y, n: f"测试〔{y}〕{n}号",
                  lambda d, n, on: b"%PDF-1.7 stand-in", issued_on=AS_OF)
    with Session(engine) as session:
        rows = session.scalars(select(LedgerFinding).where(
            LedgerFinding.review_id == record.id)).all()
    counted = {(r.rule_id, r.severity) for r in rows}
    assert VETO not in {rule for rule, _ in counted}
    assert any(severity == "condition" and rule not in {f["rule_id"] for f in json.loads(
        record.findings_json)} for rule, severity in counted)


def test_a_judgement_racing_an_issue_waits_and_is_refused(engine, people):
    """A judgement arriving while the document is being issued (its PDF rendering, which
    runs before the issue's write transaction and holds no row lock) is refused at once —
    the document is submitted (待签发) — and the issue completes: no deadlock, nothing half
    done.  (Until the rendering moved out of the transaction, the judgement waited for the
    issue's row locks and was then refused.)"""
    import threading

    from sqlalchemy import text

    if engine.dialect.name != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    record = _stored(engine, people)
    document = record.documents[0]
    records.submit(engine, document.id, people["drafter"])
    outcome: dict = {}

    def waiting() -> bool:
        """True once a transaction of this database waits for a lock."""
        with engine.connect() as connection:
            return bool(connection.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()")))

    def render(doc, number_text, day):
        # the judgement runs to its end while the document renders, waiting for no lock
        judging.start()
        judging.join(60)
        outcome["waited"] = waiting()
        return b"%PDF-1.7 stand-in"

    def run_judge():
        try:
            judge(engine, record.id, parse({"kind": "set_aside", "rule_id": VETO,
                                            "reason": "现场核实"}), people["drafter"])
            outcome["judge"] = "judged"
        except Exception as exc:  # reported below
            outcome["judge"] = exc

    judging = threading.Thread(target=run_judge)
    try:
        records.issue(engine, document.id, people["approver"],
                      lambda s, y, n: f"测试〔{y}〕{n}号", render, issued_on=AS_OF)
        outcome["issue"] = "issued"
    except Exception as exc:  # reported below
        outcome["issue"] = exc
    judging.join(60)
    assert outcome["issue"] == "issued", outcome
    assert outcome["waited"] is False
    assert isinstance(outcome["judge"], JudgementRefused), outcome
    assert "待签发" in str(outcome["judge"])
    stored = get_review(engine, record.id)
    assert stored.documents[0].state == "issued" and stored.conclusion == "reject"
    assert judgements_of(engine, record.id) == []
