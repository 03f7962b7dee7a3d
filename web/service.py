"""What the pages and the API share: reading input, reviewing, storing, rendering the PDF."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import current_app

from checker import intake, rulebook
from checker.dates import parse_review_date
from checker.intake import InputError
from checker.review import Review, review
from checker.store import ReviewRecord, get_review, save_review
from web.db import engine

# the largest id the id columns hold: they are INTEGER, 32 bits on PostgreSQL, whose
# "integer out of range" a larger number would raise (SQLite's integers are wider)
MAX_ID = 2**31 - 1


class RulebookChanged(Exception):
    """The stored review was made with another rulebook version than the one loaded now."""

    def __init__(self, stored: str, current: str):
        super().__init__(f"本审查使用的规则库版本为 {stored}，当前规则库版本为 {current}，"
                         f"规则已变更，无法按原规则重新生成审查意见书。请重新审查后出具。")


def find_review(review_id: int) -> ReviewRecord | None:
    """The stored review with this id, else None — also for ids no database column can hold
    (the URL converter accepts any number of digits)."""
    if not 0 < review_id <= MAX_ID:
        return None
    return get_review(engine(), review_id)


def parse_as_of(text: str | None) -> dt.date:
    """The as-of date (审查基准日) from ``YYYY-MM-DD``; empty means today."""
    text = (text or "").strip()
    if not text:
        return dt.date.today()
    try:
        return parse_review_date(text)
    except ValueError as exc:
        raise InputError([{"path": "as_of", "title": "审查基准日", "message": str(exc)}]) from None


def number_format(series: str, year: int, seq: int) -> str:
    """The number of a document of `series` (its own prefix, configured per series)."""
    from checker.opinion import document_number

    setting = rulebook.current().documents.series[series].setting
    return document_number(current_app.config[setting], year, seq)


def create_review(data: Any, input_text: str, as_of: dt.date, user_id: int,
                  previous_id: int | None = None,
                  batch_item_id: int | None = None) -> tuple[ReviewRecord, Review]:
    """Validate, review and store; InputError (nothing stored) on bad input — also for text
    no database can store or that would display as something else (intake.text_problem),
    whether it came as JSON or from the form."""
    intake.refuse_unsafe_text(data)
    application = intake.validate(data)
    result = review(application, as_of)
    record = save_review(engine(), result, input_text, user_id, number_format,
                         previous_id=previous_id, batch_item_id=batch_item_id)
    return record, result


def stored_input(record: ReviewRecord) -> Any:
    """The stored input parsed (it was valid when stored)."""
    return intake.parse_json(record.input_json)


def rereview(record: ReviewRecord) -> Review:
    """Review the stored input again as of the stored date; the rulebook must be unchanged."""
    current = rulebook.current().version
    if current != record.rulebook_version:
        raise RulebookChanged(record.rulebook_version, current)
    result = review(intake.validate(stored_input(record)), record.as_of)
    if result.input_sha256 != record.input_sha256:  # pragma: no cover - corrupted row
        raise RulebookChanged(record.rulebook_version, current)
    return result


def stored_document(record: ReviewRecord, kind: str | None = None):
    """The stored document `kind` of a review (default: its main document), or None."""
    documents = record.documents
    if kind is None:
        return documents[0] if documents else None
    return next((d for d in documents if d.doc_type == kind), None)


def opinion_pdf(record: ReviewRecord, kind: str | None = None) -> bytes:
    """A document PDF of a stored review (default: the main one), rendered with its stored
    number and date and its issuing bureau (configured per issuer)."""
    from checker.opinion import OpinionMeta, render_pdf

    document = stored_document(record, kind)
    book = rulebook.current().documents
    issuer = book.issuers[book.documents[document.doc_type].issuer]
    meta = OpinionMeta(number=document.number, issued_on=document.issued_on or record.issued_on,
                       authority=current_app.config[issuer.setting])
    return render_pdf(rereview(record), meta, document.doc_type)


def pdf_filename(record: ReviewRecord, kind: str | None = None) -> str:
    from checker.opinion import document_title

    document = stored_document(record, kind)
    return f"{document_title(document.doc_type)}-{document.number or '草稿'}.pdf"


def documents_view(record: ReviewRecord) -> list[dict]:
    """The documents of a stored review for the page and the API: type, name, number."""
    from checker.opinion import document_title

    return [{"type": d.doc_type, "name": document_title(d.doc_type), "series": d.series,
             "state": d.state, "number": d.number, "issued_on":
             d.issued_on.isoformat() if d.issued_on else None} for d in record.documents]


def pretty(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
