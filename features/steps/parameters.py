"""Steps that set a GAP parameter locally, as an administrator would ($CHECKER_PARAMETERS)."""
from __future__ import annotations

import json

import yaml
from pytest_bdd import given, parsers, then, when

from checker import rulebook
from checker.values import tce_text


def _write(tmp_path, since: str, name: str, value) -> str:
    local = tmp_path / "parameters.yaml"
    body = {"parameters": {name: {"value": value, "since": since,
                                  "source": "场景测试中的本地配置"}}}
    local.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    return str(local)


@given(parsers.parse('管理员自"{since}"起在本地配置参数"{name}"为{value}'))
def configure_parameter(scenario, since: str, name: str, value: str, tmp_path, monkeypatch):
    """Write a local parameter file and review against the rulebook loaded with it."""
    _configure(scenario, name, {"value": json.loads(value), "since": since}, tmp_path, monkeypatch)


@when(parsers.parse('管理员自"{since}"起在本地配置参数"{name}"为文字“{text}”'))
def configure_typed_text(scenario, since: str, name: str, text: str, tmp_path):
    """What an administrator typed, as it stands in the file (a YAML scalar: 5万, true, [1, 2]);
    the rulebook is loaded with it, or its refusal kept."""
    value = yaml.safe_load(text)
    try:
        scenario.book = rulebook.load(parameters_file=_write(tmp_path, since, name, value))
        scenario.refusal = None
    except rulebook.RulebookError as exc:
        scenario.refusal = str(exc)


@then(parsers.parse('本地配置被拒绝，说明应填“{form}”'))
def configuration_refused(scenario, form: str):
    assert scenario.refusal is not None, "本地配置未被拒绝"
    assert form in scenario.refusal, scenario.refusal


@then("本地配置被采用")
def configuration_taken(scenario):
    assert scenario.refusal is None, scenario.refusal


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


@given(parsers.parse('管理员自"{since}"起在本地配置{year:d}年全国火电厂平均供电标准煤耗为{value:g}克标准煤/千瓦时'))
def configure_supply_coal(scenario, since: str, year: int, value: float, tmp_path, monkeypatch):
    """A year's national average coal consumption of thermal power supply, entered once
    published (used for the 等价值 only where the bureau's practice is by year)."""
    _configure(scenario, "energy.thermal_supply_coal_consumption",
               {"value": value, "since": since, "year": year}, tmp_path, monkeypatch)
