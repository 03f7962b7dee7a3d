"""The one number formatter (checker.values): every text prints a number the same way."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.values import (number_text, percent_text, quantity_text, rate_text, tce_text,
                            value_text)

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("value, text", [
    (12345.678, "12,345.68"), (1000, "1,000"), (1000.0, "1,000.00"), (0.5, "0.50"),
    (-0.001, "0.00"), (-1234.5, "-1,234.50"), (6_000_000, "6,000,000")])
def test_quantities_have_two_decimals_and_thousands_separators(value, text):
    assert number_text(value) == text


def test_a_tonnage_reads_the_same_everywhere():
    assert tce_text(12345.6789) == "12,345.68" == number_text(12345.6789)
    assert quantity_text(12345.6789, "吨标准煤") == "12,345.68 吨标准煤"
    assert value_text(12345.6789, "吨标准煤") == "12,345.68 吨标准煤"
    assert tce_text(None) == "—"


@pytest.mark.parametrize("value, unit, text", [
    (78, "%", "78%"), (78.0, "%", "78%"), (12.5, "%", "12.5%"), (0.78, "比例", "78%"),
    (0.123456, "比例", "12.35%"), (0.1229, "kgce/kWh", "0.1229 kgce/kWh"),
    (2.5, "tCO2/t", "2.5 tCO2/t"), (1.25, "-", "1.25"), (1.3, "-", "1.3"),
    (1.234, None, "1.23"), (3, "万元", "3 万元"), (3.0, "万元", "3.00 万元")])
def test_units_choose_the_form(value, unit, text):
    assert quantity_text(value, unit) == text


def test_percent_and_rate_drop_trailing_zeros():
    assert percent_text(78.0) == "78%" and percent_text(0.355) in ("0.36%", "0.35%")
    assert rate_text(1.0) == "1" and rate_text(0.71428571) == "0.7143"


def test_booleans_lists_and_unset_values():
    assert value_text(True) == "是" and value_text(None) == "未设置"
    assert value_text([1, 2], "台") == "1、2 台"


FORMAT_SPEC = re.compile(r"\{[^{}]*:,[^{}]*\}|\"\{:,")


def test_no_other_module_or_template_formats_numbers_itself():
    """Issue 22 item 7: one implementation. A thousands-separator format spec anywhere but
    checker/values.py is a second way of printing a number."""
    offenders = []
    for folder in ("checker", "web"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".html") or path.name == "values.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if FORMAT_SPEC.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
