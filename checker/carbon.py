"""The carbon account (碳排放核算) and whether Order 2025 No. 31 requires a 碳排放评价.

The account: the project's CO₂ by source beside the energy account, used by the carbon-emission
evaluation of 《固定资产投资项目节能审查和碳排放评价办法》(令2025年第31号第二条、第十条、第十二条（五）)
and by the district ledger.  Purchased electricity counts its kWh × the dated grid factor
(kgCO₂/kWh).  Every other carrier consumed as fuel or power (燃料动力) counts its heat content ×
its dated factor per unit of heat (kgCO₂/TJ, rules/parameters/carbon.yaml): the heat content is
the line's standard coal (GB/T 2589, the energy account's 当量值) × 29.307 MJ/kgce — GB/T 2589
defines 1 kgce as 29 307 kJ of low heating value, so each line counts at the calorific value
that gave its standard coal (natural gas by the declared kind).  Feedstock (原料用能) is not
counted as combustion (process emissions need the process; a reading); self-generated renewable
electricity emits nothing.  A factor that is unset (GAP) leaves the total unset, and the account
names what is missing instead of computing a number.  A reviewer may supply a missing factor
for one review (人工复核“补充排放因子”, checker.judgement): it then counts, marked as supplied.

The evaluation (`evaluation`): Art. 10 requires a 碳排放评价 for the projects the NDRC reviews,
and lets the local review body require it for projects whose CO₂ is large and may harm the
locality's carbon targets.  The local threshold is a dated parameter an administrator sets
(carbon.local_evaluation_threshold_tco2, GAP by default): unset, the rulebook does not decide,
and says so.  An exempt project (Art. 8) has no evaluation; a referred one is evaluated, if at
all, by the reviewing authority.  An evaluation the district must make with a factor missing is
incomplete, and the energy documents are not issued until the factor is supplied.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from checker.energy import EnergyAccount, frozen
from checker.model import ProjectApplication
from checker.rulebook.carriers import factor_name
from checker.rulebook.parameters import ParameterSource
from checker.severity import Outcome
from checker.values import quantity_text

TARGET = "carbon.locality_target_tco2"
THRESHOLD = "carbon.local_evaluation_threshold_tco2"
DIGITS = 3
MJ_PER_KGCE = 29.307     # GB/T 2589: 1 kgce = 29 307 kJ (low heating value)
SUPPLIED = "审查人员补充"  # the status of a factor a reviewer supplied for one review


@dataclass(frozen=True)
class Supplied:
    """A factor a reviewer supplied for one review (人工复核): value in the parameter's unit,
    the source they named, who supplied it."""

    value: float
    source: str
    author: str = ""


@dataclass(frozen=True)
class CarbonLine:
    """CO₂ of one carrier: tCO₂/a from its quantity (or heat) and factor (None when unset)."""

    carrier: str
    title: str
    tco2: float | None
    factor: float | None
    factor_unit: str
    status: str
    since: str | None

    @property
    def parameter(self) -> str:
        return factor_name(self.carrier)

    def json(self) -> dict:
        return {"carrier": self.carrier, "title": self.title, "tco2": self.tco2,
                "factor": self.factor, "factor_unit": self.factor_unit, "status": self.status,
                "since": self.since}


@dataclass(frozen=True)
class ProductIntensity:
    """CO₂ per unit of a declared product (单位产品碳排放)."""

    name: str
    output: float
    output_unit: str
    tco2_per_unit: float | None


@dataclass(frozen=True)
class CarbonAccount:
    """The project's annual CO₂ (tCO₂/a): by source, total, structure and intensities."""

    lines: list[CarbonLine]
    total_tco2: float | None
    intensity_tco2_per_10k_yuan: float | None   # 单位增加值碳排放 (tCO₂/万元)
    products: list[ProductIntensity]
    missing: list[str]
    target_missing: bool = True                 # 所在地区碳排放目标 (GAP parameter) unset
    notes: list[str] = field(default_factory=list)

    def share(self, line: CarbonLine) -> float | None:
        """A source's share of the total (碳排放结构), None when the total is unset."""
        if self.total_tco2 is None or line.tco2 is None or self.total_tco2 == 0:
            return None
        return line.tco2 / self.total_tco2

    @property
    def missing_factors(self) -> list[CarbonLine]:
        """The sources whose factor is unset on the review's date (and not supplied)."""
        return [line for line in self.lines if line.tco2 is None]

    def json(self) -> dict:
        """The contract the ledger and the API rely on (keys exactly so)."""
        return {"total_tco2": self.total_tco2,
                "intensity_tco2_per_10k_yuan": self.intensity_tco2_per_10k_yuan,
                "by_source": [line.json() for line in self.lines],
                "missing": list(self.missing)}


def _line(book: ParameterSource, carrier: str, title: str, kwh: float, tce: float,
          as_of: dt.date, supplied: Mapping[str, Supplied]) -> CarbonLine:
    name = factor_name(carrier)
    parameter = book.parameters[name]
    value = parameter.at(as_of)
    if value is not None and not value.unset:
        factor, status, since = float(value.value), value.status.value, value.since.isoformat()
    elif name in supplied:
        factor, status, since = supplied[name].value, SUPPLIED, None
    else:
        return CarbonLine(carrier, title, None, None, parameter.unit,
                          value.status.value if value else "GAP",
                          value.since.isoformat() if value else None)
    if carrier == "electricity":            # kgCO₂/kWh × kWh
        kg = kwh * factor
    else:                                   # kgCO₂/TJ × heat (tce × 29.307 GJ/tce → TJ)
        kg = tce * MJ_PER_KGCE / 1000.0 * factor
    return frozen(CarbonLine, {"carrier": carrier, "title": title,
                               "tco2": round(kg / 1000.0, DIGITS), "factor": factor,
                               "factor_unit": parameter.unit, "status": status, "since": since})


def account(app: ProjectApplication, energy: EnergyAccount, book: ParameterSource,
            as_of: dt.date, supplied: Mapping[str, Supplied] | None = None) -> CarbonAccount:
    """CO₂ of the fuel and power lines of `energy` with the factors in force on `as_of`
    (`supplied`: factors a reviewer supplied for this review, by parameter name)."""
    supplied = supplied or {}
    sums: dict[str, tuple[str, float, float]] = {}
    for line in energy.lines:
        title, kwh, tce = sums.get(line.carrier, (line.title, 0.0, 0.0))
        sums[line.carrier] = (title, kwh + line.canonical_quantity, tce + line.tce)
    lines = [_line(book, carrier, title, kwh, tce, as_of, supplied)
             for carrier, (title, kwh, tce) in sums.items()]
    # named as staff and documents read them (the parameter's key is on 参数设置's 技术信息)
    missing = [f"{line.title}二氧化碳排放因子（未设置）"
               for line in lines if line.tco2 is None]
    total = None if missing else round(sum(line.tco2 for line in lines), DIGITS)
    added = app.project.annual_added_value
    if not added:
        missing.append("达产后年工业增加值（未申报）")
    intensity = round(total / added, 6) if total is not None and added else None
    products = [ProductIntensity(p.name, p.annual_output, p.output_unit or "",
                                 round(total / p.annual_output, 6) if total is not None else None)
                for p in app.products if p.annual_output]
    target = book.parameters.get(TARGET)
    target_value = target.at(as_of) if target else None
    notes = []
    if app.feedstock:
        notes.append("原料用能未按燃烧排放计入（工业生产过程排放须按工艺另行核算）")
    return frozen(CarbonAccount, {
        "lines": lines, "total_tco2": total, "intensity_tco2_per_10k_yuan": intensity,
        "products": products, "missing": missing,
        "target_missing": target_value is None or target_value.unset, "notes": notes})


# Whether Art. 10 requires the evaluation: `required` True / False, or None when the rulebook
# cannot tell (the local threshold unset, or the total unknown for want of a factor).
@dataclass(frozen=True)
class CarbonEvaluation:
    """Whether the 碳排放评价 of Order 2025 No. 31 Art. 10 is required for this review, by
    whom, on what basis, and whether the account it needs is complete."""

    required: bool | None
    by: str | None          # "district" (this bureau), "ndrc" (国家发展改革委) or None
    basis: str              # why (Chinese, for the reviewer)
    missing: list[CarbonLine] = field(default_factory=list)   # factors still missing
    supplied: list[str] = field(default_factory=list)         # carriers whose factor a reviewer supplied
    threshold_tco2: float | None = None

    @property
    def attached(self) -> bool:
        """The district's own documents carry the evaluation (district review, required)."""
        return self.by == "district" and self.required is not False

    @property
    def complete(self) -> bool:
        """Every factor the evaluation needs is set (or supplied)."""
        return not self.missing

    def refusal(self) -> str | None:
        """Why the district's energy documents may not be issued yet (None: they may): the
        evaluation falls to the district (or may, the total being unknown) and a factor is
        missing — the message names the carriers."""
        if not self.attached or self.complete:
            return None
        carriers = "、".join(line.title for line in self.missing)
        return (f"碳排放评价不完整：{carriers}的二氧化碳排放因子未设置，不能签发。"
                "请起草人在“人工复核”中补充该品种的排放因子（数值及来源）后再提交签发。")

    def json(self) -> dict:
        return {"required": self.required, "by": self.by, "basis": self.basis,
                "attached": self.attached, "complete": self.complete,
                "missing": [{"carrier": l.carrier, "title": l.title, "parameter": l.parameter,
                             "unit": l.factor_unit} for l in self.missing],
                "supplied": list(self.supplied), "threshold_tco2": self.threshold_tco2}


def evaluation(co2: CarbonAccount, *, measure_requires: bool, outcome: Outcome, ndrc: bool,
               book: ParameterSource, as_of: dt.date) -> CarbonEvaluation:
    """Whether Art. 10 requires a 碳排放评价 of this review (see the module docstring):
    `measure_requires` — the measure in force has the evaluation (Order 31, from 2025-09-01);
    `outcome` — who decides the energy review; `ndrc` — the NDRC reviews the project (Art. 9)."""
    done = [l.title for l in co2.lines if l.status == SUPPLIED]
    if not measure_requires:
        return CarbonEvaluation(False, None, "审查基准日施行的节能审查办法未规定碳排放评价", supplied=done)
    if outcome is Outcome.EXEMPT:
        return CarbonEvaluation(False, None, "项目不单独进行节能审查（第八条），不开展碳排放评价",
                                supplied=done)
    if outcome is Outcome.UNDETERMINED:
        return CarbonEvaluation(None, None, "审查范围或权限待定，是否开展碳排放评价待定", supplied=done)
    if ndrc:
        return CarbonEvaluation(True, "ndrc", "国家发展改革委负责实施节能审查的项目，应同步开展碳排放评价"
                                "（第十条），由国家发展改革委开展", supplied=done)
    if outcome is not Outcome.DISTRICT:
        return CarbonEvaluation(None, None, "项目转报有权机关审查，是否同步开展碳排放评价由该机关结合本地"
                                "实际确定（第十条）", supplied=done)
    parameter = book.parameters.get(THRESHOLD)
    value = parameter.at(as_of) if parameter else None
    if value is None or value.unset:
        return CarbonEvaluation(None, None, "本地须同步开展碳排放评价的“碳排放量较大”项目标准未设置"
                                f"（{THRESHOLD}），规则库不判断是否开展，由审查人员结合本地实际判断（第十条）；"
                                "节能报告应包括项目碳排放情况（第十二条（五））", supplied=done)
    threshold = float(value.value)
    standard = f"本地同步开展碳排放评价的标准（{quantity_text(threshold, '吨')}，第十条）"
    if co2.missing_factors:
        return CarbonEvaluation(None, "district", "项目年二氧化碳排放量因排放因子缺失无法核算，"
                                f"不能判断是否达到{standard}", co2.missing_factors, done, threshold)
    total = quantity_text(co2.total_tco2 or 0.0, "吨")
    if (co2.total_tco2 or 0.0) >= threshold:
        return CarbonEvaluation(True, "district", f"项目年二氧化碳排放量{total}，达到{standard}",
                                [], done, threshold)
    return CarbonEvaluation(False, None, f"项目年二氧化碳排放量{total}，低于{standard}",
                            [], done, threshold)
