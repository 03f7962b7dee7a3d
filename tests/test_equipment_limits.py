"""Equipment efficiency against the grade limits by size class (令2025年第31号第十六条（二）):
the table's rows hold together, a declared efficiency value reads against the row of its rated
power and poles, and declaring the value never hides what the declared grade showed."""
from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from checker import intake, rulebook
from checker.evaluation import compiled
from checker.review import review
from checker.severity import Severity
from tests.conftest import minimal_application

DAY = dt.date(2026, 1, 15)
DECIDING = {Severity.VETO, Severity.MISSING, Severity.CONDITION}


def _motor_limits():
    from checker.rulebook.efficiency import TABLE, efficiency_table
    motor = efficiency_table(rulebook.shipped().tables[TABLE]).types["motor"]
    return motor.in_force(DAY).limits


def _application(line: dict) -> dict:
    data = minimal_application()
    data["energy"] = [{"carrier": "electricity", "quantity": 1000, "unit": "万kWh"}]
    data["industrial_policy"] = {"catalogue_category": "允许类", "equipment": [line]}
    return data


def _deciding(data: dict) -> set[str]:
    result = review(intake.validate(data), DAY, evaluate=compiled.fired)
    return {f.rule_id for f in result.findings if f.severity in DECIDING}


def test_motor_limits_are_the_gb18613_table_by_power_and_poles():
    """GB 18613-2020 表1: 42 rated powers from 0.12 to 1000 kW, four pole numbers, grades 1—3,
    tagged V2 (public transcription) with its source; an exact row is found, a power between
    two rows or another unit is not."""
    limits = _motor_limits()
    assert [limits.rows[0].size, limits.rows[-1].size, len(limits.rows)] == [0.12, 1000, 42]
    assert limits.status.value == "V2" and "motor_lv.json" in limits.source
    assert limits.of(75, "kW", "4极") == [96.7, 96.0, 95.0]
    assert limits.of(76, "kW", "4极") is None
    assert limits.of(75, "kVA", "4极") is None
    assert limits.of(75, "kW", None) is None


@pytest.mark.parametrize("change, message", [
    (lambda rows: rows[1].update(size=0.1), "递增"),
    (lambda rows: rows[0]["values"].pop("8极"), "列须为"),
    (lambda rows: rows[0]["values"]["2极"].append(50.0), "1级至3级"),
    (lambda rows: rows[0]["values"]["2极"].reverse(), "由高到低"),
])
def test_limits_are_validated_at_load(rules_copy, change, message):
    """Rows out of order, a missing pole column, a limit for a grade the standard lacks or
    limits that rise with the grade are refused when the rulebook loads, with the file named."""
    path = rules_copy / "tables" / "efficiency_standards.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["types"]["motor"]["editions"][0]["limits"]["rows"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(rulebook.RulebookError, match="efficiency_standards") as raised:
        rulebook.load(rules_copy)
    assert message in str(raised.value)


def test_unverified_limits_never_veto(rules_copy):
    """Rows tagged UNVERIFIED give a condition marked 待核实, never a veto."""
    path = rules_copy / "tables" / "efficiency_standards.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["types"]["motor"]["editions"][0]["limits"]["status"] = "UNVERIFIED"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    book = rulebook.load(rules_copy)
    line = {"name": "电机", "kind": "电机", "efficiency_type": "电动机", "rated_capacity": 75,
            "rated_capacity_unit": "kW", "size_class": "4极", "efficiency_value": 94.9}
    result = review(intake.validate(_application(line)), DAY, book=book)
    fired = {f.rule_id: f for f in result.findings}
    assert "equipment.below_minimum" not in fired
    assert fired["equipment.below_minimum_unverified"].severity is Severity.CONDITION


ROWS = [(row.size, pole) for row in _motor_limits().rows for pole in _motor_limits().variants]
GRADES = ["1级", "2级", "3级", "低于能效限定值", None]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ROWS), st.sampled_from(GRADES),
       st.floats(40, 99.9).map(lambda v: round(v, 1)))
def test_declaring_the_value_never_hides_a_finding(row, grade, value):
    """更多的信息不掩盖问题：在一台电动机的申报中补充效率值，不申报效率值时须落实、需补正或不予通过的各项结果仍然在。"""
    size, pole = row
    line = {"name": "电机", "kind": "电机", "efficiency_type": "电动机", "rated_capacity": size,
            "rated_capacity_unit": "kW", "size_class": pole}
    if grade:
        line["efficiency_grade"] = grade
    without = _deciding(_application(line))
    with_value = copy.deepcopy(line)
    with_value["efficiency_value"] = value
    assert without <= _deciding(_application(with_value))


def test_a_verified_catalogue_entry_vetoes(rules_copy):
    """Once an entry of the 淘汰目录 is verified (V1/V2), a declared model of its series is not
    approved; the unverified rule then stays silent for it."""
    path = rules_copy / "tables" / "eliminated_equipment.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in data["entries"]:
        if entry["item"] == "1-8":
            entry["status"] = "V2"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    book = rulebook.load(rules_copy)
    line = {"name": "起重机电机", "kind": "冶金起重电机", "model": "JZR-41-8"}
    result = review(intake.validate(_application(line)), DAY, book=book)
    fired = {f.rule_id: f for f in result.findings}
    assert fired["equipment.eliminated_model"].severity is Severity.VETO
    assert "equipment.eliminated_model_unverified" not in fired


@pytest.mark.parametrize("entry, message", [
    ({"series": [], "models": []}, "series"),
    ({"series": ["JZR2-31"]}, "models"),
    ({"batch": "第五批"}, "batch"),
])
def test_catalogue_entries_are_validated_at_load(rules_copy, entry, message):
    """An entry with nothing to match, a whole model written as a series, or a batch the
    catalogue does not have is refused at load with the file named."""
    path = rules_copy / "tables" / "eliminated_equipment.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"][0].update(entry)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(rulebook.RulebookError, match="eliminated_equipment") as raised:
        rulebook.load(rules_copy)
    assert message in str(raised.value)
