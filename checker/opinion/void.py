"""A voided document as it is downloaded: the archived original, visibly void.

An issued document that the bureau voids (作废) keeps its archived PDF/A bytes unchanged — its
SHA-256 still verifies against the record.  What is downloaded after the void is a marked
copy built from those bytes on each download: a notice page in front (作废说明: which
document, issued when, voided on which day and why, the original's SHA-256) and, laid over
every page of the original, a red band "作废 … 已于…作废" and a large diagonal 作废 mark.
Nobody can mistake the copy for a valid act; the original stays downloadable beside it.

The marked copy is deterministic: the same original, void date and reason give the same
bytes (fixed dates, the stamp's PDF identifier derived from them, no random file identifier).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass

from checker.opinion.document import chinese_date


@dataclass(frozen=True)
class VoidNote:
    """What the 作废 mark says (all of it printed)."""

    name: str          # the document type's name (节能审查意见 …)
    number: str        # its number (文号), kept by the voided document
    authority: str     # the issuing authority
    issued_on: dt.date
    voided_on: dt.date  # Beijing date of the void (the audit log's moment)
    reason: str


def void_marked(original: bytes, note: VoidNote) -> bytes:
    """The archived `original` with the 作废 notice page in front and the mark on each page."""
    from pypdf import PdfReader, PdfWriter

    from checker.opinion import html, pdf

    sha256 = hashlib.sha256(original).hexdigest()
    view = {"name": note.name, "number": note.number, "authority": note.authority,
            "issued_on": chinese_date(note.issued_on), "voided_on": chinese_date(note.voided_on),
            "reason": note.reason, "sha256": sha256,
            "created": f"{note.voided_on.isoformat()}T00:00:00+08:00"}
    identifier = hashlib.sha256(f"void\x1f{sha256}\x1f{note.voided_on}\x1f{note.reason}"
                                .encode("utf-8")).digest()[:16]
    stamp = PdfReader(io.BytesIO(pdf.write(
        html.environment().get_template("void.html").render(v=view), identifier=identifier)))
    notice, overlay = stamp.pages[0], stamp.pages[1]
    writer = PdfWriter()
    writer.add_page(notice)
    for page in PdfReader(io.BytesIO(original)).pages:
        writer.add_page(page).merge_page(overlay)  # the writer's copy; the original untouched
    metadata = {"/Title": f"作废：{note.name} {note.number}",
                "/Subject": f"已于{view['voided_on']}作废；原因：{note.reason}；"
                            f"存档原件SHA-256 {sha256}",
                "/Producer": "kaifu-checker",
                "/CreationDate": f"D:{note.voided_on:%Y%m%d}000000+08'00'",
                "/ModDate": f"D:{note.voided_on:%Y%m%d}000000+08'00'"}
    writer.add_metadata(metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
