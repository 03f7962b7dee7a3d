"""Pages after the opinion (令2025年第31号第二十一条至第二十六条): 节能审查验收 (acceptance with
its checklist, the builder's 自查报告 and the acceptance opinion), 运行数据 (the bureau's XLSX
template, the import compared with the approved levels, the 限期整改通知 drafts), 双随机检查
(the seeded draw, the findings) and the public results page (no sign-in, public fields only).

The acceptance opinion and the rectification notice are documents of the issued record: they
are submitted, returned, issued and voided here (`act`) through checker.store.records, like
every document, and rendered by checker.opinion.acts.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for

from checker import aftercare, exports
from checker.aftercare import AftercareError
from checker.dates import beijing_date, parse_date
from checker.refusals import NotFound, Refused
from checker.store import aftercare as store
from checker.store import records
from web import books, service
from web.common import download
from web.db import engine
from web.security import login_required

bp = Blueprint("aftercare", __name__)
MIN_DAY, MAX_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def _staff() -> None:
    """Acceptance, operating data and inspections are the 发展和改革局's work."""
    if g.user.bureau != "drc":
        raise Refused("验收、运行数据和双随机检查由长沙市开福区发展和改革局办理", 403)


def _day(name: str, title: str, required: bool = True) -> dt.date | None:
    text = (request.form.get(name) or "").strip()
    if not text and not required:
        return None
    try:
        return parse_date(text, MIN_DAY, MAX_DAY)
    except ValueError as exc:
        raise AftercareError([f"{title}{exc}"]) from None


def _int(name: str, title: str) -> int:
    text = (request.form.get(name) or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise AftercareError([f"{title}须为正整数"])
    return int(text)


def _id(value: int) -> int:
    if not 0 < value <= service.MAX_ID:
        raise NotFound("记录不存在")
    return value


@bp.app_template_global("act_documents")
def act_documents(review_id: int) -> list[dict]:
    """The record page's list of the documents issued after its opinion (验收意见, 限期整改
    通知), each linking to the page where it is handled."""
    from checker.opinion import document_title

    return [{"name": document_title(d.doc_type), "state": d.state,
             "state_label": d.state_label, "number": d.number, "link": _back(d)}
            for d in store.act_documents(engine(), review_id)]


# ------------------------------------------------------------------------- acceptance

@bp.get("/acceptances")
@login_required
def acceptances():
    """节能审查验收: the acceptances, and the form to open one on an issued record."""
    rows = store.acceptances(engine())
    issued = store.issued_records(engine())
    names = {r.id: r for r in issued}
    return render_template("aftercare_acceptances.html", rows=rows, issued=issued, names=names,
                           results=aftercare.RESULTS, due=aftercare.acceptance_due,
                           deadlines=store.deadlines(engine()), today=service.today())


@bp.post("/acceptances")
@login_required
def open_acceptance():
    """Open an acceptance (a phase, or the whole project) with its generated checklist."""
    _staff()
    review_id = _id(_int("review_id", "审查记录"))
    record = service.record_or_404(review_id)
    if store.opinion_of(engine(), record.id) is None:
        raise AftercareError(["该审查记录没有已签发的节能审查意见（或告知承诺书），不能受理验收"])
    trial = _day("trial_operation_on", "试运行日期", required=False)
    items = checklist_of(record)
    row = store.open_acceptance(engine(), record.id, request.form.get("phase", ""), trial,
                                items, g.user, service.address())
    return redirect(url_for("aftercare.acceptance", acceptance_id=row.id), code=303)


def checklist_of(record) -> list[aftercare.CheckItem]:
    """The acceptance checklist of an issued record: from its review under its own rulebook
    with the judgements applied; when the rule files have changed since (a record issued
    long before its acceptance), from its stored findings and input."""
    from checker import intake
    from checker.store import findings_of, summary_of

    try:
        result, book = service.reviewed_review(record)
    except service.RulebookChanged:
        energy = summary_of(record).get("energy") or {}
        return aftercare.stored_checklist(
            findings_of(record),
            intake.validate(service.stored_input(record), books.in_force().carriers),
            energy.get("total_tce"), energy.get("total_equivalent_tce"), record.co2_t)
    return aftercare.checklist(result, book)


def _acceptance(acceptance_id: int):
    row = store.get_acceptance(engine(), _id(acceptance_id))
    if row is None:
        raise NotFound("验收记录不存在")
    return row


@bp.get("/acceptances/<int:acceptance_id>")
@login_required
def acceptance(acceptance_id: int):
    row = _acceptance(acceptance_id)
    record = service.record_or_404(row.review_id)
    document = store.act_document(engine(), row.document_id) if row.document_id else None
    return render_template(
        "aftercare_acceptance.html", row=row, record=record, items=store.items_of(row),
        statuses=aftercare.STATUSES, results=aftercare.RESULTS, document=document,
        opinion=store.opinion_of(engine(), record.id),
        due=aftercare.acceptance_due(row.trial_operation_on) if row.trial_operation_on
        else None, limit=aftercare.REPORT_MAX_TEXT,
        editable=document is None or document.state in ("draft", "returned"),
        issuer=records.issuer_of(store.ACCEPTANCE))


@bp.post("/acceptances/<int:acceptance_id>/report")
@login_required
def report(acceptance_id: int):
    """Upload the builder's 节能审查验收自查报告 (PDF / Word / WPS, ≤ 20 MB)."""
    _staff()
    row = _acceptance(acceptance_id)
    upload = request.files.get("report")
    data = upload.read(aftercare.REPORT_MAX_BYTES + 1) if upload else b""
    store.attach_report(engine(), row.id, upload.filename if upload else "", data, g.user,
                        service.address())
    return redirect(url_for("aftercare.acceptance", acceptance_id=row.id) + "#report", code=303)


@bp.get("/acceptances/<int:acceptance_id>/report")
@login_required
def report_file(acceptance_id: int):
    row = store.report(engine(), _acceptance(acceptance_id).id)
    if row is None or row.report_data is None:
        raise NotFound("尚未上传自查报告")
    extension = row.report_filename.rsplit(".", 1)[-1]
    return download(row.report_data, row.report_type, row.report_filename,
                    f"self-check-{row.id}.{extension}")


@bp.post("/acceptances/<int:acceptance_id>/decide")
@login_required
def decide(acceptance_id: int):
    """Each item 落实 / 未落实 with its evidence: the result and the acceptance opinion's draft."""
    _staff()
    row = _acceptance(acceptance_id)
    store.decide(engine(), row.id, request.form.to_dict(), g.user, service.today(),
                 service.address())
    return redirect(url_for("aftercare.acceptance", acceptance_id=row.id) + "#document",
                    code=303)


# ---------------------------------------------------------------- the acts' documents

def _act(document_id: int):
    document = store.act_document(engine(), _id(document_id))
    if document is None:
        raise NotFound("文书不存在")
    return document


def _back(document) -> str:
    found = store.acceptance_of_document(engine(), document.id)
    if found is not None:
        return url_for("aftercare.acceptance", acceptance_id=found.id) + "#document"
    return url_for("aftercare.operating") + "#notices"


def _authority(kind: str) -> str:
    wording = books.in_force().documents
    return current_app.config[wording.issuers[wording.acts[kind].issuer].setting]


def _render(document, number: str | None, day: dt.date, variant: str | None = None) -> bytes:
    from checker.opinion import acts

    return acts.render_pdf(store.act_draft(engine(), document), books.in_force(), number, day,
                           _authority(document.doc_type), variant)


@bp.post("/acts/<int:document_id>/<action>")
@login_required
def act(document_id: int, action: str):
    """提交签发 / 退回 / 签发 / 作废 an acceptance opinion or a rectification notice."""
    document = _act(document_id)
    address = service.address()
    if action == "submit":
        records.submit(engine(), document.id, g.user, address)
    elif action == "return":
        records.return_document(engine(), document.id, g.user, request.form.get("reason", ""),
                                address)
    elif action == "issue":
        records.issue(engine(), document.id, g.user, service.number_format,
                      lambda doc, number, day: _render(doc, number, day, "pdf/a-3b"),
                      address, issued_on=service.today())
    elif action == "void":
        records.void(engine(), document.id, g.user, request.form.get("reason", ""), address)
    else:
        raise NotFound(f"未知操作“{action[:20]}”")
    return redirect(_back(document), code=303)


@bp.get("/acts/<int:document_id>.pdf")
@login_required
def act_pdf(document_id: int):
    """The document: a draft rendered now (草稿, no number), an issued one exactly as archived
    at its issue, a voided one with the 作废 mark."""
    from checker.opinion import document_title
    from checker.opinion.void import VoidNote, void_marked

    document = _act(document_id)
    if document.state in ("issued", "void"):
        pdf = records.stored_pdf(engine(), document.id)
        if document.state == "void":
            moment = records.void_moments(engine(), [document.id]).get(document.id)
            pdf = void_marked(pdf, VoidNote(
                name=document_title(document.doc_type), number=document.number or "",
                authority=_authority(document.doc_type), issued_on=document.issued_on,
                voided_on=beijing_date(moment) if moment else document.issued_on,
                reason=document.reason or ""))
    else:
        pdf = _render(document, None, service.today())
    name = exports.file_name(f"{document_title(document.doc_type)}-{document.number or '草稿'}",
                             "pdf")
    return download(pdf, "application/pdf", name, f"act-{document.id}.pdf")


# ------------------------------------------------------------------ operating data

def _threshold() -> float:
    parameter = books.in_force().parameters.get(aftercare.OVERRUN_PARAMETER)
    value = parameter.at(service.today()) if parameter else None
    if value is None or value.value is None or value.unset:
        raise AftercareError(["限期整改的超出比例参数未设置，请管理员在参数设置页设置后再导入"])
    return float(value.value)


@bp.get("/operating")
@login_required
def operating():
    """运行数据: the template, the import, approved vs actual and the rectification notices."""
    rows = store.approved_vs_actual(engine())
    ids = [r["document_id"] for r in rows if r["document_id"]]
    documents = {i: store.act_document(engine(), i) for i in ids}
    return render_template("aftercare_operating.html", rows=rows, documents=documents,
                           headers=aftercare.HEADERS, threshold=_threshold_text(),
                           issuer=records.issuer_of(store.RECTIFICATION))


def _threshold_text() -> str:
    try:
        return f"{_threshold():g}%"
    except AftercareError:
        return "（未设置）"


@bp.get("/operating/template.xlsx")
@login_required
def template():
    """The bureau's template, one row per project with an issued opinion in force."""
    codes = sorted({(r.project_code, r.project_name) for r in store.issued_records(engine())
                    if r.project_code})
    return download(aftercare.template_xlsx(codes), exports.XLSX_TYPE,
                    exports.file_name(aftercare.TEMPLATE_NAME, "xlsx"),
                    f"{aftercare.TEMPLATE_FALLBACK}.xlsx")


@bp.post("/operating/import")
@login_required
def import_operating():
    """Import a filled template: every cell checked, nothing stored on any problem."""
    _staff()
    upload = request.files.get("workbook")
    data = upload.read(aftercare.IMPORT_MAX_BYTES + 1) if upload else b""
    rows = aftercare.read_operating_xlsx(data, service.today().year)
    store.import_operating(engine(), rows, _threshold(), g.user,
                           hashlib.sha256(data).hexdigest(), service.address())
    return redirect(url_for("aftercare.operating"), code=303)


# --------------------------------------------------------------------- inspections

@bp.get("/inspections")
@login_required
def inspections():
    from checker.store import list_users

    return render_template("aftercare_inspections.html", draws=store.draws(engine()),
                           projects=store.project_pool(engine()),
                           inspectors=store.inspector_pool(engine()),
                           users=list_users(engine()) if g.user.role == "admin" else [],
                           listed=store.inspector_ids(engine()),
                           seed=aftercare.new_seed(), today=service.today())


@bp.post("/inspections")
@login_required
def draw():
    """Draw N projects and M inspectors with the seed given (or a new one) and record it."""
    _staff()
    seed = (request.form.get("seed") or "").strip() or aftercare.new_seed()
    row = store.record_draw(engine(), request.form.get("title", ""), seed,
                            _day("planned_on", "计划检查日期"), _int("projects", "抽取项目数"),
                            _int("inspectors", "抽取检查人员数"), g.user, service.address())
    return redirect(url_for("aftercare.inspection", draw_id=row.id), code=303)


@bp.post("/inspections/inspectors/<int:user_id>")
@login_required
def inspector(user_id: int):
    """An administrator puts an account on (or takes it off) the inspectors' list."""
    if g.user.role != "admin":
        raise Refused("只有管理员可以维护检查人员名录", 403)
    store.set_inspector(engine(), _id(user_id), request.form.get("inspector") == "1", g.user,
                        service.address())
    return redirect(url_for("aftercare.inspections") + "#inspectors", code=303)


@bp.get("/inspections/<int:draw_id>")
@login_required
def inspection(draw_id: int):
    row = store.get_draw(engine(), _id(draw_id))
    if row is None:
        raise NotFound("抽查任务不存在")
    result = json.loads(row.result_json)
    pools = json.loads(row.pool_json)
    found = {r.review_id: r for r in store.results_of(engine(), row.id)}
    return render_template("aftercare_draw.html", row=row, result=result, pools=pools,
                           found=found, reproduced=store.redraw(row) == result,
                           today=service.today())


@bp.post("/inspections/<int:draw_id>/results")
@login_required
def result(draw_id: int):
    _staff()
    store.record_result(engine(), _id(draw_id), _id(_int("review_id", "项目")),
                        _day("inspected_on", "检查日期"), request.form.get("result", ""),
                        request.form.get("notes", ""), g.user, service.address())
    return redirect(url_for("aftercare.inspection", draw_id=draw_id), code=303)


@bp.get("/public/inspections")
def public():
    """双随机一公开: the results as published — task, project name, 项目代码, inspection date,
    result; no staff names, no internal notes; no sign-in."""
    return render_template("public_inspections.html", rows=store.public_results(engine()))
