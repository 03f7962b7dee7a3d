"""Load and validate the rulebook in rules/ (rules, parameters, predicates, citations).

The rulebook is data a policy officer can read.  This module turns the YAML into typed,
validated objects and refuses anything malformed at load time, naming the file, the rule
(or parameter) id and the problem, so that no broken or engine-hanging rule is ever used.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from checker import conditions
from checker.citations import Citation, CitationBook, load_citations
from checker.severity import CASE_OUTCOMES, Outcome, Part, Severity
from checker.sources import Status, rules_dir

RULE_ID = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"
FORBIDDEN_FACTS = {"sid", "id"}  # any condition on these hangs durable-rules


class RulebookError(ValueError):
    """A malformed rulebook: names the file, the entry and the problem."""

    def __init__(self, path: Path | str, entry: str | None, problem: str):
        self.path, self.entry, self.problem = str(path), entry, problem
        where = f"{Path(path).name}" + (f"，条目“{entry}”" if entry else "")
        super().__init__(f"规则库错误（{where}）：{problem}")


def validate_entry(model: type[BaseModel], data: Any, path: Path, entry: str | None):
    """Validate one YAML entry with `model`, turning errors into a RulebookError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(整体)'}: {err['msg']}"
            for err in exc.errors())
        raise RulebookError(path, entry, problems) from None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParameterValue(Strict):
    """One dated value of a parameter with its verification tag and source."""

    since: dt.date
    value: float | int | str | bool | list | None
    status: Status
    source: str = Field(min_length=1)
    note: str | None = None
    configured: bool = False  # set locally by an administrator (see checker/settings.py)

    @property
    def unset(self) -> bool:
        return self.value is None


class Parameter(Strict):
    """A named number (or list) the rules read, valued by effective date."""

    name: str
    title: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    description: str | None = None
    citations: list[str] = Field(default_factory=list)
    values: list[ParameterValue] = Field(min_length=1)

    @field_validator("values")
    @classmethod
    def _ordered(cls, values: list[ParameterValue]) -> list[ParameterValue]:
        dates = [v.since for v in values]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("values 须按 since 日期升序且不重复")
        return values

    def at(self, day: dt.date) -> ParameterValue | None:
        """The value in force on `day`, or None before the first one."""
        current = None
        for value in self.values:
            if value.since <= day:
                current = value
        return current


def unfold(text: str | None) -> str | None:
    """Drop the spaces YAML folding leaves between Chinese characters and punctuation."""
    if text is None:
        return None
    return re.sub(r"(?<=[^\x00-\x7f}]) +| +(?=[^\x00-\x7f{])", "", text.strip())


class Case(Strict):
    """One outcome of a rule: when it applies, how severe, what it says and requires."""

    name: str = Field(default="main", pattern=r"^[a-z][a-z0-9_]*$")
    when: dict | None = None
    severity: Severity
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

    @field_validator("message", "action")
    @classmethod
    def _unfold(cls, text: str | None) -> str | None:
        return unfold(text)


class Rule(Strict):
    """A rule as written in rules/families/*.yaml."""

    id: str = Field(pattern=RULE_ID)
    title: str = Field(min_length=1)
    part: Part                                 # energy review or pollutant control
    clause: str = Field(min_length=1)          # the Kaifu plan clause, e.g. kaifu.4.3
    citations: list[str] = Field(default_factory=list)  # further instruments (令2023年第2号…)
    effective_from: dt.date
    effective_until: dt.date | None = None
    scope: dict | None = None                  # when the rule applies at all
    requires: list[str] = Field(default_factory=list)  # inputs it needs (absent → missing)
    missing_message: str | None = None
    cases: list[Case] = Field(min_length=1)
    explanation: str | None = None             # the condition in words, for the rule explorer

    @field_validator("missing_message", "explanation")
    @classmethod
    def _unfold(cls, text: str | None) -> str | None:
        return unfold(text)

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

    def rule_citations(self, rule: Rule) -> list[Citation]:
        """The plan clause, its basis chain (city → province → national), then the others."""
        return self.citations.chain(rule.clause, rule.citations)

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

        return conditions.parse(self._expand(raw), resolve)

    def condition_parameters(self, raw: Any) -> list[str]:
        """Names of the parameters a (raw) condition reads, predicates included, in order."""
        names: list[str] = []
        stack = [self._expand(raw)]
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


def _fail(path: Path, entry: str | None, problem: str):
    raise RulebookError(path, entry, problem)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RulebookError(path, None, f"YAML 语法错误：{exc}") from None


def load_parameters(directory: Path) -> dict[str, Parameter]:
    """Every parameter in rules/parameters/*.yaml, by name."""
    parameters: dict[str, Parameter] = {}
    for path in sorted((directory / "parameters").glob("*.yaml")):
        for name, body in ((_read_yaml(path) or {}).get("parameters") or {}).items():
            if name in parameters:
                raise RulebookError(path, name, "参数名重复")
            parameters[name] = validate_entry(Parameter, {"name": name, **(body or {})}, path, name)
    return parameters


def load_families(directory: Path) -> list[tuple[Path, Family]]:
    """Every rules/families/*.yaml file, in file-name order."""
    families = []
    for path in sorted((directory / "families").glob("*.yaml")):
        data = _read_yaml(path) or {}
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
            case = {k: rule.pop(k) for k in ("when", "severity", "message", "action", "outcome", "cite")
                    if k in rule}
            rule["cases"] = [case]
        rules.append(rule)
    return {**data, "rules": rules}


def load(directory: Path | None = None) -> Rulebook:
    """Load and fully validate the rulebook; raise RulebookError on the first problem."""
    from checker.calendar import load_calendar
    from checker.documents import load_documents
    from checker.facts import CATALOGUE
    from checker.settings import apply_overrides

    directory = Path(directory or rules_dir())
    parameters = apply_overrides(load_parameters(directory))
    predicates = (_read_yaml(directory / "predicates.yaml") or {}).get("predicates") or {}
    citations = load_citations(directory / "citations.yaml")
    tables = _load_tables(directory)
    families = load_families(directory)
    documents = load_documents(directory / "documents.yaml", _read_yaml,
                               lambda entry, problem: _fail(directory / "documents.yaml",
                                                            entry, problem))
    calendar = load_calendar(directory / "rulebook.yaml", _read_yaml,
                             lambda entry, problem: _fail(directory / "rulebook.yaml",
                                                          entry, problem))
    book = Rulebook(directory, [f for _, f in families], parameters, predicates, citations,
                    _version(directory), tables, documents, calendar)
    seen: dict[str, Path] = {}
    for path, family in families:
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
    return {path.stem: _read_yaml(path) for path in sorted((directory / "tables").glob("*.yaml"))}


def _version(directory: Path) -> str:
    """Declared version plus a digest of every rulebook file, so any edit changes it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in
                       (".yaml", ".yml")):
        digest.update(str(path.relative_to(directory)).encode())
        digest.update(path.read_bytes())
    from checker.settings import overrides_bytes

    digest.update(overrides_bytes())
    declared = (_read_yaml(directory / "rulebook.yaml") or {}).get("version", "0")
    return f"{declared}+{digest.hexdigest()[:12]}"


PLACEHOLDER = re.compile(r"\{(p:)?([a-z][a-z0-9_.]*)\}")


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
    if len({case.name for case in rule.cases}) != len(rule.cases):
        fail("情形名称重复")
    for case in rule.cases:
        if case.cite and case.cite not in rule.citations:
            fail(f"情形“{case.name}”的 cite 须为本规则 citations 中的条款")
    if rule.part is not Part.ENERGY and any(case.outcome for case in rule.cases):
        fail("只有节能审查部分（part: energy）的规则可以声明 outcome")
    texts = [c.message for c in rule.cases] + [c.action or "" for c in rule.cases]
    for text in texts + [rule.missing_message or ""]:
        for is_param, name in PLACEHOLDER.findall(text):
            if is_param and name not in book.parameters:
                fail(f"消息引用了未定义的参数“{name}”")
            if not is_param:
                _check_fact(name, catalogue, fail)


def _validation_dates(book: Rulebook, rule: Rule, raw_conditions: list[dict]) -> list[dt.date]:
    """The rule's first day and every day within its validity on which a parameter it reads
    takes a new value: the rule is checked against each set of values it will meet."""
    days = {rule.effective_from}
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
    elif isinstance(node, conditions.Compare):
        expected = catalogue[node.fact].kind
        value = node.value
        ok = (isinstance(value, bool) if expected is bool else
              isinstance(value, str) if expected is str else
              isinstance(value, (int, float)) and not isinstance(value, bool))
        if not ok:
            fail(f"事实“{node.fact}”为{expected.__name__}类型，不能与 {value!r} 比较")


@functools.lru_cache(maxsize=4)
def _cached(directory: str) -> Rulebook:
    return load(Path(directory))


def current() -> Rulebook:
    """The rulebook of the configured directory, loaded once per process and directory."""
    return _cached(str(rules_dir()))

