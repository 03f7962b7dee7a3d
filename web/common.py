"""What the HTML pages and the JSON API share: the history filters from the query string,
the page number, and the opinion PDF as a download."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from flask import Response, request

from checker.dates import iso_date
from checker.outcome import EnergyConclusion
from checker.severity import Outcome
from checker.store import Filters, ReviewRecord
from web import service

# the product's one name: page titles, the header, the footer and the API description
PRODUCT_NAME = "开福区节能审查与污染物控制合规检查"


def pdf_response(pdf: bytes, record: ReviewRecord, kind: str | None = None) -> Response:
    """A document of a stored review as a download (Chinese file name, ASCII fallback)."""
    response = Response(pdf, mimetype="application/pdf")
    name = service.pdf_filename(record, kind)
    ascii_name = f"{(kind or 'opinion').replace('_', '-')}-{record.id}.pdf"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}")
    return response


def _date_arg(name: str, notes: list[str]) -> dt.date | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    day = iso_date(text)
    if day is None:
        notes.append(f"日期“{text[:20]}”格式不正确（应为 YYYY-MM-DD），已忽略该条件")
    return day


def _small_int(text: str) -> int | None:
    """A number of at most 9 ASCII digits (fits any integer column), else None."""
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def history_filters(notes: list[str]) -> Filters:
    """The history filters from the query string (q, conclusion, outcome, industry,
    date_from, date_to, reviewer, state, type); malformed values are ignored, with a note for
    dates."""
    from checker import rulebook
    from checker.store import STATES
    from checker.store.models import BUREAU_LABELS
    from checker.store.reviews import TODO

    reviewer = request.args.get("reviewer", "")
    state, kind = request.args.get("state", ""), request.args.get("type", "")
    industry = request.args.get("industry", "").strip()
    return Filters(
        q=request.args.get("q", "").strip()[:100],
        conclusion=request.args.get("conclusion", "") if request.args.get("conclusion") in
        {c.value for c in EnergyConclusion} else "",
        outcome=request.args.get("outcome", "") if request.args.get("outcome") in
        {o.value for o in Outcome} else "",
        industry=industry[:4] if industry.isdigit() else "",
        date_from=_date_arg("date_from", notes), date_to=_date_arg("date_to", notes),
        reviewer_id=_small_int(reviewer.strip()),
        state=state if state in STATES or state == TODO else "",
        doc_type=kind if kind in rulebook.current().documents.documents else "",
        bureau=bureau if (bureau := request.args.get("bureau", "")) in BUREAU_LABELS else "")


def page_arg() -> int:
    return _small_int(request.args.get("page", "1").strip()) or 1
