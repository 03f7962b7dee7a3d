"""The documents a review ends in, as official documents after GB/T 9704-2012.

Which documents a review produces follows from its outcome and conclusion
(`Review.documents()`, types in rules/documents.yaml): a 节能审查意见 when the district decides
(原则同意 / 须落实审查要求 / 不予通过), a 告知承诺书 in an area with 区域节能审查 (Art. 11), a
补正通知 when material is missing or the energy use is not declared (Art. 14), a
责令停止建设、限期整改通知书 for 未批先建 under Order 31 (Art. 24), a 转报函 to the competent
city authority with the district's 初审意见 in a few lines, a 告知书 when no separate energy
review is required, and the ecology bureau's 部门意见 to the 发改局 when the pollutant part
applies.  Each body states what the bureau decides and requires, citing only the key clause.

What a reviewer needs to check it — every rule applied, the values read at full precision,
the dated parameters with their sources and tags, the citation chains, the rulebook's
readings, the 人工复核 records, the input hash and the rulebook version — is in the review's
审查工作底稿 (`render_working_paper_pdf`), internal, never numbered, addressed or sent.

The same review and the same `OpinionMeta` always render to the same bytes; the working paper
carries the SHA-256 of the canonical input and the rulebook version (printed and in its PDF
metadata), so an issued document can be verified against the stored review.

Public API::

    OpinionMeta(number=None, issued_on=None, authority=None)
    document_number(prefix, year, sequence) -> "开发改环资〔2026〕3号"
    render_html(review, meta, kind=None) -> str     # kind: a key of rules/documents.yaml
    render_pdf(review, meta, kind=None) -> bytes    # None: the review's main document
    render_working_paper_html(review) -> str         # 审查工作底稿 (internal)
    render_working_paper_pdf(review) -> bytes
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


def render_working_paper_html(review: "Review", book=None) -> str:
    """The review's 审查工作底稿 (internal working paper) as HTML: every finding with what it
    read, parameters, sources and tags, basis chains, readings, 人工复核 records and
    everything the issued bodies leave out.  Never numbered, addressed or sent."""
    from checker.opinion import document, html

    return html.render_working_paper(document.build_working_paper(review, book))


def render_working_paper_pdf(review: "Review", book=None) -> bytes:
    """The 审查工作底稿 as a PDF (deterministic bytes; internal, no number)."""
    from checker.opinion import document, html, pdf

    paper = document.build_working_paper(review, book)
    return pdf.write(html.render_working_paper(paper, inline_css=False),
                     identifier=paper.fingerprint, stylesheet=True)


WORKING_PAPER = "working_paper"  # the kind under which a record lists its working paper

# Page budgets of the issued documents (issue 23 item 8; the working paper has none): tested
# on every sample and printed by `make bench PARTS=documents`.
PAGE_BUDGETS = {"exempt_notice": 2, "correction_notice": 2, "energy_opinion": 4,
                "commitment_notice": 4, "stop_notice": 3, "referral_letter": 3,
                "pollutant_opinion": 3}


def document_title(kind: str, book=None) -> str:
    """The name of a document type (节能审查意见, 转报函…), for file names and listings
    (rules/documents.yaml of `book`, default the shipped one: no administrator's value
    changes a name)."""
    from checker import rulebook

    documents = (book or rulebook.shipped()).documents
    if kind == WORKING_PAPER:
        return documents.working_paper.name
    return documents.kind(kind).name


__all__ = ["DEFAULT_AUTHORITY", "OpinionMeta", "PAGE_BUDGETS", "WORKING_PAPER", "document_number",
           "document_title", "render_html", "render_pdf", "render_working_paper_html",
           "render_working_paper_pdf"]
