"""Storing and finding reviews; opinion numbers allocated without gaps or duplicates.

A review is stored whole or not at all: the counter update and the review row are written in
one transaction.  The counter row of the year is locked first (``SELECT … FOR UPDATE`` on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so concurrent requests get consecutive numbers;
the unique constraint on (opinion_year, opinion_seq) is the backstop.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from checker.store.models import OpinionCounter, ReviewRecord

NumberFormat = Callable[[int, int], str]  # (year, seq) → 开发改环资〔2026〕3号
PAGE_SIZE = 20


def _next_seq(session: Session, year: int) -> int:
    """Lock the year's counter row (creating it if needed) and take the next number."""
    locked = select(OpinionCounter).where(OpinionCounter.year == year).with_for_update()
    counter = session.scalars(locked).first()
    if counter is None:
        try:
            with session.begin_nested():
                session.add(OpinionCounter(year=year, last_seq=0))
        except IntegrityError:
            pass  # another transaction created it first; the lock below waits for it
        counter = session.scalars(locked.execution_options(populate_existing=True)).one()
    counter.last_seq += 1
    return counter.last_seq


def save_review(engine: Engine, result, input_json: str, reviewer_id: int,
                number_format: NumberFormat, issued_on: dt.date | None = None,
                previous_id: int | None = None) -> ReviewRecord:
    """Store a `checker.review.Review` with the next opinion number of its year."""
    issued_on = issued_on or dt.date.today()
    summary = result.summary_json()
    with Session(engine, expire_on_commit=False) as session:
        with session.begin():
            session.connection(execution_options={"sqlite_immediate": True})
            seq = _next_seq(session, issued_on.year)
            record = ReviewRecord(
                input_json=input_json, input_sha256=result.input_sha256, as_of=result.as_of,
                rulebook_version=result.rulebook_version, conclusion=result.conclusion.value,
                findings_json=json.dumps(summary["findings"], ensure_ascii=False),
                summary_json=json.dumps(summary, ensure_ascii=False),
                opinion_number=number_format(issued_on.year, seq), opinion_year=issued_on.year,
                opinion_seq=seq, issued_on=issued_on, reviewer_id=reviewer_id,
                previous_id=previous_id, project_name=result.application.project.name,
                industry_code=result.application.project.industry_code)
            session.add(record)
        return record


def get_review(engine: Engine, review_id: int) -> ReviewRecord | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(ReviewRecord).options(joinedload(ReviewRecord.reviewer))
                               .where(ReviewRecord.id == review_id)).first()


def count_reviews(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(ReviewRecord)) or 0


@dataclass
class Filters:
    """History filters: project name search, conclusion, industry prefix, dates, reviewer."""

    q: str = ""
    conclusion: str = ""
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
            query.options(joinedload(ReviewRecord.reviewer))
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
