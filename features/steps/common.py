"""Common steps: build an application, review it as of a date, assert findings.

An application is built as a plain dict (the JSON an applicant submits), so every scenario
also exercises intake validation.  Assertions name the rule id, its outcome, its severity
and the plan clause it cites — not only the conclusion.
"""
from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from pytest_bdd import given, parsers, then, when

from checker import intake
from checker.review import review


def base_application(nature: str = "新建") -> dict:
    """A minimal valid application: a small office project with no energy declared yet."""
    return {
        "project": {
            "name": "场景测试项目", "applicant": "场景测试建设单位", "industry_code": "7010",
            "nature": nature, "investment": 10000,
        },
        "energy": [],
    }


class Scenario:
    """The application under construction, the review date and the result."""

    def __init__(self):
        self.app = base_application()
        self.as_of = dt.date(2026, 1, 15)
        self.target_tce: float | None = None
        self.electricity_kwh: float = 0.0
        self.result = None
        self.current_rule: str | None = None
        self.error: intake.InputError | None = None
        self.book = None  # a rulebook with local parameter settings; None: the configured one

    def set(self, path: str, value) -> None:
        """Set a dotted path (``project.location.no_burn_zone``) in the application dict."""
        node = self.app
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def append(self, section: str, item: dict) -> None:
        self.app.setdefault(section, []).append(item)

    def build_energy(self) -> None:
        """Turn the stated totals into carrier lines: electricity as stated, the rest as gas."""
        if self.target_tce is None and not self.electricity_kwh:
            return
        from checker.rulebook.carriers import carrier_catalogue

        carriers = carrier_catalogue()
        electricity_tce = self.electricity_kwh * carriers["electricity"].coefficient.value / 1000
        lines = []
        if self.electricity_kwh:
            lines.append({"carrier": "electricity", "quantity": self.electricity_kwh, "unit": "kWh"})
        rest = (self.target_tce or electricity_tce) - electricity_tce
        if rest > 0:
            gas = carriers["natural_gas"].coefficient.value
            lines.append({"carrier": "natural_gas", "quantity": rest * 1000 / gas, "unit": "m³"})
        self.app["energy"] = lines + [e for e in self.app.get("energy", [])
                                      if e["carrier"] not in ("electricity", "natural_gas")]

    def findings_for(self, rule_id: str):
        assert self.result is not None, "尚未审查"
        return [f for f in self.result.findings if f.rule_id == rule_id]


@pytest.fixture
def scenario() -> Scenario:
    return Scenario()


@given(parsers.parse('审查日期为"{day}"'))
def review_date(scenario: Scenario, day: str):
    scenario.as_of = dt.date.fromisoformat(day)


@given(parsers.parse("一个{nature}项目"))
def project_of_nature(scenario: Scenario, nature: str):
    scenario.app = base_application(nature)


@given(parsers.parse('行业代码为"{code}"'))
def industry_code(scenario: Scenario, code: str):
    scenario.set("project.industry_code", code)


@given(parsers.parse("年综合能源消费量为{tce:g}吨标准煤（当量值）"))
def total_tce(scenario: Scenario, tce: float):
    scenario.target_tce = tce


@given(parsers.parse("其中年电力消费量为{kwh:g}千瓦时"))
def electricity(scenario: Scenario, kwh: float):
    scenario.electricity_kwh = kwh


@given(parsers.parse("年电力消费量为{kwh:g}千瓦时"))
def electricity_only(scenario: Scenario, kwh: float):
    scenario.electricity_kwh = kwh


@given(parsers.parse('字段"{path}"为{value}'))
def set_field(scenario: Scenario, path: str, value: str):
    """Set any field with a JSON value: 字段"data_centre.design_pue"为1.29."""
    scenario.set(path, json.loads(value))


@given(parsers.parse('项目已开工建设'))
def construction_started(scenario: Scenario):
    scenario.set("project.construction_started", True)


@given(parsers.parse('项目已于"{day}"取得节能审查意见"{number}"'))
def prior_review(scenario: Scenario, day: str, number: str):
    scenario.set("project.prior_review", {"number": number, "issued_on": day})


@when("审查该项目")
def run_review(scenario: Scenario):
    scenario.build_energy()
    app = intake.validate(copy.deepcopy(scenario.app))
    scenario.result = review(app, scenario.as_of, book=scenario.book)


@when(parsers.parse('审查日期改为"{day}"后再次审查'))
def review_again(scenario: Scenario, day: str):
    scenario.as_of = dt.date.fromisoformat(day)
    run_review(scenario)


@when("提交该申报数据")
def submit(scenario: Scenario):
    scenario.build_energy()
    try:
        intake.validate(copy.deepcopy(scenario.app))
    except intake.InputError as exc:
        scenario.error = exc


@then(parsers.parse('规则"{rule_id}"{outcome}'))
def rule_fires_or_not(scenario: Scenario, rule_id: str, outcome: str):
    found = scenario.findings_for(rule_id)
    scenario.current_rule = rule_id
    fired = [f for f in found if f.outcome not in ("missing", "not_assessed")]
    if outcome == "触发":
        assert fired, f"规则 {rule_id} 应触发，实际结果：{[(f.rule_id, f.outcome) for f in scenario.result.findings]}"
    elif outcome == "不触发":
        assert not found, f"规则 {rule_id} 不应触发，实际：{[(f.outcome, f.message) for f in found]}"
    elif outcome == "提示缺少材料":
        assert any(f.outcome == "missing" for f in found), f"规则 {rule_id} 应提示缺少材料"
    elif outcome == "未评估":
        assert any(f.outcome == "not_assessed" for f in found), f"规则 {rule_id} 应为未评估"
    else:
        raise AssertionError(f"未知结果“{outcome}”：应为 触发/不触发/提示缺少材料/未评估")


@then(parsers.parse('该规则的情形为"{outcome}"'))
def rule_outcome(scenario: Scenario, outcome: str):
    outcomes = [f.outcome for f in scenario.findings_for(scenario.current_rule)]
    assert outcomes == [outcome], f"{scenario.current_rule} 的情形为 {outcomes}，应为 {outcome}"


@then(parsers.parse('该规则的严重程度为"{severity}"'))
def rule_severity(scenario: Scenario, severity: str):
    found = scenario.findings_for(scenario.current_rule)
    assert found and all(severity in (f.severity.value, f.severity.label) for f in found), \
        f"{scenario.current_rule}: {[f.severity.value for f in found]}"


@then(parsers.parse('该规则引用方案条款"{article}"'))
def rule_cites_clause(scenario: Scenario, article: str):
    found = scenario.findings_for(scenario.current_rule)
    assert found, f"规则 {scenario.current_rule} 没有结果"
    first = found[0].citations[0]
    assert first.role == "方案条款" and first.article == article, \
        f"{scenario.current_rule} 引用 {first.article}，应为 {article}"


@then(parsers.parse('该规则的依据包含"{text}"'))
def rule_basis_contains(scenario: Scenario, text: str):
    found = scenario.findings_for(scenario.current_rule)
    labels = [f"{c.number or ''} {c.label}" for c in found[0].citations]
    assert any(text in label for label in labels), f"依据链 {labels} 中没有“{text}”"


@then(parsers.parse('该规则读取"{title}"为"{display}"'))
def rule_read_value(scenario: Scenario, title: str, display: str):
    values = {v.title: v.display for v in scenario.findings_for(scenario.current_rule)[0].values}
    assert values.get(title) == display, f"读取值 {values}，“{title}”应为“{display}”"


@then("该规则标注待核实")
def rule_unverified(scenario: Scenario):
    assert any(f.unverified for f in scenario.findings_for(scenario.current_rule))


@then("该规则不标注待核实")
def rule_verified(scenario: Scenario):
    assert not any(f.unverified for f in scenario.findings_for(scenario.current_rule))


@then(parsers.parse('审查结论为"{conclusion}"'))
def conclusion_is(scenario: Scenario, conclusion: str):
    actual = scenario.result.conclusion
    assert conclusion in (actual.value, actual.label), f"结论为 {actual.value}（{actual.label}）"


@then(parsers.parse('节能审查结论为"{conclusion}"'))
def energy_conclusion_is(scenario: Scenario, conclusion: str):
    actual = scenario.result.energy_part.conclusion
    assert conclusion in (actual.value, actual.label), f"节能审查结论为 {actual.value}（{actual.label}）"


@then(parsers.parse('污染物控制结论为"{conclusion}"'))
def pollutant_conclusion_is(scenario: Scenario, conclusion: str):
    actual = scenario.result.pollutant_part.conclusion
    assert conclusion in (actual.value, actual.label), f"污染物控制结论为 {actual.value}（{actual.label}）"


@then(parsers.parse('审查结果为"{outcome}"'))
def outcome_is(scenario: Scenario, outcome: str):
    actual = scenario.result.outcome
    assert outcome in (actual.value, actual.label), f"审查结果为 {actual.value}（{actual.label}）"


@then(parsers.parse('出具的文书为"{names}"'))
def documents_are(scenario: Scenario, names: str):
    from checker import rulebook

    documents = rulebook.shipped().documents.documents
    actual = [documents[key].name for key in scenario.result.documents()]
    assert actual == names.split("、"), f"出具的文书为 {actual}"


@then(parsers.parse('主文书为"{name}"'))
def main_document_is(scenario: Scenario, name: str):
    from checker import rulebook

    main = rulebook.shipped().documents.documents[scenario.result.documents()[0]]
    assert main.name == name, f"主文书为 {main.name}"


@then(parsers.parse('审查提示包含"{text}"'))
def notice_contains(scenario: Scenario, text: str):
    notices = [n.text for n in scenario.result.notices]
    assert any(text in n for n in notices), f"审查提示为 {notices}"


@then(parsers.parse('申报被拒绝，错误指向"{path}"'))
def refused_at(scenario: Scenario, path: str):
    assert scenario.error is not None, "申报数据应被拒绝"
    paths = [p["path"] for p in scenario.error.problems]
    assert any(p == path or p.startswith(path) for p in paths), f"错误位置 {paths}，应含 {path}"
