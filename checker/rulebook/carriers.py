"""Energy carriers and their GB/T 2589-2020 standard-coal coefficients, read from rules/."""

import functools
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from checker.rulebook.errors import RulebookError, read_yaml, validate_entry
from checker.rulebook.sources import Status, rules_dir

ELECTRICITY_FACTOR = "carbon.electricity_factor"


def factor_name(carrier: str) -> str:
    """The parameter holding a carrier's CO₂ factor (electricity has the grid factor).  Every
    carrier of a rulebook must have one (it may be unset: a GAP the review names)."""
    return ELECTRICITY_FACTOR if carrier == "electricity" else f"carbon.factor.{carrier}"


class Coefficient(BaseModel):
    """一个折标准煤系数：数值、单位、核实状态与来源。"""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    value: float = Field(gt=0)
    unit: str
    status: Status
    source: str = Field(min_length=1)


class Carrier(BaseModel):
    """一个能源品种：名称、计量单位及换算、当量值系数（kgce / 基准单位）。"""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    key: str
    title: str
    canonical_unit: str
    units: dict[str, float]
    coefficient: Coefficient
    kinds: dict[str, Coefficient] = Field(default_factory=dict)  # e.g. 气田天然气 / 油田天然气
    default_kind: str | None = None   # the kind `coefficient` belongs to (used when none declared)
    equivalent_parameter: str | None = None
    fossil: bool = False
    coal: bool = False

    def kind_coefficient(self, kind: str | None) -> tuple[str | None, Coefficient]:
        """The coefficient of the declared kind, or the default kind's when none is declared."""
        if not self.kinds:
            return None, self.coefficient
        kind = kind or self.default_kind
        return kind, self.kinds[kind]

    def to_canonical(self, quantity: float, unit: str) -> float:
        """Physical quantity in the carrier's canonical unit."""
        return quantity * self.units[unit]


def load_carriers(path: Path) -> dict[str, Carrier]:
    """Read and validate carriers.yaml; raise RulebookError naming the file and carrier."""
    data = read_yaml(path) or {}
    carriers = {}
    for key, body in (data.get("carriers") or {}).items():
        carrier = validate_entry(Carrier, {"key": key, **(body or {})}, path, key)
        if carrier.canonical_unit not in carrier.units:
            raise RulebookError(path, key, "canonical_unit 必须出现在 units 中")
        if carrier.kinds and carrier.kinds.get(carrier.default_kind) != carrier.coefficient:
            raise RulebookError(path, key, "default_kind 须为 kinds 之一，且其系数与 coefficient 相同")
        carriers[key] = carrier
    if not carriers:
        raise RulebookError(path, None, "未定义任何能源品种")
    return carriers


@functools.lru_cache(maxsize=8)
def _cached(directory: str) -> dict[str, Carrier]:
    return load_carriers(Path(directory) / "energy" / "carriers.yaml")


def carrier_catalogue(directory: Path | None = None) -> dict[str, Carrier]:
    """The carriers of the configured rules directory (cached per directory)."""
    return _cached(str(directory or rules_dir()))
