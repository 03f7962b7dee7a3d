"""The opinion's view model: plain data built from a `Review` and an `OpinionMeta`.

Everything the template prints is decided here, in the reviewer's words, so the template
only lays it out.  Legal meaning of the parts (GB/T 9704-2012 and 令2023年第2号):

- 发文字号: the office's number; without one the document is a draft (草稿), not an act.
- 一、项目概况: the facts the applicant declared and the energy account they lead to.
- 二、审查结论: the conclusion the findings lead to (checker.severity.conclude); a
  rejection names every veto finding, a request for completion every missing item.
- 三、审查要求: the conditions the applicant must carry out (one per `condition`
  finding) and the hints (提示, `advisory` findings) it should heed.
- 四、其他: validity, change of approved consumption and the applicant's remedies.
- 附件: every finding with what it read and the legal chain behind it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from checker import rulebook
from checker.severity import Conclusion, Severity
from checker.values import number_text, value_text

# Marker printed after every value whose source is not verified (status other than V1).
UNVERIFIED_MARK = "「待核实」"

LEGAL_BASIS = ("《中华人民共和国节约能源法》《固定资产投资项目节能审查办法》"
               "（国家发展改革委令2023年第2号）和《长沙市开福区“十四五”节能减排综合工作实施方案》")

STATUS_NOTE = ("标注说明：V1＝已见官方文本（或其转载），已核实；V2＝仅见二手来源，待核实；"
               "UNVERIFIED＝常见引用但未见来源，未核实；GAP＝已检索未找到可用依据，参数缺省不设置，"
               "须由管理员核实并配置。凡非V1的参数、折标系数或引用条款均标注「待核实」，"
               "审查人员应核对原文后使用。")


@dataclass(frozen=True)
class Text:
    """A piece of text, flagged when it rests on an unverified value."""

    text: str
    unverified: bool = False


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
    """A numbered item of the conclusion or the requirements, with its legal basis."""

    title: str
    text: str
    basis: str
    unverified: bool
    kind: str = ""


@dataclass(frozen=True)
class ParameterRow:
    title: str
    value: str
    since: str
    status_label: str
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
    """One finding as the annex lists it."""

    index: int
    rule_id: str
    title: str
    severity: str
    message: str
    values: list[tuple[str, str]]
    parameters: list[ParameterRow]
    citations: list[CitationRow]
    unverified: bool


@dataclass(frozen=True)
class Opinion:
    """Everything the opinion prints."""

    draft: bool
    number: str
    authority: str
    issued_on: str
    title: str
    addressee: str
    opening: str
    facts: list[tuple[str, str]]
    energy: EnergyTable
    conclusion: str
    conclusion_label: str
    conclusion_kind: str
    reasons: list[Item]
    requirements: list[Item]
    hints: list[Item]
    others: list[list[Text]]
    annex: list[AnnexEntry]
    status_note: str
    input_sha256: str
    rulebook_version: str
    as_of: str
    project_name: str
    fingerprint: bytes
    metadata: dict[str, str] = field(default_factory=dict)
    plan_note: str = ""  # how the plan's clause numbers and start date were established


def chinese_date(day: dt.date) -> str:
    """成文日期 in Arabic numerals, as GB/T 9704-2012 §7.3.5.1 requires: 2026年1月15日."""
    return f"{day.year}年{day.month}月{day.day}日"


def tce_text(value: float | None) -> str:
    """A tonnage of standard coal with at most two decimals (the opinion's precision)."""
    if value is None:
        return "—"
    return number_text(round(float(value), 2))


def build(review, meta) -> Opinion:
    """The opinion for `review` issued under `meta` (an `OpinionMeta`)."""
    app = review.application
    project = app.project
    issued_on = meta.issued_on or review.as_of
    number = meta.number.strip() if meta.number else ""
    title = f"关于《{project.name}节能报告》的审查意见"
    fingerprint = hashlib.sha256("\x1f".join([
        review.input_sha256, review.rulebook_version, review.as_of.isoformat(),
        number, issued_on.isoformat(), meta.authority]).encode("utf-8")).digest()[:16]
    findings = review.findings
    metadata = {
        "title": title,
        "author": meta.authority,
        "description": (f"节能审查意见 {number or '草稿（文号待编）'}；"
                        f"申报数据SHA-256 {review.input_sha256}；"
                        f"规则库版本 {review.rulebook_version}；审查基准日 {review.as_of.isoformat()}"),
        "keywords": ", ".join([f"input-sha256:{review.input_sha256}",
                               f"rulebook-version:{review.rulebook_version}",
                               f"as-of:{review.as_of.isoformat()}",
                               f"number:{number or 'draft'}"]),
        "InputSHA256": review.input_sha256,
        "RulebookVersion": review.rulebook_version,
        "AsOf": review.as_of.isoformat(),
        # Fixed dates: the issue date, so the same opinion always has the same bytes.
        "dcterms.created": f"{issued_on.isoformat()}T00:00:00+08:00",
        "dcterms.modified": f"{issued_on.isoformat()}T00:00:00+08:00",
    }
    return Opinion(
        draft=not number,
        number=number or "草稿（文号待编）",
        authority=meta.authority,
        issued_on=chinese_date(issued_on),
        title=title,
        addressee=f"{project.applicant}：",
        opening=(f"你单位报送的《{project.name}节能报告》及相关申报材料收悉。根据{LEGAL_BASIS}"
                 f"等有关规定，我局以{chinese_date(review.as_of)}为审查基准日，"
                 f"对该项目节能报告进行了审查。现将审查意见函告如下："),
        facts=_facts(review),
        energy=_energy(review.energy),
        conclusion=review.conclusion.wording,
        conclusion_label=review.conclusion.label,
        conclusion_kind=review.conclusion.value,
        reasons=_reasons(review.conclusion, findings),
        requirements=[_item(f) for f in findings if f.severity is Severity.CONDITION],
        hints=[_item(f) for f in findings if f.severity is Severity.ADVISORY],
        others=_others(),
        annex=[_annex(i, f) for i, f in enumerate(findings, 1)],
        plan_note=_plan_note(),
        status_note=STATUS_NOTE,
        input_sha256=review.input_sha256,
        rulebook_version=review.rulebook_version,
        as_of=chinese_date(review.as_of),
        project_name=project.name,
        fingerprint=fingerprint,
        metadata=metadata,
    )


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
        coefficient=number_text(line.coefficient), coefficient_unit=line.coefficient_unit,
        coefficient_unverified=line.coefficient_status != "V1",
        equivalent_coefficient=number_text(line.equivalent_coefficient),
        equivalent_unverified=line.equivalent_status != "V1",
        tce=tce_text(line.tce), equivalent_tce=tce_text(line.equivalent_tce))


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
    return "；".join(c.label for c in finding.citations)


def _item(finding, kind: str = "") -> Item:
    text = finding.action or finding.message
    if finding.severity in (Severity.CONDITION, Severity.ADVISORY) and finding.action:
        text = f"{finding.message}{finding.action}"
    return Item(title=finding.title, text=text, basis=_basis(finding),
                unverified=finding.unverified, kind=kind or finding.severity.value)


def _reasons(conclusion: Conclusion, findings) -> list[Item]:
    """Why the opinion rejects (veto findings) or what must be supplied (missing findings)."""
    if conclusion is Conclusion.REJECT:
        return [Item(title=f.title, text=f.message, basis=_basis(f), unverified=f.unverified,
                     kind="veto") for f in findings if f.severity is Severity.VETO]
    if conclusion is Conclusion.INCOMPLETE:
        return [Item(title=f.title, text=f"{f.message}{f.action or ''}", basis=_basis(f),
                     unverified=f.unverified, kind="missing")
                for f in findings if f.severity is Severity.MISSING]
    return []


def _others() -> list[list[Text]]:
    """四、其他: validity, change on overrun, remedies (the statutory periods are fixed)."""
    return [
        [Text("本审查意见自印发之日起2年内有效", True),
         Text("。项目在有效期内未开工建设的，建设单位应在有效期届满前申请延期或重新报审。")],
        [Text("项目建成投产后，年综合能源消费量超过本意见确认数值10%及以上的", True),
         Text("，或建设地点、主要生产工艺和设备、能源消费结构发生重大变化的，建设单位应向我局"
              "提交变更申请，经审查同意后方可实施。")],
        [Text("建设单位对本审查意见不服的，可以自收到本意见之日起60日内依法申请行政复议，"
              "或者自收到本意见之日起6个月内依法向人民法院提起行政诉讼。")],
    ]


def _plan_note() -> str:
    """The rulebook's note on the district plan (its "三（x）" numbers are a reconstruction;
    its start date is an assumption), printed once in the annex."""
    plan = rulebook.current().citations.instruments.get("kaifu_plan")
    return (plan.note or "") if plan else ""


def _annex(index: int, finding) -> AnnexEntry:
    parameters = [ParameterRow(title=p.title, value=value_text(p.value, p.unit),
                               since=p.since or "—", status_label=p.status_label,
                               unverified=not p.verified) for p in finding.parameters]
    citations = [CitationRow(label=c.label, level=c.level, role=c.role, status=c.status.value,
                             unverified=not c.status.verified) for c in finding.citations]
    return AnnexEntry(index=index, rule_id=finding.rule_id, title=finding.title,
                      severity=finding.severity.label, message=finding.message,
                      values=[(v.title, v.display) for v in finding.values],
                      parameters=parameters, citations=citations,
                      unverified=finding.unverified)
