"""The impact analysis: m and n against hand-computed cases, grade boundaries, missing figures,
and the informational finding from the real rulebook and engine."""
from __future__ import annotations

import datetime as dt

import pytest

from checker import impact, rulebook
from checker.intake import validate as parse_application
from checker.rulebook.parameters import ParameterValue
from checker.review import review
from tests.conftest import SAMPLES, load_json

DAY = dt.date(2026, 11, 30)
LABELS = ["影响较小", "一定影响", "较大影响", "重大影响", "决定性影响"]


def configured(**values):
    """The shipped rulebook with district figures set (as an administrator would)."""
    book = rulebook.shipped()
    parameters = dict(book.parameters)
    for short, value in values.items():
        name = f"impact.{short}"
        entry = ParameterValue(since=dt.date(2026, 1, 1), value=value, status="V1",
                               source="本地配置：测试", configured=True)
        kept = [v for v in parameters[name].values if v.since < entry.since]
        parameters[name] = parameters[name].model_copy(update={"values": kept + [entry]})
    return parameters


def food_factory():
    return parse_application(load_json(SAMPLES / "food_factory.json"))


@pytest.mark.parametrize("d, grade", [
    (100, "影响较小"), (100.01, "一定影响"), (300, "一定影响"), (300.01, "较大影响"),
    (1000, "较大影响"), (1000.01, "重大影响"), (2000, "重大影响"), (2000.01, "决定性影响")])
def test_m_grade_boundaries(d, grade):
    # allowance 10,000 tce: m = d / 100 (%), boundaries 1, 3, 10, 20 belong to the lower grade
    index = impact.m_index(d, 10_000, [1, 3, 10, 20], LABELS, {"d": "d", "allowance": "额度"})
    assert index.value == pytest.approx(d / 100)
    assert index.grade == grade


@pytest.mark.parametrize("d, grade", [
    (1000, "影响较小"), (1001, "一定影响"), (3000, "一定影响"), (3001, "较大影响"),
    (10_000, "较大影响"), (10_001, "重大影响"), (35_000, "重大影响"), (35_001, "决定性影响")])
def test_n_grade_boundaries(d, grade):
    # a = b = 1,000,000, e = 0: c = 1 and n = d / 10,000 (%); boundaries 0.1, 0.3, 1, 3.5
    titles = {k: k for k in "abde"}
    index = impact.n_index(1_000_000, 1_000_000, d, 0, [0.1, 0.3, 1, 3.5], LABELS, titles)
    assert index.value == pytest.approx(d / 10_000)
    assert index.grade == grade


def test_hand_computed_food_factory():
    # d = 2,865.01 tce (等价值, no feedstock); e = 16,000 万元
    # m = 2,865.01 / 286,501 × 100 = 1.0 %  → 影响较小 (the boundary itself)
    # n: c = 2,000,000 / 40,000,000 = 0.05; (2,002,865.01 / 40,016,000 − 0.05) / 0.05 × 100
    #    = 0.103209 % → 一定影响
    parameters = configured(allowance_tce=286_501, district_base_energy_tce=2_000_000,
                            district_base_gdp=40_000_000)
    app = food_factory()
    book = rulebook.shipped()
    from checker import energy
    account = energy.account(app, book, DAY)
    result = impact.analyse(app, account, parameters, DAY)
    assert result.new_energy_tce == pytest.approx(2865.01)
    assert (result.m.value, result.m.grade) == (1.0, "影响较小")
    assert result.n.value == pytest.approx(0.103209, abs=1e-6)
    assert result.n.grade == "一定影响"
    assert result.energy_per_added_value == pytest.approx(round(1648.86 / 16000, 4))
    assert sum(s.tce for s in result.structure) == pytest.approx(result.energy_tce)
    assert (result.period, result.period_years) == ("十五五", "2026—2030年")


def test_missing_base_figure_is_named_not_computed():
    parameters = configured(allowance_tce=286_501, district_base_gdp=40_000_000)
    app = food_factory()
    from checker import energy
    result = impact.analyse(app, energy.account(app, rulebook.shipped(), DAY), parameters, DAY)
    assert result.m.assessed and not result.n.assessed
    assert result.n.value is None and result.n.grade is None
    assert result.n.missing == ["全区基年能源消费总量（a，等价值）"]


def test_plan_periods():
    assert impact.plan_period(dt.date(2025, 12, 31))[0] == "十四五"
    assert impact.plan_period(dt.date(2026, 1, 1)) == ("十五五", 2026, 2030)


def test_shipped_rulebook_reports_missing_figures_in_the_analysis():
    result = review(food_factory(), DAY)
    assert "impact.target_effect" not in {f.rule_id for f in result.findings}
    data = result.summary_json()["impact"]
    assert data["n"]["missing"] == ["全区基年能源消费总量（a，等价值）", "全区基年地区生产总值（b）"]
    assert data["m"]["assessed"] is False and "十五五" in data["m"]["missing"][0]


def test_plain_is_asdict_for_the_impact_and_the_energy_account():
    """checker.plain.plain (the summary's impact and energy) gives what dataclasses.asdict
    gives, for every sample, on two dates."""
    import dataclasses

    from checker.plain import plain
    from tests.conftest import sample_files

    for path in sample_files():
        application = parse_application(load_json(path))
        for day in (dt.date(2024, 6, 1), dt.date(2026, 3, 1)):
            result = review(application, day)
            assert plain(result.impact) == dataclasses.asdict(result.impact), path.name
            assert plain(result.energy) == dataclasses.asdict(result.energy), path.name


def test_plain_rebuilds_containers_as_asdict_does():
    import dataclasses
    from typing import NamedTuple

    from checker.plain import plain

    class Pair(NamedTuple):
        a: float
        b: str

    @dataclasses.dataclass(frozen=True)
    class Inner:
        x: float
        tags: tuple

    @dataclasses.dataclass(frozen=True)
    class Outer:
        inner: Inner
        items: list
        table: dict
        pair: Pair
        none: None = None

    value = Outer(Inner(1.5, ("a", 2)), [Inner(2.0, ())], {"k": Inner(0.0, (True,))},
                  Pair(3.0, "三"))
    assert plain(value) == dataclasses.asdict(value)
    assert type(plain(value)["pair"]) is Pair and type(plain(value)["inner"]["tags"]) is tuple
