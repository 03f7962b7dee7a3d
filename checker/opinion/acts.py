"""The documents the bureau issues on a project after (or instead of) its opinion (令2025年第31号
第三章至第五章), not selected by a review's outcome:

- the 同意变更的函 (Art. 18: the bureau agrees to a 重大变动 of a project whose opinion it issued;
  Art. 19: that decision lapses like an opinion if construction has not started within 2 years);
- the 整改证明 (Art. 24: a project built without review that has been rectified gets a
  certificate instead of an opinion);
- the 节能审查验收意见 (Art. 21: 验收合格 / 不合格);
- the 限期整改通知 (Art. 26: the operating data exceed the approved levels).

Their wording is rulebook data (rules/documents.yaml ``acts``); the view model is the same
`Opinion` the review's documents use, laid out by the same template after GB/T 9704-2012,
numbered in each type's own series at issue (checker.store.records).  What leaves the bureau is
the decision only: every text passes `issuable`, so no verification language (待核实, sources,
parameter keys …) reaches the body; the evidence the staff recorded stays on the staff pages.
The same draft, number and date always render to the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from checker.opinion.document import WORD, Item, Opinion, Section, _Body, chinese_date

PAGE_BUDGET = 3  # pages: an act states a decision and a short list
SLOT = re.compile("\x00([0-9]+)\x00")


@dataclass(frozen=True)
class ActDraft:
    """What one act says: its type (a key of ``acts``), the conclusion (passed / failed /
    default), the placeholders' words, the project's facts and the listed items (title,
    text), and the day whose wording is in force."""

    kind: str
    conclusion: str
    words: dict[str, str]
    facts: list[tuple[str, str]]
    items: list[tuple[str, str]]
    as_of: dt.date
    extra: list[str] = field(default_factory=list)


def _sayer(words: dict[str, str], book, day: dt.date):
    """A template filled with `words` and the parameters in force on `day`.  The words are put
    in last: a text the applicant or a staff member wrote (a change, a phase) is never read as
    a template (its braces stay braces)."""
    from checker.evaluation.explain import fill

    def say(template: str) -> str:
        slots: list[str] = []

        def slot(match) -> str:
            slots.append(words.get(match.group(1), ""))
            return f"\x00{len(slots) - 1}\x00"

        filled = fill(WORD.sub(slot, template), book, day)
        return SLOT.sub(lambda m: slots[int(m.group(1))], filled)

    return say


def build(draft: ActDraft, book, number: str | None, issued_on: dt.date,
          authority: str | None = None) -> Opinion:
    """The act as the template prints it; without `number` a draft (草稿, 文号待编)."""
    spec = book.documents.acts[draft.kind]
    authority = authority or book.documents.issuers[spec.issuer].name()
    words = {"measure": book.calendar.encoded_measure(draft.as_of).title,
             "authority": authority, "drc": book.documents.issuers["drc"].name(),
             "ecology": book.documents.issuers["ecology"].name(), **draft.words}
    text = _Body()
    fill = _sayer(words, book, draft.as_of)
    say = lambda template: text(fill(template))  # noqa: E731
    title = fill(spec.title)
    number = (number or "").strip()
    sentence = say(spec.conclusions[draft.conclusion])
    items = [Item(title=text(t) if t else "", text=body, basis="")
             for t, body in ((t, text(b)) for t, b in draft.items) if body]
    others = [Item(title="", text=t, basis="") for t in (say(o) for o in spec.others) if t]
    sections = [Section(heading=spec.heading, sentence=sentence)]
    if spec.items_heading:
        sections.append(Section(heading=spec.items_heading, items=items))
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
        addressee=f"{fill(spec.addressee)}：",
        opening=say(spec.opening), facts=[(k, text(v)) for k, v in draft.facts if v],
        energy=None, impact=[], conclusion=sentence, conclusion_label="",
        conclusion_kind=draft.conclusion, sections=sections, companion="", attachments=[],
        closing="", copy_to="，".join(fill(c) for c in spec.copy_to),
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
