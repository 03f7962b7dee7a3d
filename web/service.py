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


def number_format(year: int, seq: int) -> str:
    from checker.opinion import document_number

    return document_number(current_app.config["OPINION_NUMBER_PREFIX"], year, seq)


def create_review(data: Any, input_text: str, as_of: dt.date, user_id: int,
                  previous_id: int | None = None) -> tuple[ReviewRecord, Review]:
    """Validate, review and store; InputError (nothing stored) on bad input — also for text
    no database can store or that would display as something else (intake.text_problem),
    whether it came as JSON or from the form."""
    intake.refuse_unsafe_text(data)
    application = intake.validate(data)
    result = review(application, as_of)
    record = save_review(engine(), result, input_text, user_id, number_format,
                         previous_id=previous_id)
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


def opinion_pdf(record: ReviewRecord) -> bytes:
    """The opinion PDF of a stored review, rendered with its stored number and date."""
    from checker.opinion import OpinionMeta, render_pdf

    meta = OpinionMeta(number=record.opinion_number, issued_on=record.issued_on,
                       authority=current_app.config["OPINION_AUTHORITY"])
    return render_pdf(rereview(record), meta)


def pdf_filename(record: ReviewRecord) -> str:
    return f"节能审查意见-{record.opinion_number}.pdf"


def pretty(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
