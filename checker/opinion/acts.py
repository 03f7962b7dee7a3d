"""The documents a project act issues (not a review): the 同意变更的函 (Order 2025 No. 31
Art. 18: the bureau agrees to a 重大变动 of a project whose opinion it issued; Art. 19: that
decision lapses like an opinion if construction has not started within 2 years) and the
整改证明 (Art. 24: a project built without review that has been rectified gets a certificate
instead of an opinion).

Their wording is rulebook data (rules/documents.yaml, the types with an `act`); the layout is
that of every other document (GB/T 9704-2012, templates/opinion.html).  Like every issued
body, each sentence passes `issuable`: no verification language, rule id, URL or tag reaches
the applicant.  The same act and `OpinionMeta` always render to the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from checker.opinion import OpinionMeta
from checker.opinion.document import (WORD, Item, Opinion, Section, _Body, chinese_date)


@dataclass(frozen=True)
class ActDocument:
    """What a project act's document states: the document type (a key of
    rules/documents.yaml whose `act` is set), the project, and the act's own words
    (received_on, opinion_number, opinion_date, change, rectified_on, notice_number: text,
    dates already in Chinese), and the day whose wording is in force (the act's date)."""

    kind: str
    project: str
    applicant: str
    code: str
    day: dt.date
    words: dict[str, str] = field(default_factory=dict)


SLOT = re.compile("\x00([0-9]+)\x00")
HEADINGS = {"change_consent": ("变更决定", "其他"), "rectification_certificate": ("证明事项", "其他")}


def build(act: ActDocument, meta: OpinionMeta, book) -> Opinion:
    """The document of `act` issued under `meta` (no number: a draft)."""
    from checker.evaluation.explain import fill

    spec = book.documents.documents[act.kind]
    if not spec.act:
        raise ValueError(f"“{spec.name}”不是项目行为出具的文书")
    measure = book.calendar.measure_on(act.day)
    spec = spec.under(measure.key if measure else None)
    issued_on = meta.issued_on or act.day
    number = meta.number.strip() if meta.number else ""
    authority = meta.authority or book.documents.issuer_name(act.kind)
    words = {"project": act.project, "applicant": act.applicant, "code": act.code or "—",
             "measure": book.calendar.encoded_measure(act.day).title,
             "plan": book.calendar.plan.title, "as_of": chinese_date(act.day),
             "authority": authority, "drc": book.documents.issuers["drc"].name(),
             "ecology": book.documents.issuers["ecology"].name(), "energy_document": spec.name,
             **{k: v for k, v in act.words.items()}}
    text = _Body()

    def say(template: str) -> str:
        # the words are put in last: a text the applicant or a reviewer wrote is never read
        # as a template (its braces stay braces)
        slots: list[str] = []

        def slot(match) -> str:
            slots.append(words.get(match.group(1), ""))
            return f"\x00{len(slots) - 1}\x00"

        filled = fill(WORD.sub(slot, template), book, act.day)
        return text(SLOT.sub(lambda m: slots[int(m.group(1))], filled))

    title = WORD.sub(lambda m: words.get(m.group(1), ""), spec.title)
    sentence = say(spec.sentence("", "", None))
    decision, others = HEADINGS.get(act.kind, ("决定事项", "其他"))
    sections = [Section(heading=decision, sentence=sentence)]
    items = [Item(title="", text=say(o.text), basis="") for o in spec.others]
    items = [i for i in items if i.text]
    if items:
        sections.append(Section(heading=others, items=items))
    fingerprint = hashlib.sha256("\x1f".join([
        act.kind, act.code, act.project, act.applicant, act.day.isoformat(), number,
        issued_on.isoformat(), authority, *sorted(f"{k}={v}" for k, v in act.words.items())
    ]).encode("utf-8")).digest()[:16]
    return Opinion(
        kind=act.kind, name=spec.name, part=spec.part.value, draft=not number,
        number=number or "草稿（文号待编）", authority=authority,
        issued_on=chinese_date(issued_on), title=title,
        addressee=f"{WORD.sub(lambda m: words.get(m.group(1), ''), spec.addressee)}：",
        opening=say(spec.opening),
        facts=[("项目名称", act.project), ("项目代码", act.code or "—"),
               ("建设单位", act.applicant)],
        energy=None, impact=[], conclusion=sentence, conclusion_label=spec.name,
        conclusion_kind="act", sections=sections, companion="", attachments=[],
        closing=spec.closing or "",
        copy_to="，".join(WORD.sub(lambda m: words.get(m.group(1), ""), c)
                         for c in spec.copy_to),
        project_name=act.project, fingerprint=fingerprint,
        metadata={"title": title, "author": authority,
                  "description": f"{spec.name} {number or '草稿（文号待编）'}",
                  "keywords": f"{spec.name}, {number or '草稿'}",
                  "dcterms.created": f"{issued_on.isoformat()}T00:00:00+08:00",
                  "dcterms.modified": f"{issued_on.isoformat()}T00:00:00+08:00"},
        withheld=text.withheld, overview=False)


def render_html(act: ActDocument, meta: OpinionMeta, book) -> str:
    from checker.opinion import html

    return html.render(build(act, meta, book))


def render_pdf(act: ActDocument, meta: OpinionMeta, book, variant: str | None = None) -> bytes:
    """The act's document as a PDF (a draft without a number, watermarked 草稿); `variant`
    ``"pdf/a-3b"`` for the archived bytes of an issued one."""
    from checker.opinion import html, pdf

    opinion = build(act, meta, book)
    return pdf.write(html.render(opinion, inline_css=False), identifier=opinion.fingerprint,
                     stylesheet=True, variant=variant)
