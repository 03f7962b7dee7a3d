"""Record pages: a document's life cycle (submit, return, issue, void), the applicant's
attachments, and the history export (CSV with BOM, XLSX)."""
from __future__ import annotations

from flask import Blueprint, g, redirect, request, url_for

from checker import exports
from checker.intake import ATTACHMENT_MAX_BYTES
from checker.refusals import NotFound
from checker.store import all_reviews, attachment_data
from web import service
from web.common import download, history_filters
from web.db import engine
from web.security import login_required

bp = Blueprint("records", __name__)
_record = service.record_or_404


@bp.post("/reviews/<int:review_id>/documents/<int:document_id>/<action>")
@login_required
def act(review_id: int, document_id: int, action: str):
    """提交签发 / 退回 / 签发 / 作废 one document of the record (the signed-in user)."""
    record = _record(review_id)
    document = next((d for d in record.documents if d.id == document_id), None)
    if document is None or action not in service.ACTIONS:
        raise NotFound("本审查记录没有该文书或该操作")
    service.transition(record, document, action, g.user, request.form.get("reason", ""))
    return redirect(url_for("reviews.show", review_id=record.id) + "#record", code=303)


@bp.post("/reviews/<int:review_id>/judgements")
@login_required
def judge(review_id: int):
    """人工复核: set a finding aside, change its severity or add a finding (with a reason)."""
    record = _record(review_id)
    service.judge(record, {k: v for k, v in request.form.items() if k != "csrf_token"}, g.user)
    return redirect(url_for("reviews.show", review_id=record.id) + "#judgements", code=303)


@bp.post("/reviews/<int:review_id>/judgements/<int:judgement_id>/withdraw")
@login_required
def withdraw_judgement(review_id: int, judgement_id: int):
    """Withdraw a judgement (its row and the audit log keep it)."""
    record = _record(review_id)
    service.withdraw_judgement(record, judgement_id, g.user)
    return redirect(url_for("reviews.show", review_id=record.id) + "#judgements", code=303)


@bp.post("/reviews/<int:review_id>/attachments")
@login_required
def attach(review_id: int):
    """Keep one of the applicant's own PDF documents with the review (≤ 20 MB)."""
    record = _record(review_id)
    upload = request.files.get("attachment")
    data = upload.read(ATTACHMENT_MAX_BYTES + 1) if upload else b""
    service.attach(record, upload.filename if upload else "", data, g.user)
    return redirect(url_for("reviews.show", review_id=record.id) + "#attachments", code=303)


@bp.get("/reviews/<int:review_id>/attachments/<int:attachment_id>")
@login_required
def attachment(review_id: int, attachment_id: int):
    record = _record(review_id)
    row = (attachment_data(engine(), record.id, attachment_id)
           if 0 < attachment_id <= service.MAX_ID else None)
    if row is None:
        raise NotFound("附件不存在")
    return download(row.data, "application/pdf", service.pdf_name(row.filename),
                    f"attachment-{row.id}.pdf")


# The history export's columns (a row is a stored review).
COLUMNS = [
    exports.Column("编号", lambda r: r.id),
    exports.Column("项目名称", lambda r: r.project_name),
    exports.Column("建设单位", lambda r: r.applicant),
    exports.Column("项目代码", lambda r: r.project_code, exports.CODE),
    exports.Column("行业代码", lambda r: r.industry_code, exports.CODE),
    exports.Column("审查结果", lambda r: _labels()[0].get(r.outcome, r.outcome)),
    exports.Column("节能审查结论", lambda r: _labels()[1].get(r.conclusion, r.conclusion)),
    exports.Column("文书", lambda r: "；".join(_document_text(d) for d in r.documents)),
    exports.Column("审查基准日", lambda r: r.as_of, exports.DATE),
    exports.Column("记录日期", lambda r: r.issued_on, exports.DATE),
    exports.Column("审查人员", lambda r: r.reviewer.name),
    exports.Column("输入摘要（SHA-256）", lambda r: r.input_sha256, exports.CODE),
]
HISTORY_NAME, HISTORY_FALLBACK = "审查记录", "reviews"


def _labels():
    from checker.outcome import EnergyConclusion
    from checker.severity import Outcome

    return ({o.value: o.label for o in Outcome}, {c.value: c.label for c in EnergyConclusion})


def _document_text(document) -> str:
    """One document as the export lists it: 节能审查意见 开发改环资〔2026〕3号（已签发）."""
    from checker.opinion import document_title

    number = f" {document.number}" if document.number else ""
    return f"{document_title(document.doc_type)}{number}（{document.state_label}）"


def _reviews():
    notes: list[str] = []
    return all_reviews(engine(), history_filters(notes))


@bp.get("/reviews/export.csv")
@login_required
def export_csv():
    """The filtered history as CSV, UTF-8 with a BOM (so that Excel reads the Chinese)."""
    return download(exports.csv_bytes(COLUMNS, _reviews()), exports.CSV_TYPE,
                    exports.file_name(HISTORY_NAME, "csv"), f"{HISTORY_FALLBACK}.csv")


@bp.get("/reviews/export.xlsx")
@login_required
def export_xlsx():
    """The filtered history as an Excel workbook (checker.exports: header frozen, dates as
    dates, no formula from any stored text)."""
    data = exports.xlsx_bytes([exports.Sheet("审查记录", COLUMNS, _reviews())])
    return download(data, exports.XLSX_TYPE, exports.file_name(HISTORY_NAME, "xlsx"),
                    f"{HISTORY_FALLBACK}.xlsx")
