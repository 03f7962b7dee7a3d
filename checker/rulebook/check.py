"""Checks of a loaded rule: everything the engine or the reviewer would trip over (unknown
clauses, facts, parameters or predicates, conditions that do not parse on a date the rule will
meet, mistyped comparisons, placeholders naming nothing) is refused at load."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from checker.evaluation import conditions
from checker.placeholders import placeholders
from checker.rulebook.book import Rulebook
from checker.rulebook.errors import RulebookError
from checker.rulebook.schema import FORBIDDEN_FACTS, Rule, rule_texts
from checker.severity import Part
from checker.values import is_number


def check_rule(book: Rulebook, rule: Rule, path: Path, catalogue) -> None:
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
    for node in conditions.raw_nodes(raw):
        if set(node) == {"ref"} and node["ref"] not in book.predicates:
            fail(f"未定义的谓词“{node['ref']}”")
        if "param" in node and node["param"] not in book.parameters:
            fail(f"未定义的参数“{node['param']}”")


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
