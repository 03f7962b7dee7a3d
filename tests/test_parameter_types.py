"""Typed parameters: every parameter of rules/parameters declares its type, unit and range —
also one that ships without a value (GAP) — and a value of another form is refused wherever
it comes from (a rule file, the local parameters file, the 参数设置 page), naming the expected
form in Chinese."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from checker import rulebook
from checker.rulebook.parameters import TYPES


def test_every_parameter_declares_a_type_and_its_values_have_it():
    book = rulebook.shipped()
    assert len(book.parameters) > 100
    for name, parameter in book.parameters.items():
        assert parameter.type in TYPES, name
        assert parameter.expected.startswith(TYPES[parameter.type]), name
        for value in parameter.values:
            assert value.unset or parameter.problem(value.value) is None, (name, value)


def test_a_gap_parameter_has_a_declared_form_without_a_value():
    allowance = rulebook.shipped().parameters["impact.allowance_tce"]
    assert all(v.unset for v in allowance.values)
    assert allowance.type == "number" and allowance.minimum == 0
    assert allowance.expected.startswith("数值（单位：吨标准煤，不小于 0")


@pytest.mark.parametrize("text", ["5万", "abc", "[1,2]", "NaN", "true", "Infinity", "1,000",
                                  "1e400", "", "  "])
def test_what_is_not_a_number_is_refused_naming_the_form(text):
    allowance = rulebook.shipped().parameters["impact.allowance_tce"]
    with pytest.raises(ValueError) as refused:
        allowance.parse(text)
    assert "数值" in str(refused.value) and "吨标准煤" in str(refused.value)


def test_numbers_lists_and_booleans_are_read_by_their_declared_type():
    parameters = rulebook.shipped().parameters
    assert parameters["impact.allowance_tce"].parse("286501") == 286501
    assert parameters["impact.allowance_tce"].parse(" 2.5e3 ") == 2500.0
    bounds = parameters["impact.m_grade_bounds"]
    assert bounds.parse("1, 3, 10, 20") == bounds.parse("[1, 3, 10, 20]") == [1, 3, 10, 20]
    with pytest.raises(ValueError, match="数值列表"):
        bounds.parse('"很多"')
    with pytest.raises(ValueError, match="超出范围"):
        bounds.parse("1, -3")
    labels = parameters["impact.grade_labels"]
    assert labels.parse("小、中、大") == ["小", "中", "大"]
    hub = parameters["data_centre.kaifu_in_hub_cluster"]
    assert hub.parse("true") is True and hub.parse("否") is False
    with pytest.raises(ValueError, match="是否"):
        hub.parse("1")
    share = parameters["transport.official_nev_share_min"]
    with pytest.raises(ValueError, match="超出范围"):
        share.parse("80")  # a share is 0–1: 80 is a percentage typed by mistake


@pytest.mark.parametrize("value", ["5万", True, [1, 2], float("nan")])
def test_the_local_file_is_refused_a_value_of_another_form(value, rules_copy, tmp_path,
                                                            monkeypatch):
    local = tmp_path / "local.yaml"
    local.write_text(yaml.safe_dump({"parameters": {"impact.allowance_tce": {
        "value": value, "since": "2026-01-01", "source": "测试"}}}, allow_unicode=True),
        encoding="utf-8")
    with pytest.raises(rulebook.RulebookError, match="类型不符：应为数值"):
        rulebook.load(rules_copy, parameters_file=local)


def test_a_parameter_without_a_type_or_with_a_wrong_value_is_refused_at_load(rules_copy):
    path = rules_copy / "parameters" / "impact.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["parameters"]["impact.allowance_tce"]["type"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(rulebook.RulebookError, match="impact.allowance_tce"):
        rulebook.load(rules_copy)
    data["parameters"]["impact.allowance_tce"]["type"] = "number"
    data["parameters"]["impact.allowance_tce"]["values"].append(
        {"since": dt.date(2031, 1, 1), "value": -5, "status": "V1", "source": "测试"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(rulebook.RulebookError, match="2031-01-01.*超出范围"):
        rulebook.load(rules_copy)


def test_a_range_is_only_for_numbers(rules_copy):
    path = rules_copy / "parameters" / "impact.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["parameters"]["impact.grade_labels"]["minimum"] = 0
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(rulebook.RulebookError, match="只有数值类参数"):
        rulebook.load(rules_copy)
