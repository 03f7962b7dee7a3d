"""GB/T 2589-2020 accounting: coefficients from rules/, 当量值 and 等价值, increments."""
from __future__ import annotations

import datetime as dt

import pytest

from checker import energy, intake, rulebook
from tests.conftest import minimal_application

DAY = dt.date(2026, 1, 15)


def _account(**changes):
    data = minimal_application()
    data.update(changes)
    return energy.account(intake.validate(data), rulebook.shipped(), DAY)


def test_electricity_at_equivalent_and_by_generation():
    account = _account(energy=[{"carrier": "electricity", "quantity": 100, "unit": "万kWh"}])
    assert account.total_tce == pytest.approx(122.9)
    assert account.electricity_kwh == 1_000_000
    coefficient = rulebook.shipped().parameters["energy.electricity_equivalent_coefficient"].at(DAY)
    assert account.total_equivalent_tce == pytest.approx(1_000_000 * coefficient.value / 1000)


def test_units_convert_to_the_canonical_unit():
    a = _account(energy=[{"carrier": "raw_coal", "quantity": 1, "unit": "t"}])
    b = _account(energy=[{"carrier": "raw_coal", "quantity": 1000, "unit": "kg"}])
    assert a.total_tce == b.total_tce == pytest.approx(0.7143)


def test_feedstock_is_in_the_total_and_shown_apart():
    account = _account(energy=[{"carrier": "natural_gas", "quantity": 100, "unit": "万m³"}],
                       feedstock=[{"carrier": "raw_coal", "quantity": 1000, "unit": "t"}])
    assert account.feedstock_tce == pytest.approx(714.3)
    assert account.total_tce == pytest.approx(1214.3 + 714.3)
    assert account.dual_control_tce == pytest.approx(1214.3)


def test_natural_gas_defaults_to_gas_field_gas_and_oil_field_gas_is_selectable():
    """管道（气田）天然气 1.2143 kgce/m³ by default; 油田天然气 1.33 per row; the row says which."""
    gas = {"carrier": "natural_gas", "quantity": 75.19, "unit": "万m³"}
    default = _account(energy=[gas])
    oil_field = _account(energy=[{**gas, "kind": "油田天然气"}])
    assert default.total_tce == pytest.approx(913.0, abs=0.1)
    assert oil_field.total_tce == pytest.approx(1000.0, abs=0.1)
    assert default.lines[0].title == "天然气（气田天然气）"
    assert oil_field.lines[0].title == "天然气（油田天然气）"
    assert oil_field.lines[0].coefficient == 1.33


def test_a_kind_the_carrier_does_not_have_is_refused_naming_the_field():
    from checker import intake

    data = minimal_application()
    data["energy"] = [{"carrier": "electricity", "quantity": 1, "unit": "kWh", "kind": "油田天然气"}]
    with pytest.raises(intake.InputError) as error:
        intake.validate(data)
    assert any(p["path"].startswith("energy") and "品种细分" in p["message"]
               for p in error.value.problems)


def test_renewable_generation_is_shown_apart_not_added():
    account = _account(energy=[{"carrier": "electricity", "quantity": 100, "unit": "万kWh"}],
                       renewable_generation={"self_consumed_kwh": 200000})
    assert account.total_tce == pytest.approx(122.9)
    assert account.renewable_tce == pytest.approx(24.58)


def test_renovation_keeping_site_and_process_counts_the_increment():
    data = minimal_application(nature="改建", keeps_site_and_process=True)
    data["energy"] = [{"carrier": "raw_coal", "quantity": 3000, "unit": "t"}]
    data["before_renovation"] = [{"carrier": "raw_coal", "quantity": 1000, "unit": "t"}]
    account = energy.account(intake.validate(data), rulebook.shipped(), DAY)
    assert account.increment_basis
    assert account.review_tce == pytest.approx(1428.6)
    assert account.total_tce == pytest.approx(2142.9)


def test_other_renovations_count_the_total():
    data = minimal_application(nature="改建")
    data["energy"] = [{"carrier": "raw_coal", "quantity": 3000, "unit": "t"}]
    data["before_renovation"] = [{"carrier": "raw_coal", "quantity": 1000, "unit": "t"}]
    account = energy.account(intake.validate(data), rulebook.shipped(), DAY)
    assert not account.increment_basis
    assert account.review_tce == account.total_tce


def test_every_carrier_coefficient_carries_status_and_source():
    from checker.rulebook.carriers import carrier_catalogue

    for carrier in carrier_catalogue().values():
        assert carrier.coefficient.status.value in {"V1", "V2", "UNVERIFIED", "GAP"}
        assert carrier.coefficient.source


def test_a_replaced_context_does_not_carry_the_shared_results_over():
    """Context.memo holds results derived from one application: a copy with another
    application (dataclasses.replace) starts without them, and memo is not an argument."""
    import dataclasses

    from checker.facts import Context

    book = rulebook.shipped()
    day = dt.date(2026, 1, 15)
    app = intake.validate(minimal_application())
    context = Context(app, energy.account(app, book, day), day, book.tables)
    assert context.shared("k", lambda c: "first") == "first"
    copy = dataclasses.replace(context, as_of=dt.date(2026, 2, 1))
    assert copy.shared("k", lambda c: "second") == "second"
    with pytest.raises(TypeError):
        Context(app, context.energy, day, book.tables, None, {"k": "x"})


def _with(parameters: dict, name: str, *values: dict):
    """`parameters` with `name` given these dated values (as a local configuration would)."""
    from checker.rulebook.parameters import ParameterValue

    parameter = parameters[name]
    added = [ParameterValue(status=parameter.values[-1].status, source="测试中的本地配置",
                            configured=True, **v) for v in values]
    kept = [v for v in parameter.values if v.since not in {a.since for a in added}]
    return {**parameters, name: parameter.model_copy(
        update={"values": sorted(kept + added, key=lambda v: v.since)})}


def test_equivalent_by_year_is_the_bureaus_choice_and_the_latest_entered_year_stands():
    """Fixed 0.31 unless the bureau chooses by year; by year, the latest entered statistical
    year (gce/kWh ÷ 1000) until the next; no year entered yet: the fixed value, said so."""
    shipped = rulebook.shipped().parameters
    fixed, note = energy.equivalent_on(shipped, DAY)
    assert (fixed.value, fixed.year, note) == (0.31, None, None)
    series = _with(shipped, energy.SUPPLY_COAL,
                   {"since": dt.date(2025, 3, 1), "value": 301.5, "year": 2024},
                   {"since": dt.date(2026, 3, 1), "value": 303, "year": 2025})
    assert energy.equivalent_on(series, DAY)[0].value == 0.31  # still the fixed practice
    by_year = _with(series, energy.BY_YEAR, {"since": dt.date(2025, 1, 1), "value": True})
    early, note = energy.equivalent_on(by_year, dt.date(2025, 2, 28))
    assert early.value == 0.31 and "暂按固定系数" in note
    for day, value, year in ((dt.date(2025, 3, 1), 0.3015, 2024), (DAY, 0.3015, 2024),
                             (dt.date(2026, 3, 1), 0.303, 2025), (dt.date(2027, 6, 1), 0.303, 2025)):
        chosen, note = energy.equivalent_on(by_year, day)
        assert (chosen.value, chosen.year, note) == (value, year, None), day
    assert "2025年全国6000千瓦及以上火电厂平均供电标准煤耗" in energy.equivalent_basis(
        energy.equivalent_on(by_year, dt.date(2026, 6, 1))[0])
