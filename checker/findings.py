"""Findings: what one fired rule outcome tells the reviewer, with everything behind it."""
from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Iterable, NamedTuple

from pydantic import BaseModel, ConfigDict

from checker.rulebook.citations import Citation
from checker.evaluation.compiler import MISSING, NOT_ASSESSED, Entry
from checker.evaluation.conditions import facts_of
from checker.evaluation.explain import fill
from checker.facts import CATALOGUE
from checker.placeholders import PLACEHOLDER, fact_placeholders, parameter_placeholders
from checker.rulebook import Rule, Rulebook, rule_texts
from checker.severity import Outcome, Part, Severity
from checker.trusted import trusted
from checker.rulebook.sources import public_source


class ValueRead(BaseModel):
    """A fact the rule read, as the applicant declared or the accounting derived it."""

    model_config = ConfigDict(frozen=True, defer_build=True)
    fact: str
    title: str
    value: Any
    display: str
    verified: bool = True


class ParameterRead(BaseModel):
    """A parameter the rule read, with the dated value in force and its verification tag."""

    model_config = ConfigDict(frozen=True, defer_build=True)
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

    model_config = ConfigDict(frozen=True, defer_build=True)
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


def stored_finding(data: dict[str, Any]) -> dict[str, Any]:
    """A finding as stored with a record (reviews.findings_json), with its review part:
    records stored before findings had a part are of the energy part, as the result page
    reads them.  The one place that says so (the ledger, the judgements and the page use it;
    migration 0007 keeps a frozen copy)."""
    return data if "part" in data else {**data, "part": Part.ENERGY.value}


def finding_key(rule_id: str, outcome: str) -> str:
    """A finding as the rulebook-change impact compares it: its rule and the case that fired."""
    return f"{rule_id}:{outcome}"


def keys_text(keys: Iterable[str]) -> str:
    """Finding keys as stored beside a review's findings (reviews.finding_keys): sorted,
    each once, space-separated (rule ids and case names hold no spaces)."""
    return " ".join(sorted(set(keys)))


class Brief(NamedTuple):
    """What a fired entry decides, without its texts: its key, part, severity and (for a
    scope/authority case) who decides the energy review — what the conclusions are computed
    from (checker.outcome) and what the rulebook-change impact compares."""

    rule_id: str
    outcome: str
    part: Part
    severity: Severity
    energy_outcome: Outcome | None

    @property
    def key(self) -> str:
        return finding_key(self.rule_id, self.outcome)


def brief(book: Rulebook, entry: Entry, day: dt.date) -> Brief:
    """The brief of a fired plan entry (prepared once per rulebook, entry and date)."""
    return _kit(book, entry, day).brief


def severity_of(book: Rulebook, entry: Entry) -> Severity:
    """The severity of a plan entry's finding: that of the rule's case, MISSING when the
    rule lacks a fact it needs, INFO when it could not be assessed (a parameter unset)."""
    if entry.outcome == MISSING:
        return Severity.MISSING
    if entry.outcome == NOT_ASSESSED:
        return Severity.INFO
    return next(c for c in book.by_id[entry.rule_id].cases if c.name == entry.outcome).severity


def build_all(book: Rulebook, entries: Iterable[Entry], facts: dict[str, Any],
              day: dt.date) -> list[Finding]:
    """`build` for each of a review's fired entries, in their order (the review's facts
    displayed once for all of them, the kits of the rulebook and day looked up once)."""
    shown = Shown(facts)
    kits = _kits(book, day)
    results = []
    for entry in entries:
        kit = kits.get(entry.name)
        if kit is None or kit.entry is not entry and kit.entry != entry:
            kit = kits[entry.name] = _Kit(book, entry, day)
        results.append(kit.finding(facts, shown))
    return results


def build(book: Rulebook, entry: Entry, facts: dict[str, Any], day: dt.date,
          shown: Shown | None = None) -> Finding:
    """The finding for a fired plan entry, with its message filled in from facts and params
    (`shown`: the review's facts as displayed, shared by its findings)."""
    return _kit(book, entry, day).finding(facts, shown)


class _Kit:
    """What a fired entry's finding holds that depends only on the rulebook, the entry and the
    review date (the rule, its citations and parameters as in force, the message templates
    with their parameter values filled in): prepared once, so that a review only reads its
    facts into it."""

    __slots__ = ("rule", "entry", "common", "names", "title", "message", "action", "severity",
                 "energy_outcome", "key_clause", "brief", "is_missing", "citations",
                 "parameters")

    def __init__(self, book: Rulebook, entry: Entry, day: dt.date):
        rule = self.rule = book.by_id[entry.rule_id]
        self.entry = entry
        self.common = dict(rule_id=rule.id, outcome=entry.outcome, part=rule.part,
                           title=rule.title, citations=book.rule_citations(rule, day),
                           parameters=_parameters_read(book, rule, day))
        self.names = list(dict.fromkeys([*rule.requires, *facts_of(entry.condition),
                                         *fact_placeholders(rule_texts(rule))]))
        self.title = rule.title
        self.energy_outcome = self.key_clause = self.action = None
        self.severity = severity_of(book, entry)
        if entry.outcome == MISSING:
            self.message = _template(rule.missing_message, book, day) \
                if rule.missing_message else None
        elif entry.outcome == NOT_ASSESSED:
            names = "、".join(book.parameters[p].title for p in entry.unset)
            self.message = [f"本项未评估：参数“{names}”在审查日未设置（依据缺失，见规则库说明），"
                            f"须由管理员核实并配置后方可评估。"]
        else:
            case = next(c for c in rule.cases if c.name == entry.outcome)
            self.message = _template(case.message, book, day)
            self.action = _template(case.action, book, day) if case.action else None
            self.energy_outcome = case.outcome
            self.key_clause = case.cite and book.citations.in_force(case.cite, day)
        self.brief = Brief(rule.id, entry.outcome, rule.part, self.severity, self.energy_outcome)
        self.is_missing = entry.outcome == MISSING
        self.citations = self.common["citations"]
        self.parameters = self.common["parameters"]

    def finding(self, facts: dict[str, Any], shown: "Shown | None" = None) -> Finding:
        if shown is None:
            shown = Shown(facts)
        missing: list[str] = []
        if self.is_missing:
            missing = [f for f in self.rule.requires if f not in facts]
            titles = "、".join(CATALOGUE[f].title for f in missing)
            message = _render(self.message, shown) if self.message else \
                f"申报材料未提供：{titles}，无法判断“{self.rule.title}”。"
            action = f"请补充：{titles}。"
        else:
            message = self.message
            if type(message) is not str:
                message = _render(message, shown)
            action = self.action
            if action is not None and type(action) is not str:
                action = _render(action, shown)
        reads = shown.reads  # a fact read by several findings of the review is read once
        brief = self.brief
        return trusted(Finding, {
            "rule_id": brief.rule_id, "outcome": brief.outcome, "part": brief.part,
            "severity": brief.severity, "title": self.title, "message": message,
            "action": action, "citations": list(self.citations),
            "values": [reads[name] for name in self.names],
            "parameters": list(self.parameters), "missing": missing,
            "energy_outcome": brief.energy_outcome, "key_clause": self.key_clause})


_VALUES: dict[tuple, ValueRead] = {}
MAX_VALUES = 4096
_RECURRING = {type(None), bool, str, int}


class Shown(dict):
    """Each fact of one review as displayed (Fact.display), computed once when first asked
    for: several findings of a review read the same facts; `reads` keeps each fact's
    ValueRead of the review for the same reason."""

    __slots__ = ("facts", "reads")

    def __init__(self, facts: dict[str, Any]):
        self.facts = facts
        self.reads = _Reads(self)

    def __missing__(self, name: str) -> str:
        text = self[name] = CATALOGUE[name].display(self.facts.get(name))
        return text


class _Reads(dict):
    """Each fact of one review as read (ValueRead), made when first asked for."""

    __slots__ = ("shown",)

    def __init__(self, shown: Shown):
        self.shown = shown

    def __missing__(self, name: str) -> ValueRead:
        """The fact as read; one frozen object per (fact, value) is reused across reviews for
        the values that recur between applications (absent, yes/no, categories, counts: at
        most MAX_VALUES of them); measured quantities (floats) and lists are built each
        time."""
        shown = self.shown
        value = shown.facts.get(name)
        kind = type(value)
        if kind in _RECURRING:
            key = (name, kind, value)
            read = _VALUES.get(key)
            if read is None:
                if len(_VALUES) >= MAX_VALUES:
                    _VALUES.clear()
                read = _VALUES[key] = _value_read(name, value, shown)
        else:
            read = _value_read(name, value, shown)
        self[name] = read
        return read


def _value_read(name: str, value: Any, shown: Shown) -> ValueRead:
    catalogued = CATALOGUE[name]
    return trusted(ValueRead, {"fact": name, "title": catalogued.title, "value": value,
                               "display": shown[name],
                               "verified": not catalogued.tag or catalogued.verified(value)})


def _template(text: str, book: Rulebook, day: dt.date) -> str | list:
    """A message template as its pieces: text (parameter placeholders already filled in, as of
    `day`) and, for each ``{fact.name}``, the catalogued fact to display; a template without
    fact placeholders is its text, rendered once here."""
    pieces: list = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        pieces.append(text[position:match.start()])
        is_param, name = match.groups()
        pieces.append(fill(match.group(0), book, day, {}) if is_param else CATALOGUE[name])
        position = match.end()
    pieces.append(text[position:])
    pieces = [p for p in pieces if p != ""]
    if all(type(p) is str for p in pieces):
        return "".join(pieces)
    return pieces


def _render(pieces: str | list, shown: Shown) -> str:
    if type(pieces) is str:
        return pieces
    return "".join([p if type(p) is str else shown[p.name] for p in pieces])


@functools.lru_cache(maxsize=256)
def _kits(book: Rulebook, day: dt.date) -> dict[str, _Kit]:
    """The kits of one rulebook on one date, filled as entries fire (a rulebook object never
    changes once loaded, so they stay valid)."""
    return {}


def _kit(book: Rulebook, entry: Entry, day: dt.date) -> _Kit:
    kits = _kits(book, day)
    kit = kits.get(entry.name)
    if kit is None or kit.entry is not entry and kit.entry != entry:
        kit = kits[entry.name] = _Kit(book, entry, day)
    return kit


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
            status_label=(value.status_label if value else "缺失"),
            verified=bool(value and value.status.verified and not value.unset),
            source=None if value is None else public_source(value.source),
            configured=bool(value and value.configured)))
    return result
