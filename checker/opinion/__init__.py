"""The documents a review ends in, as official documents after GB/T 9704-2012.

Which documents a review produces follows from its outcome (`Review.documents()`, types in
rules/documents.yaml): a 节能审查意见 when the district decides (原则同意 / 须落实审查要求 /
补正 / 不予通过), a 转报函 to the competent city or provincial authority with the district's
pre-check findings, a 告知书 when no separate energy review is required, and a
污染物排放与VOCs控制合规意见 in the ecology bureau's name when the pollutant part applies.
Each body states what the bureau decides and requires, citing only the key clause; its annex
(附件：审查依据与核对信息) lists every rule applied, the values it read at full precision, the
dated parameters with their sources and the full citation chains; values whose source is not
verified are marked （待核实） there, never in the body.

The same review and the same `OpinionMeta` always render to the same bytes, and the PDF
carries the SHA-256 of the canonical input and the rulebook version (printed in the annex
and stored in the PDF metadata), so an issued opinion can be verified against the stored
review.

Public API::

    OpinionMeta(number=None, issued_on=None, authority=None)
    document_number(prefix, year, sequence) -> "开发改环资〔2026〕3号"
    render_html(review, meta, kind=None) -> str     # kind: a key of rules/documents.yaml
    render_pdf(review, meta, kind=None) -> bytes    # None: the review's main document
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from checker.review import Review

DEFAULT_AUTHORITY = "长沙市开福区发展和改革局"


@dataclass(frozen=True)
class OpinionMeta:
    """What the issuing office adds to a review to make it an opinion.

    number:    the document number (发文字号) assigned by the office, e.g. from
               `document_number`; None renders a draft (草稿, 文号待编) that is not an
               issued act.
    issued_on: the date of issue (成文日期); None means the review's as-of date.
    authority: the issuing authority (发文机关) signing the document; None means the
               document type's issuer (rules/documents.yaml: OPINION_AUTHORITY for the
               Development and Reform Bureau, ECOLOGY_AUTHORITY for the ecology bureau).
    """

    number: str | None = None
    issued_on: datetime.date | None = None
    authority: str | None = None


def document_number(prefix: str, year: int, sequence: int) -> str:
    """The document number 发文字号 after GB/T 9704-2012 §7.2.4: 机关代字〔年份〕序号号.

    The year is in full and in hexagonal brackets 〔〕, the sequence number has no leading
    zeros and no 第, e.g. ``document_number("开发改环资", 2026, 3)`` → "开发改环资〔2026〕3号".
    """
    prefix = (prefix or "").strip()
    if not prefix:
        raise ValueError("机关代字不能为空")
    if any(ch in prefix for ch in "〔〕[]【】"):
        raise ValueError("机关代字不应含括号（年份括号由本函数添加）")
    if isinstance(year, bool) or not isinstance(year, int) or not 1949 <= year <= 9999:
        raise ValueError(f"年份须为四位整数：{year!r}")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 1:
        raise ValueError(f"序号须为正整数：{sequence!r}")
    return f"{prefix}〔{year}〕{sequence}号"


def render_html(review: "Review", meta: OpinionMeta = OpinionMeta(),
                kind: str | None = None, book=None) -> str:
    """The document as HTML (every applicant-supplied text escaped) for the PDF renderer;
    `book`: the rulebook the review was made under (default: the shipped one)."""
    from checker.opinion import document, html

    return html.render(document.build(review, meta, kind, book))


def render_pdf(review: "Review", meta: OpinionMeta = OpinionMeta(),
               kind: str | None = None, variant: str | None = None, book=None) -> bytes:
    """The document `kind` (default: the main one) as a PDF: A4 after GB/T 9704-2012,
    deterministic bytes; without a number it is a draft (watermarked 草稿). `variant`
    ``"pdf/a-3b"`` renders the archival PDF/A of an issued document.

    Only the package's own fonts are fetched while rendering (see `checker.opinion.pdf`);
    the fonts and the stylesheet are loaded once per process, and WeasyPrint is imported
    only here, when a PDF is asked for.  `book`: the rulebook the review was made under (a
    stored record's own, see web.service; default: the shipped one).
    """
    from checker.opinion import document, html, pdf

    opinion = document.build(review, meta, kind, book)
    return pdf.write(html.render(opinion, inline_css=False), identifier=opinion.fingerprint,
                     stylesheet=True, variant=variant)


def document_title(kind: str, book=None) -> str:
    """The name of a document type (节能审查意见, 转报函…), for file names and listings
    (rules/documents.yaml of `book`, default the shipped one: no administrator's value
    changes a name)."""
    from checker import rulebook

    return (book or rulebook.shipped()).documents.documents[kind].name


__all__ = ["DEFAULT_AUTHORITY", "OpinionMeta", "document_number", "document_title",
           "render_html", "render_pdf"]
