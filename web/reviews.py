"""Reviewer pages: new review (upload / paste / form), result, opinion PDF, re-review, history."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify, redirect, render_template, request, url_for

from checker import intake, values
from checker.rulebook.sources import Status
from checker.dates import BEIJING_LABEL, beijing_date, beijing_time
from checker.findings import stored_finding
from checker.industries import industry_name, lineage
from checker.intake import InputError
from checker.outcome import EnergyConclusion
from checker.refusals import NotFound
from checker.severity import Outcome, Part, Severity
from checker.judgement import Kind
from checker.store import (PAGE_SIZE, STATE_LABELS, ReviewRecord, attachments, duplicates,
                           finding_changes, list_reviews, list_users, records, rereviews)
from checker.store.models import BUREAU_LABELS
from checker.store.reviews import TODO
from checker.store.judgements import (judgement_of_row, judgement_rows, may_judge,
                                      reviewed_summary)
from web import books, forms, service
from web.common import history_filters, page_arg, pdf_response
from web.db import engine
from web.security import login_required

bp = Blueprint("reviews", __name__)

SOURCES = {"file": "上传文件", "text": "粘贴JSON", "form": "填写表单"}

# times shown on pages: Beijing time, by the one formatter the documents use too
bp.add_app_template_filter(beijing_time, "beijing")
# numbers shown on pages: the one formatter of checker.values (12,345.68; 0.1229; 78%)
bp.add_app_template_filter(values.number_text, "number")
bp.add_app_template_filter(values.rate_text, "rate")
bp.add_app_template_filter(values.percent_text, "percent")
bp.add_app_template_filter(records.event_detail, "event_detail")


def landing(user) -> str:
    """Where a user's working day starts (the home page and after sign-in): an approver on
    the documents of their bureau waiting for signature (待签发); a user of the ecology
    bureau on the bureau's 待办 (its pollutant documents not yet issued); a drafter of the
    development and reform bureau on a new review."""
    if user is None:
        return url_for("reviews.new")
    if user.role == "approver":
        return url_for("reviews.history", bureau=user.bureau, state="submitted")
    if user.bureau == "ecology":
        return url_for("reviews.history", bureau=user.bureau, state=TODO)
    return url_for("reviews.new")


_record_or_404 = service.record_or_404


def _render_form(status: int = 200, *, values: dict | None = None, json_text: str = "",
                 as_of: str = "", problems: list | None = None, source: str = "form",
                 previous: ReviewRecord | None = None, hidden: list | None = None,
                 sample_as_of: str | None = None, explicit: str = ""):
    problems = problems or []
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem["path"], []).append(problem["message"])
    carriers = books.in_force().carriers  # the carriers the review will accept
    return render_template(
        "new.html", sections=forms.sections(carriers), values=values or {}, errors=errors,
        problems=problems, json_text=json_text, as_of=as_of or service.today().isoformat(),
        source=source, source_label=SOURCES.get(source, ""), previous=previous,
        hidden=hidden or [], units=forms.energy_units(carriers), carriers=carriers,
        industries=forms.industry_options(), industry_name=industry_name,
        sample_as_of=sample_as_of, has_values=forms.has_values,
        row_count=forms.row_count, choice_order=forms.choice_order, explicit=explicit), status


def _submitted() -> tuple[str, Any, str]:
    """(source, parsed application data, input text as received) from the posted form."""
    source = request.form.get("source", "form")
    if source not in SOURCES:
        raise InputError.single("未知的提交方式")
    if source == "form":
        data = forms.form_to_application(request.form)
        return source, data, service.pretty(data)
    if source == "file":
        upload = request.files.get("file")
        raw = upload.read() if upload else b""
        if not raw and not (upload and upload.filename):  # a chosen but empty file: intake says so
            raise InputError.single("请选择要上传的申报数据文件（JSON，UTF-8编码）", "file")
    else:
        raw = request.form.get("json_text", "").encode("utf-8")
    data = intake.read_json(raw)
    return source, data, raw.decode("utf-8-sig")


def _create(previous: ReviewRecord | None):
    as_of_text = request.form.get("as_of", "")
    source = request.form.get("source", "form")
    source = source if source in SOURCES else "form"  # names problems without a field
    data, text = None, request.form.get("json_text", "")
    try:
        source, data, text = _submitted()
        as_of = service.parse_as_of(as_of_text)
        record, _ = service.create_review(data, text, as_of, g.user.id,
                                          previous.id if previous else None)
    except InputError as exc:
        values, hidden = forms.application_to_values(data) if data is not None else ({}, [])
        if source == "form":
            values = values or {k: v for k, v in request.form.items()}
        json_text = text if source != "form" else service.pretty(data or {})
        status = 413 if isinstance(exc, intake.TooLarge) else 400
        return _render_form(status, values=values, json_text=json_text, as_of=as_of_text,
                            problems=exc.problems, source=source, previous=previous,
                            hidden=hidden, sample_as_of=forms.sample_as_of(data),
                            explicit=request.form.get(forms.EXPLICIT_FIELD, "")
                            if source == "form" else "")
    return redirect(url_for("reviews.show", review_id=record.id), code=303)


@bp.route("/reviews/new", methods=["GET", "POST"])
@login_required
def new():
    if request.method == "POST":
        return _create(None)
    return _render_form()


@bp.get("/reviews/form-data.json")
@login_required
def form_data():
    """Carriers (units, 当量值 coefficients) and GB/T 4754 names for the form's script. The
    browser keeps it and revalidates by its ETag (a 304 without the ~150 kB body)."""
    response = jsonify(forms.form_data(books.in_force().carriers))
    response.headers["Cache-Control"] = "private, no-cache"
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@login_required
def edit(review_id: int):
    previous = service.record_or_404(review_id)
    if request.method == "POST":
        return _create(previous)
    data = service.stored_input(previous)
    values, hidden = forms.application_to_values(data)
    return _render_form(values=values, json_text=service.pretty(data),
                        as_of=previous.as_of.isoformat(), previous=previous, hidden=hidden,
                        sample_as_of=forms.sample_as_of(data),
                        explicit=service.compact(forms.explicit_values(data)))


@bp.get("/reviews/<int:review_id>")
@login_required
def show(review_id: int):
    record = service.record_or_404(review_id)
    summary = reviewed_summary(engine(), record, books.of_version(record.rulebook_version))
    parts = [(summary["parts"][part.value], _groups(summary, part)) for part in Part]
    previous = service.find_review(record.previous_id) if record.previous_id else None
    changes = finding_changes(previous, record) if previous else None
    documents = service.documents_view(record)
    return render_template("review.html", record=record, summary=summary, parts=parts,
                           industry=lineage(record.industry_code), industry_name=industry_name,
                           documents=documents, previous=previous, changes=changes,
                           rulebook_state=service.rulebook_state(record),
                           in_force_version=books.in_force().version,
                           rereviewed_as=rereviews(engine(), record.id),
                           **_judgement_view(record, summary), **_record_view(record))


def _judgement_view(record: ReviewRecord, summary: dict) -> dict:
    """What the page needs for 人工复核: may the user judge now, the severities, the
    citation library to choose from, the judgements withdrawn."""
    book = books.in_force().citations
    withdrawn = [r for r in judgement_rows(engine(), record.id) if r.withdrawn_at]
    return {"may_judge": may_judge(g.user.id, record),
            "severities": list(Severity),
            "citation_options": [(key, book.cite(key, "").label) for key in book.clauses],
            "withdrawn": withdrawn,
            "withdrawn_keys": {r.id: judgement_of_row(r).key() for r in withdrawn},
            "kind_labels": {k.value: k.label for k in Kind}, "beijing_label": BEIJING_LABEL,
            "status_labels": {s.value: s.label for s in Status},
            "engine": summary.get("engine")}


def _record_view(record: ReviewRecord) -> dict:
    """What the record partial (_record.html) shows: audit log, attachments, duplicates,
    and which life-cycle actions the signed-in user may take."""
    return {"events": records.history(engine(), record.id),
            "action_labels": records.ACTION_LABELS,
            "attachments": attachments(engine(), record.id),
            "duplicates": duplicates(engine(), record),
            "is_drafter": g.user.id == record.reviewer_id,
            # the documents of project acts (checker.store.projects): drafted by the act's author
            "act_drafters": act_drafters(engine(), [d.id for d in record.documents]),
            "attachment_limit": intake.ATTACHMENT_MAX_TEXT}


def act_drafters(engine_, document_ids: list[int]) -> dict[int, int | None]:
    """The author of each project act's document among `document_ids` (its drafter)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from checker.store.models import ProjectAct

    if not document_ids:
        return {}
    with Session(engine_) as session:
        return dict(session.execute(select(ProjectAct.document_id, ProjectAct.created_by_id)
                                    .where(ProjectAct.document_id.in_(document_ids))).all())


def _groups(summary: dict, part: Part) -> list:
    """The findings of one review part, grouped by severity (strongest first)."""
    own = [f for f in map(stored_finding, summary["findings"]) if f["part"] == part.value]
    groups = [(s, [f for f in own if f["severity"] == s.value]) for s in Severity]
    return [(s, items) for s, items in groups if items]


@bp.get("/reviews/<int:review_id>/opinion.pdf")
@login_required
def opinion(review_id: int):
    """The review's main document (节能审查意见, 转报函 or 告知书)."""
    return document(review_id, None)


@bp.get("/reviews/<int:review_id>/documents/<kind>.pdf")
@login_required
def document(review_id: int, kind: str | None):
    record = service.record_or_404(review_id)
    service.document_or_404(record, kind)
    return pdf_response(service.opinion_pdf(record, kind), record, kind)


@bp.post("/reviews/<int:review_id>/rereview")
@login_required
def rereview(review_id: int):
    """按现行规则库重新审查: the record's application reviewed again under the rulebook in
    force (same as-of date), stored as a new record linked to this one, which stays as it
    is; the new record's page shows what changed."""
    record = service.record_or_404(review_id)
    try:
        new_record, _ = service.rereview_record(record, g.user)
    except InputError as exc:
        message = "；".join(p["message"] for p in exc.problems)
        return render_template("error.html", status=400,
                               message=f"原申报数据已不符合现行要求，无法直接重新审查：{message}。"
                                       f"请点击“修改后重新审查”补正后提交。"), 400
    return redirect(url_for("reviews.show", review_id=new_record.id) + "#changes", code=303)


@bp.get("/reviews/<int:review_id>/working-paper.pdf")
@login_required
def working_paper(review_id: int):
    """The review's 审查工作底稿 (internal working paper; staff only, never sent)."""
    from checker.opinion import WORKING_PAPER

    record = service.record_or_404(review_id)
    return pdf_response(service.working_paper(record), record, WORKING_PAPER)


@bp.get("/reviews/<int:review_id>/working-paper.html")
@login_required
def working_paper_html(review_id: int):
    """The 审查工作底稿 as a page (staff only)."""
    return service.working_paper(service.record_or_404(review_id), html=True)


@bp.get("/reviews/<int:review_id>/documents/<kind>/archived.pdf")
@login_required
def archived(review_id: int, kind: str):
    """The archived original of an issued or voided document, byte for byte as issued (a
    voided one without its 作废 mark: its SHA-256 verifies against the record)."""
    record = service.record_or_404(review_id)
    document = service.stored_document(record, kind)
    if document is None or document.state not in ("issued", "void"):
        raise NotFound("该文书尚未签发，没有存档原件")
    return pdf_response(service.archived_pdf(record, document), record, kind)


def _pollutant_conclusions(records: list[ReviewRecord]) -> dict[int, str]:
    """The pollutant part's conclusion of each listed review (污染物控制结论), as stored."""
    import json

    out = {}
    for record in records:
        part = json.loads(record.summary_json).get("parts", {}).get("pollutant") or {}
        out[record.id] = part.get("label") or "—"
    return out


@bp.get("/reviews")
@login_required
def history():
    notes: list[str] = []
    filters = history_filters(notes)
    result = list_reviews(engine(), filters, page_arg(), PAGE_SIZE)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    voided = records.void_moments(engine(), [d.id for r in result.items for d in r.documents
                                             if d.state == "void"])
    return render_template("history.html", page=result, filters=filters, notes=notes,
                           voided_on={i: beijing_date(at).isoformat() for i, at in voided.items()},


                           pollutant=_pollutant_conclusions(result.items),
                           bureau_labels=BUREAU_LABELS, todo=TODO,
                           conclusions=list(EnergyConclusion), outcomes=list(Outcome),
                           conclusion_labels={c.value: c.label for c in EnergyConclusion},
                           outcome_labels={o.value: o.label for o in Outcome},
                           users=list_users(engine()), state_labels=STATE_LABELS,
                           in_force_version=books.in_force().version,
                           doc_types={k: d.name for k, d in
                                      books.in_force().documents.documents.items()},
                           args=args, industry_name=industry_name)
