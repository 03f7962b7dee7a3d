"""Storing and finding reviews; document numbers allocated without gaps or duplicates.

Each document of a review (Review.documents(): 节能审查意见, 转报函, 告知书, 合规意见) takes
its number from its own series (rules/documents.yaml), counted per year: an exempt notice
never takes a 节能审查意见 number.  A review is stored whole or not at all: the counter
updates, the review row and its document rows are written in one transaction.  Each counter
row is locked first (``SELECT … FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so
concurrent requests get consecutive numbers; the unique constraint on (series, year, seq) is
the backstop.  Numbers are allocated in one function, `allocate_number`, called only when a document is
issued (checker.store.records): a review is stored with its documents as drafts.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload, undefer

from checker.store.audit import audit
from checker.store.ledger import ledger_figures
from checker.store.models import (Attachment, DocumentCounter, ReviewDocument, ReviewRecord,
                                  User)

NumberFormat = Callable[[str, int, int], str]  # (series, year, seq) → 开发改环资〔2026〕3号
PAGE_SIZE = 20


def allocate_number(session: Session, series: str, year: int) -> int:
    """Lock the counter row of (series, year), creating it if needed, and take the next
    sequence number: numbers of one series and year are consecutive and never reused."""
    locked = (select(DocumentCounter).where(DocumentCounter.series == series,
                                            DocumentCounter.year == year).with_for_update())
    counter = session.scalars(locked).first()
    if counter is None:
        try:
            with session.begin_nested():
                session.add(DocumentCounter(series=series, year=year, last_seq=0))
        except IntegrityError:
            pass  # another transaction created it first; the lock below waits for it
        counter = session.scalars(locked.execution_options(populate_existing=True)).one()
    counter.last_seq += 1
    return counter.last_seq


def _documents(result) -> list[ReviewDocument]:
    """One draft row per document of the review, each in its own series (numbered at issue,
    see checker.store.records)."""
    from checker import rulebook

    specs = rulebook.current().documents.documents
    return [ReviewDocument(position=i, doc_type=k, series=specs[k].series, state="draft")
            for i, k in enumerate(result.documents())]


class DuplicateKey(Exception):
    """The reviewer already stored a review under this Idempotency-Key (`review_id`)."""

    def __init__(self, review_id: int):
        super().__init__(review_id)
        self.review_id = review_id


def review_record(result, input_json: str, reviewer_id: int, previous_id: int | None = None,
                  idempotency_key: str | None = None, recorded_on: dt.date | None = None,
                  batch_item_id: int | None = None) -> ReviewRecord:
    """The row of a `checker.review.Review` with its documents as drafts (not yet in a
    session): what save_review stores, and what a batch stores many of in one transaction
    (checker.store.batches.store_results)."""
    summary = result.summary_json()
    project = result.application.project
    return ReviewRecord(
        input_json=input_json, input_sha256=result.input_sha256,
        as_of=result.as_of, rulebook_version=result.rulebook_version,
        conclusion=result.conclusion.value, outcome=result.outcome.value,
        findings_json=json.dumps(summary["findings"], ensure_ascii=False),
        summary_json=json.dumps(summary, ensure_ascii=False),
        issued_on=recorded_on or dt.date.today(), reviewer_id=reviewer_id,
        previous_id=previous_id, project_name=project.name,
        applicant=project.applicant, project_code=project.code or "",
        industry_code=project.industry_code, idempotency_key=idempotency_key,
        batch_item_id=batch_item_id, documents=_documents(result),
        **ledger_figures(summary))


def save_review(engine: Engine, result, input_json: str, reviewer_id: int,
                previous_id: int | None = None, idempotency_key: str | None = None,
                address: str = "", recorded_on: dt.date | None = None,
                batch_item_id: int | None = None) -> ReviewRecord:
    """Store a `checker.review.Review` with its documents as drafts (no numbers yet).

    With `idempotency_key`, a second review under the same key of the same reviewer is not
    stored: DuplicateKey names the first (also when two requests race). `batch_item_id`: the
    batch application it was made for, unique — a second save for the same item raises
    IntegrityError and stores nothing."""
    if idempotency_key and (found := _by_key(engine, reviewer_id, idempotency_key)):
        raise DuplicateKey(found)
    try:
        with Session(engine, expire_on_commit=False) as session:
            with session.begin():
                record = review_record(result, input_json, reviewer_id, previous_id,
                                       idempotency_key, recorded_on, batch_item_id)
                session.add(record)
                session.flush()
                reviewer = session.get(User, reviewer_id)
                audit(session, reviewer, "create", review_id=record.id, address=address,
                      detail=f"重新审查 #{previous_id}" if previous_id else "")
            return record
    except IntegrityError:
        found = idempotency_key and _by_key(engine, reviewer_id, idempotency_key)
        if found:
            raise DuplicateKey(found) from None
        raise


def _by_key(engine: Engine, reviewer_id: int, key: str) -> int | None:
    with Session(engine) as session:
        return session.scalar(select(ReviewRecord.id).where(
            ReviewRecord.reviewer_id == reviewer_id, ReviewRecord.idempotency_key == key))


def duplicates(engine: Engine, record: ReviewRecord) -> list[int]:
    """Other reviews of the same canonical input (SHA-256) and as-of date that still have a
    document in draft (not yet issued): probably the same case stored twice."""
    with Session(engine) as session:
        return list(session.scalars(
            select(ReviewRecord.id).join(ReviewDocument)
            .where(ReviewRecord.input_sha256 == record.input_sha256,
                   ReviewRecord.as_of == record.as_of, ReviewRecord.id != record.id,
                   ReviewDocument.state.in_(("draft", "submitted", "returned")))
            .distinct().order_by(ReviewRecord.id)))


def add_attachment(engine: Engine, review_id: int, filename: str, data: bytes,
                   user, address: str = "") -> Attachment:
    """Keep one of the applicant's own documents with a review (checked by the caller)."""
    digest = hashlib.sha256(data).hexdigest()
    with Session(engine, expire_on_commit=False) as session, session.begin():
        row = Attachment(review_id=review_id, filename=filename[:200], size=len(data),
                         sha256=digest, data=data, uploaded_by_id=user.id)
        session.add(row)
        session.flush()
        audit(session, user, "attach", review_id=review_id, address=address,
              detail=f"{filename[:200]}（{len(data)}字节，SHA-256 {digest}）")
    return row


def attachments(engine: Engine, review_id: int) -> list[Attachment]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(Attachment).where(Attachment.review_id == review_id)
                                    .order_by(Attachment.id)))


def attachment_data(engine: Engine, review_id: int, attachment_id: int) -> Attachment | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(Attachment).options(undefer(Attachment.data))
                               .where(Attachment.id == attachment_id,
                                      Attachment.review_id == review_id)).first()


def get_review(engine: Engine, review_id: int) -> ReviewRecord | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(ReviewRecord)
                               .options(joinedload(ReviewRecord.reviewer),
                                        joinedload(ReviewRecord.documents))
                               .where(ReviewRecord.id == review_id)).unique().first()


def count_reviews(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(ReviewRecord)) or 0


@dataclass
class Filters:
    """History filters: a search of project name, applicant, project code and document number
    (文号); conclusion, outcome, industry prefix, dates, reviewer; a document state (one of
    records.STATES) and a document type (a review with such a document)."""

    q: str = ""
    conclusion: str = ""
    outcome: str = ""
    industry: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    reviewer_id: int | None = None
    state: str = ""
    doc_type: str = ""


@dataclass
class Page:
    items: list[ReviewRecord]
    total: int
    page: int
    pages: int


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(filters: Filters):
    """The query of the reviews matching `filters`."""
    query = select(ReviewRecord)
    if filters.q:
        pattern = f"%{_escape_like(filters.q)}%"
        numbered = select(ReviewDocument.review_id).where(
            ReviewDocument.number.like(pattern, escape="\\"))
        query = query.where(or_(ReviewRecord.project_name.like(pattern, escape="\\"),
                                ReviewRecord.applicant.like(pattern, escape="\\"),
                                ReviewRecord.project_code.like(pattern, escape="\\"),
                                ReviewRecord.id.in_(numbered)))
    if filters.state or filters.doc_type:
        documents = select(ReviewDocument.review_id)
        if filters.state:
            documents = documents.where(ReviewDocument.state == filters.state)
        if filters.doc_type:
            documents = documents.where(ReviewDocument.doc_type == filters.doc_type)
        query = query.where(ReviewRecord.id.in_(documents))
    if filters.conclusion:
        query = query.where(ReviewRecord.conclusion == filters.conclusion)
    if filters.outcome:
        query = query.where(ReviewRecord.outcome == filters.outcome)
    if filters.industry:
        query = query.where(ReviewRecord.industry_code.like(
            f"{_escape_like(filters.industry)}%", escape="\\"))
    if filters.date_from:
        query = query.where(ReviewRecord.issued_on >= filters.date_from)
    if filters.date_to:
        query = query.where(ReviewRecord.issued_on <= filters.date_to)
    if filters.reviewer_id:
        query = query.where(ReviewRecord.reviewer_id == filters.reviewer_id)
    return query


def list_reviews(engine: Engine, filters: Filters, page: int = 1,
                 per_page: int = PAGE_SIZE) -> Page:
    """Reviews newest first, filtered and paged."""
    query = _filtered(filters)
    with Session(engine, expire_on_commit=False) as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        pages = max(1, -(-total // per_page))
        page = min(max(1, page), pages)
        items = list(session.scalars(
            query.options(joinedload(ReviewRecord.reviewer), selectinload(ReviewRecord.documents))
            .order_by(ReviewRecord.id.desc()).offset((page - 1) * per_page).limit(per_page)))
    return Page(items=items, total=total, page=page, pages=pages)


def all_reviews(engine: Engine, filters: Filters, limit: int = 10000) -> list[ReviewRecord]:
    """Every review matching `filters` (newest first, at most `limit`), for an export."""
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(
            _filtered(filters).options(joinedload(ReviewRecord.reviewer),
                                       selectinload(ReviewRecord.documents))
            .order_by(ReviewRecord.id.desc()).limit(limit)))


def findings_of(record: ReviewRecord) -> list[dict[str, Any]]:
    return json.loads(record.findings_json)


def summary_of(record: ReviewRecord) -> dict[str, Any]:
    return json.loads(record.summary_json)


def finding_changes(previous: ReviewRecord, current: ReviewRecord) -> dict[str, list[dict]]:
    """Findings added and removed (by rule id) and those whose outcome changed."""
    before = {f["rule_id"]: f for f in findings_of(previous)}
    after = {f["rule_id"]: f for f in findings_of(current)}
    return {
        "added": [after[r] for r in after if r not in before],
        "removed": [before[r] for r in before if r not in after],
        "changed": [after[r] for r in after if r in before and
                    (after[r]["outcome"], after[r]["severity"]) !=
                    (before[r]["outcome"], before[r]["severity"])],
    }
