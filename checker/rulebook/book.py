"""The Rulebook: the loaded families, parameters, predicates, citations, tables, document
wording and calendar of one rules/ directory, and the date-aware reading of its conditions."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from checker.evaluation import conditions
from checker.rulebook.carriers import Carrier, carrier_catalogue
from checker.rulebook.citations import Citation, CitationBook
from checker.rulebook.parameters import Parameter
from checker.rulebook.schema import REVIEWER_FAMILY, REVIEWER_FAMILY_TITLE, Family, Rule


class Rulebook:
    """The whole rulebook as loaded from one directory."""

    def __init__(self, directory: Path, families: list[Family], parameters: dict[str, Parameter],
                 predicates: dict[str, dict], citations: CitationBook, version: str,
                 tables: dict[str, Any], documents=None, calendar=None, declarations=None,
                 carriers: dict[str, Carrier] | None = None):
        self.directory = directory
        self.families = families
        self.parameters = parameters
        self.predicates = predicates
        self.citations = citations
        self.version = version
        self.tables = tables
        self.documents = documents    # checker.rulebook.wording.DocumentBook (rules/documents.yaml)
        self.calendar = calendar      # checker.rulebook.calendar.Calendar (rules/rulebook.yaml)
        # checker.rulebook.declarations.DeclarationBook (rules/declarations.yaml)
        self.declarations = declarations
        # the energy carriers (energy/carriers.yaml), read at load and kept with the book (and
        # its on-disk cache entry): a review from the cache reads no YAML
        self._carriers = carriers
        # the key of this book's entry in the on-disk cache (checker/rulebook/cache.py), set
        # by that cache; None for a book made otherwise (layered with the administrator's
        # values, a candidate): what is derived from it is then not kept on disk
        self.cache_key: str | None = None
        self.rules = [rule for family in families for rule in family.rules]
        self.by_id = {rule.id: rule for rule in self.rules}

    @property
    def carriers(self) -> dict[str, Carrier]:
        """The energy carriers of this rulebook (its energy/carriers.yaml, GB/T 2589-2020): the
        carriers an application may declare, with their units and coefficients."""
        if self._carriers is None:  # a book made without them: read once from its directory
            self._carriers = carrier_catalogue(self.directory)
        return self._carriers

    @property
    def family_titles(self) -> dict[str, str]:
        """The Chinese title of each rule family, the reviewer's added findings' included."""
        return {**{family.family: family.title for family in self.families},
                REVIEWER_FAMILY: REVIEWER_FAMILY_TITLE}

    def rule_citations(self, rule: Rule, day: dt.date | None = None) -> list[Citation]:
        """The plan clause, its basis chain (city → province → national), then the others;
        with `day`, each other clause as in force that day (``succeeded_by`` in citations.yaml)."""
        return self.citations.chain(rule.clause, rule.citations, day)

    def value_on(self, name: str, day: dt.date) -> Any:
        """The value of parameter `name` in force on `day`, None when unset (GAP)."""
        value = self.parameters[name].at(day)
        return None if value is None or value.unset else value.value

    def parse_condition(self, raw: dict, day: dt.date,
                        unset: list[str] | None = None) -> conditions.Node:
        """Parse a condition, resolving parameters as of `day` (unset ones are collected)."""

        def resolve(name: str) -> Any:
            value = self.parameters[name].at(day)
            if value is None or value.unset:
                if unset is not None:
                    unset.append(name)
                return conditions.UNSET
            return value.value

        selected = self.select_law(self._expand(raw), day)
        if selected is True:
            return conditions.TRUE
        if selected is False:
            raise conditions.ConditionError(f"条件中的 measure 分支在{day}均不适用")
        return conditions.parse(selected, resolve)

    def select_law(self, raw: Any, day: dt.date) -> Any:
        """Resolve ``{measure: key}`` leaves by date: true when that energy-review measure
        (rules/rulebook.yaml measures) is the one in force on `day`.  Branches of another
        period are dropped before their parameters are read, so a criterion of one measure
        (e.g. 年电力消费量500万千瓦时, 令2023年第2号) never applies on a date of the other."""
        if not isinstance(raw, dict):
            return raw
        if set(raw) == {"measure"}:
            if raw["measure"] not in {m.key for m in self.calendar.measures}:
                raise conditions.ConditionError(f"未定义的节能审查办法“{raw['measure']}”")
            current = self.calendar.measure_on(day)
            return current is not None and current.key == raw["measure"]
        for key, static in (("all", False), ("any", True)):
            if set(raw) == {key} and isinstance(raw[key], list):
                items = [self.select_law(item, day) for item in raw[key]]
                if static in items:
                    return static
                rest = [item for item in items if item is not (not static)]
                return {key: rest} if rest else (not static)
        if set(raw) == {"not"}:
            inner = self.select_law(raw["not"], day)
            return (not inner) if isinstance(inner, bool) else {"not": inner}
        return raw

    def condition_parameters(self, raw: Any, day: dt.date | None = None) -> list[str]:
        """Names of the parameters a (raw) condition reads, predicates included, in order;
        with `day`, only the branches of the measure in force that day."""
        expanded = self._expand(raw)
        if day is not None:
            expanded = self.select_law(expanded, day)
        return list(dict.fromkeys(node["param"] for node in conditions.raw_nodes(expanded)
                                  if "param" in node))

    def _expand(self, raw: Any) -> Any:
        """Replace ``{ref: predicate}`` leaves with the named predicate's condition."""
        if isinstance(raw, dict):
            if set(raw) == {"ref"}:
                return self._expand(self.predicates[raw["ref"]])
            return {k: self._expand(v) for k, v in raw.items()}
        if isinstance(raw, list):
            return [self._expand(v) for v in raw]
        return raw
