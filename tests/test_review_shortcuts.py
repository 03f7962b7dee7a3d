"""The shortcuts review() takes (issue 29: fewer instructions per review) give what the plain
way gives: each is compared here with the way it replaced, on the samples and on generated
applications."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from benchmarks.engine import corpus
from checker import carbon, energy, intake, rulebook
from checker.facts import CATALOGUE, Context, derive_all
from checker.findings import Finding, ValueRead, trusted
from checker.review import on_day, plan_for, review
from checker.severity import Part, Severity
from checker.values import quantity_formatter, quantity_text, value_text

ROOT = Path(__file__).resolve().parent.parent
DAYS = [dt.date(2024, 6, 1), dt.date(2026, 3, 1)]


def _applications():
    apps = []
    for path in sorted((ROOT / "samples").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop(intake.SAMPLE_KEY, None)
        apps.append(intake.validate(data))
    return apps + [intake.validate(data) for data in corpus(60)]


@pytest.fixture(scope="module")
def applications():
    return _applications()


NUMBERS = [0, 0.0, -0.0, -0.001, 0.004, 1, 7, 1234567, 1234.5678, -1234.5, 0.00001, 1e-07,
           1e16, 123456789012.5, 3000, 3000.0, 0.785, 12.5, 0.1229, 99.999, -5]


@pytest.mark.parametrize("unit", sorted({f.unit or "" for f in CATALOGUE.values()}
                                        | {"", "-", "—", "%", "比例", "kgce/kWh", "吨标准煤"}))
def test_a_units_formatter_writes_what_quantity_text_writes(unit):
    for u in {unit, unit or None}:
        for value in NUMBERS:
            assert quantity_formatter(u)(value) == quantity_text(value, u), (u, value)


def _display(fact, value):
    """Fact.display before its numbers had a formatter of their own."""
    if value is None:
        return "未申报"
    if isinstance(value, bool):
        return "是" if value else fact.no
    if isinstance(value, list) and not value:
        return "无"
    return value_text(value, fact.unit)


def test_every_fact_displays_its_values_as_before(applications):
    for fact in CATALOGUE.values():
        for value in [None, True, False, [], ["甲", "乙"], "文字", *NUMBERS]:
            assert fact.display(value) == _display(fact, value), (fact.name, value)
    for app in applications[:30]:
        for name, value in review(app, DAYS[1]).facts.items():
            assert CATALOGUE[name].display(value) == _display(CATALOGUE[name], value)


def test_the_findings_are_listed_by_severity_then_rulebook_order_then_plan_order(applications):
    book = rulebook.shipped()
    for day in DAYS:
        day_ = on_day(book, day)
        entries = plan_for(book, day).entries
        for app in applications:
            result = review(app, day)
            by_plan = sorted(result.findings, key=lambda f: day_.positions[
                next(e.name for e in entries if (e.rule_id, e.outcome) == (f.rule_id, f.outcome))])
            expected = sorted(by_plan, key=lambda f: (f.severity.rank, day_.order[f.rule_id]))
            assert [(f.rule_id, f.outcome) for f in result.findings] == \
                [(f.rule_id, f.outcome) for f in expected]
        assert len(day_.listed) == len(entries) == len(day_.place)


def test_trusted_instances_share_their_models_fields_set_and_a_copy_gets_its_own():
    first = review(_applications()[0], DAYS[1])
    finding = first.findings[0]
    assert finding.model_fields_set == set(Finding.model_fields)
    assert all(f.model_fields_set is finding.model_fields_set for f in first.findings)
    copied = finding.model_copy(update={"severity": Severity.INFO})
    assert copied.model_fields_set == set(Finding.model_fields)
    assert copied.model_fields_set is not finding.model_fields_set
    assert finding.model_fields_set == set(Finding.model_fields)
    assert copied.severity is Severity.INFO and finding == Finding.model_validate(
        finding.model_dump())


def test_a_trusted_instance_is_the_validated_one():
    fields = {"fact": "energy.total_tce", "title": "年综合能源消费量（当量值）", "value": 12.5,
              "display": "12.50 吨标准煤", "verified": True}
    made = trusted(ValueRead, dict(fields))
    validated = ValueRead(**fields)
    assert made == validated and made.model_dump() == validated.model_dump()
    assert made.model_dump_json() == validated.model_dump_json()
    assert made.model_fields_set == validated.model_fields_set
    assert made.__pydantic_extra__ is None and made.__pydantic_private__ is None


def test_the_accounts_are_the_instances_their_dataclasses_make(applications):
    book = rulebook.shipped()
    for app in applications:
        account = energy.account(app, book, DAYS[1])
        co2 = carbon.account(app, account, book, DAYS[1])
        for made in [account, *account.lines, *account.feedstock, *account.before, co2,
                     *co2.lines]:
            again = dataclasses.replace(made)  # through the generated __init__
            assert made == again and repr(made) == repr(again)
            assert list(vars(made)) == list(vars(again))


def test_facts_keep_their_declared_types(applications):
    book = rulebook.shipped()
    for app in applications:
        facts = review(app, DAYS[1]).facts
        for name, value in facts.items():
            kind = CATALOGUE[name].kind
            if kind is float:
                assert type(value) is float, name  # an int figure becomes a float
    # an application without energy: its account's sums are the int 0, its facts 0.0
    app = intake.validate({**json.loads((ROOT / "samples" / "office_small.json").read_text(
        encoding="utf-8")), "energy": []})
    account = energy.account(app, book, DAYS[1])
    facts = derive_all(Context(app, account, DAYS[1], book.tables))
    for name in ("energy.total_tce", "energy.electricity_kwh"):
        assert type(facts[name]) is float and facts[name] == 0


def _boiler_maximum(c, fuel, attribute):
    """A boiler concentration fact as computed before the boilers were grouped by fuel."""
    from checker.facts.boilers import beyond_scope

    new = [b for b in c.app.boilers if b.new and b.fuel == fuel and not beyond_scope(c, b)]
    values = [getattr(b, attribute) for b in new if getattr(b, attribute) is not None]
    return max(values) if values else None


def test_the_boiler_concentrations_are_those_of_each_fuels_new_boilers(applications):
    from checker.facts.boilers import FUELS, POLLUTANTS

    book = rulebook.shipped()
    boilers = [a for a in applications if a.boilers]
    assert boilers
    for app in boilers:
        for day in DAYS:
            result = review(app, day)
            c = Context(app, result.energy, day, book.tables,
                        parameter=lambda name, day=day: book.value_on(name, day))
            for key, fuel in FUELS.items():
                for pkey, (attribute, _) in POLLUTANTS.items():
                    name = f"boilers.{key}_max_{pkey}_mg_m3"
                    assert result.facts.get(name) == _boiler_maximum(c, fuel, attribute), name


def test_both_parts_hold_their_own_findings_in_order(applications):
    for app in applications[:40]:
        result = review(app, DAYS[1])
        for part in Part:
            assert result.parts[part].findings == [f for f in result.findings if f.part is part]


def test_a_context_made_by_of_is_the_one_its_dataclass_makes(applications):
    book = rulebook.shipped()
    app = applications[0]
    account = energy.account(app, book, DAYS[1])
    made = Context.of(app, account, DAYS[1], book.tables, None, book.parameters.get)
    again = Context(app, account, DAYS[1], book.tables, None, parameter=book.parameters.get)
    assert made == again and repr(made) == repr(again) and list(vars(made)) == list(vars(again))
    assert made.parameter == again.parameter and made.memo == {} and made.memo is not \
        Context.of(app, account, DAYS[1], book.tables).memo
    assert derive_all(made) == derive_all(again)
