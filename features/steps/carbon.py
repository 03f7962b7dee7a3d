"""Steps of the 碳排放评价 (令2025年第31号第十条): is it required, by whom, is it complete, and
CO₂ by carrier; and a rulebook in which one CO₂ factor is unset (a GAP), as an administrator
would find it before a source is known."""
from __future__ import annotations

import shutil

import pytest
import yaml
from pytest_bdd import given, parsers, then

from checker import rulebook
from checker.rulebook.sources import rules_dir

REQUIRED = {"是": True, "否": False, "待定": None}
BY = {"本局": "district", "国家发展改革委": "ndrc", "无": None}


@given(parsers.parse('规则库中参数"{name}"未设置'))
def factor_unset(scenario, name: str, tmp_path):
    """Load a copy of the rulebook whose parameter `name` is a GAP (with the local settings
    in force: give an administrator's settings before this step)."""
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    path = copy / "parameters" / "carbon.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["parameters"][name]["values"] = [{"since": "2023-06-01", "value": None, "status": "GAP",
                                          "source": "场景测试：来源未取得"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    scenario.book = rulebook.load(copy)


@then(parsers.parse('须开展碳排放评价为"{value}"'))
def evaluation_required(scenario, value: str):
    status = scenario.result.carbon_status
    assert status.required is REQUIRED[value], status


@then(parsers.parse('碳排放评价由"{by}"开展'))
def evaluation_by(scenario, by: str):
    assert scenario.result.carbon_status.by == BY[by], scenario.result.carbon_status


@then(parsers.parse('碳排放评价的依据包含"{text}"'))
def evaluation_basis(scenario, text: str):
    assert text in scenario.result.carbon_status.basis, scenario.result.carbon_status.basis


@then("结果不载明碳排放评价")
def not_attached(scenario):
    assert scenario.result.carbon_evaluation == []
    assert not scenario.result.carbon_status.attached


@then("结果载明碳排放评价")
def attached(scenario):
    assert scenario.result.carbon_evaluation and scenario.result.carbon_status.attached


@then(parsers.parse('碳排放评价不完整，拒绝签发的理由包含"{text}"'))
def incomplete(scenario, text: str):
    refusal = scenario.result.carbon_status.refusal()
    assert refusal is not None and text in refusal, refusal


@then("碳排放评价完整，可以签发")
def complete(scenario):
    assert scenario.result.carbon_status.refusal() is None, scenario.result.carbon_status


@then(parsers.parse('"{title}"的二氧化碳排放量为{tco2:g}吨'))
def line_tco2(scenario, title: str, tco2: float):
    lines = {line.title: line for line in scenario.result.carbon.lines}
    assert lines[title].tco2 == pytest.approx(tco2, abs=0.001), lines
