"""The carbon account (checker/carbon.py) and the carbon-emission evaluation of Order 2025 No. 31:
CO₂ by source with dated, tagged factors, missing factors named instead of a number, and the
evaluation carried by the JSON, the text and the 节能审查意见 for reviews dated from 2025-09-01."""
from __future__ import annotations

import datetime as dt

import pytest

from checker import intake
from checker.opinion import OpinionMeta, document
from checker.review import review
from checker.text import render_text

BEFORE, AFTER = dt.date(2025, 8, 31), dt.date(2025, 9, 1)


def _app(energy, **project):
    base = {"name": "测试仓储项目", "applicant": "测试单位", "industry_code": "5960", "nature": "新建",
            "investment": 1000, "annual_added_value": 2000}
    return intake.validate({"project": {**base, **project}, "energy": energy,
                            "metering": {"gb17167_compliant": True}})


ELECTRICITY = [{"carrier": "electricity", "quantity": 900, "unit": "万kWh"}]


def test_electricity_counts_at_the_dated_grid_factor_with_the_exact_contract():
    carbon = review(_app(ELECTRICITY), AFTER).summary_json()["carbon"]
    assert set(carbon) == {"total_tco2", "intensity_tco2_per_10k_yuan", "by_source", "missing"}
    assert carbon["total_tco2"] == pytest.approx(9_000_000 * 0.5395 / 1000)
    assert carbon["intensity_tco2_per_10k_yuan"] == pytest.approx(4855.5 / 2000)
    [line] = carbon["by_source"]
    assert set(line) == {"carrier", "title", "tco2", "factor", "factor_unit", "status", "since"}
    assert line == {**line, "carrier": "electricity", "factor": 0.5395, "factor_unit": "kgCO₂/kWh",
                    "status": "V1", "since": "2024-12-20"}
    assert carbon["missing"] == []


def test_an_unset_fuel_factor_leaves_the_total_unset_and_is_named():
    gas = ELECTRICITY + [{"carrier": "natural_gas", "quantity": 10, "unit": "万m³"}]
    carbon = review(_app(gas), AFTER).carbon
    assert carbon.total_tco2 is None and carbon.intensity_tco2_per_10k_yuan is None
    by = {line.carrier: line for line in carbon.lines}
    assert by["natural_gas"].tco2 is None and by["natural_gas"].status == "GAP"
    assert by["electricity"].tco2 == pytest.approx(4855.5)
    assert any("天然气" in m and "carbon.factor.natural_gas" in m for m in carbon.missing)


def test_the_grid_factor_is_unset_before_its_announcement():
    carbon = review(_app(ELECTRICITY), dt.date(2024, 12, 19)).carbon
    assert carbon.total_tco2 is None and "电力" in carbon.missing[0]


def test_intensity_needs_the_added_value_and_product_intensity_its_output():
    app = intake.validate({
        "project": {"name": "p", "applicant": "a", "industry_code": "5960", "nature": "新建",
                    "investment": 1000},
        "energy": ELECTRICITY,
        "products": [{"code": "cold_storage", "name": "冷藏周转量", "annual_output": 100000,
                      "output_unit": "t"}]})
    carbon = review(app, AFTER).carbon
    assert carbon.intensity_tco2_per_10k_yuan is None
    assert any("年工业增加值" in m for m in carbon.missing)
    [product] = carbon.products
    assert product.tco2_per_unit == pytest.approx(4855.5 / 100000)


def test_the_evaluation_is_carried_only_under_order_31():
    before, after = review(_app(ELECTRICITY), BEFORE), review(_app(ELECTRICITY), AFTER)
    assert before.summary_json()["carbon_evaluation"] == []
    assert "碳排放评价" not in render_text(before)
    sentences = after.summary_json()["carbon_evaluation"]
    assert any("4,855.5吨" in s and "华中" not in s for s in sentences)
    assert any("目标数值缺失" in s for s in sentences)   # the locality's target is a GAP
    assert any("参考水平" in s for s in sentences)
    assert "【碳排放评价】" in render_text(after)
    assert before.summary_json()["carbon"]["total_tco2"] == after.summary_json()["carbon"]["total_tco2"]


def test_the_opinion_has_a_carbon_section_after_the_conclusion():
    after = review(_app(ELECTRICITY), AFTER)
    assert after.outcome.value == "district"
    opinion = document.build(after, OpinionMeta())
    headings = [s.heading for s in opinion.sections]
    assert headings[:2] == ["审查结论", "碳排放评价"]
    texts = [i.text for i in opinion.sections[1].items]
    assert any("4,855.5吨" in t for t in texts)
    before = document.build(review(_app(ELECTRICITY), BEFORE), OpinionMeta())
    assert "碳排放评价" not in [s.heading for s in before.sections]
    assert "令2025年第31号" in opinion.opening and "令2023年第2号" in before.opening


def test_the_opinion_states_the_validity_and_change_rules_of_the_measure_in_force():
    after = document.build(review(_app(ELECTRICITY), AFTER), OpinionMeta())
    before = document.build(review(_app(ELECTRICITY), BEFORE), OpinionMeta())
    other = {o.heading: [i.text for i in o.items] for o in after.sections}["其他"]
    assert any("自动失效" in t for t in other) and not any("申请延期" in t for t in other)
    old = {o.heading: [i.text for i in o.items] for o in before.sections}["其他"]
    assert any("2 年内有效" in t for t in old) and not any("自动失效" in t for t in old)
    assert not any("申请延期" in t for t in old)  # no source has it (audit 2026-12, minor)
