"""Rules in words (checker/evaluation/explain.py) and GB/T 4754 names (checker/industries.py)."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from checker.values import value_text
from checker.evaluation import explain
from checker import rulebook
from checker.industries import catalogue, industry_name, source

DAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def book():
    return rulebook.shipped()


def test_condition_names_the_fact_the_value_and_the_dated_parameter(book):
    rule = book.by_id["data_centre.pue"]
    assert explain.condition_text(book, rule.cases[0].when, DAY) == \
        "数据中心设计PUE ≥ 1.3（新建大型数据中心PUE目标（须低于），2023-04-01起）"
    # a predicate is expanded; strings are quoted; numbers carry their unit
    assert explain.condition_text(book, rule.scope, DAY) == (
        "建设性质为“新建”，且数据中心标准机架数 ≥ 3,000 架"
        "（大型数据中心标准机架数下限（含），2013-01-01起）")


def test_parameter_value_follows_the_date(book):
    raw = {"fact": "data_centre.design_pue", "op": ">=", "param": "data_centre.max_pue"}
    before = explain.condition_text(book, raw, dt.date(2020, 1, 1))
    assert "未设置" in before and "1.3" not in before


def test_every_rule_reads_without_placeholders_or_dash_units(book):
    for rule in book.rules:
        texts = [explain.condition_text(book, c.when, DAY) for c in rule.cases if c.when]
        texts += [explain.fill(c.message, book, DAY) for c in rule.cases]
        texts += [explain.fill(c.action, book, DAY) for c in rule.cases if c.action]
        if rule.scope:
            texts.append(explain.condition_text(book, rule.scope, DAY))
        for text in texts:
            assert not re.search(r"\{p?:?[a-z][a-z0-9_.]*\}", text), (rule.id, text)
            assert not re.search(r"\d -(?!\d)", text), (rule.id, text)
            assert "{'" not in text and "True" not in text and "False" not in text, text


def test_not_any_and_booleans_read_as_words(book):
    raw = {"not": {"any": [{"fact": "buildings.rooftop_pv", "op": "==", "value": True},
                           {"fact": "project.nature", "op": "in", "value": ["新建", "扩建"]}]}}
    assert explain.condition_text(book, raw, DAY) == \
        "并非（建设屋顶光伏：是；或建设性质属于新建、扩建）"
    assert explain.condition_text(book, {"fact": "data_centre.design_pue", "op": "missing"},
                                  DAY) == "未申报数据中心设计PUE"


def test_message_without_facts_names_them_and_with_facts_shows_values(book):
    template = book.by_id["data_centre.pue"].cases[0].message
    words = explain.fill(template, book, DAY)
    assert "〔数据中心标准机架数〕" in words and "未低于1.3" in words
    filled = explain.fill(template, book, DAY, {"data_centre.standard_racks": 5000,
                                                "data_centre.design_pue": 1.35})
    assert "标准机架5,000 架" in filled and "设计PUE为1.35" in filled


def test_parameter_display_drops_dash_units():
    assert value_text(1.3, "-") == "1.3"
    assert value_text(3000, "架") == "3,000 架"
    assert value_text(["25", "26"], "行业大类代码") == "25、26 行业大类代码"


def test_industry_names():
    assert industry_name("6450") == "互联网数据服务"
    assert industry_name("3011") == "水泥制造"
    assert industry_name("30") == "非金属矿物制品业"
    assert industry_name("3399") == "其他未列明金属制品制造"
    assert industry_name("3019") == "水泥、石灰和石膏制造（中类301）"  # no such class: its group
    assert industry_name("3309") == "金属制品业（大类33）"  # no such group: its division
    assert industry_name("99") is None and industry_name("") is None
    divisions = [e for e in catalogue() if len(e.code) == 2]
    assert [e.code for e in divisions] == [f"{n:02d}" for n in range(1, 98)]
    assert source()["status"] == "V2" and "4754-2017" in source()["title"]


def test_scenarios_by_rule_name_each_scenario(book):
    from checker.rulebook.coverage import features_dir_of, scenarios_by_rule

    index = scenarios_by_rule(features_dir_of(book))
    names = [s.name for s in index["data_centre.pue"]]
    assert "设计PUE在1.3上下" in names
    assert all(s.file.endswith(".feature") and s.line > 0 for s in index["data_centre.pue"])
