"""The table of mandatory energy-efficiency standards of main energy-using equipment
(rules/tables/efficiency_standards.yaml): for each equipment type, the editions of its national
standard (能效限定值及能效等级) with their dates, grade scale and verification tag.

令2025年第31号第十六条（二）: the review asks whether the main equipment meets the mandatory
energy-efficiency standards.  Equipment below the grade of the 能效限定值 does not meet the
standard; below the 节能评价值 grade it meets the standard but not what decisions require.
"""

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from checker.rulebook.errors import RulebookError, validate_entry
from checker.rulebook.sources import Status

TABLE = "efficiency_standards"


class Edition(BaseModel):
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

    @model_validator(mode="after")
    def _consistent(self) -> "Edition":
        if not self.evaluation_grade <= self.minimum_grade <= self.grades:
            raise ValueError("须 evaluation_grade ≤ minimum_grade ≤ grades")
        if self.issued and self.effective and self.effective < self.issued:
            raise ValueError(f"实施日 {self.effective} 早于发布日 {self.issued}")
        return self

    @property
    def verified(self) -> bool:
        """Only a verified edition may veto (V1/V2); an UNVERIFIED or GAP one never does."""
        return self.status in (Status.V1, Status.V2)


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
