"""A document's view model: plain data built from a `Review`, a document type of
rules/documents.yaml and an `OpinionMeta` (number, date, authority) — and the review's
审查工作底稿 (internal working paper).

Everything the template prints is decided here, so the template only lays it out; the
wording (title, addressee, opening, the sentence per conclusion, 其他, 抄送) is rulebook data.
Legal meaning of the parts (GB/T 9704-2012):

- 发文字号: the office's number from the document's own series; without one the document is
  a draft (草稿), not an act.
- 一、项目概况: the facts the applicant declared and the energy account they lead to.
- then per type: 审查结论 / 审查要求 / 其他 (节能审查意见); 告知承诺事项 (告知承诺书); 须补正的
  全部内容 (补正通知); 整改要求 (责令停止建设、限期整改通知书); 不属我局审查权限的理由 /
  初审意见 and the 附件 sent along (转报函); 告知事项 / 须遵守的标准和要求 (告知书); 核对意见 /
  须补充或落实的事项 (the ecology bureau's 部门意见 to the 发改局).  Each requirement cites its
  key clause in one short parenthesis.

What leaves the bureau is the decision only.  Every sentence of a body passes `issuable`:
a parenthesis or a clause that speaks of verification (待核实, 推定, 规则库, the reviewer,
parameter keys, rule ids, URLs, tags, 未设置 …) is taken out of the body and kept in
`Opinion.withheld`; the 审查工作底稿 (`build_working_paper`) prints it, with every finding's
rule id, the values it read at full precision, the dated parameters with their sources and
tags, the full citation chains, the rulebook's readings, the 人工复核 records, the input hash
and the rulebook version.  The working paper is never numbered, addressed or sent.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from checker.dates import BEIJING_LABEL, beijing_time
from checker.evaluation.explain import fill
from checker.rulebook.sources import public_source
from checker.rulebook.wording import DocumentType
from checker.severity import Part, Severity
from checker.values import full_text, magnitude_text, number_text, rate_text, tce_text, value_text

# Marker printed in the working paper after every value whose source is not verified.
UNVERIFIED_MARK = "（待核实）"

STATUS_NOTE = ("标注说明：V1＝已见官方文本（或其转载），已核实；V2＝仅见二手来源，待核实；"
               "UNVERIFIED＝常见引用但未见来源，未核实；GAP＝已检索未找到可用依据，参数缺省不设置，"
               "须由管理员核实并配置。凡非V1的参数、折标系数或引用条款均标注“待核实”，"
               "审查人员应核对原文后使用。")

# What marks a text as verification material rather than a decision: it never appears in an
# issued body (`issuable` moves it to the working paper).
INTERNAL = re.compile(
    r"待核实|未核实|推定|未找到|未见|规则库|审查人员|未核算|基准日|未设置|未评估|读法"
    r"|https?://|www\.|(?<![A-Za-z0-9])(?:V1|V2|UNVERIFIED|GAP)(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9.])[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
PARENTHESIS = re.compile(r"（[^（）]*）|\([^()]*\)")
CLAUSE = re.compile(r"[^。；]*[。；]?")


def issuable(text: str) -> tuple[str, list[str]]:
    """`text` as an issued body may state it, and what was taken out: every parenthesis,
    then every clause (up to 。 or ；) that speaks of verification (`INTERNAL`)."""
    removed: list[str] = []

    def parenthesis(match) -> str:
        if INTERNAL.search(match.group(0)):
            removed.append(match.group(0))
            return ""
        return match.group(0)

    text = PARENTHESIS.sub(parenthesis, text)
    kept = []
    for clause in CLAUSE.findall(text):
        if not clause:
            continue
        if INTERNAL.search(clause):
            removed.append(clause)
        else:
            kept.append(clause)
    out = "".join(kept)
    if out.endswith("；"):
        out = out[:-1] + "。"
    return out, removed


@dataclass(frozen=True)
class EnergyRow:
    """One carrier in the energy table (实物量, 折标系数, 当量值, 等价值)."""

    title: str
    quantity: str
    unit: str
    coefficient: str
    coefficient_unit: str
    coefficient_unverified: bool
    equivalent_coefficient: str
    equivalent_unverified: bool
    tce: str
    equivalent_tce: str


@dataclass(frozen=True)
class EnergyTable:
    """The energy account: fuel and power, feedstock apart, renewable apart, totals."""

    lines: list[EnergyRow]
    total_tce: str
    total_equivalent_tce: str
    feedstock: list[EnergyRow]
    feedstock_tce: str
    before: list[EnergyRow]
    renewable: str | None
    review_basis: str | None
    notes: list[str]
    unverified: bool


@dataclass(frozen=True)
class Item:
    """A numbered item of the body, citing only its key clause."""

    title: str
    text: str
    basis: str
    kind: str = ""


@dataclass(frozen=True)
class Section:
    """A numbered part of the body (二、审查结论 …): an opening sentence, then items."""

    heading: str
    sentence: str = ""
    intro: str = ""
    items: list[Item] = field(default_factory=list)
    empty: str = ""


@dataclass(frozen=True)
class ParameterRow:
    title: str
    value: str
    since: str
    status_label: str
    source: str
    unverified: bool


@dataclass(frozen=True)
class CitationRow:
    label: str
    level: str
    role: str
    status: str
    unverified: bool


@dataclass(frozen=True)
class AnnexEntry:
    """One finding as the working paper lists it, with full precision and every source."""

    index: int
    rule_id: str
    title: str
    severity: str
    message: str
    action: str
    values: list[tuple[str, str]]
    parameters: list[ParameterRow]
    citations: list[CitationRow]  # the instruments other than the plan clause's chain
    unverified: bool
    chain: int = 0                # number of the plan clause's basis chain in the paper
    plan_clause: str = ""


@dataclass(frozen=True)
class JudgementRow:
    """One entry of the 人工复核记录: what the reviewer decided about which finding, the
    engine's severity and the one that counts now, the reason, who and when."""

    kind: str
    rule_id: str
    title: str
    original: str   # the engine's severity (— for a finding the reviewer added)
    now: str        # the severity that counts (不计入 for a finding set aside)
    reason: str
    author: str
    at: str
    citation: str = ""


@dataclass(frozen=True)
class Chain:
    """A plan clause with its basis chain (city → province → national), printed once in the
    working paper and referred to by number from every rule that cites the clause."""

    number: int
    citations: list[CitationRow]


@dataclass(frozen=True)
class Opinion:
    """Everything one issued document prints — the decision only — and, not printed,
    `withheld`: what `issuable` took out of its body (the working paper prints it)."""

    kind: str
    name: str
    part: str
    draft: bool
    number: str
    authority: str
    issued_on: str
    title: str
    addressee: str
    opening: str
    facts: list[tuple[str, str]]
    energy: EnergyTable | None
    impact: list[str]          # （三）能效指标与对全区节能目标的影响 (energy documents)
    conclusion: str
    conclusion_label: str
    conclusion_kind: str
    sections: list[Section]
    companion: str             # names the other bureau's document on the same project
    attachments: list[str]     # 附件 sent along (转报函)
    closing: str
    copy_to: str
    project_name: str
    fingerprint: bytes
    metadata: dict[str, str] = field(default_factory=dict)
    withheld: list[str] = field(default_factory=list)
    overview: bool = True      # 一、项目概况 as a part (the short notices state the facts inline)


@dataclass(frozen=True)
class PaperPart:
    """The working paper's part on one issued document: what its body leaves out."""

    kind: str
    name: str
    title: str
    notes: list[str]
    withheld: list[str]
    entries: list[AnnexEntry]
    judgements: list[JudgementRow]


@dataclass(frozen=True)
class WorkingPaper:
    """The 审查工作底稿 of a review: internal, never numbered, addressed or sent."""

    name: str
    title: str
    notice: str
    intro: str
    project_name: str
    as_of: str
    outcome: str
    law: str
    notices: list[str]
    carbon: list[str]
    parts: list[PaperPart]
    chains: list[Chain]
    parameters: list[ParameterRow]
    status_note: str
    plan_note: str
    input_sha256: str
    rulebook_version: str
    fingerprint: bytes
    metadata: dict[str, str] = field(default_factory=dict)


def chinese_date(day: dt.date) -> str:
    """成文日期 in Arabic numerals, as GB/T 9704-2012 §7.3.5.1 requires: 2026年1月15日."""
    return f"{day.year}年{day.month}月{day.day}日"


class _Body:
    """Collects the body's texts through `issuable`, keeping what it takes out."""

    def __init__(self):
        self.withheld: list[str] = []

    def __call__(self, text: str) -> str:
        kept, removed = issuable(text)
        self.withheld += [r for r in removed if r.strip("（）()。；， ")]
        return kept

    def keep_out(self, *texts: str) -> None:
        self.withheld += [t for t in texts if t]


def spec_for(review, kind: str, book) -> DocumentType:
    """The document type `kind` with the wording in force for this review (measure and
    conclusion)."""
    measure = book.calendar.measure_on(review.as_of)
    spec = book.documents.documents[kind]
    result = review.parts[spec.part]
    return spec.under(measure.key if measure else None, result.conclusion.value)


def build(review, meta, kind: str | None = None, book=None) -> Opinion:
    """The document `kind` (a key of rules/documents.yaml; default: the review's main
    document) for `review`, issued under `meta` (an `OpinionMeta`)."""
    from checker import rulebook

    book = book or rulebook.shipped()
    kind = kind or review.documents()[0]
    if kind not in review.documents():
        raise ValueError(f"本次审查不出具“{kind}”")
    spec = spec_for(review, kind, book)
    result = review.parts[spec.part]
    issued_on = meta.issued_on or review.as_of
    number = meta.number.strip() if meta.number else ""
    authority = meta.authority or book.documents.issuer_name(kind)
    words = _words(review, spec, book, authority)
    text = _Body()
    say = lambda template: text(_fill(template, words, book, review.as_of))  # noqa: E731
    title = _fill(spec.title, words, book, review.as_of)
    fingerprint = hashlib.sha256("\x1f".join([
        kind, review.input_sha256, review.rulebook_version, review.as_of.isoformat(),
        number, issued_on.isoformat(), authority,
        *(repr(row) for row in _judgements(review, spec.part))]).encode("utf-8")).digest()[:16]
    metadata = {
        "title": title,
        "author": authority,
        "description": f"{spec.name} {number or '草稿（文号待编）'}",
        "keywords": f"{spec.name}, {number or '草稿'}",
        # Fixed dates: the issue date, so the same document always has the same bytes.
        "dcterms.created": f"{issued_on.isoformat()}T00:00:00+08:00",
        "dcterms.modified": f"{issued_on.isoformat()}T00:00:00+08:00",
    }
    routing = _routing(result.findings)
    sentence = say(spec.sentence(result.conclusion.value,
                                 result.outcome.value if result.outcome else "", routing))
    text.keep_out(*(f"特别说明：{n.text}" for n in review.notices))
    companion = ""
    if spec.companion and _companion_present(review, spec, book):
        companion = say(spec.companion)
    sections = SECTIONS[kind](result, sentence, spec, text, say)
    if kind == "energy_opinion":
        sections = _with_carbon(review, book, sections, text)
    return Opinion(
        kind=kind,
        name=spec.name,
        part=spec.part.value,
        draft=not number,
        number=number or "草稿（文号待编）",
        authority=authority,
        issued_on=chinese_date(issued_on),
        title=title,
        addressee=f"{_fill(spec.addressee, words, book, review.as_of)}：",
        opening=say(spec.opening),
        facts=_facts(review, spec, short=kind in SHORT_NOTICES),
        energy=(_energy(review.energy, text)
                if spec.part is Part.ENERGY and kind in WITH_ENERGY_TABLE else None),
        impact=_impact(review, book, text) if kind in WITH_IMPACT else [],
        conclusion=sentence,
        conclusion_label=result.conclusion.label,
        conclusion_kind=result.conclusion.value,
        sections=sections,
        companion=companion,
        attachments=[_fill(a, words, book, review.as_of) for a in spec.attachments],
        closing=spec.closing or "",
        copy_to="，".join(_fill(c, words, book, review.as_of) for c in spec.copy_to),
        project_name=review.application.project.name,
        fingerprint=fingerprint,
        metadata=metadata,
        withheld=text.withheld,
        overview=kind not in SHORT_NOTICES,
    )


# The documents that print the energy table and the indicators (the notices stay short).
WITH_ENERGY_TABLE = ("energy_opinion", "commitment_notice", "referral_letter")
WITH_IMPACT = ("energy_opinion", "commitment_notice")
# The short notices: the project's facts in one paragraph, without a 项目概况 part.
SHORT_NOTICES = ("exempt_notice", "correction_notice", "stop_notice")


def _fill(template: str, words: dict[str, str], book, day: dt.date) -> str:
    """A wording template with its placeholders: ``{p:name}`` the parameter in force on
    `day` (an admin's value when one is set), the others from `words`."""
    return fill(WORD.sub(lambda m: words[m.group(1)], template), book, day)


WORD = re.compile(r"\{([a-z_]+)\}")


def _routing(findings) -> str | None:
    """The rule whose case decided who reviews (the strongest outcome declared)."""
    declared = [f for f in findings if f.energy_outcome is not None]
    return min(declared, key=lambda f: f.energy_outcome.rank).rule_id if declared else None


def _companion_present(review, spec, book) -> bool:
    """Whether the other bureau also issues a document on this project."""
    return any(book.documents.documents[k].part is not spec.part for k in review.documents())


def _words(review, spec, book, authority: str) -> dict[str, str]:
    """What the wording's placeholders stand for in this review."""
    project = review.application.project
    outcome = review.outcome
    energy_document = book.documents.documents[review.documents()[0]].name
    return {"project": project.name, "applicant": project.applicant,
            "measure": book.calendar.encoded_measure(review.as_of).title,
            "plan": book.calendar.plan.title, "as_of": chinese_date(review.as_of),
            "authority": spec.authorities.get(outcome, authority),
            "drc": book.documents.issuers["drc"].name(),
            "ecology": book.documents.issuers["ecology"].name(),
            "energy_document": energy_document}


def _facts(review, spec, short: bool = False) -> list[tuple[str, str]]:
    """The project's facts; a short notice (its title and addressee name the project and
    the applicant) gives only the code, nature, place and the energy figure."""
    project = review.application.project
    rows = [("项目名称", project.name),
            ("项目代码", project.code),
            ("建设单位", project.applicant),
            ("国民经济行业代码", f"{project.industry_code}（GB/T 4754-2017）"),
            ("建设性质", project.nature),
            ("建设地点", project.location.address),
            ("总投资", f"{number_text(project.investment)}万元")]
    rows = [(label, value) for label, value in rows if value  # what was not declared is omitted
            and not (short and label in ("项目名称", "建设单位", "国民经济行业代码", "总投资"))]
    account = review.energy
    if spec.part is Part.ENERGY and account.review_tce is not None and review.application.energy:
        basis = "（改建项目按增量计算）" if account.increment_basis else ""
        rows.append(("审查口径年综合能源消费量",
                     f"{tce_text(account.review_tce)}吨标准煤（当量值）{basis}"))
    return rows


def _row(line) -> EnergyRow:
    return EnergyRow(
        title=line.title, quantity=number_text(line.quantity), unit=line.unit,
        coefficient=rate_text(line.coefficient), coefficient_unit=line.coefficient_unit,
        coefficient_unverified=line.coefficient_status != "V1",
        equivalent_coefficient=rate_text(line.equivalent_coefficient),
        equivalent_unverified=line.equivalent_status != "V1",
        tce=tce_text(line.tce), equivalent_tce=tce_text(line.equivalent_tce))


def _impact(review, book, text: _Body) -> list[str]:
    """能效指标与对全区节能目标的影响, in the wording of rules/documents.yaml: the lead, then
    one sentence each for the indicators, m and n; the indices not computed (a district
    figure missing) are said in the working paper only."""
    wording, result = book.documents.impact, review.impact
    if wording is None:
        return []
    four = lambda v: "—" if v is None else rate_text(v)  # noqa: E731
    figures = {"energy_per_added_value": four(result.energy_per_added_value),
               "fossil_per_added_value": four(result.fossil_per_added_value),
               "fossil_tce": tce_text(result.fossil_tce), "feedstock_tce": tce_text(result.feedstock_tce),
               "renewable_tce": tce_text(result.renewable_tce)}
    texts = [wording.lead, (wording.indicators if result.added_value else
                            wording.no_added_value).format(**figures)]
    missing: list[str] = []
    for key, index in (("m", result.m), ("n", result.n)):
        if index.assessed:
            texts.append(getattr(wording, key).format(
                value=magnitude_text(index.value, "%"), grade=index.grade, period=result.period,
                d=tce_text(result.new_energy_tce)))
        else:
            missing.append(key)
    if missing:  # one sentence for the indices not computed and every figure they lack
        lacking = [t for key in missing for t in getattr(result, key).missing]
        text.keep_out(wording.missing.format(index="、".join(missing),
                                             missing="、".join(dict.fromkeys(lacking))))
    return texts


def _energy(account, text: _Body) -> EnergyTable:
    renewable = None
    if account.renewable_kwh:
        renewable = (f"自建可再生能源自发自用电量{number_text(account.renewable_kwh)}千瓦时，"
                     f"折{tce_text(account.renewable_tce)}吨标准煤，不纳入能源消费总量控制，"
                     f"未计入上表合计。")
    review_basis = None
    if account.increment_basis and account.review_tce is not None:
        review_basis = (f"本项目为建设地点、主要生产工艺和设备未改变的改建项目，按增量计算，"
                        f"改建前年综合能源消费量{tce_text(account.before_tce)}吨标准煤，"
                        f"审查口径增量{tce_text(account.review_tce)}吨标准煤（当量值）。")
    rows = [_row(x) for x in account.lines]
    feedstock = [_row(x) for x in account.feedstock]
    before = [_row(x) for x in account.before]
    unverified = any(r.coefficient_unverified or r.equivalent_unverified
                     for r in rows + feedstock + before)
    notes = [n for n in (text(note + "。") for note in account.notes
                         if not (review_basis and "增量" in note)) if n]
    return EnergyTable(lines=rows, total_tce=tce_text(account.total_tce),
                       total_equivalent_tce=tce_text(account.total_equivalent_tce),
                       feedstock=feedstock, feedstock_tce=tce_text(account.feedstock_tce),
                       before=before, renewable=renewable, review_basis=review_basis,
                       notes=notes, unverified=unverified)


def _basis(finding) -> str:
    """The key clause only, short (instrument and article): the one the case names (`cite`),
    else the first instrument beyond the plan's chain, else the plan clause."""
    named = [c for c in finding.citations if c.id == finding.key_clause]
    others = named or [c for c in finding.citations if c.role == "其他依据"]
    if not finding.citations:
        return ""
    citation = (others or finding.citations)[0]
    return f"{citation.instrument} {LONG_PARENTHESIS.sub('', citation.article)}".strip()


LONG_PARENTHESIS = re.compile(r"（[^（）]{5,}）")  # a remark, not a numbering such as （三）


def _item(finding, text: _Body, body: str | None = None, prefix: str = "") -> Item | None:
    """A finding as a body item — what the bureau requires (the action) or, for a veto, why
    it refuses (the message) — or None when nothing of it is issuable.  The facts behind a
    requirement (its message) are in the working paper."""
    if body is None:
        body = finding.message
        if finding.action and finding.severity is not Severity.VETO:
            text.keep_out(finding.message)
            body = finding.action
    body = text(body)
    if not body:
        return None
    basis = _basis(finding)
    basis = text(f"（{basis}）")[1:-1] if basis else ""
    return Item(title=f"{prefix}{finding.title if not INTERNAL.search(finding.title) else ''}",
                text=body, basis=basis, kind=finding.severity.value)


def _items(findings, text: _Body, **kw) -> list[Item]:
    return [i for i in (_item(f, text, **kw) for f in findings) if i is not None]


def _of(findings, *severities) -> list:
    return [f for f in findings if f.severity in severities]


def _requirements(findings, text: _Body) -> list[Item]:
    """The requirements (each citing its key clause), then the hints in one item: a hint is
    what the bureau suggests, not a requirement, so it cites nothing."""
    hints = [i.text.rstrip("。；") for i in _items(_of(findings, Severity.ADVISORY), text)]
    hint = [Item(title="提示", text="；".join(hints) + "。", basis="", kind="advisory")] \
        if hints else []
    return _items(_of(findings, Severity.CONDITION), text) + hint


def _with_carbon(review, book, sections: list[Section], text: _Body) -> list[Section]:
    """The 碳排放评价 section after the conclusion of a 节能审查意见 (令2025年第31号第二条:
    the evaluation result is part of the opinion), when the measure in force requires it:
    only the figures computed; the factors, tags and what is missing go to the paper."""
    if not review.carbon_evaluation or review.parts[Part.ENERGY].conclusion.value == "reject":
        return sections
    wording = book.documents.carbon
    body = [text(t) for t in wording.body(review.carbon)]
    text.keep_out(*review.carbon_evaluation)
    carbon = Section(heading=review.carbon_heading,
                     items=[Item(title="", text=t, basis="") for t in body if t])
    return sections[:1] + [carbon] + sections[1:]


def _others(spec, say) -> Section | None:
    items = [Item(title="", text=t, basis="") for t in (say(o.text) for o in spec.others) if t]
    return Section(heading="其他", items=items) if items else None


def _energy_opinion(result, sentence, spec, text, say) -> list[Section]:
    """二、审查结论 (with the reasons for a rejection), 三、审查要求, 四、其他 — what the
    district bureau decides and requires."""
    findings = result.findings
    kind = result.conclusion.value
    reasons, intro = [], ""
    if kind == "reject":
        reasons, intro = _items(_of(findings, Severity.VETO), text), "不予通过的理由如下："
    sections = [Section(heading="审查结论", sentence=sentence, intro=intro, items=reasons)]
    if kind != "reject":
        sections.append(Section(
            heading="审查要求", items=_requirements(findings, text),
            empty="无须另行落实的审查要求。项目应按照节能报告和相关节能标准、规范建设和运营。"))
    else:  # what the applicant must still supply, so that a new application is complete
        supply = _items(_of(findings, Severity.MISSING), text)
        if supply:
            sections.append(Section(heading="重新申报时须补充的材料", items=supply))
    return sections + [s for s in [_others(spec, say)] if s]


def _commitment_notice(result, sentence, spec, text, say) -> list[Section]:
    """二、告知承诺事项 (the requirements the written commitment must cover), 三、其他."""
    return [Section(heading="告知承诺事项", sentence=sentence,
                    items=_requirements(result.findings, text))] + \
        [s for s in [_others(spec, say)] if s]


def _correction_notice(result, sentence, spec, text, say) -> list[Section]:
    """二、须补正的全部内容: every item to supply, in one notice (令2025年第31号第十四条)."""
    missing = _items(_of(result.findings, Severity.MISSING), text)
    return [Section(heading="须补正的全部内容", sentence=sentence, items=missing,
                    empty="请补充项目年能源消费情况等申报材料。")]


def _stop_notice(result, sentence, spec, text, say) -> list[Section]:
    """二、整改要求 (Art. 24); other vetoes the review found, to be corrected too."""
    others = [f for f in _of(result.findings, Severity.VETO)
              if not any(f.rule_id == r for r in spec.rules)]
    sections = [Section(heading="整改要求", sentence=sentence,
                        items=[Item(title="", text=t, basis="")
                               for t in (say(o.text) for o in spec.others) if t])]
    if others:
        sections.append(Section(heading="整改中须一并纠正的问题", items=_items(others, text)))
    return sections


def _referral_letter(result, sentence, spec, text, say) -> list[Section]:
    """二、不属我局审查权限的理由 (the sentence and the routing finding's facts);
    三、初审意见: in a few lines, the titles of what the pre-check found, by kind."""
    routing = [f for f in result.findings if f.energy_outcome is not None]
    reasons = []
    if routing:
        top = min(routing, key=lambda f: f.energy_outcome.rank)
        reasons = [t for t in [text(top.message)] if t]
    for f in routing:
        text.keep_out(f.message)
    groups = [(Severity.VETO, "不符合有关规定的事项"), (Severity.MISSING, "申报材料须补正的内容"),
              (Severity.CONDITION, "建议审查时予以落实的事项")]
    lines = []
    for severity, label in groups:
        titles = [text(f.title) for f in result.findings
                  if f.severity is severity and f.energy_outcome is None]
        titles = [t for t in titles if t]
        if titles:
            lines.append(Item(title=label, text="；".join(titles) + "。", basis=""))
    for f in result.findings:  # the full findings are the competent authority's to read
        if f.energy_outcome is None:
            text.keep_out(f"{f.title}：{f.message}")
    return [Section(heading="不属我局审查权限的理由", sentence=sentence,
                    items=[Item(title="", text=r, basis="") for r in reasons]),
            Section(heading="初审意见", items=lines,
                    empty="初审未发现须补正或须落实的事项。")]


def _exempt_notice(result, sentence, spec, text, say) -> list[Section]:
    """二、告知事项 and 三、须遵守的标准和要求 (no approval: no 节能报告 is required)."""
    findings = result.findings
    # the scope finding's own requirement is the sentence above (rules/documents.yaml)
    text.keep_out(*(f.action for f in findings
                    if f.rule_id.startswith("energy_review.scope") and f.action))
    # a notice states each requirement once: its text, without the rule's title
    standards = [Item(title="" if i.kind != "advisory" else i.title, text=i.text,
                      basis=i.basis, kind=i.kind) for i in _requirements(findings, text)]
    other = (_items(_of(findings, Severity.MISSING), text, prefix="须补正：")
             + _items(_of(findings, Severity.VETO), text, prefix="不符合："))
    sections = [Section(heading="告知事项", sentence=sentence),
                Section(heading="须遵守的标准和要求", items=standards,
                        empty="项目应按照相关节能标准、规范建设和运营。")]
    if other:
        sections.append(Section(heading="其他事项", items=other))
    return sections


def _pollutant_opinion(result, sentence, spec, text, say) -> list[Section]:
    """二、核对意见 (with what does not comply) and 三、建设单位须补充或落实的事项 — the
    ecology bureau's opinion to the 发改局, not a decision addressed to the applicant."""
    findings = result.findings
    kind = result.conclusion.value
    reasons, intro = [], ""
    if kind == "non_compliant":
        reasons, intro = _items(_of(findings, Severity.VETO), text), "不符合的事项如下："
    supply = (_items(_of(findings, Severity.MISSING), text, prefix="须补充：")
              + _requirements(findings, text))
    return [Section(heading="核对意见", sentence=sentence, intro=intro, items=reasons),
            Section(heading="建设单位须补充或落实的事项", items=supply,
                    empty="项目应按照相关污染物排放标准和VOCs控制要求建设和运营。")]


SECTIONS = {"energy_opinion": _energy_opinion, "commitment_notice": _commitment_notice,
            "correction_notice": _correction_notice, "stop_notice": _stop_notice,
            "referral_letter": _referral_letter, "exempt_notice": _exempt_notice,
            "pollutant_opinion": _pollutant_opinion}


# ---------------------------------------------------------------------------------------
# 审查工作底稿


def build_working_paper(review, book=None) -> WorkingPaper:
    """The 审查工作底稿 of `review`: for each document it issues, every finding with what it
    read, the notes and everything its body leaves out; then the basis chains, parameters
    with sources and tags, the carbon account's detail, the input hash, the rulebook
    version.  Internal: never numbered, addressed or sent."""
    from checker import rulebook

    book = book or rulebook.shipped()
    wording = book.documents.working_paper
    project = review.application.project
    chains: dict[tuple, int] = {}
    parameters: dict[str, ParameterRow] = {}
    parts = []
    for kind in review.documents():
        spec = spec_for(review, kind, book)
        body = build(review, DRAFT, kind, book)
        findings = review.parts[spec.part].findings
        for finding in findings:
            for row in _parameter_rows(finding):
                parameters.setdefault(row.title, row)
        parts.append(PaperPart(
            kind=kind, name=spec.name, title=body.title,
            notes=_paper_notes(review, spec, findings),
            withheld=list(dict.fromkeys(body.withheld)),
            entries=[_annex(i, f, chains, review) for i, f in enumerate(findings, 1)],
            judgements=_judgements(review, spec.part)))
    issued = {book.documents.documents[k].part for k in review.documents()}
    for part in Part:  # findings of a part no document speaks for (hints only) are kept too
        findings = review.parts[part].findings
        if part not in issued and findings:
            parts.append(PaperPart(
                kind="", name=f"{part.label}（不出具文书）",
                title=review.parts[part].conclusion.label,
                notes=[f"该部分的审查发现只有提示或说明，不出具文书；结论：{review.parts[part].conclusion.label}。"],
                withheld=[], entries=[_annex(i, f, chains, review) for i, f in enumerate(findings, 1)],
                judgements=_judgements(review, part)))
            for finding in findings:
                for row in _parameter_rows(finding):
                    parameters.setdefault(row.title, row)
    title = wording.title.format(project=project.name)
    fingerprint = hashlib.sha256("\x1f".join([
        "working_paper", review.input_sha256, review.rulebook_version,
        review.as_of.isoformat(), *(repr(p.judgements) for p in parts)]).encode()).digest()[:16]
    created = f"{review.as_of.isoformat()}T00:00:00+08:00"
    return WorkingPaper(
        name=wording.name, title=title, notice=wording.notice, intro=wording.intro,
        project_name=project.name, as_of=chinese_date(review.as_of),
        outcome=review.outcome.label, law=review.law or "",
        notices=[n.text for n in review.notices],
        carbon=list(review.carbon_evaluation),
        parts=parts, chains=[Chain(number=n, citations=list(rows)) for rows, n in chains.items()],
        parameters=list(parameters.values()), status_note=STATUS_NOTE,
        plan_note=_plan_note(book), input_sha256=review.input_sha256,
        rulebook_version=review.rulebook_version, fingerprint=fingerprint,
        metadata={"title": title, "author": book.documents.issuer_name(review.documents()[0]),
                  "description": (f"{wording.name}；申报数据SHA-256 {review.input_sha256}；"
                                  f"规则库版本 {review.rulebook_version}；"
                                  f"审查基准日 {review.as_of.isoformat()}"),
                  "keywords": ", ".join([f"input-sha256:{review.input_sha256}",
                                         f"rulebook-version:{review.rulebook_version}",
                                         f"as-of:{review.as_of.isoformat()}",
                                         "document:working_paper"]),
                  "dcterms.created": created, "dcterms.modified": created})


# What the working paper builds each body with: a draft (no number, the as-of date, the
# type's issuer), like OpinionMeta() without importing the package (no import cycle).
DRAFT = SimpleNamespace(number=None, issued_on=None, authority=None)


def _paper_notes(review, spec, findings) -> list[str]:
    """Verification detail of one document: the rulebook's readings, 待核实 items."""
    notes = [f"审查基准日：{chinese_date(review.as_of)}；审查结果：{review.outcome.label}；"
             f"结论：{review.parts[spec.part].conclusion.label}。"]
    if review.law:
        notes.append(f"审查基准日施行的节能审查办法：{review.law}。")
    if spec.reading:
        notes.append(f"文书措辞说明：{spec.reading}")
    for other in spec.others:
        if other.unverified:
            notes.append(f"正文“其他”部分“{other.text[:18]}……”所依据的条文待核实"
                         f"{'（' + other.basis + '）' if other.basis else ''}。")
    if spec.part is Part.ENERGY:
        coefficients = sorted({line.title for line in review.energy.lines + review.energy.feedstock
                               + review.energy.before if not line.verified})
        if coefficients:
            notes.append("正文能源消费表中下列品种的折标系数来源待核实：" + "、".join(coefficients) + "。")
    marked = [f.title for f in findings if f.unverified]
    if marked:
        notes.append("下列事项所依据的参数、条款或数值尚待核实：" + "；".join(marked) + "。")
    return notes


def _parameter_rows(finding) -> list[ParameterRow]:
    return [ParameterRow(title=p.title, value=value_text(p.value, p.unit),
                         since=p.since or "—", status_label=p.status_label,
                         source=public_source(p.source), unverified=not p.verified)
            for p in finding.parameters]


def _plan_note(book) -> str:
    """The rulebook's note on the district plan (its "三（x）" numbers are a reconstruction;
    its start date is an assumption), printed once in the working paper."""
    plan = book.citations.instruments.get("kaifu_plan")
    return (plan.note or "") if plan else ""


def _citation_row(citation) -> CitationRow:
    return CitationRow(label=citation.label, level=citation.level, role=citation.role,
                       status=citation.status.value, unverified=not citation.status.verified)


PLAN_ROLES = ("方案条款", "依据")


def _judgements(review, part) -> list[JudgementRow]:
    """The reviewer's judgements (人工复核) on this document's part, in the order made."""
    result = getattr(review, "judgement", None)
    if result is None:
        return []
    rows = []
    for judged in result.judged:
        finding = judged.original or judged.reviewed
        if finding is None or finding.part is not part:
            continue
        j = judged.judgement
        rows.append(JudgementRow(
            kind=j.kind.label, rule_id=finding.rule_id, title=finding.title,
            original=judged.before_label, now=judged.after_label,
            reason=j.reason, author=j.author or "—",
            at=f"{beijing_time(j.at)} {BEIJING_LABEL}" if j.at else "—",
            citation=(judged.reviewed.citations[0].label
                      if judged.original is None and judged.reviewed.citations else "")))
    return rows


def _severity_text(finding, review) -> str:
    """The severity as the paper states it; a judged finding says what the engine found."""
    result = getattr(review, "judgement", None)
    judged = result.judgement_of(finding.rule_id) if result else None
    if judged is None:
        return finding.severity.label
    if judged.original is None:
        return f"{finding.severity.label}；审查人员补充"
    return f"{finding.severity.label}；人工复核，原为{judged.original.severity.label}"


def _annex(index: int, finding, chains: dict[tuple, int], review=None) -> AnnexEntry:
    """One finding in the working paper; its plan clause's basis chain is numbered in
    `chains` (shared by the paper) so that each chain is printed once."""
    from checker.facts import CATALOGUE

    parameters = _parameter_rows(finding)
    plan = tuple(_citation_row(c) for c in finding.citations if c.role in PLAN_ROLES)
    chain = chains.setdefault(plan, len(chains) + 1) if plan else 0
    citations = [_citation_row(c) for c in finding.citations if c.role not in PLAN_ROLES]
    values = [(v.title, v.display if v.value is None or isinstance(v.value, (bool, str)) else
               full_text(v.value, CATALOGUE[v.fact].unit)) for v in finding.values]
    return AnnexEntry(index=index, rule_id=finding.rule_id, title=finding.title,
                      severity=_severity_text(finding, review), message=finding.message,
                      action=finding.action or "",
                      values=values, parameters=parameters, citations=citations,
                      unverified=finding.unverified, chain=chain,
                      plan_clause=plan[0].label if plan else "")
