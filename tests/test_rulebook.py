"""The rulebook is data; a malformed one fails at load naming file, rule and problem."""
from __future__ import annotations

import re

import pytest
import yaml

from checker import rulebook
from checker.facts import CATALOGUE


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _first_rule(data):
    return data["rules"][0]


@pytest.mark.parametrize("change, words", [
    (lambda d: _first_rule(d).update(when={"fact": "no.such_fact", "op": ">=", "value": 1}),
     "未知事实"),
    (lambda d: _first_rule(d).update(when={"fact": "energy.total_tce", "op": ">=",
                                          "param": "no.such_param"}), "未定义的参数"),
    (lambda d: _first_rule(d).update(when={"fact": "energy.total_tce", "op": "~", "value": 1}),
     "未知运算符"),
    (lambda d: _first_rule(d).update(when={"fact": "energy.total_tce", "op": ">=", "value": "多"}),
     "只能比较数值"),
    (lambda d: _first_rule(d).update(clause="kaifu.9.9"), "未在 citations.yaml 中定义"),
    (lambda d: _first_rule(d).pop("effective_from"), "effective_from"),
    (lambda d: _first_rule(d).update(id="Bad Id"), "id"),
    (lambda d: _first_rule(d).update(when={"fact": "sid", "op": "==", "value": "x"}), "挂起"),
    (lambda d: _first_rule(d).update(severity="fatal"), "severity"),
    (lambda d: _first_rule(d).update(when={"fact": "energy.total_tce", "op": "includes",
                                          "value": "x"}), "includes"),
    (lambda d: _first_rule(d).update(when={"not": {
        "fact": "industrial_policy.equipment_kinds", "op": "includes", "value": "x"}}), "取反"),
    (lambda d: [_first_rule(d).pop(k, None) for k in ("when", "severity", "severity_basis",
                                                       "message", "action")]
     and _first_rule(d).update(cases=[
        {"name": "first", "when": {"fact": "industrial_policy.equipment_kinds",
                                   "op": "includes", "value": "x"},
         "severity": "veto", "severity_basis": "不得", "message": "甲"},
        {"name": "rest", "severity": "info", "message": "乙"}]), "不是最后一个情形"),
    (lambda d: _first_rule(d).pop("severity_basis"), "severity_basis"),
    (lambda d: _first_rule(d).update(severity_basis="  "), "severity_basis"),
    (lambda d: _first_rule(d).update(source_issued="2024-01-01", source_status="V1"),
     "早于来源文件印发日期"),
    (lambda d: _first_rule(d).update(source_issued="2020-01-01"), "同时给出"),
])
def test_malformed_rules_are_refused(rules_copy, change, words):
    path = rules_copy / "families" / "energy.yaml"
    _edit(path, change)
    with pytest.raises(rulebook.RulebookError) as caught:
        rulebook.load(rules_copy)
    message = str(caught.value)
    assert "energy.yaml" in message and words in message, message


def test_duplicate_rule_ids_are_refused(rules_copy):
    path = rules_copy / "families" / "energy.yaml"
    _edit(path, lambda d: d["rules"].append(dict(d["rules"][0])))
    with pytest.raises(rulebook.RulebookError, match="重复"):
        rulebook.load(rules_copy)


def test_parameter_without_unit_is_refused(rules_copy):
    path = rules_copy / "parameters" / "energy.yaml"
    _edit(path, lambda d: d["parameters"]["energy.efficiency_monitoring_min_tce"].pop("unit"))
    with pytest.raises(rulebook.RulebookError, match="unit"):
        rulebook.load(rules_copy)


def test_yaml_syntax_error_names_the_file(rules_copy):
    (rules_copy / "families" / "energy.yaml").write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(rulebook.RulebookError, match="energy.yaml.*YAML"):
        rulebook.load(rules_copy)


def test_every_rule_has_citation_date_and_scenario():
    from checker.rulebook.coverage import scenario_index

    book = rulebook.shipped()
    scenarios = scenario_index(book.directory.parent / "features")
    for rule in book.rules:
        assert book.rule_citations(rule)[0].role == "方案条款", rule.id
        assert rule.effective_from, rule.id
        assert scenarios.get(rule.id), f"{rule.id} 没有场景"


def test_every_parameter_has_unit_source_and_tag():
    for name, parameter in rulebook.shipped().parameters.items():
        assert parameter.unit, name
        for value in parameter.values:
            assert value.source and value.status.value in {"V1", "V2", "UNVERIFIED", "GAP"}, name
            if value.status.value == "GAP":
                assert value.value is None, f"{name}: GAP 参数默认不得有值"


def test_every_fact_has_a_chinese_title():
    for name, fact in CATALOGUE.items():
        assert re.search(r"[\u4e00-\u9fff]", fact.title), name


def test_version_changes_with_any_rule_file(rules_copy):
    before = rulebook.load(rules_copy).version
    path = rules_copy / "families" / "energy.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# 修改\n", encoding="utf-8")
    assert rulebook.load(rules_copy).version != before


def test_gap_parameter_configured_locally(rules_copy, tmp_path, monkeypatch):
    local = tmp_path / "local.yaml"
    local.write_text("parameters:\n  energy.efficiency_monitoring_min_tce:\n"
                     "    value: 2500\n    since: 2025-01-01\n    source: 测试配置\n",
                     encoding="utf-8")
    monkeypatch.setenv("CHECKER_PARAMETERS", str(local))
    book = rulebook.load(rules_copy)
    import datetime as dt
    value = book.parameters["energy.efficiency_monitoring_min_tce"].at(dt.date(2026, 1, 1))
    assert value.value == 2500 and value.configured and "本地配置" in value.source


def test_every_plan_clause_is_encoded_or_explained():
    from checker.rulebook.coverage import matrix

    rows = matrix(rulebook.shipped())
    unexplained = [row.article for row in rows if row.status == "未编码（缺少说明）"]
    assert unexplained == []
    assert all(row.scenarios[r] for row in rows for r in row.rules)


def test_local_override_of_the_wrong_type_is_refused_at_load(rules_copy, tmp_path, monkeypatch):
    local = tmp_path / "local.yaml"
    local.write_text("parameters:\n  energy.efficiency_monitoring_min_tce:\n"
                     "    value: '2500'\n    since: 2026-01-01\n    source: 测试配置\n",
                     encoding="utf-8")
    monkeypatch.setenv("CHECKER_PARAMETERS", str(local))
    with pytest.raises(rulebook.RulebookError, match="类型"):
        rulebook.load(rules_copy)


def test_local_value_names_its_statistical_year(rules_copy, tmp_path, monkeypatch):
    """The bureau sets a year's 等价值 coefficient locally with its year; an impossible year is
    refused at load with the parameter named, never used."""
    import datetime as dt
    local = tmp_path / "local.yaml"
    body = ("parameters:\n  energy.electricity_equivalent_coefficient:\n"
            "    value: 0.3\n    since: 2026-03-01\n    year: {year}\n    source: 测试配置\n")
    local.write_text(body.format(year=2025), encoding="utf-8")
    monkeypatch.setenv("CHECKER_PARAMETERS", str(local))
    parameter = rulebook.load(rules_copy).parameters["energy.electricity_equivalent_coefficient"]
    assert parameter.at(dt.date(2026, 3, 1)).year == 2025
    assert parameter.at(dt.date(2026, 2, 28)).year is None
    local.write_text(body.format(year=20250), encoding="utf-8")
    with pytest.raises(rulebook.RulebookError, match="energy.electricity_equivalent_coefficient"):
        rulebook.load(rules_copy)


def test_efficiency_table_is_validated_at_load(rules_copy):
    """The table of mandatory efficiency standards is checked when the rulebook loads: a grade
    scale that does not hold together, or a type the application cannot declare, is refused
    with the file named."""
    path = rules_copy / "tables" / "efficiency_standards.yaml"
    original = path.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    data["types"]["motor"]["editions"][0]["evaluation_grade"] = 4
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(rulebook.RulebookError, match="efficiency_standards"):
        rulebook.load(rules_copy)
    data = yaml.safe_load(original)
    data["types"]["motor"]["title"] = "电机"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(rulebook.RulebookError, match="电机"):
        rulebook.load(rules_copy)


def test_efficiency_edition_in_force_by_review_date():
    """A review takes the edition of the standard in force on its date."""
    import datetime as dt
    from checker.rulebook.efficiency import TABLE, efficiency_table
    chiller = efficiency_table(rulebook.shipped().tables[TABLE]).types["chiller"]
    assert chiller.in_force(dt.date(2025, 1, 31)).number == "GB 19577-2015"
    assert chiller.in_force(dt.date(2025, 2, 1)).number == "GB 19577-2024"


def test_rules_are_checked_against_every_dated_parameter_value(rules_copy):
    """A parameter value that only takes effect later is still checked at load."""
    path = rules_copy / "parameters" / "energy.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["parameters"]["energy.efficiency_monitoring_min_tce"]["values"].append(
        {"since": "2027-01-01", "value": "三千", "status": "V1", "source": "测试"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(rulebook.RulebookError, match="2027-01-01"):
        rulebook.load(rules_copy)


INTERNAL_NOTES = re.compile(r"regulations\.md|regulations §|rulebook-audit|limits-verified|"
                            r"benchmarks-verified|shared/policy|§ ?[0-9]")


def test_no_rulebook_text_points_at_an_internal_research_note():
    """Sources, notes and comments name real instruments, never the team's research notes."""
    from checker.rulebook.sources import rules_dir

    offenders = []
    for path in sorted(rules_dir().rglob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if INTERNAL_NOTES.search(line):
                offenders.append(f"{path.name}:{number}: {line.strip()[:80]}")
    assert offenders == []


def test_a_parameter_value_before_its_source_is_refused(rules_copy):
    path = rules_copy / "parameters" / "two_highs.yaml"
    _edit(path, lambda d: d["parameters"]["two_highs.required_grades"]["values"][0].update(
        since="2025-01-01"))
    with pytest.raises(rulebook.RulebookError, match="早于来源文件印发日期"):
        rulebook.load(rules_copy)


def test_every_veto_and_condition_names_the_wording_that_justifies_it():
    book = rulebook.shipped()
    for rule in book.rules:
        for case in rule.cases:
            if case.severity.value in ("veto", "condition"):
                assert len(case.severity_basis) >= 10, (rule.id, case.name)


def test_the_plan_numbering_and_start_date_are_disclosed_in_the_citation_data():
    plan = rulebook.shipped().citations.instruments["kaifu_plan"]
    assert "整理编号" in plan.note and "没有“三、”标题" not in plan.title
    assert plan.status.value == "UNVERIFIED" and "推定" in plan.issued
