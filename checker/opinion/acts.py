"""The documents the bureau issues after the opinion, on an issued record (令2025年第31号第四章、
第五章): the 节能审查验收意见 (Art. 21: 验收合格 / 不合格) and the 限期整改通知 (Art. 26).

Their wording is rulebook data (rules/documents.yaml ``acts``); the view model is the same
`Opinion` the review's documents use, laid out by the same template after GB/T 9704-2012,
numbered in its own series at issue (checker.store.records).  What leaves the bureau is the
decision only: every text passes `issuable`, so no verification language (待核实, sources,
parameter keys …) reaches the body; the evidence the staff recorded stays on the staff pages.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from checker.opinion.document import (Item, Opinion, Section, _Body, _fill, chinese_date)

PAGE_BUDGET = 3  # pages: an act states a decision and a short list


@dataclass(frozen=True)
class ActDraft:
    """What one act says: its type (a key of ``acts``), the conclusion (passed / failed /
    default), the placeholders' words, the project's facts and the listed items (title,
    text)."""

    kind: str
    conclusion: str
    words: dict[str, str]
    facts: list[tuple[str, str]]
    items: list[tuple[str, str]]
    as_of: dt.date
    extra: list[str] = field(default_factory=list)


def build(draft: ActDraft, book, number: str | None, issued_on: dt.date,
          authority: str | None = None) -> Opinion:
    """The act as the template prints it; without `number` a draft (草稿, 文号待编)."""
    spec = book.documents.acts[draft.kind]
    authority = authority or book.documents.issuers[spec.issuer].name()
    words = {"measure": book.calendar.encoded_measure(draft.as_of).title, **draft.words}
    text = _Body()
    say = lambda template: text(_fill(template, words, book, draft.as_of))  # noqa: E731
    title = _fill(spec.title, words, book, draft.as_of)
    number = (number or "").strip()
    sentence = say(spec.conclusions[draft.conclusion])
    items = [Item(title=text(t) if t else "", text=body, basis="")
             for t, body in ((t, text(b)) for t, b in draft.items) if body]
    others = [Item(title="", text=t, basis="") for t in (say(o) for o in spec.others) if t]
    sections = [Section(heading="验收结论" if draft.kind == "acceptance_opinion" else "整改要求",
                        sentence=sentence),
                Section(heading=spec.items_heading, items=items)]
    if others:
        sections.append(Section(heading="其他", items=others))
    fingerprint = hashlib.sha256("\x1f".join(
        [draft.kind, draft.conclusion, number, issued_on.isoformat(), authority,
         *(f"{k}={v}" for k, v in sorted(words.items())), *(f"{t}|{b}" for t, b in draft.items),
         *(f"{k}={v}" for k, v in draft.facts)]).encode("utf-8")).digest()[:16]
    return Opinion(
        kind=draft.kind, name=spec.name, part="energy", draft=not number,
        number=number or "草稿（文号待编）", authority=authority,
        issued_on=chinese_date(issued_on), title=title,
        addressee=f"{_fill(spec.addressee, words, book, draft.as_of)}：",
        opening=say(spec.opening), facts=[(k, text(v)) for k, v in draft.facts if v],
        energy=None, impact=[], conclusion=sentence, conclusion_label="",
        conclusion_kind=draft.conclusion, sections=sections, companion="", attachments=[],
        closing="", copy_to="，".join(_fill(c, words, book, draft.as_of) for c in spec.copy_to),
        project_name=words.get("project", ""), fingerprint=fingerprint,
        metadata={"title": title, "author": authority,
                  "description": f"{spec.name} {number or '草稿（文号待编）'}",
                  "keywords": f"{spec.name}, {number or '草稿'}",
                  "dcterms.created": f"{issued_on.isoformat()}T00:00:00+08:00",
                  "dcterms.modified": f"{issued_on.isoformat()}T00:00:00+08:00"},
        withheld=text.withheld, overview=True)


def render_html(draft: ActDraft, book, number: str | None, issued_on: dt.date,
                authority: str | None = None) -> str:
    from checker.opinion import html

    return html.render(build(draft, book, number, issued_on, authority))


def render_pdf(draft: ActDraft, book, number: str | None, issued_on: dt.date,
               authority: str | None = None, variant: str | None = None) -> bytes:
    """The act as a PDF (deterministic bytes; ``variant="pdf/a-3b"`` for the archive)."""
    from checker.opinion import html, pdf

    opinion = build(draft, book, number, issued_on, authority)
    return pdf.write(html.render(opinion, inline_css=False), identifier=opinion.fingerprint,
                     stylesheet=True, variant=variant)
