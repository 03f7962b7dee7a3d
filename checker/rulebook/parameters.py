"""Parameters of the rulebook: named numbers (or lists) the rules read, valued by date.

Each dated value carries its verification tag (V1/V2/UNVERIFIED/GAP) and its source; a GAP
value is unset and the rules that need it report "未评估".  Read from rules/parameters/*.yaml.

Every parameter declares the form of its values — ``type`` (数值 number, 整数 integer, 是否
boolean, 文本 text, 数值列表 number_list, 文本列表 text_list), its ``unit`` and, for numbers, the
range (``minimum``/``maximum``, inclusive) — also when it ships without a value (GAP), so that
a value set later (the local file, the 参数设置 page) is checked against the same declaration:
``5万``, ``abc``, ``[1,2]``, ``NaN`` or ``true`` are never taken for a number.
"""

import datetime as dt
from pathlib import Path
import math
import re
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from checker.rulebook.errors import RulebookError, read_yaml, unfold, validate_entry
from checker.rulebook.sources import Status
from checker.values import is_number, number_text

# the declared types and how a reviewer reads them
TYPES = {"number": "数值", "integer": "整数", "boolean": "是否（true 或 false）", "text": "文本",
         "number_list": "数值列表", "text_list": "文本列表"}
ParameterType = Literal["number", "integer", "boolean", "text", "number_list", "text_list"]
# a number as an administrator types it: ASCII digits, an optional sign, decimal point and
# exponent — no 万, no thousands separators, no NaN or Infinity
NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
TRUE_TEXTS, FALSE_TEXTS = {"true", "是"}, {"false", "否"}
LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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
    type: ParameterType
    minimum: float | None = None  # the range of a number (of each number of a list), inclusive
    maximum: float | None = None
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

    @model_validator(mode="after")
    def _typed(self) -> "Parameter":
        """The range fits the type, and every value shipped has the declared form."""
        numeric = self.type in ("number", "integer", "number_list")
        if not numeric and (self.minimum is not None or self.maximum is not None):
            raise ValueError(f"只有数值类参数可以声明 minimum/maximum（本参数为{TYPES[self.type]}）")
        if None not in (self.minimum, self.maximum) and self.minimum > self.maximum:
            raise ValueError("minimum 不得大于 maximum")
        for value in self.values:
            if not value.unset and (problem := self.problem(value.value)) is not None:
                raise ValueError(f"{value.since} 起的值 {value.value!r} {problem}")
        return self

    @property
    def expected(self) -> str:
        """The form of a value in Chinese: 数值（吨标准煤，不小于 0）."""
        details = []
        if self.unit.strip() not in ("", "-"):
            details.append(f"单位：{self.unit}")
        if self.minimum is not None and self.maximum is not None:
            details.append(f"{number_text(self.minimum)}～{number_text(self.maximum)}")
        elif self.minimum is not None:
            details.append(f"不小于 {number_text(self.minimum)}")
        elif self.maximum is not None:
            details.append(f"不大于 {number_text(self.maximum)}")
        details += [{"number": "阿拉伯数字，如 1234.5，不写“万”、千位分隔符或单位",
                     "integer": "阿拉伯数字，如 3000", "boolean": "",
                     "text": "", "number_list": "如 1, 3, 10（或 [1, 3, 10]）",
                     "text_list": "各项以逗号或顿号分隔"}[self.type]]
        details = [d for d in details if d]
        return TYPES[self.type] + (f"（{'，'.join(details)}）" if details else "")

    def problem(self, value: Any) -> str | None:
        """Why `value` is not a value of this parameter (Chinese, naming the expected form),
        or None when it is."""
        wrong = f"类型不符：应为{self.expected}"
        if self.type == "boolean":
            return None if isinstance(value, bool) else wrong
        if self.type == "text":
            return None if isinstance(value, str) and value.strip() else wrong
        if self.type in ("number", "integer"):
            return self._number_problem(value, wrong)
        if not isinstance(value, list) or not value:
            return wrong
        for item in value:
            if self.type == "text_list" and not (isinstance(item, str) and item.strip()):
                return wrong
            if self.type == "number_list" and (problem := self._number_problem(item, wrong)):
                return problem
        return None

    def _number_problem(self, value: Any, wrong: str) -> str | None:
        if not is_number(value) or not math.isfinite(value):
            return wrong
        if self.type == "integer" and value != int(value):
            return wrong
        if self.minimum is not None and value < self.minimum or \
                self.maximum is not None and value > self.maximum:
            return f"超出范围：应为{self.expected}"
        return None

    def parse(self, text: str) -> Any:
        """The value an administrator typed (参数设置), read by the declared type; ValueError
        (Chinese, naming the expected form) when it is not one."""
        text = (text or "").strip()
        if not text:
            raise ValueError(f"请填写数值：应为{self.expected}")
        if self.type in ("number", "integer"):
            value = _number(text)
        elif self.type == "boolean":
            value = True if text.lower() in TRUE_TEXTS else \
                False if text.lower() in FALSE_TEXTS else text
        elif self.type == "text":
            value = text
        else:
            value = _list(text, self.type == "number_list")
        problem = self.problem(value)
        if problem is not None:
            raise ValueError(f"“{text[:40]}”{problem}")
        return value

    def at(self, day: dt.date) -> ParameterValue | None:
        """The value in force on `day`, or None before the first one."""
        current = None
        for value in self.values:
            if value.since <= day:
                current = value
        return current


def _number(text: str) -> Any:
    """An int or float from plain ASCII number text, else the text itself (refused later)."""
    if not NUMBER_TEXT.fullmatch(text):
        return text
    number = float(text)
    return int(number) if re.fullmatch(r"[+-]?[0-9]+", text) else number


def _list(text: str, numbers: bool) -> Any:
    """A list typed as JSON (``[1, 3]``, ``["33"]``) or as items separated by commas, 顿号 or
    spaces; the text itself when it is neither."""
    if text.startswith("["):
        import json

        try:
            value = json.loads(text, parse_constant=lambda name: name)  # NaN stays text
        except ValueError:
            return text
        return value
    items = [item for item in LIST_SEPARATORS.split(text) if item]
    return [_number(item) for item in items] if numbers else items


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
    """What the energy account reads from a rulebook: its parameters and its energy carriers
    (checker.rulebook.carriers.Carrier by key)."""

    parameters: dict[str, Parameter]
    carriers: dict[str, Any]
