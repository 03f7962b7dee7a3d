"""Batch pages: upload several JSON files or a ZIP, review them in the background (web.jobs),
follow the progress (polling by static/batch.js, or by reloading), download the summary,
cancel. Each application becomes a review linked to its batch item (web.service.create_review,
the one way reviews are created). Impact page (administrators): what a candidate parameter set
would change in the stored reviews (checker.impact)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from flask import (Blueprint, Response, abort, g, jsonify, redirect, render_template, request,
                   url_for)
from urllib.parse import quote

from checker import batch as batching
from checker import change_impact as impact, intake, rulebook
from checker.store import batches
from web import jobs, service
from web.common import page_arg
from web.db import engine
from web.security import login_required

bp = Blueprint("batches", __name__)

# the upload of one batch: its applications (≤ MAX_TOTAL_BYTES uncompressed, so a ZIP is
# smaller still) plus multipart framing; the form's parts: one per file and a few fields
MAX_UPLOAD_BYTES = batching.MAX_TOTAL_BYTES + 1024 * 1024
MAX_FORM_PARTS = batching.MAX_MEMBERS + 20
UPLOAD_ENDPOINTS = {"batches.create"}


def raise_upload_limit() -> None:
    """The batch upload's own request limits (before any hook reads the form)."""
    if request.endpoint in UPLOAD_ENDPOINTS and request.method == "POST":
        request.max_content_length = MAX_UPLOAD_BYTES
        request.max_form_parts = MAX_FORM_PARTS


class UploadError(ValueError):
    """The upload is refused as a whole (Chinese message)."""


def _batch_or_404(batch_id: int):
    record = batches.get_batch(engine(), batch_id) if 0 < batch_id <= service.MAX_ID else None
    if record is None:
        abort(404, description=f"批量审查 {str(batch_id)[:20]} 不存在")
    return record


def read_upload(files) -> list[tuple[str, str | None, str | None]]:
    """The uploaded JSON files and ZIPs as batch items (name, text, error), within the
    limits of a batch; UploadError for the whole upload."""
    items: list[batching.Item] = []
    total = 0
    for upload in files:
        name = upload.filename or "未命名文件"
        if name.lower().endswith(".zip"):
            try:
                members = list(batching.read_zip(upload.stream, name))
            except batching.BatchError as exc:
                raise UploadError(str(exc)) from None
            items.extend(members)
            total += sum(len(m.data or b"") for m in members)
        else:
            data = upload.stream.read(intake.MAX_BYTES + 1)
            total += len(data)
            items.append(batching.Item(name, data))
        if len(items) > batching.MAX_MEMBERS:
            raise UploadError(f"文件数超过每批 {batching.MAX_MEMBERS} 个的上限")
        if total > batching.MAX_TOTAL_BYTES:
            raise UploadError(f"合计超过 {batching.MAX_TOTAL_BYTES // 1024 // 1024} MB 的上限")
    if not items:
        raise UploadError("请选择要审查的JSON文件或ZIP压缩包")
    return [_text(item) for item in items]


def _text(item: batching.Item) -> tuple[str, str | None, str | None]:
    if item.error is not None:
        return item.name, None, item.error
    try:
        return item.name, intake.decode(item.data), None
    except intake.InputError as exc:
        return item.name, None, str(exc.problems[0]["message"])


@bp.errorhandler(413)
def too_large(error):
    """An upload over the batch's own request limit: say which limits apply here."""
    if request.endpoint not in UPLOAD_ENDPOINTS:
        return error
    return render_template("batches.html", limits=batching.LIMITS_TEXT, workers=_workers(),
                           problem=f"上传的内容过大：{batching.LIMITS_TEXT}"), 413


def _workers() -> str:
    return "Celery 工作进程" if jobs.use_celery() else "本机进程池"


@bp.get("/batches")
@login_required
def index():
    return render_template("batches.html", limits=batching.LIMITS_TEXT, problem=None,
                           workers=_workers())


@bp.post("/batches")
@login_required
def create():
    try:
        as_of = service.parse_as_of(request.form.get("as_of"))
        items = read_upload(request.files.getlist("files"))
    except (UploadError, intake.InputError) as exc:
        problem = str(exc) if isinstance(exc, UploadError) else exc.problems[0]["message"]
        return render_template("batches.html", limits=batching.LIMITS_TEXT, problem=problem,
                               workers=_workers()), 400
    batch_id, item_ids = batches.create_batch(engine(), g.user.id, as_of, items)
    jobs.submit(item_ids)
    return redirect(url_for("batches.show", batch_id=batch_id), code=303)


BATCH_PAGE_SIZE = 50  # result rows on one page of a batch (a 602-file batch: 13 pages)


def _choice(name: str, allowed) -> str:
    value = request.args.get(name, "").strip()
    return value if value in allowed else ""


def batch_view(state: batches.Progress) -> dict:
    """One page of a batch's result rows, filtered by outcome (审查结果, or 无法审查), energy
    conclusion and pollutant conclusion, with the counts of the whole batch summarised: what
    batch.html shows (a 602-file batch is 13 pages of 50, not one page 138,362 px tall)."""
    from collections import Counter

    rows = state.rows
    outcomes = Counter((r["outcome"], r["outcome_label"]) for r in rows)
    energy = Counter(r["energy"] for r in rows if r["outcome"] != "error")
    pollutant = Counter(r["pollutant"] for r in rows if r["outcome"] != "error")
    chosen = {"outcome": _choice("outcome", {o for o, _ in outcomes}),
              "conclusion": _choice("conclusion", set(energy)),
              "pollutant": _choice("pollutant", set(pollutant))}
    shown = [r for r in rows
             if (not chosen["outcome"] or r["outcome"] == chosen["outcome"])
             and (not chosen["conclusion"] or r["energy"] == chosen["conclusion"])
             and (not chosen["pollutant"] or r["pollutant"] == chosen["pollutant"])]
    pages = max(1, -(-len(shown) // BATCH_PAGE_SIZE))
    page = min(page_arg(), pages)
    args = {k: v for k, v in chosen.items() if v}
    tce = sum(r["tce"] or 0 for r in rows if r["outcome"] != "error")
    return {"rows": shown[(page - 1) * BATCH_PAGE_SIZE:page * BATCH_PAGE_SIZE],
            "matching": len(shown), "page": page, "pages": pages, "page_size": BATCH_PAGE_SIZE,
            "filters": chosen, "args": args,
            "outcome_counts": sorted(outcomes.items(), key=lambda i: (i[0][0] == "error", -i[1])),
            "energy_counts": energy.most_common(), "pollutant_counts": pollutant.most_common(),
            "tce_total": round(tce, 2)}


@bp.get("/batches/<int:batch_id>")
@login_required
def show(batch_id: int):
    _batch_or_404(batch_id)
    state = batches.progress(engine(), batch_id)
    return render_template("batch.html", progress=state, limits=batching.LIMITS_TEXT,
                           view=batch_view(state))


@bp.get("/batches/<int:batch_id>/progress.json")
@login_required
def progress_json(batch_id: int):
    _batch_or_404(batch_id)
    after = request.args.get("after", "-1")
    after = int(after) if after.lstrip("-").isdigit() and len(after) < 10 else -1
    state = batches.progress(engine(), batch_id, after)
    data = state.json()
    for row in data["rows"]:
        if row.get("review_id"):
            row["review_url"] = url_for("reviews.show", review_id=row["review_id"])
    return jsonify(data)


@bp.post("/batches/<int:batch_id>/cancel")
@login_required
def cancel(batch_id: int):
    _batch_or_404(batch_id)
    batches.cancel_batch(engine(), batch_id)
    return redirect(url_for("batches.show", batch_id=batch_id), code=303)


@bp.get("/batches/<int:batch_id>/summary.<fmt>")
@login_required
def summary(batch_id: int, fmt: str):
    _batch_or_404(batch_id)
    rows = batches.progress(engine(), batch_id).rows
    if fmt == "xlsx":
        data = batching.xlsx_bytes([
            ("结果", batching.COLUMNS, rows),
            ("汇总", batching.TOTAL_COLUMNS,
             [{"item": k, "value": v} for k, v in batching.totals(rows)])])
        return _download(data, f"批量审查-{batch_id}.xlsx", "application/vnd.openxmlformats-"
                         "officedocument.spreadsheetml.sheet")
    if fmt == "csv":
        return _download(batching.csv_bytes(rows), f"批量审查-{batch_id}.csv", "text/csv")
    abort(404)


def _download(data: bytes, name: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    ascii_name = name.encode("ascii", "ignore").decode() or "download"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name.lstrip('-')}\"; filename*=UTF-8''{quote(name)}")
    return response


# ------------------------------------------------------------------ impact (administrators)

def _admin_only() -> None:
    if g.user.role != "admin":
        abort(403, description="仅管理员可以评估规则库变更的影响")


@bp.route("/admin/impact", methods=["GET", "POST"])
@login_required
def impact_page():
    """Upload a candidate parameters file (the local-parameters format), choose the records
    (since a date, an industry prefix) and see what would change; download XLSX/CSV."""
    _admin_only()
    if request.method == "GET":
        return render_template("impact.html", report=None, problem=None)
    upload = request.files.get("overrides")
    if upload is None or not upload.filename:
        return render_template("impact.html", report=None, problem="请选择候选参数配置文件"), 400
    since = request.form.get("since", "").strip()
    industry = request.form.get("industry", "").strip()
    industry = industry if industry.isdigit() and len(industry) <= 4 else ""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "candidate.yaml"
        path.write_bytes(upload.stream.read(intake.MAX_BYTES))
        try:
            day = service.parse_as_of(since) if since else None
            candidate = impact.Candidate(overrides=str(path))
            records = impact.stored_reviews(engine(), day, industry)
            result = impact.report(impact.run(records, candidate))
        except rulebook.RulebookError as exc:
            return render_template("impact.html", report=None, problem=str(exc)), 400
        except intake.InputError as exc:
            return render_template("impact.html", report=None,
                                   problem=exc.problems[0]["message"]), 400
    fmt = request.form.get("format", "")
    if fmt == "xlsx":
        return _download(impact.xlsx_bytes(result), "规则变更影响评估.xlsx",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if fmt == "csv":
        return _download(impact.csv_bytes(result), "规则变更影响评估.csv", "text/csv")
    return render_template("impact.html", report=result, problem=None,
                           change_row=impact.change_row)
