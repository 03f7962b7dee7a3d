"""The project's impact on the district's energy targets (令2023年第2号 第十一条（五）（六）;
开福区方案 四（一）).

Pure: computed from the application, its energy account, the review date and the rulebook's
parameters only — never from the ledger — so a review stays reproducible.  It gives the
energy indicators the energy report must contain (unit product energy, energy and fossil
energy per 万元 added value, structure by carrier, renewable and feedstock energy apart) and
the impact indices used in energy-review practice:

* m = d / allowance × 100%  (d: the project's new energy, 等价值; allowance: the district's
  increment allowance for the plan period in force on the review date);
* n = ((a + d) / (b + e) − c) / c × 100%, c = a / b  (a: base-year energy, b: base-year GDP,
  e: the project's annual added value).

d is counted on the dual-control basis: 等价值, feedstock excluded (Hunan), by increment for a
renovation counted by increment.  The district's figures are GAP parameters: where one is unset
the index is not computed and the result names the missing figure.  Grade boundaries and labels
are rulebook parameters (each grade includes its upper bound).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from checker.energy import TCE_DIGITS, EnergyAccount
from checker.model import ProjectApplication
from checker.plain import plain
from checker.rulebook.parameters import Parameter

INDEX_DIGITS = 6  # m and n are graded on the value shown, rounded to 6 decimals (in %)
RATIO_DIGITS = 4

BASE_ENERGY = "impact.district_base_energy_tce"
BASE_GDP = "impact.district_base_gdp"
ALLOWANCE = "impact.allowance_tce"
ANNUAL_TARGET = "impact.annual_target_tce"
INTENSITY_TARGET = "impact.intensity_target"
M_BOUNDS = "impact.m_grade_bounds"
N_BOUNDS = "impact.n_grade_bounds"
GRADE_LABELS = "impact.grade_labels"
ADDED_VALUE_TITLE = "项目达产后年工业增加值（e）"


def plan_period(day: dt.date) -> tuple[str, int, int]:
    """The national five-year plan period containing `day`: (name, first year, last year)."""
    numerals = "一二三四五六七八九"
    number = 14 + (day.year - 2021) // 5          # 十四五 = 2021—2025
    first = 2021 + (number - 14) * 5
    name = (f"十{numerals[number - 11]}五" if number > 10 else f"{numerals[number - 1]}五") \
        if number != 10 else "十五"
    return name, first, first + 4


@dataclass(frozen=True)
class Index:
    """One impact index (in %), its grade, and the figures that were missing to compute it."""

    value: float | None
    grade: str | None
    missing: list[str] = field(default_factory=list)

    @property
    def assessed(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class CarrierShare:
    carrier: str
    title: str
    tce: float
    share: float | None  # of the total (当量值), in %


@dataclass(frozen=True)
class ProductEnergy:
    name: str
    unit_energy: float | None
    unit: str | None


@dataclass(frozen=True)
class Impact:
    """The energy indicators and impact indices of one review."""

    period: str
    period_years: str
    energy_tce: float                     # 当量值, total incl. feedstock
    energy_equivalent_tce: float          # 等价值, total incl. feedstock
    new_energy_tce: float | None          # d: dual-control basis, 等价值
    fossil_tce: float
    renewable_tce: float
    feedstock_tce: float
    added_value: float | None             # e, 万元
    energy_per_added_value: float | None  # tce/万元, 当量值, feedstock excluded
    fossil_per_added_value: float | None
    structure: list[CarrierShare]
    products: list[ProductEnergy]
    m: Index
    n: Index
    allowance_tce: float | None
    annual_target_tce: float | None
    notes: list[str]

    def json(self) -> dict[str, Any]:
        data = plain(self)
        data["m"]["assessed"] = self.m.assessed
        data["n"]["assessed"] = self.n.assessed
        return data


def _value(parameters: dict[str, Parameter], name: str, day: dt.date) -> Any:
    parameter = parameters.get(name)
    current = parameter.at(day) if parameter else None
    return None if current is None else current.value


def _title(parameters: dict[str, Parameter], name: str) -> str:
    parameter = parameters.get(name)
    return parameter.title if parameter else name


def grade(value: float, bounds: list[float], labels: list[str]) -> str:
    """The grade of an index: the first grade whose upper bound (inclusive) is not below it,
    the last grade above every bound."""
    for bound, label in zip(bounds, labels):
        if value <= bound:
            return label
    return labels[len(bounds)]


def _per(numerator: float, denominator: float | None) -> float | None:
    if denominator is None or denominator <= 0:
        return None
    return round(numerator / denominator, RATIO_DIGITS)


def new_energy(account: EnergyAccount) -> float | None:
    """d: the project's new energy on the dual-control basis (等价值, feedstock excluded;
    by increment for a renovation counted by increment, None when that increment is unknown)."""
    consumed = sum(line.equivalent_tce for line in account.lines)
    if not account.increment_basis:
        return round(consumed, TCE_DIGITS)
    if account.before_tce is None:
        return None
    return round(consumed - sum(line.equivalent_tce for line in account.before), TCE_DIGITS)


def m_index(d: float | None, allowance: float | None, bounds, labels, titles) -> Index:
    """m = d / allowance × 100%."""
    missing = [t for t, v in ((titles["d"], d), (titles["allowance"], allowance)) if v is None]
    if missing or allowance <= 0:
        return Index(None, None, missing or [titles["allowance"]])
    value = round(d * 100.0 / allowance, INDEX_DIGITS)
    return Index(value, grade(value, bounds, labels))


def n_index(a, b, d, e, bounds, labels, titles) -> Index:
    """n = ((a + d) / (b + e) − c) / c × 100%, c = a / b."""
    missing = [titles[k] for k, v in (("a", a), ("b", b), ("d", d), ("e", e)) if v is None]
    if missing or a <= 0 or b <= 0 or b + e <= 0:
        return Index(None, None, missing or [titles["a"], titles["b"]])
    c = a / b
    value = round(((a + d) / (b + e) - c) / c * 100.0, INDEX_DIGITS)
    return Index(value, grade(value, bounds, labels))


@dataclass(frozen=True)
class Targets:
    """The district's figures and the grading of the indices on one day: what `analyse` reads
    from the rulebook's parameters, the same for every review under one rulebook on one date
    (worked out once per rulebook and date, checker.review.on_day)."""

    period: str
    period_years: str
    labels: list[str]
    m_bounds: list[float]
    n_bounds: list[float]
    base_energy: float | None
    base_gdp: float | None
    allowance: float | None
    annual_target: float | None
    titles: dict[str, str]


def targets(parameters: dict[str, Parameter], as_of: dt.date) -> Targets:
    """The `Targets` of the rulebook's `parameters` on `as_of`."""
    def value(name):
        return _value(parameters, name, as_of)

    period, first, last = plan_period(as_of)
    titles = {"a": _title(parameters, BASE_ENERGY), "b": _title(parameters, BASE_GDP),
              "allowance": f"{_title(parameters, ALLOWANCE)}（{period}）",
              "d": "项目新增能源消费量（d，改建前能源消费未申报）", "e": ADDED_VALUE_TITLE}
    return Targets(period=period, period_years=f"{first}—{last}年",
                   labels=value(GRADE_LABELS) or [], m_bounds=value(M_BOUNDS) or [],
                   n_bounds=value(N_BOUNDS) or [], base_energy=value(BASE_ENERGY),
                   base_gdp=value(BASE_GDP), allowance=value(ALLOWANCE),
                   annual_target=value(ANNUAL_TARGET), titles=titles)


NOTE = "影响指数按等价值、不含原料用能计算（可再生能源、原料用能不纳入能源消费总量控制）"


def analyse(app: ProjectApplication, account: EnergyAccount,
            parameters: dict[str, Parameter], as_of: dt.date,
            targets_on_day: Targets | None = None) -> Impact:
    """The impact analysis of one application on `as_of` with the rulebook's parameters
    (`targets_on_day`: their `Targets` on `as_of` when the caller has them already)."""
    day = targets_on_day or targets(parameters, as_of)
    labels, titles = day.labels, day.titles
    d, e = new_energy(account), app.project.annual_added_value
    allowance = day.allowance
    m = m_index(d, allowance, day.m_bounds, labels, titles)
    n = n_index(day.base_energy, day.base_gdp, d, e, day.n_bounds, labels, titles)
    consumed = account.lines + account.feedstock
    total = account.total_tce
    structure = [CarrierShare(line.carrier, line.title, line.tce,
                              round(line.tce * 100.0 / total, 2) if total > 0 else None)
                 for line in consumed]
    dual = account.dual_control_tce
    return Impact(
        period=day.period, period_years=day.period_years, energy_tce=total,
        energy_equivalent_tce=account.total_equivalent_tce, new_energy_tce=d,
        fossil_tce=account.fossil_tce, renewable_tce=account.renewable_tce,
        feedstock_tce=account.feedstock_tce, added_value=e,
        energy_per_added_value=_per(dual, e), fossil_per_added_value=_per(account.fossil_tce, e),
        structure=structure,
        products=[ProductEnergy(p.name, p.unit_energy, p.unit_energy_unit) for p in app.products],
        m=m, n=n, allowance_tce=allowance, annual_target_tce=day.annual_target,
        notes=[NOTE, *([account.equivalent_basis] if account.equivalent_basis else [])])
