"""Steps that set a GAP parameter locally, as an administrator would ($CHECKER_PARAMETERS)."""
from __future__ import annotations

import json

import yaml
from pytest_bdd import given, parsers

from checker import rulebook


@given(parsers.parse('管理员自"{since}"起在本地配置参数"{name}"为{value}'))
def configure_parameter(scenario, since: str, name: str, value: str, tmp_path, monkeypatch):
    """Write a local parameter file and review against the rulebook loaded with it."""
    local = tmp_path / "parameters.yaml"
    body = {"parameters": {name: {"value": json.loads(value), "since": since,
                                  "source": "场景测试中的本地配置"}}}
    local.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("CHECKER_PARAMETERS", str(local))
    scenario.book = rulebook.load()
