"""Rules in words: a condition tree and a message template rendered as Chinese text with the
parameter values in force on a date.

One renderer for every place that shows a rule to a person: the rule explorer, the findings'
messages and (later) the opinion's annex.  Facts are named by their Chinese title (from
checker/facts), parameters by their value and unit, followed by the parameter's title and the
date from which that value applies, e.g. ``设计PUE ≥ 1.3（新建大型数据中心PUE上限，2023-04-01起）``.
A placeholder is never shown raw; a parameter unset on the date says so.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from checker.facts import CATALOGUE
from checker.placeholders import PLACEHOLDER
from checker.rulebook import Rulebook
from checker.values import is_number, value_text

SYMBOLS = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def fact_title(name: str) -> str:
    """The fact's Chinese title (the name itself if it is not catalogued)."""
    entry = CATALOGUE.get(name)
    return entry.title if entry else name


def parameter_text(book: Rulebook, name: str, day: dt.date, *, annotate: bool = True) -> str:
    """``1.3（新建大型数据中心PUE上限，2023-04-01起）``, or the parameter marked unset."""
    parameter = book.parameters[name]
    value = parameter.at(day)
    if value is None or value.unset:
        return f"〔{parameter.title}：{day.isoformat()}未设置〕"
    unit = None if isinstance(value.value, list) else parameter.unit
    text = value_text(value.value, unit)
    return f"{text}（{parameter.title}，{value.since.isoformat()}起）" if annotate else text


def condition_text(book: Rulebook, raw: Any, day: dt.date) -> str:
    """A condition (as written in the rulebook, predicates expanded, the branches of the
    energy-review measure in force on `day` selected) in Chinese."""
    selected = book.select_law(book._expand(raw), day)
    if isinstance(selected, bool):
        return "适用" if selected else "该日施行的节能审查办法下不适用"
    return _node(book, selected, day, nested=False)


def _node(book: Rulebook, raw: dict, day: dt.date, nested: bool) -> str:
    if "all" in raw or "any" in raw:
        key = "all" if "all" in raw else "any"
        parts = [_node(book, item, day, True) for item in raw[key]]
        if len(parts) == 1:
            return parts[0]
        text = ("，且" if key == "all" else "；或").join(parts)
        return f"（{text}）" if nested else text
    if "not" in raw:
        return f"并非{_wrap(_node(book, raw['not'], day, True))}"
    return _leaf(book, raw, day)


def _wrap(text: str) -> str:
    return text if text.startswith("（") else f"（{text}）"


def _leaf(book: Rulebook, raw: dict, day: dt.date) -> str:
    fact, op = raw["fact"], raw["op"]
    title = fact_title(fact)
    if op == "exists":
        return f"已申报{title}"
    if op == "missing":
        return f"未申报{title}"
    if "param" in raw:
        value = parameter_text(book, raw["param"], day)
    else:
        value = _literal(fact, raw["value"])
    if op == "in":
        return f"{title}属于{value}"
    if op == "includes":
        return f"{title}含有{value}中的任一项"
    literal = raw.get("value")
    if op in ("==", "!=") and isinstance(literal, bool):
        return f"{title}：{'是' if literal == (op == '==') else '否'}"
    if op in ("==", "!=") and isinstance(literal, str):
        return f"{title}{'为' if op == '==' else '不为'}“{literal}”"
    return f"{title} {SYMBOLS[op]} {value}"


def _literal(fact: str, value: Any) -> str:
    entry = CATALOGUE.get(fact)
    return value_text(value, entry.unit if entry and is_number(value) else None)


def fill(template: str, book: Rulebook, day: dt.date,
         facts: dict[str, Any] | None = None) -> str:
    """A message template with ``{p:name}`` replaced by the parameter's value on `day` and
    ``{fact.name}`` by the fact as displayed; without `facts` (the rule explorer) a fact
    is named by its title in 〔〕, e.g. ``标准机架〔数据中心标准机架数〕``."""

    def replace(match) -> str:
        is_param, name = match.groups()
        if is_param:
            parameter = book.parameters[name]
            value = parameter.at(day)
            if value is None or value.unset:
                return f"（{parameter.title}未设置）"
            return value_text(value.value, parameter.unit)
        if facts is None:
            return f"〔{fact_title(name)}〕"
        return CATALOGUE[name].display(facts.get(name))

    return PLACEHOLDER.sub(replace, template)
