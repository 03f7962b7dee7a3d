"""The durable-rules adapter against the real engine: cleanup, threads, numbers, agreement."""
from __future__ import annotations

import datetime as dt
import json
import threading

import pytest

from checker.evaluation import compiled, reference
from checker import intake, rulebook
from checker.evaluation.compiler import compile_plan
from checker.evaluation.engine import ENGINE, Engine, _number
from checker.review import review
from tests.conftest import minimal_application

DAY = dt.date(2026, 1, 15)


def _app(**changes):
    data = minimal_application()
    data.update(changes)
    return intake.validate(data)


def test_more_reviews_than_the_engine_keeps_sessions():
    """A ruleset holds at most 1024 live sessions: every review must delete its state."""
    app = _app(energy=[{"carrier": "raw_coal", "quantity": 5000, "unit": "t"}])
    results = {review(app, DAY).conclusion for _ in range(1100)}
    assert results == {review(app, DAY).conclusion}


def _replace_first_call(monkeypatch, name: str, first) -> None:
    """durable_rules_engine.<name> whose first call runs `first` instead (later calls: the
    real one)."""
    import durable_rules_engine

    real = getattr(durable_rules_engine, name)
    calls = {"n": 0}

    def replaced(handle, text):
        calls["n"] += 1
        return first(handle, text) if calls["n"] == 1 else real(handle, text)

    monkeypatch.setattr(durable_rules_engine, name, replaced)


def test_each_review_leaves_the_sessions_empty():
    """Each ruleset keeps one session: the review's fact is retracted once its fired rules
    are read, so the next review meets no fact of another application."""
    import durable_rules_engine

    from checker.evaluation.engine import SESSION

    book = rulebook.shipped()
    plan = compile_plan(book, DAY)
    coal = _app(energy=[{"carrier": "raw_coal", "quantity": 50000, "unit": "t"}])
    small = _app()
    expected = ENGINE.fired(plan, review(small, DAY, evaluate=compiled.fired).facts)
    ENGINE.fired(plan, review(coal, DAY, evaluate=compiled.fired).facts)
    host = ENGINE._host_for(plan)
    assert len(host.handles) > 1
    assert [durable_rules_engine.get_facts(h, SESSION) for h in host.handles] == \
        ["[]"] * len(host.handles)
    assert ENGINE.fired(plan, review(small, DAY, evaluate=compiled.fired).facts) == expected


def test_a_fact_left_in_a_session_discards_the_host(monkeypatch):
    """Should a retraction not take the fact out, the next assert into that session reports
    the fact as already there: that review fails and the host is rebuilt, never a result
    mixed with another application's."""
    from checker.evaluation import engine as engine_module

    app = _app(energy=[{"carrier": "raw_coal", "quantity": 5000, "unit": "t"}])
    expected = [(f.rule_id, f.outcome) for f in review(app, DAY).findings]
    _replace_first_call(monkeypatch, "retract_fact", lambda handle, text: (0, 0))
    review(app, DAY)  # its fact stays in the first ruleset's session
    with pytest.raises(engine_module.EngineError, match="意外的状态：2"):
        review(app, DAY)
    assert [(f.rule_id, f.outcome) for f in review(app, DAY).findings] == expected


def test_an_interruption_between_assert_and_retraction_discards_the_host(monkeypatch):
    """A KeyboardInterrupt (or a worker's time limit) while the fact is in the session passes
    through, and the host goes with the fact: the next review is correct."""
    from checker.evaluation import engine as engine_module

    app = _app(energy=[{"carrier": "raw_coal", "quantity": 5000, "unit": "t"}])
    expected = [(f.rule_id, f.outcome) for f in review(app, DAY).findings]

    def interrupted(handle, state):
        raise KeyboardInterrupt

    _replace_first_call(monkeypatch, "complete_and_start_action", interrupted)
    with pytest.raises(KeyboardInterrupt):
        review(app, DAY)
    assert engine_module.ENGINE._hosts.get(compile_plan(rulebook.shipped(), DAY).digest) is None
    assert [(f.rule_id, f.outcome) for f in review(app, DAY).findings] == expected


def test_hosts_dropped_with_their_sessions_leave_the_next_ones_correct(monkeypatch):
    """A host dropped from the engine's cache (or discarded) frees its rulesets with the one
    session each keeps; the hosts built after it give the compiled evaluator's results."""
    from checker.evaluation import engine as engine_module

    monkeypatch.setattr(engine_module, "MAX_HOSTS", 1)
    engine = Engine()
    book = rulebook.shipped()
    days = (dt.date(2023, 5, 31), dt.date(2023, 6, 1), DAY)
    plans = [compile_plan(book, day) for day in days]
    assert len({plan.digest for plan in plans}) == len(days)
    apps = [_app(), _app(energy=[{"carrier": "raw_coal", "quantity": 50000, "unit": "t"}])]
    for _ in range(3):
        for day, plan in zip(days, plans):
            for app in apps:
                facts = review(app, day, evaluate=compiled.fired).facts
                assert engine.fired(plan, facts) == set(compiled.fired(plan, facts))
    assert len(engine._hosts) == 1


def test_each_ruleset_is_sent_only_the_facts_its_patterns_read():
    from checker.evaluation.conditions import facts_of, prune
    from checker.evaluation.engine import MARKER

    book = rulebook.shipped()
    plan = compile_plan(book, DAY)
    host = ENGINE._host_for(plan)
    facts = review(_app(energy=[{"carrier": "raw_coal", "quantity": 5000, "unit": "t"}]),
                   DAY, evaluate=compiled.fired).facts
    bodies = host.encode(facts)
    sent = [set(json.loads("{" + body + "}")) - {MARKER} for body in bodies]
    alias = {fact: field.split('"')[1] for fact, (field, _) in host.fields.items()}
    for index, name in enumerate(host.rulesets):
        read = {alias[fact] for entry in plan.entries if entry.name in host.ruleset_entries[name]
                for fact in facts_of(prune(entry.condition)) if fact in facts}
        assert sent[index] == read, name
    assert sent[0] != sent[1]


def test_threads_give_the_serial_results():
    apps = [_app(energy=[{"carrier": "natural_gas", "quantity": q, "unit": "万m³"}])
            for q in (1, 80, 230, 400, 800)]
    serial = [[(f.rule_id, f.outcome) for f in review(a, DAY).findings] for a in apps]
    failures: list[str] = []

    def worker():
        for _ in range(40):
            for app, expected in zip(apps, serial):
                got = [(f.rule_id, f.outcome) for f in review(app, DAY).findings]
                if got != expected:
                    failures.append(f"{got} != {expected}")

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


@pytest.mark.parametrize("value", [1e-07, 0.00001, 123456789012.5, 0.0, 3000.0])
def test_numbers_reach_the_engine_in_positional_notation(value):
    assert "e" not in _number(value).lower()
    assert float(_number(value)) == value


def test_tiny_quantities_do_not_break_the_engine():
    app = _app(energy=[{"carrier": "electricity", "quantity": 1e-07, "unit": "kWh"}])
    result = review(app, DAY)
    assert result.outcome.value == "exempt" and result.conclusion.value == "exempt"


def test_engine_and_reference_agree_on_the_spine_thresholds():
    book = rulebook.shipped()
    plan = compile_plan(book, DAY)
    for kwh in (0, 4_999_999, 5_000_000, 8_136_696, 24_410_089.5, 40_683_482.5, 81_366_965):
        app = _app(energy=[{"carrier": "electricity", "quantity": kwh, "unit": "kWh"}],
                   project={**minimal_application()["project"], "construction_started": True})
        facts = review(app, DAY).facts
        assert ENGINE.fired(plan, facts) == reference.fired(plan, facts) == \
            compiled.fired(plan, facts), kwh


def test_no_rule_firing_is_a_normal_result(rules_copy):
    """With only a rule that does not apply, the review has no findings; with no scope rule the
    energy outcome cannot be told, so nothing is approved."""
    for path in (rules_copy / "families").glob("*.yaml"):
        if path.name != "data_centre.yaml":
            path.unlink()
    book = rulebook.load(rules_copy)
    result = review(_app(), DAY, book=book, evaluate=Engine().fired)
    assert result.findings == []
    assert result.outcome.value == "undetermined"
    assert result.conclusion.value == "undetermined"
    assert result.pollutant_part.conclusion.value == "not_applicable"


def test_rules_not_yet_in_force_are_not_applied():
    app = _app(energy=[{"carrier": "raw_coal", "quantity": 10000, "unit": "t"}])
    before = {f.rule_id for f in review(app, dt.date(2023, 5, 31)).findings}
    after = {f.rule_id for f in review(app, dt.date(2023, 6, 1)).findings}
    assert "energy_review.scope_order2" not in before
    assert "energy_review.scope_order2" in after


def test_sixteen_threads_on_a_mixed_corpus_give_the_serial_results():
    from hypothesis import HealthCheck, given, settings

    from tests.support.generate import applications

    corpus: list = []

    @settings(max_examples=60, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(applications())
    def collect(data):
        corpus.append(intake.validate(data))

    collect()
    serial = [[(f.rule_id, f.outcome, f.message) for f in review(a, DAY).findings] for a in corpus]
    results: dict[int, list] = {}

    def worker(offset: int):
        for step in range(len(corpus)):
            index = (offset + step) % len(corpus)
            got = [(f.rule_id, f.outcome, f.message) for f in review(corpus[index], DAY).findings]
            if got != serial[index]:
                results.setdefault(index, []).append(got)

    threads = [threading.Thread(target=worker, args=(n * 7,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {}


def test_an_engine_failure_discards_the_host_and_the_next_review_works(monkeypatch):
    import durable_rules_engine

    from checker.evaluation import engine as engine_module

    app = _app(energy=[{"carrier": "raw_coal", "quantity": 5000, "unit": "t"}])
    expected = [(f.rule_id, f.outcome) for f in review(app, DAY).findings]

    def failing(handle, text):
        raise durable_rules_engine.error("Could not assert fact, error code: 204")

    _replace_first_call(monkeypatch, "assert_fact", failing)
    with pytest.raises(engine_module.EngineError, match="规则引擎错误"):
        review(app, DAY)
    assert [(f.rule_id, f.outcome) for f in review(app, DAY).findings] == expected


def test_more_rules_matching_at_once_than_one_ruleset_takes(rules_copy):
    """durable-rules fails (error 303) above 64 rules matching one fact: the adapter cuts the
    plan into rulesets small enough that 150 rules all firing together still work."""
    import yaml

    rules = [{"id": f"bulk.rule_{n:03d}", "title": f"批量规则{n}", "clause": "kaifu.4.3",
              "effective_from": "2020-01-01", "severity": "info", "message": "批量测试",
              "when": {"fact": "energy.total_tce", "op": ">=", "value": n}} for n in range(150)]
    (rules_copy / "families" / "bulk.yaml").write_text(
        yaml.safe_dump({"family": "bulk", "title": "批量", "part": "energy", "rules": rules}, allow_unicode=True),
        encoding="utf-8")
    book = rulebook.load(rules_copy)
    result = review(_app(), DAY, book=book, evaluate=Engine().fired)
    assert sum(1 for f in result.findings if f.rule_id.startswith("bulk.")) == 150


def test_a_rule_whose_list_parameter_is_unset_is_reported_not_assessed(rules_copy):
    """A GAP parameter (no value) makes its rule 'not assessed', whatever the parameter's type."""
    import yaml

    path = rules_copy / "parameters" / "two_highs.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for value in data["parameters"]["two_highs.building_material_classes"]["values"]:
        value.update(value=None, status="GAP")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    book = rulebook.load(rules_copy)
    app = _app(project={**minimal_application()["project"], "industry_code": "3011"})
    outcomes = {(f.rule_id, f.outcome) for f in review(app, DAY, book=book).findings}
    assert ("two_highs.regional_reduction_plan", "not_assessed") in outcomes


@pytest.mark.parametrize("code", ["3011", "3021", "4430", "4417", "7010", None])
def test_a_negated_long_list_membership_compiles_and_keeps_its_meaning(code):
    """not (x in 30 values) used to multiply out to 2^30 engine alternatives (error 113);
    grouped per fact it compiles, and engine and reference agree on present and absent x."""
    from checker.evaluation.compiler import Entry, Plan
    from checker.evaluation.conditions import parse, simplify

    values = [f"{3000 + i}" for i in range(11, 41)]
    node = parse({"not": {"any": [
        {"fact": "project.industry_class", "op": "in", "value": values},
        {"fact": "fuels.coal_declared", "op": "==", "value": True}]}}, lambda name: None)
    entry = Entry("t#main", "t", "main", "t", simplify(node), 0, ())
    facts = {} if code is None else {"project.industry_class": code}
    expected = code not in values
    assert reference.fired(Plan(DAY, (entry,)), facts) == ({"t#main"} if expected else set())
    assert compiled.fired(Plan(DAY, (entry,)), facts) == ({"t#main"} if expected else set())
    assert ENGINE.fired(Plan(DAY, (entry,)), facts) == ({"t#main"} if expected else set())


def test_compiled_evaluator_keeps_absent_facts_false_and_values_literal():
    """The compiled evaluator: a comparison or membership on an absent fact is false, its
    negation true; a string value with quotes and backslashes stays a literal."""
    from checker.evaluation.compiler import Entry, Plan
    from checker.evaluation.conditions import Compare, Includes, negate

    tricky = "a'\"\\) or True or ('"
    cases = [Compare("project.name", "==", tricky), negate(Compare("project.name", "==", tricky)),
             Includes("equipment.types", tricky), Compare("energy.total_tce", ">=", 3000.5)]
    for index, node in enumerate(cases):
        plan = Plan(DAY, (Entry("t#main", "t", "main", "t", node, 0, ()),))
        for facts in ({}, {"project.name": tricky, "equipment.types": [tricky],
                           "energy.total_tce": 3000.5},
                      {"project.name": "x", "equipment.types": ["x"], "energy.total_tce": 3000.4}):
            assert compiled.fired(plan, facts) == reference.fired(plan, facts), (index, facts)


def test_the_compiled_functions_cache_is_safe_under_threads(monkeypatch):
    """function_for evicts the oldest function when full; threads doing it at once neither fail
    (a dict changing size while its first key is read) nor overfill the cache."""
    import sys
    import threading
    import types

    from checker.evaluation import compiled

    monkeypatch.setattr(compiled, "compile_plan", lambda plan: (lambda facts: []))
    monkeypatch.setattr(compiled, "MAX_FUNCTIONS", 2)
    monkeypatch.setattr(compiled, "_COMPILED", {})
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often: the race shows within the run
    errors = []

    def work(k):
        try:
            for i in range(20000):
                compiled.function_for(types.SimpleNamespace(digest=f"{k}-{i % 50}"))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert len(compiled._COMPILED) <= 2
