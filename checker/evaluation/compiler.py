"""Compile the rulebook, as of one date, into a plan of single-pattern conditions.

For each rule in force on the review date, with S its scope and R its required inputs:

- ``missing``       S and some input in R is absent     → a `missing` finding naming it;
- ``not_assessed``  S and R present, but a parameter the rule needs is unset (a GAP)
                                                         → an `info` finding saying so
                    (when the unset parameter is in S itself, on every review);
- one entry per case, in order: S and R present and this case's condition and no earlier
  case's condition.

Each entry is one condition tree over the flat facts, so the engine needs exactly one
pattern per rule (durable-rules joins facts across patterns; one application is one fact).
The plan is deterministic and hashable: equal plans share one compiled engine.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass, field

from checker.evaluation import conditions
from checker.evaluation.conditions import All, Node, Present, negate, simplify
from checker.rulebook import Case, Rule, Rulebook
from checker.rulebook import cache as bookcache

MISSING, NOT_ASSESSED = "missing", "not_assessed"
PLAN_FORMAT = 1  # the version of a plan kept in the on-disk cache (change with Plan or Entry)


@dataclass(frozen=True)
class Entry:
    """One compiled outcome of one rule."""

    name: str            # "<rule id>#<case>" — unique in the plan
    rule_id: str
    outcome: str         # a case name, or MISSING / NOT_ASSESSED
    family: str
    condition: Node
    order: int
    unset: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """Every entry for one review date, in rulebook order."""

    as_of: dt.date
    entries: tuple[Entry, ...]
    # the name under which what is made from this plan alone (the engine's rulesets) is kept
    # in the on-disk cache (checker/rulebook/cache.py `derived`): its rulebook's cache key and
    # the date; None when that rulebook is not cached
    source: str | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple:
        """Equal keys compile to the same engine rulesets."""
        return tuple((e.name, e.condition) for e in self.entries)

    @functools.cached_property
    def digest(self) -> str:
        """A short, stable name for `key` (computed once per plan)."""
        return hashlib.sha256(repr(self.key).encode("utf-8")).hexdigest()

    @functools.cached_property
    def facts(self) -> frozenset[str]:
        """Every fact some entry reads: the engine is given only these."""
        return frozenset(f for e in self.entries for f in conditions.facts_of(e.condition))

    @functools.cached_property
    def by_name(self) -> dict[str, Entry]:
        return {e.name: e for e in self.entries}


def compile_plan(book: Rulebook, as_of: dt.date) -> Plan:
    """The plan of `book` as of `as_of` (rules not in force that day are left out); for a
    book from the on-disk cache, kept beside it per date (compiling is pure)."""
    key = book.cache_key
    source = None if key is None else f"{key}/{as_of.isoformat()}"
    return bookcache.derived(key, f"plan/{as_of.isoformat()}", PLAN_FORMAT,
                             lambda: _compile(book, as_of, source))


def _compile(book: Rulebook, as_of: dt.date, source: str | None) -> Plan:
    entries: list[Entry] = []
    for rule in book.rules:
        if rule.active_on(as_of):
            entries.extend(_rule_entries(book, rule, as_of, len(entries)))
    plan = Plan(as_of, tuple(entries), source)
    _ = plan.digest, plan.facts  # computed once here, and kept with the plan on disk
    return plan


def _rule_entries(book: Rulebook, rule: Rule, as_of: dt.date, start: int) -> list[Entry]:
    entries = []

    def add(outcome: str, node: Node, unset: list[str] | tuple[str, ...] = ()):
        entries.append(Entry(f"{rule.id}#{outcome}", rule.id, outcome, rule.family,
                             simplify(node), start + len(entries), tuple(dict.fromkeys(unset))))

    unset: list[str] = []
    scope = book.parse_condition(rule.scope, as_of, unset) if rule.scope else All(())
    if unset:  # whether the rule applies at all cannot be told: say so on every review
        add(NOT_ASSESSED, All(()), unset)
        return entries
    inputs = All(tuple(Present(f, True) for f in rule.requires))
    if rule.requires:
        add(MISSING, All((scope, negate(inputs))))
    whens = [_case_condition(book, case, as_of, unset) for case in rule.cases]
    if unset:
        add(NOT_ASSESSED, All((scope, inputs)), unset)
        return entries
    earlier: list[Node] = []
    for case, when in zip(rule.cases, whens, strict=True):
        add(case.name, All((scope, inputs, when, *[negate(n) for n in earlier])))
        earlier.append(when)
    return entries


def _case_condition(book: Rulebook, case: Case, as_of: dt.date, unset: list[str]) -> Node:
    return book.parse_condition(case.when, as_of, unset) if case.when else All(())
