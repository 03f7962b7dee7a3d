"""Energy accounting after GB/T 2589-2020 (综合能耗计算通则).

Annual comprehensive energy consumption (年综合能源消费量) is computed per carrier and in
total, at 当量值 (electricity 0.1229 kgce/kWh, the basis Order 2023 No. 2 prescribes for the
review thresholds) and at 等价值 (electricity at a dated coefficient).  Feedstock energy
(原料用能) is included in the total and shown apart, because Hunan excludes it from dual
control; self-generated renewable electricity is shown apart and not included.  A renovation
that keeps its site, main process and equipment is counted by its increment (令2023年第2号).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from checker.rulebook.carriers import Carrier
from checker.model import EnergyUse, ProjectApplication
from checker.rulebook.parameters import ParameterSource, ParameterValue
from checker.values import rate_text

# Totals are kept to 0.1 kgce: finer digits are float noise, and thresholds such as
# "3000 tce" must not be missed by 2999.9999999.
TCE_DIGITS = 4
_T = TypeVar("_T")


def _tce(value_kgce: float) -> float:
    return round(value_kgce / 1000.0, TCE_DIGITS)


@dataclass(frozen=True)
class CarrierLine:
    """One carrier's consumption: physical quantity and its standard-coal equivalents."""

    carrier: str
    title: str
    quantity: float
    unit: str
    canonical_quantity: float
    canonical_unit: str
    coefficient: float          # 当量值 kgce per canonical unit
    coefficient_unit: str
    coefficient_status: str
    equivalent_coefficient: float  # 等价值 kgce per canonical unit
    equivalent_status: str
    tce: float                  # 当量值
    equivalent_tce: float       # 等价值
    purpose: str                # 燃料动力 / 原料 / 改建前

    @property
    def verified(self) -> bool:
        return self.coefficient_status == "V1" and self.equivalent_status == "V1"


@dataclass(frozen=True)
class EnergyAccount:
    """The project's energy balance, as the review and the opinion show it."""

    lines: list[CarrierLine]
    feedstock: list[CarrierLine]
    before: list[CarrierLine]
    total_tce: float
    total_equivalent_tce: float
    feedstock_tce: float
    renewable_kwh: float
    renewable_tce: float
    electricity_kwh: float
    coal_tce: float
    coal_t: float               # 年煤炭消费量（实物量，吨）: carriers flagged `coal`
    fossil_tce: float
    before_tce: float | None
    before_electricity_kwh: float | None
    increment_basis: bool       # counted by increment (改建, site and process unchanged)
    review_tce: float | None    # the figure the review thresholds read
    review_electricity_kwh: float | None
    review_coal_t: float | None  # coal tonnes the review thresholds read (increment for 改建)
    electricity_equivalent: ParameterValue | None = None
    equivalent_basis: str | None = None  # the 等价值 coefficient and its year, where electricity is used
    notes: list[str] = field(default_factory=list)

    @property
    def dual_control_tce(self) -> float:
        """Consumption counted under dual control: feedstock excluded (湘, regulations §10.4)."""
        return round(self.total_tce - self.feedstock_tce, TCE_DIGITS)


def frozen(cls: type[_T], fields: dict[str, Any]) -> _T:
    """An instance of the frozen dataclass `cls` from `fields` — every field, in their order —
    without its generated __init__, which sets each field through object.__setattr__ (most
    of the cost of making an account, issue 29): the same instance (equal, same repr)."""
    instance = object.__new__(cls)
    instance.__dict__.update(fields)
    return instance


def _line(use: EnergyUse, carrier: Carrier, purpose: str,
          electricity_equivalent: ParameterValue | None) -> CarrierLine:
    canonical = carrier.to_canonical(use.quantity, use.unit)
    kind, chosen = carrier.kind_coefficient(use.kind)
    coefficient = chosen.value
    equivalent, eq_status = coefficient, chosen.status.value
    if carrier.equivalent_parameter and electricity_equivalent and not electricity_equivalent.unset:
        equivalent, eq_status = float(electricity_equivalent.value), electricity_equivalent.status.value
    return frozen(CarrierLine, {
        "carrier": carrier.key, "title": f"{carrier.title}（{kind}）" if kind else carrier.title,
        "quantity": use.quantity, "unit": use.unit,
        "canonical_quantity": canonical, "canonical_unit": carrier.canonical_unit,
        "coefficient": coefficient, "coefficient_unit": chosen.unit,
        "coefficient_status": chosen.status.value,
        "equivalent_coefficient": equivalent, "equivalent_status": eq_status,
        "tce": _tce(canonical * coefficient), "equivalent_tce": _tce(canonical * equivalent),
        "purpose": purpose})


def _sum(lines: list[CarrierLine], attribute: str = "tce") -> float:
    return round(sum(getattr(line, attribute) for line in lines), TCE_DIGITS)


def _electricity(lines: list[CarrierLine]) -> float:
    return round(sum(l.canonical_quantity for l in lines if l.carrier == "electricity"), 3)


def _coal_t(lines: list[CarrierLine], carriers: dict[str, Carrier]) -> float:
    """年煤炭消费量 in tonnes: the physical quantity of every carrier flagged `coal` in
    rules/energy/carriers.yaml (raw coal, washed coal, coke), canonical unit kg.  Reading of
    令2025年第31号第八条“年煤炭消费量”: coal and coal products burnt or used as feedstock,
    counted in physical tonnes, not standard coal."""
    return round(sum(l.canonical_quantity for l in lines if carriers[l.carrier].coal) / 1000.0, 3)


EQUIVALENT = "energy.electricity_equivalent_coefficient"  # the dated 等价值 coefficient
# the bureau's practice: false (or unset) — the fixed coefficient above; true — the year's
# national average coal consumption of thermal power supply (SUPPLY_COAL, gce/kWh) in force
BY_YEAR = "energy.electricity_equivalent_by_year"
SUPPLY_COAL = "energy.thermal_supply_coal_consumption"


def equivalent_basis(value: ParameterValue) -> str:
    """The sentence naming the electricity 等价值 coefficient a review used and the year of the
    statistic it is (GB/T 2589-2020: the previous year's national average coal consumption of
    thermal power supply), for the energy table, the impact indices and the ledger."""
    year = f"{value.year}年全国6000千瓦及以上火电厂平均供电标准煤耗" if value.year else "所依统计年份未注明"
    return f"电力等价值按 {rate_text(float(value.value))} kgce/kWh 折算（{year}）"


def _value(parameters: dict, name: str, day: dt.date) -> ParameterValue | None:
    parameter = parameters.get(name)
    value = parameter.at(day) if parameter else None
    return None if value is None or value.unset else value


def equivalent_on(parameters: dict, day: dt.date) -> tuple[ParameterValue | None, str | None]:
    """The electricity 等价值 coefficient (kgce/kWh) in force on `day` by the bureau's practice
    (parameter BY_YEAR): the fixed coefficient, or the latest published year's national
    average coal consumption of thermal power supply (gce/kWh ÷ 1000, its year named), used
    until the next year's is entered.  With no year entered yet under the by-year practice,
    the fixed coefficient stands and the second item says so."""
    parameter = parameters.get(EQUIVALENT)
    fixed = parameter.at(day) if parameter else None  # as before: an unset value is kept
    by_year = _value(parameters, BY_YEAR, day)
    if by_year is None or by_year.value is not True:
        return fixed, None
    supply = _value(parameters, SUPPLY_COAL, day)
    if supply is None:
        return fixed, "本局按年度取电力等价值，审查基准日尚无已录入的年度全国火电厂平均供电标准煤耗，暂按固定系数折算"
    coefficient = ParameterValue(
        since=supply.since, value=round(float(supply.value) / 1000.0, 6), status=supply.status,
        source=supply.source, configured=supply.configured, year=supply.year,
        note=f"{rate_text(float(supply.value))} gce/kWh")
    return coefficient, None


def account(app: ProjectApplication, book: ParameterSource, as_of: dt.date) -> EnergyAccount:
    """Compute the energy account of `app` with the coefficients in force on `as_of`."""
    carriers = book.carriers
    eq_value, eq_note = equivalent_on(book.parameters, as_of)

    def lines_of(uses, purpose):
        return [_line(u, carriers[u.carrier], purpose, eq_value) for u in uses or []]

    lines, feedstock = lines_of(app.energy, "燃料动力"), lines_of(app.feedstock, "原料")
    before = lines_of(app.before_renovation, "改建前")
    consumed = lines + feedstock
    renewable_kwh = app.renewable_generation.self_consumed_kwh if app.renewable_generation else 0.0
    electricity_coefficient = carriers["electricity"].coefficient.value
    total_tce, electricity_kwh = _sum(consumed), _electricity(consumed)
    notes = []
    increment = app.project.nature == "改建" and app.project.keeps_site_and_process
    before_tce = _sum(before) if app.before_renovation is not None else None
    before_kwh = _electricity(before) if app.before_renovation is not None else None
    coal_t = _coal_t(consumed, carriers)
    if increment and before_tce is None:
        review_tce = review_kwh = review_coal = None
        notes.append("改建项目按增量计算，但未申报改建前能源消费，无法核定审查口径能耗")
    elif increment:
        review_tce = round(total_tce - before_tce, TCE_DIGITS)
        review_kwh = round(electricity_kwh - before_kwh, 3)
        review_coal = round(coal_t - _coal_t(before, carriers), 3)
        notes.append("改建项目建设地点、主要生产工艺和设备未改变，按年综合能源消费增量计算")
    else:
        review_tce, review_kwh, review_coal = total_tce, electricity_kwh, coal_t
    basis = None
    if electricity_kwh or before_kwh:  # the coefficient matters only where electricity is used
        basis = None if eq_value is None or eq_value.unset else equivalent_basis(eq_value)
        notes.append(basis or "电力等价值折算系数未设置，等价值按当量值计")
        if eq_note:
            notes.append(eq_note)
    return frozen(EnergyAccount, {
        "lines": lines, "feedstock": feedstock, "before": before,
        "total_tce": total_tce, "total_equivalent_tce": _sum(consumed, "equivalent_tce"),
        "feedstock_tce": _sum(feedstock), "renewable_kwh": renewable_kwh,
        "renewable_tce": _tce(renewable_kwh * electricity_coefficient),
        "electricity_kwh": electricity_kwh,
        "coal_tce": round(sum(l.tce for l in consumed if carriers[l.carrier].coal), TCE_DIGITS),
        "coal_t": coal_t,
        "fossil_tce": round(sum(l.tce for l in consumed if carriers[l.carrier].fossil),
                            TCE_DIGITS),
        "before_tce": before_tce, "before_electricity_kwh": before_kwh,
        "increment_basis": increment, "review_tce": review_tce,
        "review_electricity_kwh": review_kwh, "review_coal_t": review_coal,
        "electricity_equivalent": eq_value, "equivalent_basis": basis, "notes": notes})
