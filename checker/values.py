"""How a value is read: numbers (never booleans) and their display to a reviewer (a leaf module)."""
from __future__ import annotations

from typing import Any


def is_number(value: Any) -> bool:
    """An int or float, not a bool (``True`` is an int to Python, never a number here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number_text(value: float | int) -> str:
    """Thousands separators, at most four decimals, no trailing zeros."""
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


NO_UNIT = {"", "-", "—"}


def unit_text(unit: str | None) -> str:
    """The unit as printed after a value; "-" (dimensionless) prints as nothing."""
    return "" if unit is None or unit.strip() in NO_UNIT else unit


def value_text(value: Any, unit: str | None = "", unset: str = "未设置") -> str:
    """A fact or parameter value as the reviewer reads it: 是/否, 3,000 吨标准煤, A、B (the
    unit, if any, after the whole list)."""
    if value is None:
        return unset
    if isinstance(value, bool):
        text = "是" if value else "否"
    elif is_number(value):
        text = number_text(value)
    elif isinstance(value, (list, tuple)):
        text = "、".join(value_text(v, None) for v in value)
    else:
        text = str(value)
    unit = unit_text(unit)
    return f"{text} {unit}" if unit else text
