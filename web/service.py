"""What the pages and the API share: reading input, reviewing, storing, rendering the PDF.

A new review is made under the rulebook in force (web.books.in_force: the shipped rules, the
local parameters file and the administrator's current values) and records its version.  A
stored record is pinned to that version: its drafts are rendered and its documents issued from
the rulebook it was reviewed under (`record_book`), whatever the administrator changed since —
never silently re-reviewed.  When that rulebook cannot be rebuilt (the shipped rule files or
the local parameters file changed), RulebookChanged says so and the record is reviewed again
(`rereview_record`: a new record linked to the old one).
"""
from __future__ import annotations

import datetime as dt
import json
from json.encoder import encode_basestring
from typing import Any

from flask import current_app, has_request_context, request, url_for

from checker import dates, intake
from checker.dates import beijing_date, parse_review_date
from checker.intake import InputError
from checker.plain import leaf_text
from checker.refusals import Conflict, NotFound, Refused
from checker.review import Review, review
from checker.rulebook import Rulebook
from checker.store import ReviewDocument, ReviewRecord, get_review, records, save_review
from web import books
from web.db import engine

# the largest id the id columns hold: they are INTEGER, 32 bits on PostgreSQL, whose
# "integer out of range" a larger number would raise (SQLite's integers are wider)
MAX_ID = 2**31 - 1


class RulebookChanged(Conflict):
    """The rulebook a stored review was made under cannot be rebuilt: the shipped rule files
    or the local parameters file changed since (a change of the administrator's values does
    not do this: their snapshot is kept).  `review_id`: the record to review again, offered
    as the way on (the API's error links, the page's re-review button)."""

    code = "rulebook_changed"

    def __init__(self, stored: str, current: str, review_id: int | None = None):
        super().__init__(f"本审查记录按规则库版本 {stored} 作出，此后规则库文件已更新（现行版本 "
                         f"{current}），无法按原规则重新生成文书。请在审查记录页点击“按现行规则库"
                         f"重新审查”，生成关联的新记录后出具（原记录保留）。")
        self.stored, self.current, self.review_id = stored, current, review_id

    @property
    def links(self) -> dict[str, str]:
        return {"rereview": url_for("api.rereview", review_id=self.review_id)} \
            if self.review_id else {}


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


def record_or_404(review_id: int) -> ReviewRecord:
    """The stored review with this id; NotFound (a Chinese 404, page or JSON) otherwise."""
    record = find_review(review_id)
    if record is None:
        raise NotFound(f"审查记录 {str(review_id)[:20]} 不存在")
    return record


def document_or_404(record: ReviewRecord, kind: str | None) -> ReviewDocument:
    """The stored document `kind` of a review (default: its main one); NotFound otherwise."""
    document = stored_document(record, kind)
    if document is None:
        raise NotFound(f"审查记录 {record.id} 没有“{(kind or '')[:40]}”文书")
    return document


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

    setting = books.in_force().documents.series[series].setting
    return document_number(current_app.config[setting], year, seq)


def address() -> str:
    """The client's address for the audit log (behind PROXY_FIX: the forwarded one); a
    background worker (a batch) has no client: "" there."""
    return (request.remote_addr or "") if has_request_context() else ""


def create_review(data: Any, input_text: str, as_of: dt.date, user_id: int,
                  previous_id: int | None = None,
                  idempotency_key: str | None = None,
                  batch_item_id: int | None = None, user_name: str | None = None,
                  find_duplicates: bool = False, scanned: bool = False,
                  rules_page: str | None = None) -> tuple[ReviewRecord, Review]:
    """Validate, review and store with draft documents; InputError (nothing stored) on bad
    input — also for text no database can store or that would display as something else
    (intake.text_problem), whether it came as JSON or from the form (`scanned`: the caller
    read `data` with intake.read_json, which refused such text already). A repeated
    `idempotency_key` raises store.DuplicateKey naming the review stored first.  `user_name`,
    `find_duplicates` and `rules_page`: see store.save_review."""
    book = books.in_force()
    result = review_input(data, as_of, book, scanned)
    record = save_review(engine(), result, input_text, user_id, previous_id=previous_id,
                         idempotency_key=idempotency_key, address=address(),
                         recorded_on=today(),
                         batch_item_id=batch_item_id, reviewer_name=user_name,
                         find_duplicates=find_duplicates, book=book, rules_page=rules_page)
    return record, result


def review_input(data: Any, as_of: dt.date, book: Rulebook, scanned: bool = False) -> Review:
    """Check and review an application against `book` as create_review does before storing
    it (InputError on bad input); a batch worker stores many such reviews at once (web.jobs),
    under the same rulebook in force as a single review.  `scanned`: `data` was read with
    intake.read_json, whose scan for unsafe text covered it (one scan of a body, not two)."""
    if not scanned:
        intake.refuse_unsafe_text(data)
    return review(intake.validate(data, book.carriers), as_of, book)


def stored_input(record: ReviewRecord) -> Any:
    """The stored input parsed (it was valid when stored)."""
    return intake.parse_json(record.input_json)


def record_book(record: ReviewRecord) -> Rulebook:
    """The rulebook `record` was reviewed under (its version rebuilt: the shipped rules and
    local file as now, the administrator's values as then); RulebookChanged when it cannot be."""
    book = books.of_version(record.rulebook_version)
    if book is None:
        raise RulebookChanged(record.rulebook_version, books.in_force().version, record.id)
    return book


def rulebook_state(record: ReviewRecord) -> str:
    """How the record stands to the rulebook in force: "current" (reviewed under it),
    "newer" (a newer one is in force; the record still renders and issues from its own) or
    "changed" (its own cannot be rebuilt: review again before issuing a draft)."""
    if record.rulebook_version == books.in_force().version:
        return "current"
    return "newer" if books.of_version(record.rulebook_version) is not None else "changed"


def rereview(record: ReviewRecord) -> tuple[Review, Rulebook]:
    """The stored input reviewed again as of the stored date under the record's own
    rulebook (the same result as when it was stored), with that rulebook."""
    book = record_book(record)
    result = review(intake.validate(stored_input(record), book.carriers), record.as_of, book)
    if result.input_sha256 != record.input_sha256:  # pragma: no cover - corrupted row
        raise RulebookChanged(record.rulebook_version, book.version, record.id)
    return result, book


def rereview_record(record: ReviewRecord, user) -> tuple[ReviewRecord, bool]:
    """Review the record's application again under the rulebook in force (same as-of date):
    a new record linked to the old one (previous_id), which is left as it is.  A re-review
    already made under the rulebook in force is answered instead of a second one (a button
    clicked twice); the flag says whether the record was made now."""
    from checker.store import rereviews

    version = books.in_force().version
    made = [r for r in rereviews(engine(), record.id) if r.rulebook_version == version]
    if made:
        return made[-1], False
    record_new, _ = create_review(stored_input(record), record.input_json, record.as_of,
                                  user.id, previous_id=record.id, user_name=user.name)
    return record_new, True


def stored_document(record: ReviewRecord, kind: str | None = None):
    """The stored document `kind` of a review (default: its main document), or None; a
    number is a document's id (the documents of project acts: a record may hold several
    同意变更的函)."""
    documents = record.documents
    if kind is None:
        return documents[0] if documents else None
    if kind.isascii() and kind.isdigit():
        return next((d for d in documents if str(d.id) == kind), None)
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
    wording = books.in_force().documents  # an issued document's issuer: no value changes it
    issuer = wording.issuers[wording.documents[document.doc_type].issuer]
    note = VoidNote(name=document_title(document.doc_type), number=document.number or "",
                    authority=current_app.config[issuer.setting],
                    issued_on=document.issued_on or record.issued_on,
                    voided_on=beijing_date(moment) if moment else document.issued_on,
                    reason=document.reason or "")
    return void_marked(archived_pdf(record, document), note)


def act_spec(document: ReviewDocument):
    """The document type of a project act's document (同意变更的函, 整改证明: rules/documents.yaml
    ``acts`` with a ``project_act``), else None."""
    spec = books.in_force().documents.acts.get(document.doc_type)
    return spec if spec is not None and spec.project_act else None


def _render_act(record: ReviewRecord, document: ReviewDocument, number: str | None,
                issued_on: dt.date, variant: str | None) -> bytes:
    """A project act's document (checker.opinion.acts, as the acceptance opinion and the
    rectification notice), worded by the rulebook in force on the act's date: it is no part of
    the review, so the record's own rulebook is not needed."""
    from checker.opinion import acts
    from checker.store import projects

    book = books.in_force()
    issuer = book.documents.issuers[book.documents.acts[document.doc_type].issuer]
    return acts.render_pdf(projects.act_draft(engine(), document), book, number, issued_on,
                           current_app.config[issuer.setting], variant=variant)


def _render(record: ReviewRecord, document: ReviewDocument, number: str | None,
            issued_on: dt.date, variant: str | None) -> bytes:
    """Render one document of a stored review, signed by its issuing bureau (configured
    per issuer)."""
    from checker.opinion import OpinionMeta, render_pdf

    if act_spec(document) is not None:
        return _render_act(record, document, number, issued_on, variant)
    result, book = reviewed_review(record)
    wording = book.documents
    issuer = wording.issuers[wording.documents[document.doc_type].issuer]
    meta = OpinionMeta(number=number, issued_on=issued_on,
                       authority=current_app.config[issuer.setting])
    return render_pdf(result, meta, document.doc_type, variant=variant, book=book)


def reviewed_review(record: ReviewRecord) -> tuple[Review, Rulebook]:
    """The stored review re-run under its own rulebook (see `rereview`) with the reviewer's
    judgements applied — what the documents state (人工复核) — and that rulebook."""
    from checker.review import reviewed
    from checker.store.judgements import judgements_of

    result, book = rereview(record)
    return reviewed(result, judgements_of(engine(), record.id), book, strict=False), book


def judge(record: ReviewRecord, data: Any, user):
    """Record a reviewer's judgement from a form or JSON body (checker.judgement.parse):
    JudgementError names a bad field, JudgementRefused says why not now."""
    from checker.judgement import parse
    from checker.store.judgements import judge as store_judge

    return store_judge(engine(), record.id, parse(data), user, address())


def withdraw_judgement(record: ReviewRecord, judgement_id: int, user):
    from checker.store.judgements import withdraw

    if not 0 < judgement_id <= MAX_ID:
        raise NotFound("本审查记录没有该人工复核意见")
    return withdraw(engine(), record.id, judgement_id, user, address())


def issue_refusal(record: ReviewRecord, document: ReviewDocument) -> str | None:
    """Why an energy document of the record may not be issued yet (None: it may): the
    碳排放评价 falls to the district and a CO₂ factor is missing (checker.carbon)."""
    if act_spec(document) is not None:  # a project act's letter states no review figures
        return None
    spec = record_book(record).documents.documents[document.doc_type]
    if spec.part.value != "energy":
        return None
    return reviewed_review(record)[0].carbon_status.refusal()


def issue_document(record: ReviewRecord, document: ReviewDocument, user) -> ReviewDocument:
    """Issue a submitted document (store.records.issue): its number, the PDF/A once."""
    def render(doc: ReviewDocument, number: str, issued_on: dt.date) -> bytes:
        # after the signer's checks, before the issuing transaction: a refusal uses no number
        if (refused := issue_refusal(record, doc)) is not None:
            raise records.RecordError(refused)
        return _render(record, doc, number, issued_on, "pdf/a-3b")

    def paper() -> bytes:
        from checker.opinion import render_working_paper_pdf

        return render_working_paper_pdf(*reviewed_review(record))

    return records.issue(engine(), document.id, user, number_format, render, address(),
                         issued_on=today(),
                         paper=None if act_spec(document) is not None else paper)


def working_paper(record: ReviewRecord, html: bool = False) -> bytes | str:
    """The review's 审查工作底稿 (internal, staff only): rendered from the stored review with
    the judgements applied; when the rulebook has changed since, the one archived when its
    latest document was issued (RulebookChanged when there is none)."""
    from checker.opinion import render_working_paper_html, render_working_paper_pdf

    try:
        result, book = reviewed_review(record)
    except RulebookChanged:
        archived = [d for d in record.documents if d.working_paper_sha256]
        if html or not archived:
            raise
        latest = max(archived, key=lambda d: (d.issued_on, d.id))
        return records.archived_working_paper(engine(), latest.id)
    return (render_working_paper_html(result, book) if html
            else render_working_paper_pdf(result, book))


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
    raise NotFound(f"未知操作“{action[:20]}”")


def pdf_filename(record: ReviewRecord, kind: str | None = None) -> str:
    from checker.opinion import WORKING_PAPER, document_title

    from checker.exports import file_name

    if kind == WORKING_PAPER:  # internal: never numbered
        return file_name(f"{document_title(kind)}-{record.id}", "pdf")
    document = stored_document(record, kind)
    return file_name(f"{document_title(document.doc_type)}-{document.number or '草稿'}", "pdf")


ACTIONS = ("submit", "return", "issue", "void")


def documents_view(record: ReviewRecord) -> list[dict]:
    """The documents of a stored review for the page and the API: type, name, number."""
    from checker import rulebook
    from checker.opinion import document_title

    shipped = rulebook.shipped()  # names and issuers: no administrator's value changes them
    voided = records.void_moments(engine(), [d.id for d in record.documents if d.state == "void"])
    return [{"id": d.id, "type": d.doc_type, "name": document_title(d.doc_type, shipped),
             "series": d.series, "issuer": records.issuer_of(d.doc_type, shipped),
             "state": d.state,
             "state_label": d.state_label, "number": d.number,
             "issued_on": d.issued_on.isoformat() if d.issued_on else None,
             "pdf_sha256": d.pdf_sha256, "reason": d.reason,
             # what was loaded (a draft just stored has none, and is not reloaded for it):
             # the instance's own dict is its loaded state (what inspect(d).dict answers)
             "working_paper_sha256": d.__dict__.get("working_paper_sha256"),
             "voided_on": beijing_date(voided[d.id]).isoformat() if d.id in voided else None}
            for d in record.documents]


def compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def attach(record: ReviewRecord, filename: str, data: bytes, user):
    """Keep one of the applicant's own PDF documents with a review (store.add_attachment).

    Refused (nothing stored): no file, more than ATTACHMENT_MAX_BYTES, a file name with
    control or direction characters (it is shown on the record and in the audit log), or a
    file that does not parse as a PDF with at least one page.  It is stored and served as a
    PDF whatever its name said (``报告.hta`` is kept as ``报告.pdf``)."""
    from checker.intake import ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_TEXT, filename_problem
    from checker.store import add_attachment

    if not filename or not data:
        raise Refused("请选择要上传的附件（PDF文件）")
    if len(data) > ATTACHMENT_MAX_BYTES:
        raise Refused(f"附件不得超过 {ATTACHMENT_MAX_TEXT}", 413)
    if (problem := filename_problem(filename)) is not None:
        raise InputError([{"path": "attachment", "title": "附件文件名",
                           "message": f"附件文件名{problem}"}])
    if not _is_pdf(data):
        raise Refused(f"附件“{filename[:80]}”不是有效的PDF文件，只接受PDF格式")
    return add_attachment(engine(), record.id, pdf_name(filename), data, user, address())


def pdf_name(filename: str) -> str:
    """The name an attachment is stored and served under: its own with the extension
    ``.pdf`` (whatever extension it came with), at most 200 characters."""
    stem = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem = stem[:-4] if stem.lower().endswith(".pdf") else stem.rsplit(".", 1)[0] or stem
    return f"{stem.strip()[:196] or '附件'}.pdf"


def _is_pdf(data: bytes) -> bool:
    """Whether `data` parses as a PDF (pypdf) with at least one page."""
    import io
    import logging

    from pypdf import PdfReader

    if not data.startswith(b"%PDF-"):
        return False
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a broken file is refused, not logged
    try:
        return len(PdfReader(io.BytesIO(data), strict=False).pages) > 0
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on a broken file
        return False


def pretty(data: Any) -> str:
    """`data` (parsed JSON, or a form's values) as the application is stored and shown:
    byte for byte ``json.dumps(data, ensure_ascii=False, indent=2)``, written directly
    (the standard library's indenting encoder is its pure-Python one: a generator per
    container and per member, about twice the work)."""
    out: list[str] = []
    _write_pretty(data, out, "\n")
    return "".join(out)


_PRETTY = json.JSONEncoder(ensure_ascii=False, indent=2)  # a leaf of any other kind
_CONTAINERS = (dict, list, tuple)


def _pretty_leaf(value: Any) -> str:
    text = leaf_text(value)
    # Infinity, NaN, a subclass: as json.dumps writes it
    return text if text is not None else _PRETTY.encode(value)


def _write_pretty(value: Any, out: list[str], newline: str) -> None:
    """Append `value`'s indented text to `out`; `newline`: a line break and the current
    indentation."""
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():  # (a text, the most common, written on the spot)
            name = encode_basestring(key) if type(key) is str else _pretty_key(key)
            if type(item) is str:
                out.append(separator + name + ": " + encode_basestring(item))
            elif isinstance(item, _CONTAINERS):
                out.append(separator + name + ": ")
                _write_pretty(item, out, inner)
            else:
                out.append(separator + name + ": " + _pretty_leaf(item))
            separator = "," + inner
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            if type(item) is str:
                out.append(separator + encode_basestring(item))
            elif isinstance(item, _CONTAINERS):
                out.append(separator)
                _write_pretty(item, out, inner)
            else:
                out.append(separator + _pretty_leaf(item))
            separator = "," + inner
        out.append(newline + "]")
    else:
        out.append(_pretty_leaf(value))


def _pretty_key(key: Any) -> str:
    """A member's name as json.dumps writes it (a text; a number or truth value as text)."""
    if type(key) is str:
        return encode_basestring(key)
    return _PRETTY.encode({key: 0})[4:-5]
