"""A stored review's judgements (人工复核) and its reviewed result.

The drafter of a review may set a finding aside, change its severity or add a finding of their
own (checker.judgement), each with a reason, and withdraw a judgement — only while every
document of the review is a draft or returned (草稿 / 已退回): a document submitted for issue,
issued or voided is never changed by a judgement.  Each change is written to the audit log in
its transaction (who, when, what, the reason); a withdrawn judgement keeps its row.

The engine's findings (reviews.findings_json, summary_json) stay as stored; the record's
conclusion and outcome columns (history, ledger) follow the reviewed result, and so do its
draft documents: a judgement that changes which documents the review produces re-types or
removes a draft that has no history of its own, and is refused otherwise.

`reviewed_result(engine, review_id)` is the one way to read what the bureau decided about a
stored review (the reviewed findings, conclusions and outcome, the engine's beside).
"""
from __future__ import annotations

import json

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from checker.findings import Finding, stored_finding
from checker.judgement import (Judged, Judgement, JudgementError, Kind, Reviewed, apply,
                               check)
from checker.refusals import Conflict
from checker.severity import Part, Severity
from checker.store.audit import audit
from checker.store.book import or_shipped
from checker.store.models import (ACT_POSITION, AuditEvent, JudgementRecord, ReviewDocument,
                                  ReviewRecord, User, utcnow)

OPEN_STATES = ("draft", "returned")
# judgements that count on one record at most: each is a paragraph of the documents and of
# the working paper, re-applied at every rendering (200 made one issue take 11.7 s)
MAX_JUDGEMENTS = 50


class JudgementRefused(Conflict):
    """A judgement the record does not accept now (message in Chinese; `status` for HTTP)."""


def judgement_of_row(row: JudgementRecord) -> Judgement:
    if row.kind == Kind.FACTOR.value:  # a supplied CO₂ factor: title holds the value, text the source
        return Judgement(kind=Kind.FACTOR, rule_id=row.rule_id, value=float(row.title or 0),
                         source=row.text, reason=row.reason, id=row.id, author=row.created_by,
                         at=row.created_at)
    return Judgement(kind=Kind(row.kind), rule_id=row.rule_id,
                     severity=Severity(row.severity) if row.severity else None,
                     part=Part(row.part) if row.part else None, title=row.title, text=row.text,
                     citation=row.citation, reason=row.reason, id=row.id, author=row.created_by,
                     at=row.created_at)


def _active(session: Session, review_id: int) -> list[JudgementRecord]:
    return list(session.scalars(select(JudgementRecord).where(
        JudgementRecord.review_id == review_id, JudgementRecord.withdrawn_at.is_(None))
        .order_by(JudgementRecord.id)))


def judgements_of(engine: Engine, review_id: int) -> list[Judgement]:
    """The judgements that count on a review, in the order they were made."""
    with Session(engine) as session:
        return [judgement_of_row(r) for r in _active(session, review_id)]


def judgement_rows(engine: Engine, review_id: int) -> list[JudgementRecord]:
    """Every judgement ever made on a review (withdrawn ones included), oldest first."""
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(JudgementRecord).where(
            JudgementRecord.review_id == review_id).order_by(JudgementRecord.id)))


EARLY_RECORD = ("本记录由早期版本存档，其审查发现无法读取，不能人工复核；请重新审查后复核")


def engine_findings(record: ReviewRecord) -> list[Finding]:
    """The engine's findings as stored with the record (records stored before findings had a
    review part are of the energy part, as the result page reads them).  JudgementRefused (409)
    when they cannot be read as findings (an early record: no outcome, no parameters)."""
    try:
        return [Finding.model_validate(stored_finding(f))
                for f in json.loads(record.findings_json)]
    except ValidationError:
        raise JudgementRefused(EARLY_RECORD) from None


def _apply(record: ReviewRecord, judgements: list[Judgement], strict: bool,
           book=None) -> Reviewed:
    book = or_shipped(book)
    return apply(engine_findings(record), judgements, book.citations,
                 book.documents.for_parts, strict=strict)


def reviewed_of(record: ReviewRecord, judgements: list[Judgement]) -> Reviewed:
    """The reviewed result of a stored record under stored judgements."""
    return _apply(record, judgements, strict=False)


def reviewed_findings(session: Session, record: ReviewRecord) -> list[dict]:
    """The findings that count on a record, read in the caller's transaction (the ledger's
    at issue): the stored engine findings when nobody judged them, else the reviewed ones
    (set-aside findings left out, re-graded ones at their new severity, added ones in)."""
    judgements = [judgement_of_row(r) for r in _active(session, record.id)]
    if not judgements:
        return [stored_finding(f) for f in json.loads(record.findings_json or "[]")]
    return [f.json() for f in reviewed_of(record, judgements).findings]


def reviewed_co2(session: Session, record: ReviewRecord) -> float | None:
    """The CO₂ (t/a) the record's documents state, read in the caller's transaction (the
    ledger's, at issue): the stored review's carbon total, or — when the drafter supplied
    missing factors (补充排放因子) — the total of the carbon account with them."""
    judgements = [judgement_of_row(r) for r in _active(session, record.id)]
    carbon = _carbon_with_factors(record, judgements).get("carbon")
    return record.co2_t if carbon is None else carbon.get("total_tco2")


def reviewed_result(engine: Engine, review_id: int) -> Reviewed | None:
    """What the bureau decided about a stored review: the engine's stored findings with the
    judgements that count applied — reviewed findings, each part's conclusion, the outcome and
    the documents, the engine's own parts and outcome beside (None: no such review)."""
    with Session(engine) as session:
        record = session.get(ReviewRecord, review_id)
        if record is None:
            return None
        return reviewed_of(record, [judgement_of_row(r) for r in _active(session, review_id)])


def reviewed_summary(engine: Engine, record: ReviewRecord, book=None) -> dict:
    """The record's summary JSON as reviewed (the stored engine summary when not judged);
    `book`: the rulebook the record was reviewed under (web: rebuilt by the app's provider;
    default the shipped one), which supplied CO₂ factors are applied with."""
    summary = json.loads(record.summary_json)
    judgements = judgements_of(engine, record.id)
    if not judgements:
        return summary
    return {**summary, **reviewed_of(record, judgements).summary(),
            **_carbon_with_factors(record, judgements, book)}


def _carbon_with_factors(record: ReviewRecord, judgements: list[Judgement], book=None) -> dict:
    """The carbon account, evaluation status and sentences with the factors the drafter
    supplied (补充排放因子), the stored review re-run with the rulebook it was made with (the
    stored ones when there is none, or the rulebook has changed since)."""
    if not any(j.kind is Kind.FACTOR for j in judgements):
        return {}
    from checker import intake
    from checker.review import review, reviewed

    book = or_shipped(book)
    if book.version != record.rulebook_version:
        return {}
    application = intake.validate(json.loads(record.input_json), book.carriers)
    result = reviewed(review(application, record.as_of, book),
                      judgements, book, strict=False)
    return {"carbon": result.carbon.json(), "carbon_status": result.carbon_status.json(),
            "carbon_evaluation": list(result.carbon_evaluation)}


def refusal(user_id: int, record: ReviewRecord, documents) -> JudgementRefused | None:
    """Why `user_id` may not judge `record` now (None: they may): only the drafter, and only
    while every document of the review is a draft or returned.  The one statement of the rule:
    the store enforces it (`_locked`), the page asks it before offering the forms."""
    if user_id != record.reviewer_id:
        return JudgementRefused("只有起草人可以人工复核本审查记录", 403)
    busy = [d for d in documents if d.state not in OPEN_STATES]
    if busy:
        return JudgementRefused(f"文书已{busy[0].state_label}，人工复核只能在文书为草稿或"
                                "已退回时进行（已签发的文书不会被更改）")
    return None


def may_judge(user_id: int, record: ReviewRecord) -> bool:
    """True when `user_id` may judge `record` now (see `refusal`)."""
    return refusal(user_id, record, record.documents) is None


def _locked(session: Session, review_id: int, user: User) -> ReviewRecord:
    """The record, locked with its documents, if `user` may judge it now.

    Lock order (PostgreSQL row locks): the review's documents first, then the review row — the
    order of the document life cycle (checker.store.records locks a document, then updates its
    review), so a judgement racing an issue waits instead of deadlocking."""
    session.connection(execution_options={"sqlite_immediate": True})
    documents = list(session.scalars(select(ReviewDocument).where(
        ReviewDocument.review_id == review_id).order_by(ReviewDocument.id)
        .with_for_update()))
    record = session.scalars(select(ReviewRecord).where(ReviewRecord.id == review_id)
                             .with_for_update()).first()
    if record is None:
        raise JudgementRefused("审查记录不存在", 404)
    if (refused := refusal(user.id, record, documents)) is not None:
        raise refused
    return record


def _follow(session: Session, record: ReviewRecord, result: Reviewed) -> None:
    """The record's conclusion, outcome and draft documents follow the reviewed result."""
    record.conclusion = result.parts[Part.ENERGY].conclusion.value
    record.outcome = result.outcome.value
    specs = or_shipped(None).documents.documents
    documents = list(session.scalars(select(ReviewDocument).where(
        ReviewDocument.review_id == record.id, ReviewDocument.position < ACT_POSITION)
        .order_by(ReviewDocument.position)))
    wanted = list(result.documents)

    def free(document: ReviewDocument) -> bool:
        """A draft without a history of its own may be re-typed or removed."""
        return document.state == "draft" and session.scalar(
            select(AuditEvent.id).where(AuditEvent.document_id == document.id).limit(1)) is None

    for position, kind in enumerate(wanted):
        document = next((d for d in documents if d.position == position), None)
        if document is None:
            session.add(ReviewDocument(review_id=record.id, position=position, doc_type=kind,
                                       series=specs[kind].series, state="draft"))
        elif document.doc_type != kind:
            if not free(document):
                raise JudgementRefused(_changes_documents(document, specs))
            document.doc_type, document.series = kind, specs[kind].series
    for document in documents:
        if document.position >= len(wanted):
            if not free(document):
                raise JudgementRefused(_changes_documents(document, specs))
            session.delete(document)


def _changes_documents(document: ReviewDocument, specs) -> str:
    return (f"该复核将改变本审查应出具的文书，但“{specs[document.doc_type].name}”已有办理记录"
            "（提交或退回），不能更改；请撤回后重新审查")


def missing_factors(record: ReviewRecord) -> dict[str, str]:
    """The CO₂ factors the stored review's carbon account lacks: parameter name → carrier."""
    from checker.rulebook.carriers import factor_name

    lines = (json.loads(record.summary_json or "{}").get("carbon") or {}).get("by_source") or []
    return {factor_name(line["carrier"]): line["title"] for line in lines
            if line.get("tco2") is None}


def _detail(judgement: Judgement, result: Reviewed, position_key: str) -> str:
    if judgement.kind is Kind.FACTOR:
        return (f"{judgement.kind.label}：{judgement.rule_id} = {judgement.value:g}"
                f"（来源：{judgement.source}）；理由：{judgement.reason}")
    judged = result.judgement_of(position_key) or Judged(judgement, None, None)
    return (f"{judgement.kind.label}：{judged.title}（{position_key}），原为{judged.before_label}，"
            f"复核后{judged.after_label}；理由：{judgement.reason}")


def judge(engine: Engine, review_id: int, judgement: Judgement, user: User,
          address: str = "") -> JudgementRecord:
    """Record a judgement of the drafter on a review (JudgementError: it does not fit the
    findings; JudgementRefused: not now, not this user); conclusion, outcome and draft
    documents follow, the audit log records it — all in one transaction."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        record = _locked(session, review_id, user)
        existing = [judgement_of_row(r) for r in _active(session, review_id)]
        if len(existing) >= MAX_JUDGEMENTS:
            raise JudgementRefused(f"每个审查记录最多{MAX_JUDGEMENTS}条人工复核意见（现有"
                                   f"{len(existing)}条）；请撤回或合并已有意见后再添加")
        book = or_shipped()
        findings = engine_findings(record)
        check(judgement, findings, book.citations,
              [j for j in existing if j.kind is not Kind.ADDED], missing_factors(record))
        factor = judgement.kind is Kind.FACTOR
        row = JudgementRecord(review_id=review_id, kind=judgement.kind.value,
                              rule_id=judgement.rule_id if judgement.kind is not Kind.ADDED
                              else None,
                              severity=judgement.severity.value if judgement.severity else None,
                              part=judgement.part.value if judgement.part else None,
                              title=repr(judgement.value) if factor else judgement.title,
                              text=judgement.source if factor else judgement.text,
                              citation=judgement.citation, reason=judgement.reason,
                              created_by_id=user.id, created_by=user.name, created_at=utcnow())
        session.add(row)
        session.flush()
        stored = judgement_of_row(row)
        result = _apply(record, [*existing, stored], strict=False)
        _follow(session, record, result)
        audit(session, user, "judge", review_id=review_id, address=address,
              detail=_detail(stored, result, stored.key(len(existing) + 1)))
        return row


def withdraw(engine: Engine, review_id: int, judgement_id: int, user: User,
             address: str = "") -> JudgementRecord:
    """Withdraw a judgement (its row stays, marked withdrawn); the record follows again."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        record = _locked(session, review_id, user)
        row = session.get(JudgementRecord, judgement_id)
        if row is None or row.review_id != review_id or row.withdrawn_at is not None:
            raise JudgementRefused("本审查记录没有该人工复核意见", 404)
        before = [judgement_of_row(r) for r in _active(session, review_id)]
        position = next(i for i, j in enumerate(before, 1) if j.id == row.id)
        detail = _detail(before[position - 1], _apply(record, before, strict=False),
                         before[position - 1].key(position))
        row.withdrawn_at, row.withdrawn_by = utcnow(), user.name
        _follow(session, record, _apply(record, [j for j in before if j.id != row.id],
                                        strict=False))
        audit(session, user, "judge_withdraw", review_id=review_id, address=address,
              detail=f"撤回 {detail}")
        return row


__all__ = ["JudgementError", "JudgementRefused", "engine_findings", "judge", "judgement_of_row",
           "judgement_rows", "may_judge", "refusal",
           "judgements_of", "reviewed_of", "reviewed_result", "reviewed_summary", "withdraw"]
