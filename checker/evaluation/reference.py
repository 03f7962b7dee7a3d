"""A plain-Python evaluator of the same compiled plan (no durable-rules).

It gives the meaning the engine must match: the differential tests run both on generated
applications and require identical findings.
"""
from __future__ import annotations

from typing import Any

from checker.evaluation.compiler import Plan
from checker.evaluation.conditions import holds


def fired(plan: Plan, facts: dict[str, Any]) -> set[str]:
    """The names of the plan entries whose conditions hold for `facts`."""
    return {entry.name for entry in plan.entries if holds(entry.condition, facts)}
