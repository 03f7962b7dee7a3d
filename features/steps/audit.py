"""Steps of the second audit's corrections (rulebook-audit-2026-12): a finding's message, a
citation's instrument by edition, the tag of a parameter value and of a rule's basis."""
from __future__ import annotations

from pytest_bdd import parsers, then

from checker import rulebook


def _current(scenario):
    found = scenario.findings_for(scenario.current_rule)
    assert found, f"规则 {scenario.current_rule} 未触发"
    return found[0]


@then(parsers.parse('该规则的说明包含"{text}"'))
def message_contains(scenario, text: str):
    finding = _current(scenario)
    assert text in finding.message, finding.message


@then(parsers.parse('该规则的说明不包含"{text}"'))
def message_lacks(scenario, text: str):
    finding = _current(scenario)
    assert text not in finding.message, finding.message


@then(parsers.parse('该规则引用的文件为"{short}"'))
def cites_instrument(scenario, short: str):
    finding = _current(scenario)
    shorts = [c.instrument for c in finding.citations]
    assert short in shorts, shorts


@then(parsers.parse('该规则不引用"{short}"'))
def does_not_cite(scenario, short: str):
    finding = _current(scenario)
    texts = [f"{c.instrument} {c.article}" for c in finding.citations]
    assert not any(short in t for t in texts), texts


@then(parsers.parse('参数"{name}"在"{day}"的核实标记为"{status}"'))
def parameter_status(scenario, name: str, day: str, status: str):
    import datetime as dt

    book = scenario.book or rulebook.shipped()
    value = book.parameters[name].at(dt.date.fromisoformat(day))
    assert value is not None and value.status.value == status, value


@then(parsers.parse('该规则的要点条款为"{clause}"'))
def key_clause(scenario, clause: str):
    finding = _current(scenario)
    assert finding.key_clause == clause, finding.key_clause


@then(parsers.parse('该规则严重程度的原文依据包含"{text}"'))
def severity_basis_contains(scenario, text: str):
    """The wording the rulebook gives for the severity of the case that fired."""
    finding = _current(scenario)
    book = scenario.book or rulebook.shipped()
    case = next(c for c in book.by_id[finding.rule_id].cases if c.name == finding.outcome)
    assert text in (case.severity_basis or ""), case.severity_basis
