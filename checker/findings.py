"""Findings: what one fired rule outcome tells the reviewer, with everything behind it."""
from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from checker.citations import Citation
from checker.compiler import MISSING, NOT_ASSESSED, Entry
from checker.conditions import facts_of
from checker.explain import fill
from checker.facts import CATALOGUE
from checker.placeholders import fact_placeholders, parameter_placeholders
from checker.rulebook import Rule, Rulebook, rule_texts
from checker.severity import Outcome, Part, Severity
from checker.sources import public_source


class ValueRead(BaseModel):
    """A fact the rule read, as the applicant declared or the accounting derived it."""

    model_config = ConfigDict(frozen=True)
    fact: str
    title: str
    value: Any
    display: str
    verified: bool = True


class ParameterRead(BaseModel):
    """A parameter the rule read, with the dated value in force and its verification tag."""

    model_config = ConfigDict(frozen=True)
    name: str
    title: str
    value: Any
    unit: str
    since: str | None
    status: str
    status_label: str
    verified: bool
    source: str | None
    configured: bool = False


class Finding(BaseModel):
    """One finding of a review."""

    model_config = ConfigDict(frozen=True)
    rule_id: str
    outcome: str                            # the rule's case that fired (or missing/not assessed)
    part: Part                              # the review part the rule belongs to
    severity: Severity
    title: str
    message: str
    action: str | None
    citations: list[Citation]
    values: list[ValueRead]
    parameters: list[ParameterRead]
    missing: list[str] = []
    energy_outcome: Outcome | None = None  # who decides the energy review, when the case says
    key_clause: str | None = None          # the clause documents cite (else the first other)

    @property
    def unverified(self) -> bool:
        """True when any value behind this finding is not verified (shown to the reviewer)."""
        return (any(not p.verified for p in self.parameters)
                or any(not c.status.verified for c in self.citations)
                or any(not v.verified for v in self.values))

    def json(self) -> dict[str, Any]:
        """The finding as the summary JSON (API, stored findings) gives it."""
        data = self.model_dump(mode="json")
        data["severity_label"] = self.severity.label
        data["unverified"] = self.unverified
        return data


def build(book: Rulebook, entry: Entry, facts: dict[str, Any], day: dt.date) -> Finding:
    """The finding for a fired plan entry, with its message filled in from facts and params."""
    rule = book.by_id[entry.rule_id]
    parameters = _parameters_read(book, rule, day)
    if entry.outcome == MISSING:
        absent = [f for f in rule.requires if f not in facts]
        titles = "、".join(CATALOGUE[f].title for f in absent)
        message = _fill(rule.missing_message, book, facts, day) if rule.missing_message else \
            f"申报材料未提供：{titles}，无法判断“{rule.title}”。"
        return _finding(book, rule, entry, Severity.MISSING, message,
                        f"请补充：{titles}。", facts, parameters, absent, day=day)
    if entry.outcome == NOT_ASSESSED:
        names = "、".join(book.parameters[p].title for p in entry.unset)
        message = (f"本项未评估：参数“{names}”在审查日未设置（依据缺失，见规则库说明），"
                   f"须由管理员核实并配置后方可评估。")
        return _finding(book, rule, entry, Severity.INFO, message, None, facts, parameters, day=day)
    case = next(c for c in rule.cases if c.name == entry.outcome)
    return _finding(book, rule, entry, case.severity, _fill(case.message, book, facts, day),
                    _fill(case.action, book, facts, day) if case.action else None,
                    facts, parameters, energy_outcome=case.outcome, key_clause=case.cite, day=day)


def _finding(book, rule: Rule, entry: Entry, severity, message, action, facts, parameters,
             missing=(), energy_outcome: Outcome | None = None,
             key_clause: str | None = None, day: dt.date | None = None) -> Finding:
    """The finding; citations (and the key clause) as in force on the review date."""
    read = _facts_read(rule, entry, facts)
    return Finding(rule_id=rule.id, outcome=entry.outcome, part=rule.part, severity=severity,
                   title=rule.title, message=message, action=action,
                   citations=book.rule_citations(rule, day), values=read, parameters=parameters,
                   missing=list(missing), energy_outcome=energy_outcome,
                   key_clause=key_clause and book.citations.in_force(key_clause, day))


def _facts_read(rule: Rule, entry: Entry, facts: dict[str, Any]) -> list[ValueRead]:
    names = list(dict.fromkeys([*rule.requires, *facts_of(entry.condition),
                                *fact_placeholders(rule_texts(rule))]))
    return [ValueRead(fact=n, title=CATALOGUE[n].title, value=facts.get(n),
                      display=CATALOGUE[n].display(facts.get(n)),
                      verified=CATALOGUE[n].verified(facts.get(n))) for n in names]


def rule_parameters(book: Rulebook, rule: Rule, day=None) -> list[str]:
    """Names of every parameter a rule reads (conditions and messages); with `day`, only
    those of the measure in force that day (``{measure: …}`` branches)."""
    names: list[str] = []
    for raw in [rule.scope] + [case.when for case in rule.cases]:
        if raw:
            names += book.condition_parameters(raw, day)
    names += parameter_placeholders(case.message for case in rule.cases)
    return list(dict.fromkeys(names))


def _parameters_read(book: Rulebook, rule: Rule, day) -> list[ParameterRead]:
    result = []
    for name in rule_parameters(book, rule, day):
        parameter = book.parameters[name]
        value = parameter.at(day)
        result.append(ParameterRead(
            name=name, title=parameter.title, value=None if value is None else value.value,
            unit=parameter.unit, since=None if value is None else value.since.isoformat(),
            status=(value.status.value if value else "GAP"),
            status_label=(value.status.label if value else "缺失"),
            verified=bool(value and value.status.verified and not value.unset),
            source=None if value is None else public_source(value.source),
            configured=bool(value and value.configured)))
    return result


def _fill(template: str, book: Rulebook, facts: dict[str, Any], day) -> str:
    """Fill ``{fact.name}`` with the fact as displayed and ``{p:name}`` with the parameter."""
    return fill(template, book, day, facts)
