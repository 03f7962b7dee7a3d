"""Steps that set a GAP parameter locally, as an administrator would ($CHECKER_PARAMETERS)."""
from __future__ import annotations

import json

import yaml
from pytest_bdd import given, parsers, then

from checker import rulebook
from checker.values import tce_text


@given(parsers.parse('管理员自"{since}"起在本地配置参数"{name}"为{value}'))
def configure_parameter(scenario, since: str, name: str, value: str, tmp_path, monkeypatch):
    """Write a local parameter file and review against the rulebook loaded with it."""
    _configure(scenario, name, {"value": json.loads(value), "since": since}, tmp_path, monkeypatch)


def _configure(scenario, name: str, entry: dict, tmp_path, monkeypatch):
    """Add `entry` for `name` to the scenario's local parameter file (earlier steps' entries
    for other parameters stay) and review against the rulebook loaded with it."""
    local = tmp_path / "parameters.yaml"
    body = yaml.safe_load(local.read_text(encoding="utf-8")) if local.exists() else {}
    body.setdefault("parameters", {})[name] = {**entry, "source": "场景测试中的本地配置"}
    local.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("CHECKER_PARAMETERS", str(local))
    scenario.book = rulebook.load()


@given(parsers.parse('管理员自"{since}"起在本地配置{year:d}年的电力等价值系数为{value:g}'))
def configure_equivalent(scenario, since: str, year: int, value: float, tmp_path, monkeypatch):
    """The bureau's reading of GB/T 2589-2020: the year's national average coal consumption of
    thermal power supply, set locally with its year once published."""
    _configure(scenario, "energy.electricity_equivalent_coefficient",
               {"value": value, "since": since, "year": year}, tmp_path, monkeypatch)


@then(parsers.parse('能耗核算说明包含"{text}"'))
def energy_note_contains(scenario, text: str):
    assert any(text in note for note in scenario.result.energy.notes), scenario.result.energy.notes


@then(parsers.parse('影响指数说明包含"{text}"'))
def impact_note_contains(scenario, text: str):
    assert any(text in note for note in scenario.result.impact.notes), scenario.result.impact.notes


@then(parsers.parse('年综合能源消费量（等价值）为"{display}"'))
def equivalent_total(scenario, display: str):
    assert f"{tce_text(scenario.result.energy.total_equivalent_tce)} 吨标准煤" == display
