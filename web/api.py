"""JSON API ``/api/v1`` (bearer-token authentication; errors as JSON, in Chinese)."""
from __future__ import annotations

import re

from urllib.parse import quote

from flask import Blueprint, current_app, g, jsonify, request, url_for

from checker import intake
from checker.intake import InputError
from checker.model import ProjectApplication
from checker.judgement import Judged
from checker.refusals import NotFound, Refused
from checker.store import (PAGE_SIZE, DuplicateKey, ReviewRecord, duplicates, finding_changes,
                           get_review, list_reviews, rereviews)
from checker.store.judgements import (engine_findings, judgement_of_row, judgement_rows,
                                      judgements_of, reviewed_of, reviewed_summary)
from checker.store.models import summary_head
from checker.store.summaries import compact_findings, compact_findings_text
from web import books, service
from web.errors import api_error, refused_json
from web.openapi import openapi_document
from web.common import history_filters, page_arg, pdf_response
from web.db import engine
from web.rules import rules_data
from web.security import token_required

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.register_error_handler(Refused, refused_json)
WRAPPER_KEYS = {"application", "as_of"}


def review_json(record: ReviewRecord, full: bool = True) -> dict:
    """A stored review as the API returns it."""
    data = _review_fields(record, record.reviewer.name)
    if full:
        data["review"] = reviewed_summary(engine(), record,
                                          books.of_version(record.rulebook_version))
        data["duplicates"] = duplicates(engine(), record)
        data.update(_rulebook_fields(record))
    return data


def _rulebook_fields(record: ReviewRecord, fresh: bool = False) -> dict:
    """How the record stands to the rulebook in force (current / newer / changed), the
    records that reviewed it again, and what it changed against the record it re-reviewed.
    A review just stored (`fresh`) has not been reviewed again: no query for it."""
    previous = service.find_review(record.previous_id) if record.previous_id else None
    return {"rulebook": {"state": service.rulebook_state(record),
                         "in_force": books.in_force().version,
                         "rereviews": [] if fresh else
                         [r.id for r in rereviews(engine(), record.id)]},
            "changes": finding_changes(previous, record) if previous else None}


def _review_fields(record: ReviewRecord, reviewer: str) -> dict:
    """Everything of `review_json` but the summary and the duplicates. The links are built
    from the review's own URL (the routes below)."""
    own = link_for("api.get_review_json", record.id)
    return {
        "id": record.id, "opinion_number": record.opinion_number,
        "issued_on": record.issued_on.isoformat(), "as_of": record.as_of.isoformat(),
        "applicant": record.applicant, "project_code": record.project_code or None,
        "conclusion": record.conclusion, "outcome": record.outcome,
        "documents": [_document_json(own, d) for d in service.documents_view(record)],
        "project_name": record.project_name,
        "industry_code": record.industry_code, "reviewer": reviewer,
        "rulebook_version": record.rulebook_version, "input_sha256": record.input_sha256,
        "previous_id": record.previous_id,
        "created_at": record.created_at.isoformat() + "Z",
        "links": {"self": own, "opinion_pdf": f"{own}/opinion.pdf",
                  # internal (staff only): never numbered, addressed or sent
                  "working_paper_pdf": f"{own}/working-paper.pdf",
                  "page": link_for("reviews.show", record.id)},
    }


URLS = "api_urls"  # app.extensions: the URLs `link_for` built, by endpoint and script root
_ANY_ID = 918273645  # a review id to build a URL with, then cut out of it


def link_for(endpoint: str, review_id: int | None = None) -> str:
    """``url_for(endpoint, review_id=review_id)`` (without `review_id`: ``url_for(endpoint)``),
    from the URL built once per app and script root: a review's URL is the same text around
    its id (an integer, written as its digits), and building it anew in every answer costs
    more than the rest of the links."""
    urls = current_app.extensions.setdefault(URLS, {})
    key = (endpoint, review_id is None, request.script_root)
    found = urls.get(key)
    if found is None:
        if review_id is None:
            found = urls[key] = (url_for(endpoint), None)
        else:
            head, _, tail = url_for(endpoint, review_id=_ANY_ID).rpartition(str(_ANY_ID))
            found = urls[key] = (head, tail)
    head, tail = found
    return head if tail is None else f"{head}{review_id}{tail}"


def _document_json(own: str, document: dict) -> dict:
    """A document with its PDF link and the life-cycle actions' URLs (`own`: the review's)."""
    kind = quote(document["type"], safe="")
    return {**{k: v for k, v in document.items() if k != "id"},
            "pdf": f"{own}/documents/{kind}.pdf",
            "actions": {a: f"{own}/documents/{kind}/{a}" for a in service.ACTIONS}}


def full_requested() -> bool:
    """``?full=1``: the review's findings with each citation in full (the clause's wording
    and source, as stored); without it a review is answered compact (each citation by its
    clause id and role, with the link to the clause on the rule explorer's page)."""
    return request.args.get("full", "").lower() in ("1", "true", "yes")


def _summary_texts(record: ReviewRecord, fresh: bool, full: bool) -> tuple[str | bytes, ...]:
    """The record's summary as the API gives it, as texts to be written one after the other:
    the stored text as it is (serialised once, when the review was stored), or the reviewed
    summary when the drafter has judged its findings (人工复核); compact unless `full`. A
    review just stored (`fresh`) has no judgements yet, and its texts were serialised with
    it (in UTF-8, as the answer writes them)."""
    if not fresh and judgements_of(engine(), record.id):
        summary = reviewed_summary(engine(), record, books.of_version(record.rulebook_version))
        if not full:
            summary["findings"] = compact_findings(summary.get("findings") or [],
                                                   url_for("rules.index"))
        return (current_app.json.dumps(summary),)
    if full:  # (a review just stored: its text came with it, in UTF-8)
        findings = getattr(record, "findings_utf8", None) if fresh else None
        if findings is None:
            findings = record.findings_json
    else:
        findings = getattr(record, "compact_findings", None) if fresh else None
        if findings is None:  # (a review just stored: its compact text came with it)
            findings = compact_findings_text(record.findings_json, url_for("rules.index"))
    rest = getattr(record, "summary_utf8", None) if fresh else None  # (as its findings)
    if rest is None:
        rest = record.summary_rest
    return summary_head(rest), findings, "}"  # = join_summary(rest, findings)


def _full_response(record: ReviewRecord, reviewer: str, duplicate_ids: list[int],
                   status: int = 200, location: bool = False, fresh: bool = False):
    """`review_json` as a response (compact unless ``?full=1``), the summary text spliced in
    (not parsed and serialised again per answer).  The body is written in UTF-8 piece by
    piece (the same bytes as the joined text encoded: the summary's texts are tens of KB, and
    joining them first only copies them once more)."""
    data = _review_fields(record, reviewer)
    data["duplicates"] = duplicate_ids
    data.update(_rulebook_fields(record, fresh))
    text = current_app.json.dumps(data)
    texts = (f'{text[:-1]}, "review": ', *_summary_texts(record, fresh, full_requested()),
             "}\n")
    body = b"".join([part if type(part) is bytes else part.encode() for part in texts])
    response = current_app.response_class(body, status=status, mimetype="application/json")
    if location:
        response.headers["Location"] = data["links"]["self"]
    return response


IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,100}$")


def _idempotency_key() -> str | None:
    """The Idempotency-Key header (1–100 visible ASCII characters), None without one;
    anything else is refused."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not IDEMPOTENCY_KEY.match(key):
        raise InputError([{"path": "Idempotency-Key", "title": "Idempotency-Key 请求头",
                           "message": "须为1至100个可见ASCII字符"}])
    return key


def _existing(review_id: int):
    """The answer to a retried request: the review stored first under the key, 200."""
    record = get_review(engine(), review_id)
    return _full_response(record, record.reviewer.name, duplicates(engine(), record),
                          location=True)


@bp.post("/reviews")
@token_required
def create():
    if not request.mimetype or request.mimetype != "application/json":
        return api_error(415, "内容类型须为 application/json（当前："
                         f"{request.mimetype or '未提供'}）")
    body = request.get_data(cache=False)
    try:
        data = intake.read_json(body)
        as_of_text = None
        if isinstance(data, dict) and "application" in data:
            unknown = sorted(set(data) - WRAPPER_KEYS)
            if unknown:
                raise InputError([{"path": k, "title": k, "message": "不允许的字段（未知键），"
                                   "请求体只能包含 application 与 as_of"} for k in unknown])
            as_of_text = data.get("as_of")
            if as_of_text is not None and not isinstance(as_of_text, str):
                raise InputError([{"path": "as_of", "title": "审查基准日",
                                   "message": "须为日期字符串，格式 YYYY-MM-DD"}])
            application = data["application"]
            text = service.pretty(application)
        else:
            application, text = data, body.decode("utf-8-sig")
        as_of = service.parse_as_of(as_of_text)
        key = _idempotency_key()
        record, _ = service.create_review(application, text, as_of, g.user.id,
                                          idempotency_key=key, user_name=g.user.name,
                                          find_duplicates=True, scanned=True,
                                          rules_page=link_for("rules.index"))
    except DuplicateKey as exc:
        return _existing(exc.review_id)
    return _full_response(record, g.user.name, record.duplicate_ids, status=201, fresh=True,
                          location=True)


@bp.get("/reviews/<int:review_id>")
@token_required
def get_review_json(review_id: int):
    record = service.record_or_404(review_id)
    return _full_response(record, record.reviewer.name, duplicates(engine(), record))


@bp.get("/reviews/<int:review_id>/opinion.pdf")
@token_required
def opinion_pdf(review_id: int):
    record = service.record_or_404(review_id)
    return pdf_response(service.opinion_pdf(record), record)


@bp.get("/reviews/<int:review_id>/working-paper.pdf")
@token_required
def working_paper_pdf(review_id: int):
    """The review's 审查工作底稿 (internal working paper: the verification material the
    issued documents leave out)."""
    from checker.opinion import WORKING_PAPER

    record = service.record_or_404(review_id)
    return pdf_response(service.working_paper(record), record, WORKING_PAPER)


@bp.get("/reviews/<int:review_id>/documents/<kind>.pdf")
@token_required
def document_pdf(review_id: int, kind: str):
    record = service.record_or_404(review_id)
    service.document_or_404(record, kind)
    return pdf_response(service.opinion_pdf(record, kind), record, kind)


@bp.post("/reviews/<int:review_id>/rereview")
@token_required
def rereview(review_id: int):
    """Review the record's application again under the rulebook in force (same as-of date):
    a new record linked to this one (previous_id), which stays as it is; 201 with the new
    record, whose ``changes`` say what the re-review changed (200 with the one made before
    under the same rulebook, when asked again)."""
    record = service.record_or_404(review_id)
    try:
        made_record, made = service.rereview_record(record, g.user)
    except InputError as exc:
        raise InputError(exc.problems, "原申报数据已不符合现行要求，请修改后以新申报提交") from None
    new_record = get_review(engine(), made_record.id)
    return _full_response(new_record, new_record.reviewer.name, duplicates(engine(), new_record),
                          status=201 if made else 200, location=True)


@bp.get("/reviews/<int:review_id>/documents/<kind>/archived.pdf")
@token_required
def archived_pdf(review_id: int, kind: str):
    """The archived original of an issued or voided document (byte for byte as issued)."""
    record = service.record_or_404(review_id)
    document = service.stored_document(record, kind)
    if document is None or document.state not in ("issued", "void"):
        raise NotFound(f"审查记录 {record.id} 没有已签发的“{kind[:40]}”文书")
    return pdf_response(service.archived_pdf(record, document), record, kind)


@bp.post("/reviews/<int:review_id>/documents/<kind>/<action>")
@token_required
def document_action(review_id: int, kind: str, action: str):
    """submit / return / issue / void one document (JSON body: {"reason": "…"} for return and
    void); answers the review as it is afterwards."""
    record = service.record_or_404(review_id)
    document = service.stored_document(record, kind)
    if document is None or action not in service.ACTIONS:
        raise NotFound(f"审查记录 {record.id} 没有“{kind[:40]}”文书或“{action[:20]}”操作")
    # intake's parser: bounded nesting (Flask's own recursed into a 200,000-level body)
    body = (intake.read_body(request.get_data(cache=False))
            if request.content_length and request.mimetype == "application/json" else {})
    reason = body.get("reason", "") if isinstance(body, dict) else ""
    if not isinstance(reason, str):
        raise InputError([{"path": "reason", "title": "原因", "message": "须为字符串"}],
                         "reason 须为字符串")
    service.transition(record, document, action, g.user, reason)
    return jsonify(review_json(get_review(engine(), record.id)))


def judgements_json(record: ReviewRecord) -> dict:
    """A review's judgements (人工复核): those that count, with the engine's severity of the
    finding they concern, those withdrawn, and the reviewed conclusion beside the engine's."""
    rows = judgement_rows(engine(), record.id)
    active = [judgement_of_row(r) for r in rows if r.withdrawn_at is None]
    result = reviewed_of(record, active) if active else None
    findings = {f.rule_id: f for f in engine_findings(record)}
    counted = {j.judgement.id: j.json(i) for i, j in enumerate(result.judged, 1)} if result else {}

    def one(row) -> dict:
        data = counted.get(row.id)
        if data is None:  # withdrawn, or no longer fitting the findings: counts with none
            data = Judged(judgement_of_row(row), findings.get(row.rule_id or ""), None).json()
        return {**data, "at": row.created_at.isoformat() + "Z",
                "withdrawn_at": row.withdrawn_at.isoformat() + "Z" if row.withdrawn_at else None,
                "withdrawn_by": row.withdrawn_by}

    return {"review_id": record.id, "conclusion": record.conclusion, "outcome": record.outcome,
            "engine": result.json()["engine"] if result else None,
            "judgements": [one(r) for r in rows if r.withdrawn_at is None],
            "withdrawn": [one(r) for r in rows if r.withdrawn_at is not None],
            "links": {"review": url_for("api.get_review_json", review_id=record.id),
                      "self": url_for("api.judgements", review_id=record.id)}}


@bp.get("/reviews/<int:review_id>/judgements")
@token_required
def judgements(review_id: int):
    record = service.record_or_404(review_id)
    return jsonify(judgements_json(record))  # an early record's: JudgementRefused


@bp.post("/reviews/<int:review_id>/judgements")
@token_required
def judge(review_id: int):
    """Record a judgement (JSON body: JudgementIn); answers the judgements afterwards."""
    record = service.record_or_404(review_id)
    if request.mimetype != "application/json":
        return api_error(415, "内容类型须为 application/json（当前："
                         f"{request.mimetype or '未提供'}）")
    # texts are checked field by field (checker.judgement.parse: text_problem's message
    # under the field's Chinese title), so only the JSON itself is checked here
    data = intake.read_body(request.get_data(cache=False))
    service.judge(record, data, g.user)
    response = jsonify(judgements_json(get_review(engine(), record.id)))
    response.status_code = 201
    return response


@bp.delete("/reviews/<int:review_id>/judgements/<int:judgement_id>")
@token_required
def withdraw_judgement(review_id: int, judgement_id: int):
    record = service.record_or_404(review_id)
    service.withdraw_judgement(record, judgement_id, g.user)
    return jsonify(judgements_json(get_review(engine(), record.id)))


@bp.get("/reviews")
@token_required
def list_json():
    """Stored reviews, newest first, with the same filters as the history page."""
    notes: list[str] = []
    result = list_reviews(engine(), history_filters(notes), page_arg(), PAGE_SIZE)
    return jsonify({"items": [review_json(r, full=False) for r in result.items],
                    "page": result.page, "pages": result.pages, "total": result.total,
                    "per_page": PAGE_SIZE, "notes": notes})


@bp.get("/ledger")
@token_required
def ledger_json():
    """The district ledger of issued records (same data and filters as the /ledger page)."""
    from web.ledger import filters_from, ledger_data

    return jsonify(ledger_data(filters_from(request.args)))


@bp.get("/schema")
@token_required
def schema():
    return jsonify(ProjectApplication.model_json_schema())


@bp.get("/rules")
@token_required
def rules():
    return jsonify(rules_data())


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
