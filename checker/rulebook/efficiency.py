"""The table of mandatory energy-efficiency standards of main energy-using equipment
(rules/tables/efficiency_standards.yaml): for each equipment type, the editions of its national
standard (能效限定值及能效等级) with their dates, grade scale and verification tag.

令2025年第31号第十六条（二）: the review asks whether the main equipment meets the mandatory
energy-efficiency standards.  Equipment below the grade of the 能效限定值 does not meet the
standard; below the 节能评价值 grade it meets the standard but not what decisions require.
Where a source gives the standard's table of grade limits by size class (e.g. GB 18613-2020
motor efficiency by rated power and poles), an edition carries it as `limits`: the declared
efficiency value is then read against the limit of its size class, with the rows' own tag.
"""

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from checker.rulebook.errors import RulebookError, validate_entry
from checker.rulebook.sources import Sourced, Status

TABLE = "efficiency_standards"


SizeUnit = Literal["kW", "kVA", "t/h", "MW"]


class LimitRow(BaseModel):
    """One size class: the limit of each grade (grade 1 first) for each variant (e.g. 极数)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    size: float = Field(gt=0)
    values: dict[str, list[float]] = Field(min_length=1)


class Limits(Sourced, BaseModel):
    """The grade limits of an edition by size class (rated power or capacity, one exact value a
    row: a declared size between two rows is not compared, the standard's rule for intermediate
    sizes not being recorded), with their own verification tag and source.  Each limit is a
    minimum (efficiency): a declared value meets a grade when it is at least that grade's limit."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    quantity: str = Field(min_length=1)   # what the limit bounds, e.g. 效率
    unit: str = Field(min_length=1)       # e.g. %
    size_unit: SizeUnit
    variant: str = Field(min_length=1)    # what the columns are, e.g. 极数
    variants: list[str] = Field(min_length=1)
    status: Status
    source: str = Field(min_length=1)
    rows: list[LimitRow] = Field(min_length=1)

    def of(self, size: float | None, unit: str | None, variant: str | None) -> list[float] | None:
        """The limits (grade 1 first) of the row of exactly `size` `unit` and the `variant`
        column, or None when the declaration does not name one row."""
        if size is None or unit != self.size_unit or variant is None:
            return None
        for row in self.rows:
            if row.size == size:
                return row.values.get(variant)
        return None


class Edition(Sourced, BaseModel):
    """One edition of a type's standard."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    number: str = Field(min_length=1)
    title: str = Field(min_length=1)
    issued: dt.date | None = None
    effective: dt.date | None = None  # None: not verified, treated as in force
    grades: int = Field(ge=1, le=5)
    minimum_grade: int = Field(ge=1, le=5)     # the grade of the 能效限定值
    evaluation_grade: int = Field(ge=1, le=5)  # the grade decisions require (节能评价值)
    status: Status
    source: str = Field(min_length=1)
    limits: Limits | None = None  # the grade limits by size class, where a source gives them

    @model_validator(mode="after")
    def _consistent(self) -> "Edition":
        if not self.evaluation_grade <= self.minimum_grade <= self.grades:
            raise ValueError("须 evaluation_grade ≤ minimum_grade ≤ grades")
        if self.limits:
            sizes = [row.size for row in self.limits.rows]
            if sizes != sorted(set(sizes)):
                raise ValueError("分档限值的 size 须递增且不重复")
            for row in self.limits.rows:
                if set(row.values) != set(self.limits.variants):
                    raise ValueError(f"{row.size} 档的列须为 {self.limits.variants}")
                for variant, values in row.values.items():
                    if len(values) != self.minimum_grade:
                        raise ValueError(f"{row.size} 档 {variant} 须列出1级至{self.minimum_grade}级的限值")
                    if values != sorted(values, reverse=True):
                        raise ValueError(f"{row.size} 档 {variant} 的限值须按等级由高到低不增")
        if self.issued and self.effective and self.effective < self.issued:
            raise ValueError(f"实施日 {self.effective} 早于发布日 {self.issued}")
        return self


class EquipmentType(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    title: str = Field(min_length=1)
    editions: list[Edition] = Field(min_length=1)

    def in_force(self, day: dt.date) -> Edition | None:
        """The latest edition in force on `day` (one without a verified date counts as in
        force, after the dated ones before it), or None before the first."""
        current = None
        for edition in self.editions:
            if edition.effective is None or edition.effective <= day:
                current = edition
        return current


class EfficiencyTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    types: dict[str, EquipmentType]

    def by_title(self) -> dict[str, EquipmentType]:
        return {t.title: t for t in self.types.values()}


def efficiency_table(data: Any, path: Path | str = TABLE) -> EfficiencyTable:
    """The validated table (as the loaded rulebook keeps it); a mistake is refused with the
    file named."""
    if isinstance(data, EfficiencyTable):
        return data
    table = validate_entry(EfficiencyTable, data or {"types": {}}, Path(path), None)
    titles = [t.title for t in table.types.values()]
    if len(set(titles)) != len(titles):
        raise RulebookError(Path(path), None, "设备类别名称重复")
    return table
