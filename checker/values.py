"""How a value is read: numbers (never booleans) and their display (a leaf module).

The one place a number becomes text — in documents, pages, the CLI's text and the exports'
text cells — so that one tonnage always reads the same (issue 22 item 7; GB/T 9704-2012 and
GB/T 15835-2011 for the written form):

- a quantity: thousands separators and two decimals, "12,345.68 吨标准煤" (an integer as it
  was declared: "3,000 吨标准煤");
- a rate (a unit per unit: a conversion coefficient, an intensity, an emission factor): up
  to four decimals without trailing zeros, "0.1229 千克标准煤/千瓦时";
- a percentage: the sign right after the number, no space, no trailing zeros: "78%", "12.5%";
  a share 0–1 ("比例") is shown as a percentage (0.78 → 78%);
- a dimensionless figure (PUE, a count): at most two decimals, as stated (1.3, 1.25).

Machine-readable output (JSON, numeric spreadsheet cells) keeps full precision; only text
goes through here.
"""
from __future__ import annotations

from typing import Any, Callable

DECIMALS = 2        # a quantity in any text (tonnes of standard coal, kWh, tCO₂, 万元 …)
RATE_DECIMALS = 4   # a coefficient, intensity or factor (its unit has a "/")
PERCENT_DECIMALS = 2


def is_number(value: Any) -> bool:
    """An int or float, not a bool (``True`` is an int to Python, never a number here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number_text(value: float | int, decimals: int = DECIMALS) -> str:
    """Thousands separators; an int as it is (1,000), a float to `decimals` fixed decimals
    (12,345.68). "-0.00" never appears."""
    if type(value) is not float and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    text = f"{float(value):,.{decimals}f}"
    return text[1:] if text[0] == "-" and not text.strip("-0.,") else text


def _trimmed(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def rate_text(value: float | int) -> str:
    """A coefficient, intensity or factor: up to four decimals, no trailing zeros (0.1229)."""
    return _trimmed(number_text(value, RATE_DECIMALS))


def percent_text(value: float | int) -> str:
    """A percentage given in per cent: "78%", "12.5%" (sign right after the number)."""
    return f"{_trimmed(number_text(value, PERCENT_DECIMALS))}%"


def tce_text(value: float | int | None, missing: str = "—") -> str:
    """Tonnes of standard coal as every text prints them: 12,345.68 (a float always with
    two decimals, so one tonnage reads the same in the document, the page and the CLI)."""
    return missing if value is None else number_text(float(value))


NO_UNIT = {"", "-", "—"}


def unit_text(unit: str | None) -> str:
    """The unit as printed after a value; "-" (dimensionless) prints as nothing."""
    return "" if unit is None or unit.strip() in NO_UNIT else unit


SHARE_UNIT = "比例"   # a share 0–1, shown as a percentage (0.8 → 80%)
TCE_UNIT = "吨标准煤"


def is_rate(unit: str | None) -> bool:
    """A unit per unit (kgce/kWh, 吨标准煤/万元, tCO₂/t): printed as a rate."""
    return bool(unit) and "/" in unit


def magnitude_text(value: float | int, unit: str | None) -> str:
    """The number alone, at the precision its unit calls for (no unit printed)."""
    if unit == SHARE_UNIT:
        return percent_text(value * 100).removesuffix("%")
    if unit == "%":
        return percent_text(value).removesuffix("%")
    if is_rate(unit):
        return rate_text(value)
    if not unit_text(unit):  # a dimensionless figure (PUE 1.3, a count): as stated, ≤ 2 decimals
        return _trimmed(number_text(value))
    return number_text(value)


def quantity_text(value: float | int, unit: str | None) -> str:
    """A number with its unit as every reader sees it: shares and per cents as "78%",
    rates to four decimals, quantities with two decimals and thousands separators, a space
    before a unit and no "-" printed as a unit."""
    if unit in (SHARE_UNIT, "%"):
        return f"{magnitude_text(value, unit)}%"
    text = magnitude_text(value, unit)
    unit = unit_text(unit)
    return f"{text} {unit}" if unit else text


def quantity_formatter(unit: str | None) -> Callable[[float | int], str]:
    """`quantity_text` for one unit, its choices made once: the function a fact of that
    unit displays its numbers with (checker.facts.Fact.display; a review displays many)."""
    if unit == SHARE_UNIT:
        return _share_text
    if unit == "%":
        return percent_text
    printed = unit_text(unit)
    if is_rate(unit):
        magnitude = rate_text
    elif not printed:
        magnitude = _figure_text
    else:
        magnitude = _quantity_number
    if not printed:
        return magnitude
    suffix = " " + printed

    def text(value: float | int) -> str:
        return magnitude(value) + suffix

    return text


_QUANTITY_FORMAT = f",.{DECIMALS}f"


def _quantity_number(value: float | int) -> str:
    """`number_text(value)`, a float's format written out (the commonest number displayed)."""
    if type(value) is float:
        text = f"{value:{_QUANTITY_FORMAT}}"
        return text[1:] if text[0] == "-" and not text.strip("-0.,") else text
    return number_text(value)


def _share_text(value: float | int) -> str:
    return percent_text(value * 100)


def _figure_text(value: float | int) -> str:
    return _trimmed(number_text(value))


FULL_DECIMALS = 6  # the working paper's "full precision" of a value a rule read


def full_text(value: Any, unit: str | None) -> str:
    """A value a rule read, at full precision (the working paper, for verification): a
    float to six decimals without trailing zeros; shares, per cents and the rest as
    `value_text` prints them."""
    if isinstance(value, float) and unit not in (SHARE_UNIT, "%"):
        text = _trimmed(number_text(value, FULL_DECIMALS))
        unit = unit_text(unit)
        return f"{text} {unit}" if unit else text
    return value_text(value, unit or "")


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
