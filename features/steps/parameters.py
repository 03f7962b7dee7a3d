"""Steps that set a GAP parameter locally, as an administrator would ($CHECKER_PARAMETERS)."""
from __future__ import annotations

import json

import yaml
from pytest_bdd import given, parsers, then, when

from checker import rulebook


def _write(tmp_path, since: str, name: str, value) -> str:
    local = tmp_path / "parameters.yaml"
    body = {"parameters": {name: {"value": value, "since": since,
                                  "source": "场景测试中的本地配置"}}}
    local.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    return str(local)


@given(parsers.parse('管理员自"{since}"起在本地配置参数"{name}"为{value}'))
def configure_parameter(scenario, since: str, name: str, value: str, tmp_path, monkeypatch):
    """Write a local parameter file and review against the rulebook loaded with it."""
    monkeypatch.setenv("CHECKER_PARAMETERS", _write(tmp_path, since, name, json.loads(value)))
    scenario.book = rulebook.load()


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
