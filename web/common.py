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


def content_disposition(name: str, fallback: str) -> str:
    """The Content-Disposition of a download (RFC 6266): the file's Chinese name as
    ``filename*`` (UTF-8, percent-encoded, RFC 8187) and `fallback`, plain ASCII, as
    ``filename`` for the clients that do not read ``filename*``.  The one place a download's
    name is written into a header (PDFs, attachments and every export)."""
    plain = re.sub(r"[^A-Za-z0-9._-]", "_", fallback).lstrip(".") or "download"
    return (f"attachment; filename=\"{plain}\"; "
            f"filename*=UTF-8''{quote(name, safe=ATTR_CHARS)}")


ATTR_CHARS = "!#$&+-.^_`|~"  # RFC 8187 attr-char besides letters and digits: not encoded


def download(body, mimetype: str, name: str, fallback: str) -> Response:
    """`body` (bytes, or an iterator of text for a streamed CSV) as a download named `name`
    (checker.exports.file_name), with `fallback` for old clients."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(name, fallback)
    return response


def pdf_response(pdf: bytes, record: ReviewRecord, kind: str | None = None) -> Response:
    """A document of a stored review as a download (Chinese file name, ASCII fallback)."""
    return download(pdf, "application/pdf", service.pdf_filename(record, kind),
                    f"{(kind or 'opinion').replace('_', '-')}-{record.id}.pdf")


def _date_arg(name: str, notes: list[str]) -> dt.date | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    day = iso_date(text)
    if day is None:
        notes.append(f"日期“{text[:20]}”格式不正确（应为 YYYY-MM-DD），已忽略该条件")
    return day


def ascii_int(text: str, most: int = 9) -> int | None:
    """A number written in 1 to `most` ASCII digits (at most 9: it fits any integer column),
    else None.  str.isdigit() and int() also take superscripts (²: int() then fails) and
    other scripts' digits (٢٠٢٦ is read as 2026): a query parameter takes neither."""
    return int(text) if re.fullmatch(r"[0-9]{1,%d}" % most, text) else None




def history_filters(notes: list[str]) -> Filters:
    """The history filters from the query string (q, conclusion, outcome, industry,
    date_from, date_to, reviewer, state, type); malformed values are ignored, with a note for
    dates."""
    from checker.store import STATES
    from checker.store.models import BUREAU_LABELS
    from checker.store.reviews import TODO
    from web.books import in_force

    reviewer = request.args.get("reviewer", "")
    state, kind = request.args.get("state", ""), request.args.get("type", "")
    industry = request.args.get("industry", "").strip()
    return Filters(
        q=request.args.get("q", "").strip()[:100],
        conclusion=request.args.get("conclusion", "") if request.args.get("conclusion") in
        {c.value for c in EnergyConclusion} else "",
        outcome=request.args.get("outcome", "") if request.args.get("outcome") in
        {o.value for o in Outcome} else "",
        industry=industry[:4] if re.fullmatch(r"[0-9]+", industry) else "",
        date_from=_date_arg("date_from", notes), date_to=_date_arg("date_to", notes),
        reviewer_id=ascii_int(reviewer.strip()),
        state=state if state in STATES or state == TODO else "",
        doc_type=kind if kind in in_force().documents.documents else "",
        bureau=bureau if (bureau := request.args.get("bureau", "")) in BUREAU_LABELS else "")


def page_arg() -> int:
    return ascii_int(request.args.get("page", "1").strip()) or 1
