"""Parameters of the rulebook: named numbers (or lists) the rules read, valued by date.

Each dated value carries its verification tag (V1/V2/UNVERIFIED/GAP) and its source; a GAP
value is unset and the rules that need it report "未评估".  Read from rules/parameters/*.yaml.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from checker.rulebook.errors import RulebookError, read_yaml, unfold, validate_entry
from checker.rulebook.sources import Status


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParameterValue(Strict):
    """One dated value of a parameter with its verification tag and source."""

    since: dt.date
    value: float | int | str | bool | list | None
    status: Status
    source: str = Field(min_length=1)
    note: str | None = None
    configured: bool = False  # set locally by an administrator (see checker/rulebook/settings.py)
    source_issued: dt.date | None = None  # issue date of the instrument giving this value
    # 统计年份: the year of the statistic a value reads (e.g. the national average coal consumption
    # of thermal power supply of that year behind the electricity 等价值); None when not stated
    year: int | None = Field(default=None, ge=1949, le=2100)

    @property
    def unset(self) -> bool:
        return self.value is None

    @property
    def status_label(self) -> str:
        """What staff read about where the value stands: 本地配置 for a value an administrator
        set (参数设置 or the local parameters file), else its verification tag's label."""
        return "本地配置" if self.configured else self.status.label

    @field_validator("source", "note")
    @classmethod
    def _unfold(cls, text: str | None) -> str | None:
        return unfold(text)

    @model_validator(mode="after")
    def _not_before_source(self) -> "ParameterValue":
        """A value cannot be in force before the instrument that gives it was issued."""
        if self.source_issued and self.since < self.source_issued:
            raise ValueError(f"since {self.since} 早于来源文件印发日期 {self.source_issued}")
        return self


class Parameter(Strict):
    """A named number (or list) the rules read, valued by effective date."""

    name: str
    title: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    description: str | None = None
    citations: list[str] = Field(default_factory=list)
    values: list[ParameterValue] = Field(min_length=1)

    @field_validator("description")
    @classmethod
    def _unfold(cls, text: str | None) -> str | None:
        return unfold(text)

    @field_validator("values")
    @classmethod
    def _ordered(cls, values: list[ParameterValue]) -> list[ParameterValue]:
        dates = [v.since for v in values]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("values 须按 since 日期升序且不重复")
        return values

    def at(self, day: dt.date) -> ParameterValue | None:
        """The value in force on `day`, or None before the first one."""
        current = None
        for value in self.values:
            if value.since <= day:
                current = value
        return current


def load_parameters(directory: Path) -> dict[str, Parameter]:
    """Every parameter in rules/parameters/*.yaml, by name."""
    parameters: dict[str, Parameter] = {}
    for path in sorted((directory / "parameters").glob("*.yaml")):
        for name, body in ((read_yaml(path) or {}).get("parameters") or {}).items():
            if name in parameters:
                raise RulebookError(path, name, "参数名重复")
            parameters[name] = validate_entry(Parameter, {"name": name, **(body or {})}, path, name)
    return parameters


class ParameterSource(Protocol):
    """What the energy account reads from a rulebook: its directory and its parameters."""

    directory: Path
    parameters: dict[str, Parameter]
