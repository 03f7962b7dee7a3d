"""The table of public-building energy-use intensities (rules/tables/building_energy.yaml):
for each building use of the application's closed list (and, where the standard divides it,
class A or B), the GB/T 51161-2016 民用建筑能耗标准 non-heating energy intensity for the
夏热冬冷 climate zone (Changsha): the 约束值 (constraint value) and 引导值 (guide value) in
kWh/(m²·a), with the row's verification tag and source.

Legal meaning: GB/T 51161-2016 is a recommended national standard.  A design intensity above
the 约束值 is what energy-review decisions ask the applicant to remedy (a condition, never a
veto); above the 引导值 is advice.  A row whose values are not verified (UNVERIFIED) yields
advice only; a row with no value (GAP) is reported as not assessed.  A use the standard does
not cover (``covered: false``, e.g. hospitals) has no values at all.
"""

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from checker.rulebook.errors import RulebookError, validate_entry
from checker.rulebook.sources import Sourced, Status

TABLE = "building_energy"


class IntensityRow(Sourced, BaseModel):
    """One building use (and class) with its intensities for 夏热冬冷."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              defer_build=True)

    use: str = Field(min_length=1)
    building_class: Literal["A类", "B类"] | None = Field(default=None, alias="class")
    covered: bool = True  # the standard gives values for this use
    constraint: float | None = Field(default=None, gt=0)  # 约束值 kWh/(m²·a)
    guide: float | None = Field(default=None, gt=0)       # 引导值 kWh/(m²·a)
    status: Status
    source: str = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "IntensityRow":
        valued = self.constraint is not None or self.guide is not None
        if not self.covered and valued:
            raise ValueError("标准未列的使用功能（covered: false）不得给出约束值或引导值")
        if self.status is Status.GAP and valued:
            raise ValueError("GAP 行不得给出数值（数值须注明核实状态 V1/V2/UNVERIFIED）")
        if self.covered and self.status is not Status.GAP and self.constraint is None:
            raise ValueError(f"核实状态为 {self.status.value} 的行须给出约束值")
        if None not in (self.constraint, self.guide) and self.guide > self.constraint:
            raise ValueError("引导值不得大于约束值")
        return self

    @property
    def label(self) -> str:
        return self.use + (f"（{self.building_class}）" if self.building_class else "")


class BuildingEnergyTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    standard: str = Field(min_length=1)
    climate_zone: str = Field(min_length=1)
    rows: list[IntensityRow] = Field(min_length=1)

    def uses(self) -> set[str]:
        return {row.use for row in self.rows}

    def row(self, use: str | None, building_class: str | None) -> IntensityRow | None:
        """The row of `use` for `building_class` (or the use's single row when the standard
        does not divide it), None when the use is not in the table."""
        rows = [row for row in self.rows if row.use == use]
        if len(rows) == 1 and rows[0].building_class is None:
            return rows[0]
        return next((row for row in rows if row.building_class == building_class), None)

    def divided(self, use: str | None) -> bool:
        """Whether the standard divides `use` into class A and B (the class must be declared)."""
        return any(row.use == use and row.building_class for row in self.rows)


def building_energy_table(data: Any, path: Path | str = TABLE) -> BuildingEnergyTable:
    """The validated table (as the loaded rulebook keeps it); a mistake is refused with the
    file named."""
    if isinstance(data, BuildingEnergyTable):
        return data
    table = validate_entry(BuildingEnergyTable, data, Path(path), None)
    keys = [(row.use, row.building_class) for row in table.rows]
    if len(set(keys)) != len(keys):
        raise RulebookError(Path(path), None, "使用功能与分类重复")
    for use in table.uses():
        classes = [row.building_class for row in table.rows if row.use == use]
        if None in classes and len(classes) > 1:
            raise RulebookError(Path(path), None, f"“{use}”既有不分类的行又有分类的行")
    return table
