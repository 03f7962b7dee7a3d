"""The carbon account (checker/carbon.py) and the carbon-emission evaluation of Order 2025 No. 31:
CO₂ by source with dated, tagged factors, missing factors named instead of a number, and the
evaluation carried by the JSON, the text and the 节能审查意见 for reviews dated from 2025-09-01."""
from __future__ import annotations

import datetime as dt

import shutil

import pytest
import yaml

from checker import carbon, intake, rulebook
from checker.judgement import Judgement, Kind
from checker.rulebook.sources import rules_dir
from checker.opinion import OpinionMeta, document
from checker.review import review, reviewed
from checker.text import render_text

BEFORE, AFTER = dt.date(2025, 8, 31), dt.date(2025, 9, 1)


def _app(energy, **project):
    base = {"name": "测试仓储项目", "applicant": "测试单位", "industry_code": "5930", "nature": "新建",
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


def _gap_book(tmp_path, *names, threshold=None):
    """The rulebook with the CO₂ factors `names` unset (GAP) and, optionally, the local
    carbon-evaluation threshold set (as an administrator would)."""
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    path = copy / "parameters" / "carbon.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for name in names:
        data["parameters"][name]["values"] = [{"since": "2023-06-01", "value": None,
                                              "status": "GAP", "source": "测试：来源未取得"}]
    if threshold is not None:
        data["parameters"][carbon.THRESHOLD]["values"] = [
            {"since": "2025-09-01", "value": threshold, "status": "V2", "source": "测试"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return rulebook.load(copy)


GAS = ELECTRICITY + [{"carrier": "natural_gas", "quantity": 10, "unit": "万m³"}]


def test_an_unset_fuel_factor_leaves_the_total_unset_and_is_named(tmp_path):
    book = _gap_book(tmp_path, "carbon.factor.natural_gas")
    carbon = review(_app(GAS), AFTER, book=book).carbon
    assert carbon.total_tco2 is None and carbon.intensity_tco2_per_10k_yuan is None
    by = {line.carrier: line for line in carbon.lines}
    assert by["natural_gas"].tco2 is None and by["natural_gas"].status == "GAP"
    assert by["electricity"].tco2 == pytest.approx(4855.5)
    # named by its title, as staff and the documents read it: no parameter key (issue 26)
    assert "天然气（气田天然气）二氧化碳排放因子（未设置）" in carbon.missing
    assert not any("carbon.factor" in m for m in carbon.missing)


def test_fuels_count_their_heat_content_at_the_ipcc_factor():
    """Every fuel line: standard coal (GB/T 2589) × 29.307 MJ/kgce × kgCO₂/TJ — the gas kind's
    calorific value counts (油田天然气 1.33 kgce/m³ against 气田 1.2143)."""
    field = review(_app(GAS), AFTER).carbon
    oil = review(_app(ELECTRICITY + [{"carrier": "natural_gas", "quantity": 10, "unit": "万m³",
                                      "kind": "油田天然气"}]), AFTER).carbon
    [gas] = [l for l in field.lines if l.carrier == "natural_gas"]
    assert (gas.factor, gas.factor_unit, gas.status) == (56100, "kgCO₂/TJ", "V2")
    assert gas.tco2 == pytest.approx(100_000 * 1.2143 * 29.307 / 1e6 * 56100 / 1000, abs=1e-3)
    [oil_gas] = [l for l in oil.lines if l.carrier == "natural_gas"]
    assert oil_gas.tco2 == pytest.approx(gas.tco2 * 1.33 / 1.2143, rel=1e-4)
    assert field.total_tco2 == pytest.approx(4855.5 + gas.tco2)


def test_every_carrier_of_the_catalogue_has_a_dated_tagged_factor():
    """No carrier is left without a factor on the first day of Order 31: each is a dated
    parameter with its tag and source (a GAP would be named as missing instead)."""
    from checker.rulebook.carriers import carrier_catalogue

    book = rulebook.current()
    for key in carrier_catalogue(book.directory):
        value = book.parameters[carbon.factor_name(key)].at(AFTER)
        assert value is not None and not value.unset and value.source, key
        assert value.status.value in ("V1", "V2"), key


def test_the_grid_factor_is_unset_before_its_announcement():
    carbon = review(_app(ELECTRICITY), dt.date(2024, 12, 19)).carbon
    assert carbon.total_tco2 is None and "电力" in carbon.missing[0]


def test_intensity_needs_the_added_value_and_product_intensity_its_output():
    app = intake.validate({
        "project": {"name": "p", "applicant": "a", "industry_code": "5930", "nature": "新建",
                    "investment": 1000},
        "energy": ELECTRICITY,
        "products": [{"code": "cold_storage", "name": "冷藏周转量", "annual_output": 100000,
                      "output_unit": "t"}]})
    carbon = review(app, AFTER).carbon
    assert carbon.intensity_tco2_per_10k_yuan is None
    assert any("年工业增加值" in m for m in carbon.missing)
    [product] = carbon.products
    assert product.tco2_per_unit == pytest.approx(4855.5 / 100000)


def test_the_evaluation_is_carried_only_when_article_10_requires_it(tmp_path):
    """Order 31 Art. 10: the district evaluates a project whose CO₂ reaches the local threshold
    (a GAP by default: then nothing is attached, and the result says why); never before
    2025-09-01, never an exempt project; the account itself is the same either way."""
    default = review(_app(ELECTRICITY), AFTER)
    assert default.carbon_evaluation == [] and default.carbon_status.required is None
    assert carbon.THRESHOLD in default.summary_json()["carbon_status"]["basis"]
    book = _gap_book(tmp_path, threshold=1000)
    before, after = review(_app(ELECTRICITY), BEFORE, book=book), review(_app(ELECTRICITY), AFTER, book=book)
    assert before.summary_json()["carbon_evaluation"] == []
    assert "碳排放评价" not in render_text(before)
    assert after.carbon_status.required is True and after.carbon_status.by == "district"
    sentences = after.summary_json()["carbon_evaluation"]
    assert any("4,855.50吨" in s and "华中" not in s for s in sentences)
    assert any("目标数值缺失" in s for s in sentences)   # the locality's target is a GAP
    assert "【碳排放评价】" in render_text(after)
    assert before.summary_json()["carbon"]["total_tco2"] == after.summary_json()["carbon"]["total_tco2"]
    exempt = review(_app([{"carrier": "electricity", "quantity": 100, "unit": "万kWh"}]), AFTER,
                    book=book)
    assert exempt.outcome.value == "exempt" and exempt.carbon_evaluation == []
    assert exempt.carbon_status.required is False
    below = review(_app(ELECTRICITY), AFTER, book=_gap_book(tmp_path / "b", threshold=5000))
    assert below.carbon_status.required is False and below.carbon_evaluation == []


def test_the_opinion_has_a_carbon_section_after_the_conclusion(tmp_path):
    book = _gap_book(tmp_path, threshold=1000)
    after = review(_app(ELECTRICITY), AFTER, book=book)
    assert after.outcome.value == "district"
    opinion = document.build(after, OpinionMeta())
    headings = [s.heading for s in opinion.sections]
    assert headings[:2] == ["审查结论", "碳排放评价"]
    texts = [i.text for i in opinion.sections[1].items]
    assert any("4,855.50吨" in t for t in texts)
    before = document.build(review(_app(ELECTRICITY), BEFORE, book=book), OpinionMeta())
    assert "碳排放评价" not in [s.heading for s in before.sections]
    assert "令2025年第31号" in opinion.opening and "令2023年第2号" in before.opening
    unset = document.build(review(_app(ELECTRICITY), AFTER), OpinionMeta())
    assert "碳排放评价" not in [s.heading for s in unset.sections]


HEAT = ELECTRICITY + [{"carrier": "heat", "quantity": 30000, "unit": "GJ"}]


def test_a_missing_factor_blocks_issue_until_the_reviewer_supplies_it(tmp_path):
    """A required evaluation with a factor missing refuses issue, naming the carrier; the
    drafter's 补充排放因子 (value, source, reason) completes the account for this review."""
    book = _gap_book(tmp_path, "carbon.factor.heat", threshold=1000)
    result = review(_app(HEAT), AFTER, book=book)
    status = result.carbon_status
    assert status.by == "district" and status.required is None and not status.complete
    assert "热力的二氧化碳排放因子未设置" in status.refusal()
    assert [m["parameter"] for m in result.summary_json()["carbon_status"]["missing"]] == \
        ["carbon.factor.heat"]
    factor = Judgement(kind=Kind.FACTOR, rule_id="carbon.factor.heat", value=110000,
                       source="供热企业提供的实测排放因子", reason="规则库未设置，按供热单位数据补充")
    done = reviewed(result, [factor], book=book)
    assert done.carbon_status.refusal() is None and done.carbon_status.required is True
    [heat] = [l for l in done.carbon.lines if l.carrier == "heat"]
    assert heat.status == carbon.SUPPLIED and heat.tco2 == pytest.approx(
        30000 * 1000 * 0.03412 * 29.307 / 1e6 * 110000 / 1000, abs=1e-3)
    assert done.carbon.total_tco2 == pytest.approx(4855.5 + heat.tco2)
    assert done.carbon_status.supplied == ["热力"]
    assert done.outcome is result.outcome and done.findings == result.findings


def test_the_opinion_states_the_validity_and_change_rules_of_the_measure_in_force():
    after = document.build(review(_app(ELECTRICITY), AFTER), OpinionMeta())
    before = document.build(review(_app(ELECTRICITY), BEFORE), OpinionMeta())
    other = {o.heading: [i.text for i in o.items] for o in after.sections}["其他"]
    assert any("自动失效" in t for t in other) and not any("申请延期" in t for t in other)
    old = {o.heading: [i.text for i in o.items] for o in before.sections}["其他"]
    assert any("申请延期" in t for t in old) and not any("自动失效" in t for t in old)


@pytest.mark.parametrize("value", [None, "", "abc", True, "0", -5, "nan", "inf", 1e12])
def test_a_supplied_factor_is_a_positive_number_or_refused_naming_the_field(value):
    from checker.judgement import JudgementError, parse

    with pytest.raises(JudgementError) as refused:
        parse({"kind": "factor", "rule_id": "carbon.factor.heat", "value": value,
               "source": "供热单位", "reason": "补充"})
    assert refused.value.field == "value" and "排放因子数值" in str(refused.value)


def test_a_factor_can_only_be_supplied_where_the_account_lacks_it_and_once():
    from checker.judgement import JudgementError, check, parse

    book = rulebook.current()
    factor = parse({"kind": "factor", "rule_id": "carbon.factor.heat", "value": "110000",
                    "source": "供热单位", "reason": "补充"})
    assert factor.value == 110000.0
    with pytest.raises(JudgementError, match="不缺少排放因子"):
        check(factor, [], book.citations, [], {})
    check(factor, [], book.citations, [], {"carbon.factor.heat": "热力"})
    with pytest.raises(JudgementError, match="热力的排放因子已补充"):
        check(factor, [], book.citations, [factor], {"carbon.factor.heat": "热力"})
