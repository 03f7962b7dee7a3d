"""What the pages and the API share: reading input, reviewing, storing, rendering the PDF."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import has_request_context, current_app, request

from checker import intake, rulebook
from checker import dates
from checker.dates import beijing_date, parse_review_date
from checker.intake import InputError
from checker.review import Review, review
from checker.store import ReviewDocument, ReviewRecord, get_review, records, save_review
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


def now() -> dt.datetime:
    """The moment of this request (the app's CLOCK: the system clock, or a test's fixed one)."""
    return current_app.config["CLOCK"]()


def today() -> dt.date:
    """The bureau's today (Beijing time) at this request: see checker.dates.today."""
    return dates.today(now())


def parse_as_of(text: str | None) -> dt.date:
    """The as-of date (审查基准日) from ``YYYY-MM-DD``; empty means today (Beijing time)."""
    text = (text or "").strip()
    if not text:
        return today()
    try:
        return parse_review_date(text)
    except ValueError as exc:
        raise InputError([{"path": "as_of", "title": "审查基准日", "message": str(exc)}]) from None


def number_format(series: str, year: int, seq: int) -> str:
    """The number of a document of `series` (its own prefix, configured per series)."""
    from checker.opinion import document_number

    setting = rulebook.current().documents.series[series].setting
    return document_number(current_app.config[setting], year, seq)


def address() -> str:
    """The client's address for the audit log (behind PROXY_FIX: the forwarded one); a
    background worker (a batch) has no client: "" there."""
    return (request.remote_addr or "") if has_request_context() else ""


def create_review(data: Any, input_text: str, as_of: dt.date, user_id: int,
                  previous_id: int | None = None,
                  idempotency_key: str | None = None,
                  batch_item_id: int | None = None, user_name: str | None = None,
                  find_duplicates: bool = False) -> tuple[ReviewRecord, Review]:
    """Validate, review and store with draft documents; InputError (nothing stored) on bad
    input — also for text no database can store or that would display as something else
    (intake.text_problem), whether it came as JSON or from the form. A repeated
    `idempotency_key` raises store.DuplicateKey naming the review stored first.  `user_name`
    and `find_duplicates`: see store.save_review."""
    result = review_input(data, as_of)
    record = save_review(engine(), result, input_text, user_id, previous_id=previous_id,
                         idempotency_key=idempotency_key, address=address(),
                         recorded_on=today(),
                         batch_item_id=batch_item_id, reviewer_name=user_name,
                         find_duplicates=find_duplicates)
    return record, result


def review_input(data: Any, as_of: dt.date) -> Review:
    """Check and review an application as create_review does before storing it (InputError
    on bad input); a batch worker stores many such reviews at once (web.jobs)."""
    intake.refuse_unsafe_text(data)
    return review(intake.validate(data), as_of)


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
    """A document PDF of a stored review (default: the main one).

    An issued (or voided) document answers the PDF/A bytes stored at its issue, whatever the
    rulebook has become since; a document issued before PDFs were archived is rendered once
    with its number and archived.  A draft is rendered from the review (watermarked 草稿, no
    number), which needs the rulebook it was made with (RulebookChanged otherwise)."""
    document = stored_document(record, kind)
    if document.state == "void":
        return void_pdf(record, document)
    if document.state == "issued":
        return archived_pdf(record, document)
    return _render(record, document, None, today(), None)


def archived_pdf(record: ReviewRecord, document: ReviewDocument) -> bytes:
    """The archived PDF/A bytes of an issued or voided document, exactly as stored at its
    issue (their SHA-256 is the record's); a document issued before PDFs were archived is
    rendered once with its number and archived."""
    stored = records.stored_pdf(engine(), document.id)
    if stored is not None:
        return stored
    pdf = _render(record, document, document.number,
                  document.issued_on or record.issued_on, "pdf/a-3b")
    return records.archive_pdf(engine(), document.id, pdf)


def void_pdf(record: ReviewRecord, document: ReviewDocument) -> bytes:
    """A voided document as downloaded: the archived original with the 作废 notice page and
    mark (checker.opinion.void), the void date from the audit log, the reason stored."""
    from checker.opinion import document_title
    from checker.opinion.void import VoidNote, void_marked

    moment = records.void_moments(engine(), [document.id]).get(document.id)
    book = rulebook.current().documents
    issuer = book.issuers[book.documents[document.doc_type].issuer]
    note = VoidNote(name=document_title(document.doc_type), number=document.number or "",
                    authority=current_app.config[issuer.setting],
                    issued_on=document.issued_on or record.issued_on,
                    voided_on=beijing_date(moment) if moment else document.issued_on,
                    reason=document.reason or "")
    return void_marked(archived_pdf(record, document), note)


def _render(record: ReviewRecord, document: ReviewDocument, number: str | None,
            issued_on: dt.date, variant: str | None) -> bytes:
    """Render one document of a stored review, signed by its issuing bureau (configured
    per issuer)."""
    from checker.opinion import OpinionMeta, render_pdf

    book = rulebook.current().documents
    issuer = book.issuers[book.documents[document.doc_type].issuer]
    meta = OpinionMeta(number=number, issued_on=issued_on,
                       authority=current_app.config[issuer.setting])
    return render_pdf(reviewed_review(record), meta, document.doc_type, variant=variant)


def reviewed_review(record: ReviewRecord) -> Review:
    """The stored review re-run (see `rereview`) with the reviewer's judgements applied: what
    the documents state (人工复核)."""
    from checker.review import reviewed
    from checker.store.judgements import judgements_of

    return reviewed(rereview(record), judgements_of(engine(), record.id), strict=False)


def judge(record: ReviewRecord, data: Any, user):
    """Record a reviewer's judgement from a form or JSON body (checker.judgement.parse):
    JudgementError names a bad field, JudgementRefused says why not now."""
    from checker.judgement import parse
    from checker.store.judgements import judge as store_judge

    return store_judge(engine(), record.id, parse(data), user, address())


def withdraw_judgement(record: ReviewRecord, judgement_id: int, user):
    from checker.store.judgements import JudgementRefused, withdraw

    if not 0 < judgement_id <= MAX_ID:
        raise JudgementRefused("本审查记录没有该人工复核意见", 404)
    return withdraw(engine(), record.id, judgement_id, user, address())


def issue_refusal(record: ReviewRecord, document: ReviewDocument) -> str | None:
    """Why an energy document of the record may not be issued yet (None: it may): the
    碳排放评价 falls to the district and a CO₂ factor is missing (checker.carbon)."""
    spec = rulebook.current().documents.documents[document.doc_type]
    if spec.part.value != "energy":
        return None
    return reviewed_review(record).carbon_status.refusal()


def issue_document(record: ReviewRecord, document: ReviewDocument, user) -> ReviewDocument:
    """Issue a submitted document (store.records.issue): its number, the PDF/A once."""
    def render(doc: ReviewDocument, number: str, issued_on: dt.date) -> bytes:
        # inside the issuing transaction, after the signer's checks: a refusal uses no number
        if (refused := issue_refusal(record, doc)) is not None:
            raise records.RecordError(refused)
        return _render(record, doc, number, issued_on, "pdf/a-3b")

    return records.issue(engine(), document.id, user, number_format, render, address(),
                         issued_on=today())


def transition(record: ReviewRecord, document: ReviewDocument, action: str, user,
               reason: str = "") -> ReviewDocument:
    """Apply a life-cycle action (submit / return / issue / void) to a document; refusals
    raise records.RecordError (Chinese message, HTTP status), a changed rulebook at issue
    RulebookChanged."""
    if action == "submit":
        return records.submit(engine(), document.id, user, address())
    if action == "return":
        return records.return_document(engine(), document.id, user, reason, address())
    if action == "issue":
        return issue_document(record, document, user)
    if action == "void":
        return records.void(engine(), document.id, user, reason, address())
    raise records.RecordError(f"未知操作“{action[:20]}”", 404)


def pdf_filename(record: ReviewRecord, kind: str | None = None) -> str:
    from checker.opinion import document_title

    document = stored_document(record, kind)
    return f"{document_title(document.doc_type)}-{document.number or '草稿'}.pdf"


ACTIONS = ("submit", "return", "issue", "void")


def documents_view(record: ReviewRecord) -> list[dict]:
    """The documents of a stored review for the page and the API: type, name, number."""
    from checker.opinion import document_title

    voided = records.void_moments(engine(), [d.id for d in record.documents if d.state == "void"])
    return [{"id": d.id, "type": d.doc_type, "name": document_title(d.doc_type),
             "series": d.series, "issuer": records.issuer_of(d.doc_type), "state": d.state,
             "state_label": d.state_label, "number": d.number,
             "issued_on": d.issued_on.isoformat() if d.issued_on else None,
             "pdf_sha256": d.pdf_sha256, "reason": d.reason,
             "voided_on": beijing_date(voided[d.id]).isoformat() if d.id in voided else None}
            for d in record.documents]


def compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def pretty(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
