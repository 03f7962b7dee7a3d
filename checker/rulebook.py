"""Load and validate the rulebook in rules/ (rules, parameters, predicates, citations).

The rulebook is data a policy officer can read.  This module turns the YAML into typed,
validated objects and refuses anything malformed at load time, naming the file, the rule
(or parameter) id and the problem, so that no broken or engine-hanging rule is ever used.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator

from checker import bookcache, conditions
from checker.calendar import load_calendar
from checker.citations import Citation, CitationBook, load_citations
from checker.documents import load_documents
from checker.errors import RulebookError, read_yaml, unfold, validate_entry
from checker.facts import CATALOGUE
from checker.parameters import Parameter, Strict, load_parameters
from checker.placeholders import placeholders
from checker.settings import apply_entries, apply_overrides, overrides_bytes
from checker.severity import CASE_OUTCOMES, Outcome, Part, Severity
from checker.sources import Status, rules_dir
from checker.values import is_number

RULE_ID = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"
FORBIDDEN_FACTS = {"sid", "id"}  # any condition on these hangs durable-rules


# Severities that weigh on the conclusion beyond a remark: each such case must quote the
# wording of its source that carries that force (see the severity policy in rulebook.yaml).
JUSTIFIED_SEVERITIES = {Severity.VETO, Severity.CONDITION}


class Case(Strict):
    """One outcome of a rule: when it applies, how severe, what it says and requires.

    ``severity_basis`` names the wording of the source that justifies the severity (e.g.
    "不得新建" for a veto, "力争" for an advisory); it is required for veto and condition.
    """

    name: str = Field(default="main", pattern=r"^[a-z][a-z0-9_]*$")
    when: dict | None = None
    severity: Severity
    severity_basis: str | None = None
    message: str = Field(min_length=1)
    action: str | None = None
    outcome: Outcome | None = None  # who decides the energy review when this case fires
    cite: str | None = None         # the key clause documents cite for this case (a citation)

    @field_validator("outcome")
    @classmethod
    def _declarable(cls, outcome: Outcome | None) -> Outcome | None:
        if outcome is not None and outcome not in CASE_OUTCOMES:
            raise ValueError(f"outcome 须为 {'、'.join(o.value for o in CASE_OUTCOMES)} 之一")
        return outcome

    @field_validator("message", "action", "severity_basis")
    @classmethod
    def _unfold(cls, text: str | None) -> str | None:
        return unfold(text)

    @model_validator(mode="after")
    def _justified(self) -> "Case":
        if self.severity in JUSTIFIED_SEVERITIES and not (self.severity_basis or "").strip():
            raise ValueError(
                f"情形“{self.name}”的严重程度为{self.severity.value}，须以 severity_basis 写明所依据的原文措辞")
        return self


class Rule(Strict):
    """A rule as written in rules/families/*.yaml."""

    id: str = Field(pattern=RULE_ID)
    title: str = Field(min_length=1)
    part: Part                                 # energy review or pollutant control
    clause: str = Field(min_length=1)          # the Kaifu plan clause, e.g. kaifu.4.3
    citations: list[str] = Field(default_factory=list)  # further instruments (令2023年第2号…)
    effective_from: dt.date
    effective_until: dt.date | None = None
    source_issued: dt.date | None = None       # issue date of the requirement's instrument
    source_status: Status | None = None        # verification tag of its wording and date
    scope: dict | None = None                  # when the rule applies at all
    requires: list[str] = Field(default_factory=list)  # inputs it needs (absent → missing)
    missing_message: str | None = None
    cases: list[Case] = Field(min_length=1)
    explanation: str | None = None             # the condition in words, for the rule explorer

    @field_validator("missing_message", "explanation")
    @classmethod
    def _unfold(cls, text: str | None) -> str | None:
        return unfold(text)

    @model_validator(mode="after")
    def _not_before_source(self) -> "Rule":
        """A review dated before the requirement's source existed must not apply it."""
        if (self.source_issued is None) != (self.source_status is None):
            raise ValueError("source_issued 与 source_status 须同时给出")
        if self.source_issued and self.effective_from < self.source_issued:
            raise ValueError(
                f"effective_from {self.effective_from} 早于来源文件印发日期 {self.source_issued}")
        return self

    def active_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day < self.effective_until)

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]


class Family(Strict):
    """One file of rules: a policy family, its title and its rules in order."""

    family: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    part: Part                                 # default part of the family's rules
    rules: list[Rule] = Field(min_length=1)


# The family of the findings a reviewer adds (人工复核, checker.judgement: rule ids
# ``reviewer.<n>``): counted in the ledger beside the rulebook's own families, so no family of
# the rulebook may take its name.
REVIEWER_FAMILY = "reviewer"
REVIEWER_FAMILY_TITLE = "审查人员补充意见"


class Rulebook:
    """The whole rulebook as loaded from one directory."""

    def __init__(self, directory: Path, families: list[Family], parameters: dict[str, Parameter],
                 predicates: dict[str, dict], citations: CitationBook, version: str,
                 tables: dict[str, Any], documents=None, calendar=None):
        self.directory = directory
        self.families = families
        self.parameters = parameters
        self.predicates = predicates
        self.citations = citations
        self.version = version
        self.tables = tables
        self.documents = documents    # checker.documents.DocumentBook (rules/documents.yaml)
        self.calendar = calendar      # checker.calendar.Calendar (rules/rulebook.yaml)
        self.rules = [rule for family in families for rule in family.rules]
        self.by_id = {rule.id: rule for rule in self.rules}

    @property
    def family_titles(self) -> dict[str, str]:
        """The Chinese title of each rule family, the reviewer's added findings' included."""
        return {**{family.family: family.title for family in self.families},
                REVIEWER_FAMILY: REVIEWER_FAMILY_TITLE}

    def rule_citations(self, rule: Rule, day: dt.date | None = None) -> list[Citation]:
        """The plan clause, its basis chain (city → province → national), then the others;
        with `day`, each other clause as in force that day (``succeeded_by`` in citations.yaml)."""
        return self.citations.chain(rule.clause, rule.citations, day)

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
        names: list[str] = []
        expanded = self._expand(raw)
        if day is not None:
            expanded = self.select_law(expanded, day)
        stack = [expanded]
        while stack:
            node = stack.pop(0)
            if isinstance(node, dict):
                if "param" in node:
                    names.append(node["param"])
                stack[0:0] = list(node.values())
            elif isinstance(node, list):
                stack[0:0] = node
        return list(dict.fromkeys(names))

    def _expand(self, raw: Any) -> Any:
        """Replace ``{ref: predicate}`` leaves with the named predicate's condition."""
        if isinstance(raw, dict):
            if set(raw) == {"ref"}:
                return self._expand(self.predicates[raw["ref"]])
            return {k: self._expand(v) for k, v in raw.items()}
        if isinstance(raw, list):
            return [self._expand(v) for v in raw]
        return raw


def load_families(directory: Path) -> list[tuple[Path, Family]]:
    """Every rules/families/*.yaml file, in file-name order."""
    families = []
    for path in sorted((directory / "families").glob("*.yaml")):
        data = read_yaml(path) or {}
        families.append((path, validate_entry(Family, _shorthand(data), path, data.get("family"))))
    return families


def _shorthand(data: dict) -> dict:
    """A rule may give one case inline (when/severity/message/action/outcome) instead of
    ``cases``; a rule without its own ``part`` takes the family's."""
    rules = []
    for rule in data.get("rules") or []:
        rule = dict(rule)
        if "part" not in rule and "part" in data:
            rule["part"] = data["part"]
        if "cases" not in rule:
            keys = ("when", "severity", "severity_basis", "message", "action", "outcome", "cite")
            case = {k: rule.pop(k) for k in keys if k in rule}
            rule["cases"] = [case]
        rules.append(rule)
    return {**data, "rules": rules}


def load(directory: Path | None = None, extra_overrides: Path | None = None) -> Rulebook:
    """Load and fully validate the rulebook; raise RulebookError on the first problem.
    `extra_overrides`: a second local-parameters file applied over $CHECKER_PARAMETERS (a
    candidate change, see checker.impact); it is part of the version like the first."""
    # the absolute path: the book keeps it (carriers, coverage read beside it) and the on-disk
    # cache (checker/bookcache.py) keys by it — a relative one would name another directory
    # in a process started elsewhere
    directory = Path(directory or rules_dir()).resolve()
    parameters = apply_overrides(load_parameters(directory))
    if extra_overrides is not None:
        parameters = apply_overrides(parameters, extra_overrides)
    predicates = (read_yaml(directory / "predicates.yaml") or {}).get("predicates") or {}
    citations = load_citations(directory / "citations.yaml")
    tables = _load_tables(directory)
    families = load_families(directory)
    documents = load_documents(directory / "documents.yaml")
    calendar = load_calendar(directory / "rulebook.yaml")
    book = Rulebook(directory, [f for _, f in families], parameters, predicates, citations,
                    _version(directory, extra_overrides), tables, documents, calendar)
    seen: dict[str, Path] = {}
    for path, family in families:
        if family.family == REVIEWER_FAMILY:
            raise RulebookError(path, family.family, "该族名留给审查人员补充的审查意见（人工复核）")
        for rule in family.rules:
            if rule.id in seen:
                raise RulebookError(path, rule.id, f"规则编号与 {seen[rule.id].name} 重复")
            seen[rule.id] = path
            if rule.family != family.family:
                raise RulebookError(path, rule.id, f"规则编号前缀须为本文件的 family“{family.family}”")
            _check_rule(book, rule, path, CATALOGUE)
    return book


def _load_tables(directory: Path) -> dict[str, Any]:
    """Reference tables (benchmarks, VOC limits…) in rules/tables/*.yaml, by file stem."""
    return {path.stem: read_yaml(path) for path in sorted((directory / "tables").glob("*.yaml"))}


def _version(directory: Path, extra_overrides: Path | None = None) -> str:
    """Declared version plus a digest of every rulebook file, so any edit changes it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in
                       (".yaml", ".yml")):
        digest.update(str(path.relative_to(directory)).encode())
        digest.update(path.read_bytes())
    digest.update(overrides_bytes())
    if extra_overrides is not None:
        digest.update(overrides_bytes(extra_overrides))
    declared = (read_yaml(directory / "rulebook.yaml") or {}).get("version", "0")
    return f"{declared}+{digest.hexdigest()[:12]}"


def _check_rule(book: Rulebook, rule: Rule, path: Path, catalogue) -> None:
    """Everything the engine or the reviewer would trip over, refused at load."""

    def fail(problem: str):
        raise RulebookError(path, rule.id, problem)

    for citation in [rule.clause, *rule.citations]:
        if citation not in book.citations.clauses:
            fail(f"引用的条款“{citation}”未在 citations.yaml 中定义")
    if book.citations.clauses[rule.clause].instrument != "kaifu_plan":
        fail(f"clause 须为开福区方案条款，得到“{rule.clause}”")
    raw_conditions = [c for c in [rule.scope] + [case.when for case in rule.cases] if c]
    for raw in raw_conditions:
        _check_refs(raw, book, fail)
    for day in _validation_dates(book, rule, raw_conditions):
        for raw in raw_conditions:
            try:
                node = book.parse_condition(raw, day)
            except (conditions.ConditionError, KeyError) as exc:
                fail(f"条件无效（按{day}有效的参数）：{exc}")
            for fact in conditions.facts_of(node):
                _check_fact(fact, catalogue, fail)
            _check_types(node, catalogue, fail)
    for fact in rule.requires:
        _check_fact(fact, catalogue, fail)
    for case in rule.cases[:-1]:
        if case.when is None:
            fail(f"只有最后一个情形可以省略 when（情形“{case.name}”）")
        try:  # later cases exclude earlier ones, so an earlier case must be negatable
            conditions.negate(book.parse_condition(case.when, rule.effective_from))
        except conditions.ConditionError as exc:
            fail(f"情形“{case.name}”不是最后一个情形：{exc}")
    if len({case.name for case in rule.cases}) != len(rule.cases):
        fail("情形名称重复")
    for case in rule.cases:
        if case.cite and case.cite not in rule.citations:
            fail(f"情形“{case.name}”的 cite 须为本规则 citations 中的条款")
    if rule.part is not Part.ENERGY and any(case.outcome for case in rule.cases):
        fail("只有节能审查部分（part: energy）的规则可以声明 outcome")
    for is_param, name in placeholders(rule_texts(rule)):
        if is_param and name not in book.parameters:
            fail(f"消息引用了未定义的参数“{name}”")
        if not is_param:
            _check_fact(name, catalogue, fail)


def rule_texts(rule: Rule) -> list[str]:
    """Every text a rule shows the reviewer: its cases' messages and actions, then the
    message for missing inputs (the texts whose placeholders are filled in)."""
    return [c.message for c in rule.cases] + [c.action or "" for c in rule.cases] + \
        [rule.missing_message or ""]


def _validation_dates(book: Rulebook, rule: Rule, raw_conditions: list[dict]) -> list[dt.date]:
    """The rule's first day and every day within its validity on which a parameter it reads
    takes a new value: the rule is checked against each set of values it will meet."""
    days = {rule.effective_from}
    days.update(m.since for m in book.calendar.measures if m.since > rule.effective_from
                and (rule.effective_until is None or m.since < rule.effective_until))
    for raw in raw_conditions:
        for name in book.condition_parameters(raw):
            days.update(v.since for v in book.parameters[name].values
                        if v.since > rule.effective_from
                        and (rule.effective_until is None or v.since < rule.effective_until))
    return sorted(days)


def _check_refs(raw: Any, book: Rulebook, fail) -> None:
    """Predicates and parameters named in a condition must exist."""
    if isinstance(raw, dict):
        if set(raw) == {"ref"} and raw["ref"] not in book.predicates:
            fail(f"未定义的谓词“{raw['ref']}”")
        if "param" in raw and raw["param"] not in book.parameters:
            fail(f"未定义的参数“{raw['param']}”")
        for value in raw.values():
            _check_refs(value, book, fail)
    elif isinstance(raw, list):
        for value in raw:
            _check_refs(value, book, fail)


def _check_fact(fact: str, catalogue, fail) -> None:
    if fact in FORBIDDEN_FACTS or fact.split(".")[-1] in FORBIDDEN_FACTS:
        fail(f"事实名“{fact}”会使规则引擎挂起，不允许使用")
    if fact not in catalogue:
        fail(f"未知事实“{fact}”（见 checker/facts/）")


def _check_types(node: conditions.Node, catalogue, fail) -> None:
    """A comparison's value must be of the fact's type (numbers with numbers…)."""
    if isinstance(node, (conditions.All, conditions.Any_)):
        for item in node.items:
            _check_types(item, catalogue, fail)
    elif isinstance(node, conditions.Includes):
        if catalogue[node.fact].kind is not list or not isinstance(node.value, str):
            fail(f"“includes”须以字符串清单事实与字符串比较：{node.fact} includes {node.value!r}")
    elif isinstance(node, conditions.Compare):
        expected = catalogue[node.fact].kind
        value = node.value
        ok = (isinstance(value, bool) if expected is bool else
              isinstance(value, str) if expected is str else is_number(value))
        if not ok:
            fail(f"事实“{node.fact}”为{expected.__name__}类型，不能与 {value!r} 比较")


@functools.lru_cache(maxsize=4)
def _cached(directory: str) -> Rulebook:
    """The rulebook of `directory` with the local parameters file: loaded once per process,
    and from the on-disk cache when neither the files nor the code changed (checker/bookcache.py)."""
    path = Path(directory).resolve()
    return bookcache.cached(path, overrides_bytes(), lambda: load(path))


# The administrator's settings from the database (web app): (key, entries as JSON), set by
# `set_local_values` when a worker sees a new parameters version; empty for the CLI.
_LOCAL: tuple[str, str] = ("", "{}")


def set_local_values(key: str, entries: dict) -> None:
    """Layer the administrator's parameter values {name: {value, since, source}} over the
    rulebook of every later `current()` call in this process (key: the settings' version)."""
    global _LOCAL
    _LOCAL = (key, json.dumps(entries, ensure_ascii=False, sort_keys=True, default=str))


@functools.lru_cache(maxsize=8)
def _layered(directory: str, key: str, entries_json: str) -> Rulebook:
    """The rulebook with the administrator's values: a new version (the shipped version plus a
    digest of the values), so a review records which values it was made with."""
    book = _cached(directory)
    entries = json.loads(entries_json)
    if not entries:
        return book
    parameters = apply_entries(book.parameters, entries, "参数设置")
    digest = hashlib.sha256(entries_json.encode()).hexdigest()[:8]
    return Rulebook(book.directory, book.families, parameters, book.predicates, book.citations,
                    f"{book.version}.{digest}", book.tables, book.documents, book.calendar)


def base() -> Rulebook:
    """The rulebook with the local file's values but without the administrator's settings
    (what those settings are validated against)."""
    return _cached(str(rules_dir()))


def current() -> Rulebook:
    """The rulebook of the configured directory (loaded once per process and directory), with
    the administrator's parameter values layered over it when the web app has set them."""
    return _layered(str(rules_dir()), *_LOCAL)

