"""The shortcuts review() takes (issue 29: fewer instructions per review) give what the plain
way gives: each is compared here with the way it replaced, on the samples and on generated
applications."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.engine import corpus
from checker import carbon, energy, impact, intake, rulebook
from checker.facts import CATALOGUE, Context, derive_all
from checker.findings import Finding, ValueRead, trusted
from checker.review import on_day, plan_for, review
from checker.rulebook.declarations import Declaration
from checker.severity import Part, Severity
from checker.values import quantity_formatter, quantity_text, value_text
from tests.support.generate import applications as generated_applications

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


# --- the input hash, the declarations, the impact's parameters, the document types -------

def _plain_canonical_json(app) -> str:
    """intake.canonical_json before it used the serializer and the encoder directly."""
    return json.dumps(app.model_dump(mode="json", exclude_unset=True), ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))


def test_the_input_hash_is_the_one_of_the_plain_canonical_form(applications):
    for app in applications:
        assert intake.canonical_json(app) == _plain_canonical_json(app)
        assert intake.input_sha256(app) == hashlib.sha256(
            _plain_canonical_json(app).encode("utf-8")).hexdigest()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=generated_applications(), name=st.text(min_size=1, max_size=30))
def test_the_input_hash_of_generated_applications_is_the_plain_one(data, name):
    data["project"]["name"] = name.strip() or "项目"  # any text: escapes, non-ASCII, surrogates
    try:
        app = intake.validate(data)
    except intake.InputError:
        return
    assert intake.canonical_json(app) == _plain_canonical_json(app)


def test_the_input_hash_of_an_application_with_every_kind_of_value():
    data = json.loads((ROOT / "samples" / sorted(p.name for p in (ROOT / "samples").glob(
        "*.json"))[0]).read_text(encoding="utf-8"))
    data.pop(intake.SAMPLE_KEY, None)
    data["project"]["name"] = "引号\"、反斜杠\\、换行\n、制表\t、\u2028、😀、\x01"
    app = intake.validate(data)
    assert intake.canonical_json(app) == _plain_canonical_json(app)
    assert '\\"' in intake.canonical_json(app) and "😀" in intake.canonical_json(app)


def _plain_declarations(book, app) -> list[Declaration]:
    """DeclarationBook.found_in before it read its shortcuts once and made its declarations
    without validating them again."""
    found = []
    for shortcut in book.shortcuts:
        if "[]." in shortcut.path:
            items, _, name = shortcut.path.partition("[].")
            node = app
            for step in items.split("."):
                node = None if node is None else getattr(node, step, None)
            values = [getattr(item, name, None) for item in (node or [])
                      if all(getattr(item, k, None) == v for k, v in shortcut.where.items())]
        else:
            section, *names = shortcut.path.split(".")
            node = getattr(app, section, None)
            if node is None:
                continue
            for step in names:
                node = None if node is None else getattr(node, step, None)
            values = [node]
        for value in values:
            if value not in shortcut.lowering:
                continue
            basis = None
            if shortcut.basis_path:
                basis = app
                for step in shortcut.basis_path.split("."):
                    basis = None if basis is None else getattr(basis, step, None)
            label = (shortcut.absent_label if value is None and shortcut.absent_label
                     else shortcut.label.format(value="未申报" if value is None else value))
            ground = basis or ("建设单位未申报，按缺省处理" if value is None
                               else f"建设单位申报，未附{shortcut.evidence}")
            found.append(Declaration(
                key=shortcut.key, field=shortcut.path, value=value, label=label, basis=basis,
                text=f"申报：{label}（依据：{ground}）", effect=shortcut.effect))
    return found


def test_the_declarations_are_the_validated_ones(applications):
    book = rulebook.shipped().declarations
    seen = set()
    for app in applications:
        made, plain = book.found_in(app), _plain_declarations(book, app)
        assert made == plain
        assert [d.model_dump_json() for d in made] == [d.model_dump_json() for d in plain]
        assert [d.model_fields_set for d in made] == [d.model_fields_set for d in plain]
        assert [list(d.__dict__) for d in made] == [list(d.__dict__) for d in plain]
        seen |= {d.key for d in made}
    assert len(seen) >= 5  # the applications take several kinds of shortcut


def test_a_copied_declaration_gets_its_own_fields_set():
    app = _applications()[0]
    made = rulebook.shipped().declarations.found_in(app)[0]
    copied = made.model_copy(update={"label": "改"})
    assert copied.model_fields_set is not made.model_fields_set
    assert made.model_fields_set == set(Declaration.model_fields) and made.label != "改"


@pytest.mark.parametrize("day", [dt.date(2020, 1, 1), *DAYS, dt.date(2031, 7, 1)])
def test_the_impact_with_the_days_targets_is_the_one_read_from_the_parameters(applications, day):
    book = rulebook.shipped()
    targets = on_day(book, day).impact
    assert targets == impact.targets(book.parameters, day)
    for app in applications[:40]:
        account = energy.account(app, book, day)
        assert impact.analyse(app, account, book.parameters, day, targets) == \
            impact.analyse(app, account, book.parameters, day)


def test_the_impact_with_targets_of_configured_figures_follows_them(applications):
    from tests.test_impact import configured  # the district's figures set, as test_impact does
    book = rulebook.shipped()
    parameters = configured(allowance_tce=286_501, district_base_energy_tce=2_000_000,
                            district_base_gdp=40_000_000)
    day = dt.date(2026, 11, 30)
    targets = impact.targets(parameters, day)
    assert targets.allowance == 286_501 and targets != on_day(book, day).impact
    for app in applications[:40]:
        account = energy.account(app, book, day)
        assert impact.analyse(app, account, parameters, day, targets) == \
            impact.analyse(app, account, parameters, day)


def _plain_document_types(documents, parts) -> list[str]:
    """DocumentBook.for_parts before it kept the energy document by outcome and conclusion."""
    part = parts[Part.ENERGY]
    keys = [documents.for_energy(part.outcome, part.conclusion.value,
                                 {f.rule_id for f in part.findings}).key]
    if parts[Part.POLLUTANT].applicable:
        keys.append(documents.for_pollutant().key)
    return keys


def test_the_document_types_are_those_looked_up_each_time(applications):
    book = rulebook.shipped()
    seen = set()
    for day in [*DAYS, dt.date(2025, 9, 1)]:
        for app in applications:
            result = review(app, day)
            assert result.document_types == _plain_document_types(book.documents, result.parts)
            assert book.documents.for_parts(result.parts) == result.document_types
            seen.add(tuple(result.document_types))
    assert len(seen) >= 3


def test_a_finding_that_replaces_the_decision_chooses_the_document():
    book = rulebook.shipped()
    rule, = book.documents._replacing
    for app in _applications():
        result = review(app, dt.date(2026, 3, 1))
        if any(f.rule_id == rule for f in result.findings):
            assert result.document_types == _plain_document_types(book.documents, result.parts)
            assert result.document_types[0] == next(
                d.key for d in book.documents.documents.values() if rule in d.rules)
            return
    pytest.skip(f"no application fires {rule}")


def _derived_one_by_one(context):
    """The facts as each one's own derive function gives them (the plain way derive_all's
    generated code replaced), converted and checked the same way."""
    from checker.facts import _checked

    facts = {}
    for name, entry in CATALOGUE.items():
        value = entry.derive(context)
        if value is not None:
            facts[name] = _checked(name, entry, value)
    return facts


def test_derive_all_gives_what_each_facts_own_derivation_gives(applications):
    """The generated derive_all reads declared facts from each section's fields once (and the
    intensity row, prior opinion and VOC materials are shared within a review): the same
    facts, values and types as each fact's own derive function, in catalogue order."""
    book = rulebook.shipped()
    for app in applications:
        for day in DAYS:
            account = energy.account(app, book, day)
            made = derive_all(Context.of(app, account, day, book.tables))
            plain = _derived_one_by_one(Context.of(app, account, day, book.tables))
            assert list(made) == list(plain)
            assert [(v, type(v)) for v in made.values()] == \
                [(v, type(v)) for v in plain.values()]


def test_every_declared_fact_is_read_from_its_sections_fields():
    """Each declared fact's path leads to a field of a model of the application (else it
    would be read attribute by attribute: right, but slower)."""
    from checker.facts import _model_at

    for name, entry in CATALOGUE.items():
        path = getattr(entry.derive, "declared_path", None)
        if path is not None:
            model = _model_at(path[:-1])
            assert model is not None and path[-1] in model.model_fields, name
