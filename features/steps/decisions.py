"""Steps for published energy-review decisions of other provinces (tests/decisions/*.yaml):
the decision's application, the bureau's parameters set to the decision's practice, and its
published totals compared with the checker's account."""
from __future__ import annotations

import datetime as dt

import yaml
from pytest_bdd import given, parsers, then

from steps.parameters import _configure
from tests.support.decisions import DECISIONS_DIR, published_sum



@given(parsers.parse('外省公开的节能审查意见"{record}"的申报材料'))
def decision_application(scenario, record: str):
    """The application the decision's published project data make, reviewed on the record's
    review date (the decision's date, or a date under Order 2025 No. 31 for older ones)."""
    text = (DECISIONS_DIR / f"{record}.yaml").read_text(encoding="utf-8")
    scenario.decision = yaml.safe_load(text)
    scenario.app = scenario.decision["application"]
    scenario.as_of = dt.date.fromisoformat(str(scenario.decision["review_as_of"]))


@given("本局参数按该审查意见的做法配置")
def decision_practice(scenario, tmp_path, monkeypatch):
    """The decision's practice as the bureau's local parameters (电力等价值, energy-management
    levels): what an administrator would configure to review as that authority did."""
    for name, entry in (scenario.decision.get("parameters") or {}).items():
        _configure(scenario, name, dict(entry), tmp_path, monkeypatch)


@then(parsers.parse("年综合能源消费量（{basis}）与审查意见公布的{published:g}吨标准煤一致"))
def total_matches_decision(scenario, basis: str, published: float):
    """Each carrier rounded to 0.01 t and summed, as the decisions state their totals."""
    field = {"当量值": "tce", "等价值": "equivalent_tce"}[basis]
    assert published_sum(scenario.result.energy.lines, field) == round(published, 2), \
        [(ln.carrier, getattr(ln, field)) for ln in scenario.result.energy.lines]


@then(parsers.parse("年综合能源消费量（当量值）比审查意见公布的{published:g}吨标准煤多{difference:g}吨"))
def total_differs_from_decision(scenario, published: float, difference: float):
    """The checker's total (each carrier rounded to 0.01 t, summed) exceeds the published one by
    exactly `difference`: a carrier whose coefficient the decision does not publish."""
    total = published_sum(scenario.result.energy.lines, "tce")
    assert round(total - published, 2) == round(difference, 2), total


@then(parsers.parse("电力{quantity:g}万千瓦时的当量值为{tce:g}吨标准煤"))
def electricity_line(scenario, quantity: float, tce: float):
    """The electricity line of the energy table: its quantity and 当量值 (0.1229 kgce/kWh)."""
    (line,) = [ln for ln in scenario.result.energy.lines if ln.carrier == "electricity"]
    assert round(line.canonical_quantity / 10000, 2) == round(quantity, 2)
    assert round(line.tce, 2) == round(tce, 2)
