"""Outcome, parts and documents as rulebook data: what the loader refuses, what a review says."""
from __future__ import annotations

import datetime as dt

import pytest

from checker import intake, rulebook
from checker.review import review
from checker.severity import Part

DAY = dt.date(2026, 1, 15)


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_rule_has_a_part_and_mixed_families_override_it():
    book = rulebook.current()
    parts = {rule.id: rule.part for rule in book.rules}
    assert parts["two_highs.benchmark_level"] is Part.ENERGY
    assert parts["two_highs.regional_reduction_plan"] is Part.POLLUTANT
    assert parts["two_highs.performance_grade_a"] is Part.POLLUTANT
    assert parts["coal.no_burn_zone"] is Part.POLLUTANT
    assert parts["coal.reduction_substitution"] is Part.ENERGY
    assert parts["vocs.offset"] is Part.POLLUTANT and parts["data_centre.pue"] is Part.ENERGY


def test_outcome_on_a_pollutant_rule_is_refused(rules_copy):
    _edit(rules_copy / "families" / "water.yaml", "    severity: veto",
          "    severity: veto\n    outcome: district")
    with pytest.raises(rulebook.RulebookError, match="只有节能审查部分"):
        rulebook.load(rules_copy)


def test_unknown_outcome_and_part_are_refused(rules_copy):
    _edit(rules_copy / "families" / "energy_review.yaml", "outcome: district", "outcome: county")
    with pytest.raises(rulebook.RulebookError, match="outcome"):
        rulebook.load(rules_copy)


def test_family_without_part_is_refused(rules_copy):
    _edit(rules_copy / "families" / "water.yaml", "part: pollutant", "")
    with pytest.raises(rulebook.RulebookError, match="part"):
        rulebook.load(rules_copy)


def test_document_series_may_not_be_shared(rules_copy):
    _edit(rules_copy / "documents.yaml", "series: exempt_notice", "series: energy_opinion")
    with pytest.raises(rulebook.RulebookError, match="编号序列"):
        rulebook.load(rules_copy)


def test_document_needs_a_sentence_per_conclusion(rules_copy):
    _edit(rules_copy / "documents.yaml", "      reject: 经审查，该项目不符合审查条件，节能审查不予通过。\n",
          "")
    with pytest.raises(rulebook.RulebookError, match="缺少结论表述：reject"):
        rulebook.load(rules_copy)


def test_document_placeholders_are_checked(rules_copy):
    _edit(rules_copy / "documents.yaml", "{applicant}报送的", "{company}报送的")
    with pytest.raises(rulebook.RulebookError, match="未知占位符"):
        rulebook.load(rules_copy)


def test_documents_file_is_part_of_the_version(rules_copy):
    before = rulebook.load(rules_copy).version
    _edit(rules_copy / "documents.yaml", "原则同意该项目节能报告。", "同意该项目节能报告。")
    assert rulebook.load(rules_copy).version != before


def _app(**project) -> dict:
    base = {"name": "测试项目", "applicant": "测试单位", "industry_code": "7010", "nature": "新建",
            "investment": 100}
    return {"project": {**base, **project}}


def _review(data: dict, day: dt.date = DAY):
    return review(intake.validate(data), day)


def test_approval_level_is_a_declared_input_with_a_clear_error():
    with pytest.raises(intake.InputError) as caught:
        intake.validate(_app(approval_level="国务院"))
    assert any(p["path"] == "project.approval_level" for p in caught.value.problems)


def test_summary_json_has_outcome_parts_documents_and_notices():
    # A printing works (industrial: the VOCs offset applies) that declares metering and its
    # catalogue category; an ink over the GB 38507 limit makes the pollutant part 不符合.
    data = {**_app(industry_code="2311", annual_added_value=5000),
            "energy": [{"carrier": "electricity", "quantity": 900, "unit": "万kWh"}],
            "metering": {"gb17167_compliant": True},
            "industrial_policy": {"catalogue_category": "允许类"},
            "vocs": {"new_emissions_t": 10, "secured_offset_t": 10, "materials": [
                {"category": "油墨", "kind": "ink_solvent_gravure", "name": "溶剂型凹印油墨",
                 "voc_content": 78, "content_unit": "%", "annual_use_t": 120}]}}
    out = _review(data).summary_json()
    assert out["outcome"] == "district" and out["conclusion"] == "approve"
    assert out["parts"]["energy"]["conclusion"] == "approve"
    assert out["parts"]["pollutant"] == {**out["parts"]["pollutant"], "conclusion": "non_compliant",
                                         "label": "不符合"}
    assert "vocs.offset" in out["parts"]["pollutant"]["findings"]
    assert "vocs.offset" not in out["parts"]["energy"]["findings"]
    assert out["documents"] == ["energy_opinion", "pollutant_opinion"]
    assert {f["rule_id"]: f["part"] for f in out["findings"]}["vocs.offset"] == "pollutant"
    assert out["law"] and "令2025年第31号" in out["law"]  # 2026: Order 2025 No. 31 in force
    assert not any("尚未按其编码" in n["text"] for n in out["notices"])  # and it is encoded


def test_scope_message_names_only_the_threshold_reached():
    data = {**_app(), "energy": [{"carrier": "natural_gas", "quantity": 90, "unit": "万m³"}]}
    before = next(f for f in _review(data, dt.date(2025, 8, 31)).findings
                  if f.rule_id == "energy_review.scope_order2")
    assert before.outcome == "required_tce"
    assert "达到1,000 吨标准煤" in before.message and "不满5,000,000 千瓦时" in before.message
    assert "或" not in before.message
    after = next(f for f in _review(data).findings if f.rule_id == "energy_review.scope")
    assert after.outcome == "required_tce"  # 令2025年第31号第八条：煤炭消费量代替电力
    assert "达到1,000 吨标准煤" in after.message and "年煤炭消费量0.00 吨，不满1,000 吨" in after.message
    assert "千瓦时" not in after.message and "或" not in after.message


def test_a_declared_false_reads_as_declared_not_as_missing():
    data = {**_app(public_institution=True), "buildings": {
        "new_floor_area_m2": 5000, "rooftop_pv": False, "prefabricated": False}}
    messages = {f.rule_id: f.message for f in _review(data).findings}
    assert "建设屋顶光伏：申报不建设" in messages["buildings.rooftop_pv"]
    assert "采用装配式建筑：申报不采用" in messages["buildings.prefabricated"]
    undeclared = {f.rule_id: f.message for f in _review(
        {**_app(public_institution=True), "buildings": {"new_floor_area_m2": 5000}}).findings}
    assert "建设屋顶光伏：未申报" in undeclared["buildings.rooftop_pv"]


def test_review_is_reproducible():
    data = {**_app(), "energy": [{"carrier": "electricity", "quantity": 900, "unit": "万kWh"}]}
    assert _review(data).summary_json() == _review(data).summary_json()


def test_no_internal_note_reaches_results_or_the_api_json():
    """Sources in results name instruments, never the team's working notes."""
    import json
    import pathlib

    for path in sorted(pathlib.Path("samples").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out = json.dumps(_review(data).summary_json(), ensure_ascii=False)
        for note in ("regulations.md", "rulebook-audit", "limits-verified", "benchmarks-verified"):
            assert note not in out, (path.stem, note)
