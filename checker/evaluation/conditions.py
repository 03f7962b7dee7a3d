"""The condition language of the rulebook, and its two evaluators.

A rule's condition is written in YAML as a tree a policy officer can read::

    all:
      - {fact: project.nature, op: "==", value: 新建}
      - {fact: data_centre.standard_racks, op: ">=", param: data_centre.large_racks}
      - not: {fact: data_centre.edge, op: "==", value: true}

Leaves compare one fact with a literal ``value`` or a named, dated ``param``; ``exists`` and
``missing`` test presence; ``includes`` tests whether a list fact (e.g. the declared equipment
types) contains the value, or any item of a list parameter.  ``all``/``any``/``not`` combine.  A comparison on an absent fact
is false, and ``not`` keeps that meaning (``not (x >= 3)`` is "x is absent or x < 3").

Parameters are resolved for the review date first; the resolved tree (`Node`) then compiles
to a durable-rules pattern (`to_durable`) and is also evaluated in plain Python (`holds`),
which the differential tests use to check the engine.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Union

from checker.values import is_number

Scalar = Union[float, int, str, bool]

COMPARISONS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "==": ("$eq", operator.eq),
    "!=": ("$neq", operator.ne),
    "<": ("$lt", operator.lt),
    "<=": ("$lte", operator.le),
    ">": ("$gt", operator.gt),
    ">=": ("$gte", operator.ge),
}
INVERSE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
ORDERING = {"<", "<=", ">", ">="}
OPERATORS = set(COMPARISONS) | {"in", "includes", "exists", "missing"}


@dataclass(frozen=True)
class Compare:
    """``fact op value`` — false when the fact is absent."""

    fact: str
    op: str
    value: Scalar


@dataclass(frozen=True)
class Includes:
    """The list fact contains ``value`` — false when the fact is absent.  It cannot be
    negated, so it may stand only in a rule's scope or its last case."""

    fact: str
    value: Scalar


@dataclass(frozen=True)
class Present:
    """The fact is present (``exists``) or absent (``missing``)."""

    fact: str
    present: bool


@dataclass(frozen=True)
class All:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Any_:
    items: tuple["Node", ...]


Node = Union[Compare, Includes, Present, All, Any_]
TRUE = All(())
UNSET = object()  # a parameter with no value on the review date: the leaf is not evaluated


class ConditionError(ValueError):
    """A condition that is not well formed; the message says what is wrong."""


def raw_nodes(raw: Any) -> Iterator[dict]:
    """Every mapping of a condition as written in the YAML (before parsing), in document order:
    the one walk of the raw form that the rulebook's readers and checks share."""
    stack = [raw]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def parse(raw: Any, resolve: Callable[[str], Any]) -> Node:
    """Turn a YAML condition into a `Node`, resolving ``param`` names with `resolve`."""
    if not isinstance(raw, dict) or len(raw) == 0:
        raise ConditionError(f"条件必须是非空映射，得到：{raw!r}")
    if "all" in raw or "any" in raw:
        key = "all" if "all" in raw else "any"
        if set(raw) != {key}:
            raise ConditionError(f"“{key}”不能与其他键并列：{sorted(raw)}")
        items = raw[key]
        if not isinstance(items, list) or not items:
            raise ConditionError(f"“{key}”须为非空列表")
        nodes = tuple(parse(item, resolve) for item in items)
        return All(nodes) if key == "all" else Any_(nodes)
    if "not" in raw:
        if set(raw) != {"not"}:
            raise ConditionError("“not”不能与其他键并列")
        return negate(parse(raw["not"], resolve))
    return _leaf(raw, resolve)


def _leaf(raw: dict, resolve: Callable[[str], Any]) -> Node:
    allowed = {"fact", "op", "value", "param"}
    if set(raw) - allowed or "fact" not in raw or "op" not in raw:
        raise ConditionError(f"比较条件须含 fact 与 op（可选 value 或 param），得到键：{sorted(raw)}")
    fact, op = raw["fact"], raw["op"]
    if op not in OPERATORS:
        raise ConditionError(f"未知运算符“{op}”，可选：{sorted(OPERATORS)}")
    if op in ("exists", "missing"):
        if "value" in raw or "param" in raw:
            raise ConditionError(f"“{op}”不带 value 或 param")
        return Present(fact, op == "exists")
    if ("value" in raw) == ("param" in raw):
        raise ConditionError(f"事实“{fact}”的比较须给出 value 或 param 之一")
    value = resolve(raw["param"]) if "param" in raw else raw["value"]
    if value is UNSET:
        return TRUE  # placeholder: the compiler reports the rule as not assessed instead
    if op == "in":
        if not isinstance(value, list) or not value:
            raise ConditionError(f"“in”须为非空列表：{fact}")
        return Any_(tuple(Compare(fact, "==", _scalar(v, fact)) for v in value))
    if op == "includes":
        values = value if isinstance(value, list) else [value]
        if not values:
            raise ConditionError(f"“includes”的清单不能为空：{fact}")
        return Any_(tuple(Includes(fact, _scalar(v, fact)) for v in values))
    value = _scalar(value, fact)
    if op in ORDERING and not is_number(value):
        raise ConditionError(f"“{op}”只能比较数值：{fact} {op} {value!r}")
    return Compare(fact, op, value)


def _scalar(value: Any, fact: str) -> Scalar:
    if isinstance(value, bool) or isinstance(value, str):
        return value
    if is_number(value):
        if value != 0 and not 1e-4 <= abs(value) < 1e15:
            raise ConditionError(f"数值超出规则可用范围（1e-4 至 1e15）：{fact} = {value}")
        return value
    raise ConditionError(f"比较值须为数值、字符串或布尔值：{fact} = {value!r}")


def negate(node: Node) -> Node:
    """Logical negation pushed down to the leaves (De Morgan); absent facts stay false."""
    if isinstance(node, All):
        return Any_(tuple(negate(n) for n in node.items))
    if isinstance(node, Any_):
        return All(_negate_alternatives(simplify(node).items))
    if isinstance(node, Present):
        return Present(node.fact, not node.present)
    if isinstance(node, Includes):
        raise ConditionError(f"“includes”不能取反（{node.fact}）：只可用于适用范围或最后一个情形")
    return Any_((Present(node.fact, False), Compare(node.fact, INVERSE[node.op], node.value)))


def _negate_alternatives(items: tuple[Node, ...]) -> tuple[Node, ...]:
    """not (x == a or x == b or …) as "x absent, or x != a and x != b …": the same meaning as
    negating each leaf, but one alternative per fact instead of one per value, so that a
    negated list membership (``not in``) stays small for the engine (De Morgan on every leaf
    would multiply out to 2^n alternatives and the engine refuses the pattern)."""
    values: dict[str, list[Compare]] = {}
    others: list[Node] = []
    for item in items:
        if isinstance(item, Compare) and item.op == "==":
            values.setdefault(item.fact, []).append(item)
        else:
            others.append(item)
    grouped = [Any_((Present(fact, False),
                     All(tuple(Compare(fact, "!=", c.value) for c in leaves))))
               for fact, leaves in values.items()]
    return tuple(grouped) + tuple(negate(n) for n in others)


def facts_of(node: Node) -> list[str]:
    """Every fact a condition reads, in first-appearance order."""
    def walk(current: Node):
        if isinstance(current, (All, Any_)):
            for item in current.items:
                yield from walk(item)
        else:
            yield current.fact

    return list(dict.fromkeys(walk(node)))


def holds(node: Node, facts: dict[str, Any]) -> bool:
    """Evaluate a condition in plain Python (the reference semantics)."""
    if isinstance(node, All):
        return all(holds(n, facts) for n in node.items)
    if isinstance(node, Any_):
        return any(holds(n, facts) for n in node.items)
    if isinstance(node, Present):
        return (node.fact in facts) == node.present
    if isinstance(node, Includes):
        return node.fact in facts and node.value in facts[node.fact]
    if node.fact not in facts:
        return False
    return COMPARISONS[node.op][1](facts[node.fact], node.value)


def engine_key(fact: str) -> str:
    """The engine's field name for a fact: dots are not path separators there."""
    return fact.replace(".", "__")


def to_durable(node: Node, key: Callable[[str], str] = engine_key) -> dict:
    """Compile a condition to a durable-rules pattern (one pattern, `$and`/`$or` inside);
    `key` gives the engine's field name of a fact (default: `engine_key`)."""
    if isinstance(node, (All, Any_)):
        name = "$and" if isinstance(node, All) else "$or"
        if not node.items:
            raise ConditionError("空的 all/any 不能编译为引擎条件")
        if len(node.items) == 1:
            return to_durable(node.items[0], key)
        return {name: [to_durable(n, key) for n in node.items]}
    if isinstance(node, Present):
        return {("$ex" if node.present else "$nex"): {key(node.fact): 1}}
    if isinstance(node, Includes):
        return {"$iany": {key(node.fact): {"$i": node.value}}}
    name = COMPARISONS[node.op][0]
    if name == "$eq":
        return {key(node.fact): node.value}
    return {name: {key(node.fact): node.value}}


def simplify(node: Node) -> Node:
    """Flatten nested all/any of the same kind; keeps meaning, shrinks engine patterns."""
    if isinstance(node, (All, Any_)):
        kind = type(node)
        items: list[Node] = []
        for child in (simplify(n) for n in node.items):
            items.extend(child.items if isinstance(child, kind) else [child])
        return kind(tuple(items))
    return node


FALSE = Any_(())


def prune(node: Node, present: frozenset[str] = frozenset(),
          absent: frozenset[str] = frozenset()) -> Node:
    """The same condition without the tests its context already decides: inside an ``all``,
    a fact that a sibling leaf compares (or requires present) is present, and one a sibling
    requires missing is absent.  ``not (x >= 3)`` becomes "x absent or x < 3"; next to
    "x present" the first alternative is false and goes, which keeps the engine's patterns
    small (durable-rules multiplies every ``$or`` out).  `TRUE` and `FALSE` (an empty
    ``any``) may result; the meaning is unchanged for every set of facts."""
    if isinstance(node, Present):
        if node.fact in present:
            return TRUE if node.present else FALSE
        if node.fact in absent:
            return FALSE if node.present else TRUE
        return node
    if isinstance(node, (Compare, Includes)):
        return FALSE if node.fact in absent else node
    if isinstance(node, All):
        leaves = [n for n in node.items if not isinstance(n, (All, Any_))]
        inner_present = present | {n.fact for n in leaves
                                   if not isinstance(n, Present) or n.present}
        inner_absent = absent | {n.fact for n in leaves if isinstance(n, Present) and not n.present}
        items: list[Node] = []
        for item in node.items:
            if isinstance(item, (All, Any_)):
                item = prune(item, inner_present, inner_absent)
            else:
                item = prune(item, present, absent)
            if item == FALSE:
                return FALSE
            if item == TRUE:
                continue
            items.extend(item.items if isinstance(item, All) else [item])
        return All(tuple(items))
    alternatives: list[Node] = []
    for item in node.items:
        item = prune(item, present, absent)
        if item == TRUE:
            return TRUE
        if item == FALSE:
            continue
        alternatives.extend(item.items if isinstance(item, Any_) else [item])
    return alternatives[0] if len(alternatives) == 1 else Any_(tuple(alternatives))
