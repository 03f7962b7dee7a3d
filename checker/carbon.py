"""The carbon account: CO₂ by source beside the energy account (碳排放核算).

One implementation of the project's CO₂, used by the carbon-emission evaluation of
《固定资产投资项目节能审查和碳排放评价办法》(令2025年第31号第二条、第十二条（五）) and by the
district ledger.  Each carrier consumed as fuel or power (燃料动力) counts its physical quantity ×
its dated emission factor (rules/parameters/carbon.yaml, kgCO₂ per canonical unit); purchased
electricity counts at the grid factor.  Feedstock (原料用能) is not counted as combustion
(process emissions need the process; this is a reading), self-generated renewable electricity
emits nothing.  A factor that is unset (GAP) leaves the total unset, and the account names what
is missing instead of computing a number.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from checker.energy import EnergyAccount
from checker.model import ProjectApplication
from checker.rulebook.parameters import ParameterSource

ELECTRICITY_FACTOR = "carbon.electricity_factor"
TARGET = "carbon.locality_target_tco2"
DIGITS = 3


def factor_name(carrier: str) -> str:
    """The parameter holding a carrier's CO₂ factor (electricity has the grid factor)."""
    return ELECTRICITY_FACTOR if carrier == "electricity" else f"carbon.factor.{carrier}"


@dataclass(frozen=True)
class CarbonLine:
    """CO₂ of one carrier: tCO₂/a from its quantity and factor (None when the factor is unset)."""

    carrier: str
    title: str
    tco2: float | None
    factor: float | None
    factor_unit: str
    status: str
    since: str | None

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

    def json(self) -> dict:
        """The contract the ledger and the API rely on (keys exactly so)."""
        return {"total_tco2": self.total_tco2,
                "intensity_tco2_per_10k_yuan": self.intensity_tco2_per_10k_yuan,
                "by_source": [line.json() for line in self.lines],
                "missing": list(self.missing)}


def _line(book: ParameterSource, carrier: str, title: str, quantity: float,
          as_of: dt.date) -> CarbonLine:
    parameter = book.parameters[factor_name(carrier)]
    value = parameter.at(as_of)
    if value is None or value.unset:
        return CarbonLine(carrier, title, None, None, parameter.unit,
                          value.status.value if value else "GAP",
                          value.since.isoformat() if value else None)
    factor = float(value.value)
    return CarbonLine(carrier, title, round(quantity * factor / 1000.0, DIGITS), factor,
                      parameter.unit, value.status.value, value.since.isoformat())


def account(app: ProjectApplication, energy: EnergyAccount, book: ParameterSource,
            as_of: dt.date) -> CarbonAccount:
    """CO₂ of the fuel and power lines of `energy` with the factors in force on `as_of`."""
    quantities: dict[str, tuple[str, float]] = {}
    for line in energy.lines:
        title, quantity = quantities.get(line.carrier, (line.title, 0.0))
        quantities[line.carrier] = (title, quantity + line.canonical_quantity)
    lines = [_line(book, carrier, title, quantity, as_of)
             for carrier, (title, quantity) in quantities.items()]
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
    return CarbonAccount(lines=lines, total_tco2=total, intensity_tco2_per_10k_yuan=intensity,
                         products=products, missing=missing,
                         target_missing=target_value is None or target_value.unset, notes=notes)
