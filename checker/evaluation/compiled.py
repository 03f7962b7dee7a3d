"""The compiled evaluator: a plan's conditions compiled once into one Python function.

It gives the same meaning as the reference evaluator (`checker.evaluation.reference`, which walks the
condition trees on every review) and as durable-rules, which the differential tests check
on generated applications; it is the floor the engine benchmark measures durable-rules
against.  Each fact a plan reads is looked up once per review; each entry becomes one
short-circuit boolean expression over those values.  Literal values enter the generated
code only as Python literals of str, int, float or bool (their `repr`), and fact names only
as string literals, so no rulebook text is ever executed.
"""
from __future__ import annotations

import math
import threading
from typing import Any, Callable

from checker.evaluation.compiler import Plan
from checker.evaluation.conditions import COMPARISONS, All, Any_, Compare, Includes, Node, Present

ABSENT = object()  # a fact the application does not give
_OPERATORS = {op: op for op in COMPARISONS}  # the six comparisons, spelled as in Python


def _literal(value: Any) -> str:
    """A safe Python literal for a condition value (str, int, float or bool only)."""
    if type(value) in (str, bool, int):
        return repr(value)
    if type(value) is float and math.isfinite(value):
        return repr(value)
    raise TypeError(f"条件值不能编译：{value!r}")


def _expression(node: Node, names: dict[str, str]) -> str:
    """The condition as a Python expression over the local variables in `names`."""
    if isinstance(node, (All, Any_)):
        if not node.items:
            return "True" if isinstance(node, All) else "False"
        joiner = " and " if isinstance(node, All) else " or "
        return "(" + joiner.join(_expression(item, names) for item in node.items) + ")"
    var = names[node.fact]
    if isinstance(node, Present):
        return f"({var} is {'not ' if node.present else ''}_ABSENT)"
    if isinstance(node, Includes):
        return f"({var} is not _ABSENT and {_literal(node.value)} in {var})"
    if isinstance(node, Compare):
        return f"({var} is not _ABSENT and {var} {_OPERATORS[node.op]} {_literal(node.value)})"
    raise TypeError(f"未知条件节点：{node!r}")


def compile_plan(plan: Plan) -> Callable[[dict[str, Any]], list[str]]:
    """One function: facts → the names of the entries that hold, in plan order."""
    facts = sorted(plan.facts)
    names = {fact: f"v{index}" for index, fact in enumerate(facts)}
    lines = ["def fired(facts):", "    get = facts.get"]
    lines += [f"    {names[fact]} = get({fact!r}, _ABSENT)" for fact in facts]
    lines.append("    out = []")
    for index, entry in enumerate(plan.entries):
        lines.append(f"    if {_expression(entry.condition, names)}:")
        lines.append(f"        out.append(_NAMES[{index}])")
    lines.append("    return out")
    namespace = {"_ABSENT": ABSENT, "_NAMES": tuple(e.name for e in plan.entries)}
    exec(compile("\n".join(lines), f"<plan {plan.digest[:12]}>", "exec"), namespace)  # noqa: S102
    return namespace["fired"]


MAX_FUNCTIONS = 64
_COMPILED: dict[str, Callable[[dict[str, Any]], list[str]]] = {}
_LOCK = threading.Lock()  # every change of _COMPILED (reviews run in threads: web, batches)


def function_for(plan: Plan) -> Callable[[dict[str, Any]], list[str]]:
    """The compiled function of `plan`, compiled on first use; plans with the same digest
    (the same entries and conditions) share it.  At most MAX_FUNCTIONS are kept (the oldest
    goes first)."""
    function = _COMPILED.get(plan.digest)
    if function is None:
        function = compile_plan(plan)  # outside the lock: two threads may both compile
        with _LOCK:
            while len(_COMPILED) >= MAX_FUNCTIONS:
                _COMPILED.pop(next(iter(_COMPILED)))
            _COMPILED[plan.digest] = function
    return function


def fired(plan: Plan, facts: dict[str, Any]) -> set[str]:
    """The names of the plan entries whose conditions hold for `facts`."""
    return set(function_for(plan)(facts))
