"""Storing and finding reviews; document numbers allocated without gaps or duplicates.

Each document of a review (Review.documents(): 节能审查意见, 转报函, 告知书, 合规意见) takes
its number from its own series (rules/documents.yaml), counted per year: an exempt notice
never takes a 节能审查意见 number.  A review is stored whole or not at all: the counter
updates, the review row and its document rows are written in one transaction.  Each counter
row is locked first (``SELECT … FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so
concurrent requests get consecutive numbers; the unique constraint on (series, year, seq) is
the backstop.  Numbers are allocated in one function, `allocate_number`, so that a later
sign-off step can call it instead of the store.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from checker.store.models import DocumentCounter, ReviewDocument, ReviewRecord

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


def _documents(session: Session, result, number_format: NumberFormat,
               issued_on: dt.date) -> list[ReviewDocument]:
    """One row per document of the review, each numbered from its own series (in the order
    of the series' names, so concurrent transactions lock counters in the same order)."""
    from checker import rulebook

    specs = rulebook.current().documents.documents
    kinds = result.documents()
    seqs = {specs[k].series: 0 for k in sorted(kinds, key=lambda k: specs[k].series)}
    for series in seqs:
        seqs[series] = allocate_number(session, series, issued_on.year)
    return [ReviewDocument(position=i, doc_type=k, series=specs[k].series, state="issued",
                           number=number_format(specs[k].series, issued_on.year,
                                                seqs[specs[k].series]),
                           year=issued_on.year, seq=seqs[specs[k].series], issued_on=issued_on)
            for i, k in enumerate(kinds)]


def save_review(engine: Engine, result, input_json: str, reviewer_id: int,
                number_format: NumberFormat, issued_on: dt.date | None = None,
                previous_id: int | None = None,
                batch_item_id: int | None = None) -> ReviewRecord:
    """Store a `checker.review.Review` with its documents, each numbered from its series
    (`batch_item_id`: the batch application it was made for, unique — a second save for the
    same item raises IntegrityError and stores nothing)."""
    issued_on = issued_on or dt.date.today()
    summary = result.summary_json()
    with Session(engine, expire_on_commit=False) as session:
        with session.begin():
            session.connection(execution_options={"sqlite_immediate": True})
            documents = _documents(session, result, number_format, issued_on)
            main = documents[0]
            record = ReviewRecord(
                input_json=input_json, input_sha256=result.input_sha256, as_of=result.as_of,
                rulebook_version=result.rulebook_version, conclusion=result.conclusion.value,
                outcome=result.outcome.value,
                findings_json=json.dumps(summary["findings"], ensure_ascii=False),
                summary_json=json.dumps(summary, ensure_ascii=False),
                opinion_number=main.number, opinion_year=main.year, opinion_seq=main.seq,
                issued_on=issued_on, reviewer_id=reviewer_id,
                previous_id=previous_id, batch_item_id=batch_item_id, project_name=result.application.project.name,
                industry_code=result.application.project.industry_code,
                documents=documents)
            session.add(record)
        return record


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
    """History filters: project name search, conclusion, outcome, industry prefix, dates,
    reviewer."""

    q: str = ""
    conclusion: str = ""
    outcome: str = ""
    industry: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    reviewer_id: int | None = None


@dataclass
class Page:
    items: list[ReviewRecord]
    total: int
    page: int
    pages: int


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_reviews(engine: Engine, filters: Filters, page: int = 1,
                 per_page: int = PAGE_SIZE) -> Page:
    """Reviews newest first, filtered and paged."""
    query = select(ReviewRecord)
    if filters.q:
        query = query.where(ReviewRecord.project_name.like(
            f"%{_escape_like(filters.q)}%", escape="\\"))
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
    with Session(engine, expire_on_commit=False) as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        pages = max(1, -(-total // per_page))
        page = min(max(1, page), pages)
        items = list(session.scalars(
            query.options(joinedload(ReviewRecord.reviewer), selectinload(ReviewRecord.documents))
            .order_by(ReviewRecord.id.desc()).offset((page - 1) * per_page).limit(per_page)))
    return Page(items=items, total=total, page=page, pages=pages)


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
