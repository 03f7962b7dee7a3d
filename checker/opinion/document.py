"""A document's view model: plain data built from a `Review`, a document type of
rules/documents.yaml and an `OpinionMeta` (number, date, authority).

Everything the template prints is decided here, so the template only lays it out; the
wording (title, addressee, opening, the sentence per conclusion, 其他, 抄送) is rulebook data.
Legal meaning of the parts (GB/T 9704-2012):

- 发文字号: the office's number from the document's own series; without one the document is
  a draft (草稿), not an act.
- 一、项目概况: the facts the applicant declared and the energy account they lead to.
- then per type: 审查结论 / 审查要求 / 其他 (节能审查意见, district decisions only);
  预审意见 (转报函: the pre-check findings for the competent authority); 告知事项 / 须遵守的
  标准和要求 (告知书: no separate review, no approval); 核对结论 / 须落实的要求 (污染物排放与
  VOCs控制合规意见, in the ecology bureau's name).  Each body item cites its key clause only.
- 附件：审查依据与核对信息: every finding with what it read (full precision), the dated
  parameters with their sources and tags, the full citation chains, the 待核实 marks, the
  rulebook's readings, the input hash and the rulebook version.  The body carries no 待核实.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from checker.dates import BEIJING_LABEL, beijing_time
from checker.severity import Severity
from checker.rulebook.sources import public_source
from checker.values import full_text, magnitude_text, number_text, rate_text, tce_text, value_text

# Marker printed after every value whose source is not verified (status other than V1).
UNVERIFIED_MARK = "（待核实）"

STATUS_NOTE = ("标注说明：V1＝已见官方文本（或其转载），已核实；V2＝仅见二手来源，待核实；"
               "UNVERIFIED＝常见引用但未见来源，未核实；GAP＝已检索未找到可用依据，参数缺省不设置，"
               "须由管理员核实并配置。凡非V1的参数、折标系数或引用条款均标注“待核实”，"
               "审查人员应核对原文后使用。")


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
    """One finding as the annex lists it, with full precision and every source."""

    index: int
    rule_id: str
    title: str
    severity: str
    message: str
    values: list[tuple[str, str]]
    parameters: list[ParameterRow]
    citations: list[CitationRow]  # the instruments other than the plan clause's chain
    unverified: bool
    chain: int = 0                # number of the plan clause's basis chain in `Opinion.chains`
    plan_clause: str = ""


@dataclass(frozen=True)
class JudgementRow:
    """One entry of the annex's 人工复核记录: what the reviewer decided about which finding,
    the engine's severity and the one that counts now, the reason, who and when."""

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
    annex and referred to by number from every rule that cites the clause."""

    number: int
    citations: list[CitationRow]


@dataclass(frozen=True)
class Opinion:
    """Everything one document prints (body for the addressee, annex for the reviewer)."""

    kind: str
    name: str
    draft: bool
    number: str
    authority: str
    issued_on: str
    title: str
    addressee: str
    opening: str
    notices: list[str]
    facts: list[tuple[str, str]]
    energy: EnergyTable | None
    impact: list[str]          # （三）能效指标与对全区节能目标的影响 (energy documents)
    conclusion: str
    conclusion_label: str
    conclusion_kind: str
    sections: list[Section]
    copy_to: str
    annex_title: str
    annex_notes: list[str]
    annex: list[AnnexEntry]
    annex_parameters: list[ParameterRow]
    chains: list[Chain]
    status_note: str
    input_sha256: str
    rulebook_version: str
    as_of: str
    project_name: str
    fingerprint: bytes
    metadata: dict[str, str] = field(default_factory=dict)
    plan_note: str = ""  # how the plan's clause numbers and start date were established
    judgements: list[JudgementRow] = field(default_factory=list)  # 人工复核记录 (this part's)


def chinese_date(day: dt.date) -> str:
    """成文日期 in Arabic numerals, as GB/T 9704-2012 §7.3.5.1 requires: 2026年1月15日."""
    return f"{day.year}年{day.month}月{day.day}日"


def build(review, meta, kind: str | None = None, book=None) -> Opinion:
    """The document `kind` (a key of rules/documents.yaml; default: the review's main
    document) for `review`, issued under `meta` (an `OpinionMeta`)."""
    from checker import rulebook

    book = book or rulebook.shipped()
    kind = kind or review.documents()[0]
    if kind not in review.documents():
        raise ValueError(f"本次审查不出具“{kind}”")
    measure = book.calendar.measure_on(review.as_of)
    spec = book.documents.documents[kind].under(measure.key if measure else None)
    result = review.parts[spec.part]
    app = review.application
    project = app.project
    issued_on = meta.issued_on or review.as_of
    number = meta.number.strip() if meta.number else ""
    authority = meta.authority or book.documents.issuer_name(kind)
    words = _words(review, spec, book, authority)
    title = spec.title.format(**words)
    judgements = _judgements(review, spec.part)
    fingerprint = hashlib.sha256("\x1f".join([
        kind, review.input_sha256, review.rulebook_version, review.as_of.isoformat(),
        number, issued_on.isoformat(), authority,
        *(repr(row) for row in judgements)]).encode("utf-8")).digest()[:16]
    findings = result.findings
    chains: dict[tuple, int] = {}  # filled while the annex entries are built
    metadata = {
        "title": title,
        "author": authority,
        "description": (f"{spec.name} {number or '草稿（文号待编）'}；"
                        f"申报数据SHA-256 {review.input_sha256}；"
                        f"规则库版本 {review.rulebook_version}；审查基准日 {review.as_of.isoformat()}"),
        "keywords": ", ".join([f"input-sha256:{review.input_sha256}",
                               f"rulebook-version:{review.rulebook_version}",
                               f"as-of:{review.as_of.isoformat()}",
                               f"document:{kind}",
                               f"number:{number or 'draft'}"]),
        "InputSHA256": review.input_sha256,
        "RulebookVersion": review.rulebook_version,
        "AsOf": review.as_of.isoformat(),
        # Fixed dates: the issue date, so the same opinion always has the same bytes.
        "dcterms.created": f"{issued_on.isoformat()}T00:00:00+08:00",
        "dcterms.modified": f"{issued_on.isoformat()}T00:00:00+08:00",
    }
    sentence = spec.sentence(result.conclusion.value,
                             result.outcome.value if result.outcome else "").format(**words)
    return Opinion(
        kind=kind,
        name=spec.name,
        draft=not number,
        number=number or "草稿（文号待编）",
        authority=authority,
        issued_on=chinese_date(issued_on),
        title=title,
        addressee=f"{spec.addressee.format(**words)}：",
        opening=spec.opening.format(**words),
        notices=[n.text for n in review.notices if n.level == "warning"],
        facts=_facts(review),
        energy=_energy(review.energy) if spec.part.value == "energy" else None,
        impact=_impact(review, book) if spec.key == "energy_opinion" else [],
        conclusion=sentence,
        conclusion_label=result.conclusion.label,
        conclusion_kind=result.conclusion.value,
        sections=_with_carbon(review, kind, SECTIONS[kind](result, findings, sentence, spec)),
        copy_to="，".join(c.format(**words) for c in spec.copy_to),
        annex_title="审查依据与核对信息",
        annex_notes=_annex_notes(review, spec, findings),
        annex=[_annex(i, f, chains, review) for i, f in enumerate(findings, 1)],
        judgements=judgements,
        chains=_chains(chains),
        plan_note=_plan_note(book),
        annex_parameters=_parameter_sources(findings),
        status_note=STATUS_NOTE,
        input_sha256=review.input_sha256,
        rulebook_version=review.rulebook_version,
        as_of=chinese_date(review.as_of),
        project_name=project.name,
        fingerprint=fingerprint,
        metadata=metadata,
    )


def _words(review, spec, book, authority: str) -> dict[str, str]:
    """What the wording's placeholders stand for in this review."""
    project = review.application.project
    outcome = review.outcome
    return {"project": project.name, "applicant": project.applicant,
            "measure": book.calendar.encoded_measure(review.as_of).title,
            "plan": book.calendar.plan.title, "as_of": chinese_date(review.as_of),
            "authority": spec.authorities.get(outcome, authority),
            "drc": book.documents.issuers["drc"].name(),
            "ecology": book.documents.issuers["ecology"].name()}


def _facts(review) -> list[tuple[str, str]]:
    project = review.application.project
    rows = [("项目名称", project.name),
            ("项目代码", project.code or "未填报"),
            ("建设单位", project.applicant),
            ("国民经济行业代码", f"{project.industry_code}（GB/T 4754-2017）"),
            ("建设性质", project.nature),
            ("建设地点", project.location.address or "未填报"),
            ("总投资", f"{number_text(project.investment)}万元")]
    account = review.energy
    if account.review_tce is not None:
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


def _impact(review, book) -> list[str]:
    """能效指标与对全区节能目标的影响, in the wording of rules/documents.yaml: the lead, then
    one sentence each for the indicators, m and n (or which district figure is missing)."""
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
        texts.append(wording.missing.format(index="、".join(missing),
                                            missing="、".join(dict.fromkeys(lacking))))
    return texts


def _energy(account) -> EnergyTable:
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
    return EnergyTable(lines=rows, total_tce=tce_text(account.total_tce),
                       total_equivalent_tce=tce_text(account.total_equivalent_tce),
                       feedstock=feedstock, feedstock_tce=tce_text(account.feedstock_tce),
                       before=before, renewable=renewable, review_basis=review_basis,
                       notes=list(account.notes), unverified=unverified)


def _basis(finding) -> str:
    """The key clause only: the one the case names (`cite`), else the first instrument
    beyond the plan's chain, else the plan clause."""
    named = [c for c in finding.citations if c.id == finding.key_clause]
    others = named or [c for c in finding.citations if c.role == "其他依据"]
    return (others or finding.citations)[0].label if finding.citations else ""


def _item(finding, text: str | None = None, prefix: str = "") -> Item:
    if text is None:
        text = finding.message
        if finding.action and finding.severity is Severity.ADVISORY:
            text = finding.action  # a hint: what to do; the facts behind it are in the annex
        elif finding.action and finding.severity in (Severity.CONDITION, Severity.MISSING):
            text = f"{finding.message}{finding.action}"
    return Item(title=f"{prefix}{finding.title}", text=without_marks(text),
                basis=_basis(finding), kind=finding.severity.value)


VERIFICATION_NOTE = re.compile(r"（[^（）]*(?:待核实|未核实)[^（）]*）")


def without_marks(text: str) -> str:
    """Body text without verification notes such as “（限值待核实）”: the finding is marked
    （待核实） in the annex, which quotes the message in full."""
    return VERIFICATION_NOTE.sub("", text)


def _of(findings, *severities) -> list:
    return [f for f in findings if f.severity in severities]


def _requirements(findings) -> list[Item]:
    return ([_item(f) for f in _of(findings, Severity.CONDITION)]
            + [_item(f, prefix="提示：") for f in _of(findings, Severity.ADVISORY)])


def _with_carbon(review, kind: str, sections: list[Section]) -> list[Section]:
    """The 碳排放评价 section after the conclusion of a 节能审查意见 (令2025年第31号第二条:
    the evaluation result is part of the opinion), when the measure in force requires it."""
    if kind != "energy_opinion" or not review.carbon_evaluation:
        return sections
    carbon = Section(heading=review.carbon_heading,
                     items=[Item(title="", text=text, basis="") for text in review.carbon_evaluation])
    return sections[:1] + [carbon] + sections[1:]


def _others(spec) -> Section | None:
    if not spec.others:
        return None
    return Section(heading="其他", items=[Item(title="", text=o.text, basis="")
                                         for o in spec.others])


def _energy_opinion(result, findings, sentence, spec) -> list[Section]:
    """二、审查结论 (with the reasons for a rejection or the items to supply), 三、审查要求,
    四、其他 — what the district bureau decides and requires."""
    kind = result.conclusion.value
    reasons, intro = [], ""
    if kind == "reject":
        reasons, intro = [_item(f) for f in _of(findings, Severity.VETO)], "不予通过的理由如下："
    elif kind == "incomplete":
        reasons, intro = [_item(f) for f in _of(findings, Severity.MISSING)], "请补正以下材料："
    requirements = Section(
        heading="审查要求",
        intro="补正或重新报审时，应一并落实下列要求：" if kind in ("reject", "incomplete") else "",
        items=_requirements(findings),
        empty="无须另行落实的审查要求。项目应按照节能报告和相关节能标准、规范建设和运营。")
    sections = [Section(heading="审查结论", sentence=sentence, intro=intro, items=reasons),
                requirements]
    return sections + [s for s in [_others(spec)] if s]


def _referral_letter(result, findings, sentence, spec) -> list[Section]:
    """二、预审意见: every pre-check finding of the energy part, for the competent authority."""
    labels = {Severity.VETO: "不符合：", Severity.MISSING: "须补正：",
              Severity.CONDITION: "须落实：", Severity.ADVISORY: "提示："}
    # The finding that routes the project is what the letter's sentence states; each item
    # states what the pre-check found (the decision and its requirements are the competent
    # authority's; the district's reading of them stays in the annex).
    items = [_item(f, text=f.message, prefix=labels[f.severity]) for f in findings
             if f.severity in labels and f.energy_outcome is None]
    return [Section(heading="预审意见", sentence=sentence, items=items,
                    empty="预审未发现须补正或须落实的事项。")]


def _exempt_notice(result, findings, sentence, spec) -> list[Section]:
    """二、告知事项 and 三、须遵守的标准和要求 (no approval: no 节能报告 is required)."""
    standards = [_item(f, text=f.action) for f in findings
                 if f.rule_id.startswith("energy_review.scope") and f.action]
    standards += _requirements(findings)
    other = [_item(f, prefix="须补正：" if f.severity is Severity.MISSING else "不符合：")
             for f in _of(findings, Severity.VETO, Severity.MISSING)]
    sections = [Section(heading="告知事项", sentence=sentence),
                Section(heading="须遵守的标准和要求", items=standards,
                        empty="项目应按照相关节能标准、规范建设和运营。")]
    if other:
        sections.append(Section(heading="其他审查发现", items=other))
    return sections


def _pollutant_opinion(result, findings, sentence, spec) -> list[Section]:
    """二、核对结论 and 三、须落实的要求, in the ecology bureau's own terms."""
    kind = result.conclusion.value
    reasons, intro = [], ""
    if kind == "non_compliant":
        reasons, intro = [_item(f) for f in _of(findings, Severity.VETO)], "不符合的事项如下："
    elif kind == "incomplete":
        reasons, intro = [_item(f) for f in _of(findings, Severity.MISSING)], "请补正以下材料："
    sections = [Section(heading="核对结论", sentence=sentence, intro=intro, items=reasons),
                Section(heading="须落实的要求", items=_requirements(findings),
                        empty="项目应按照相关污染物排放标准和VOCs控制要求建设和运营。")]
    return sections + [s for s in [_others(spec)] if s]


SECTIONS = {"energy_opinion": _energy_opinion, "referral_letter": _referral_letter,
            "exempt_notice": _exempt_notice, "pollutant_opinion": _pollutant_opinion}


def _annex_notes(review, spec, findings) -> list[str]:
    """Verification detail kept out of the body: the rulebook's readings, 待核实 items."""
    notes = [f"审查基准日：{chinese_date(review.as_of)}；审查结果：{review.outcome.label}。"]
    notes += [f"说明：{n.text}" for n in review.notices if n.level != "warning"]
    if review.law:
        notes.append(f"审查基准日施行的节能审查办法：{review.law}。")
    if spec.reading:
        notes.append(f"文书措辞说明：{spec.reading}")
    for other in spec.others:
        if other.unverified:
            notes.append(f"正文“其他”部分“{other.text[:18]}……”所依据的条文待核实"
                         f"{'（' + other.basis + '）' if other.basis else ''}。")
    if spec.part.value == "energy":
        coefficients = sorted({line.title for line in review.energy.lines + review.energy.feedstock
                               + review.energy.before if not line.verified})
        if coefficients:
            notes.append("正文能源消费表中下列品种的折标系数来源待核实：" + "、".join(coefficients) + "。")
    marked = [f.title for f in findings if f.unverified]
    if marked:
        notes.append("正文中下列事项所依据的参数、条款或数值尚待核实：" + "；".join(marked) + "。")
    return notes


def _parameter_rows(finding) -> list[ParameterRow]:
    return [ParameterRow(title=p.title, value=value_text(p.value, p.unit),
                         since=p.since or "—", status_label=p.status_label,
                         source=public_source(p.source), unverified=not p.verified)
            for p in finding.parameters]


def _parameter_sources(findings) -> list[ParameterRow]:
    """Every parameter the document's rules read, once, with its dated value and source."""
    rows: dict[str, ParameterRow] = {}
    for finding in findings:
        for row in _parameter_rows(finding):
            rows.setdefault(row.title, row)
    return list(rows.values())


def _plan_note(book) -> str:
    """The rulebook's note on the district plan (its "三（x）" numbers are a reconstruction;
    its start date is an assumption), printed once in the annex."""
    plan = book.citations.instruments.get("kaifu_plan")
    return (plan.note or "") if plan else ""


def _citation_row(citation) -> CitationRow:
    return CitationRow(label=citation.label, level=citation.level, role=citation.role,
                       status=citation.status.value, unverified=not citation.status.verified)


PLAN_ROLES = ("方案条款", "依据")


def _chains(chains: dict[tuple, int]) -> list[Chain]:
    """The distinct plan-clause chains, numbered in order of first use."""
    return [Chain(number=n, citations=list(rows)) for rows, n in chains.items()]


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
    """The severity as the annex states it; a judged finding says what the engine found."""
    result = getattr(review, "judgement", None)
    judged = result.judgement_of(finding.rule_id) if result else None
    if judged is None:
        return finding.severity.label
    if judged.original is None:
        return f"{finding.severity.label}；审查人员补充"
    return f"{finding.severity.label}；人工复核，原为{judged.original.severity.label}"


def _annex(index: int, finding, chains: dict[tuple, int], review=None) -> AnnexEntry:
    """One finding in the annex; its plan clause's basis chain is numbered in `chains`
    (shared by the document) so that each chain is printed once."""
    from checker.facts import CATALOGUE

    parameters = _parameter_rows(finding)
    plan = tuple(_citation_row(c) for c in finding.citations if c.role in PLAN_ROLES)
    chain = chains.setdefault(plan, len(chains) + 1) if plan else 0
    citations = [_citation_row(c) for c in finding.citations if c.role not in PLAN_ROLES]
    values = [(v.title, v.display if v.value is None or isinstance(v.value, (bool, str)) else
               full_text(v.value, CATALOGUE[v.fact].unit)) for v in finding.values]
    return AnnexEntry(index=index, rule_id=finding.rule_id, title=finding.title,
                      severity=_severity_text(finding, review), message=finding.message,
                      values=values, parameters=parameters, citations=citations,
                      unverified=finding.unverified, chain=chain,
                      plan_clause=plan[0].label if plan else "")
