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


SHARE_UNIT = "比例"   # a share 0–1, shown as a percentage (0.8 → 80%)
TCE_UNIT = "吨标准煤"  # shown with two decimals in messages and documents


def quantity_text(value: float | int, unit: str | None) -> str:
    """A number with its unit as the reviewer reads it: shares as percentages, tonnes of
    standard coal to two decimals, thousands separators, and no "-" printed as a unit."""
    if unit == SHARE_UNIT:
        return f"{number_text(round(value * 100, 2))}%"
    if unit == TCE_UNIT and isinstance(value, float):
        value = round(value, 2)
    text = number_text(value)
    if unit == "%":
        return f"{text}%"
    unit = unit_text(unit)
    return f"{text} {unit}" if unit else text


def value_text(value: Any, unit: str | None = "", unset: str = "未设置") -> str:
    """A fact or parameter value as the reviewer reads it: 是/否, 3,000 吨标准煤, A、B (the
    unit, if any, after the whole list)."""
    if value is None:
        return unset
    if isinstance(value, bool):
        text = "是" if value else "否"
    elif is_number(value):
        return quantity_text(value, unit)
    elif isinstance(value, (list, tuple)):
        text = "、".join(value_text(v, None) for v in value)
    else:
        return str(value)  # a text value (an edition, a grade) is its own label: no unit
    unit = unit_text(unit)
    return f"{text} {unit}" if unit else text
