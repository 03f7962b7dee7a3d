"""The law as data: everything that reads and validates rules/ (the plan's rules, parameters,
predicates, citations, carriers, calendar, document wording, coverage).

Modules, from the leaves up: ``errors`` and ``sources`` (reading files, verification tags),
``parameters``, ``citations``, ``carriers``, ``calendar``, ``wording`` (rules/documents.yaml),
``settings`` (local parameter values), ``schema`` (a rule and its cases), ``book`` (the
Rulebook), ``check`` (what is refused at load), ``loader``, ``cache`` (the on-disk cache),
``provider`` (the rulebook in force) and ``coverage`` (the plan's clauses against the rules
and scenarios).

The names below are re-exported lazily, so that importing a leaf (``checker.rulebook.errors``)
does not load the whole book, and the model and facts may import the leaves they need.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "schema": ("RULE_ID", "FORBIDDEN_FACTS", "JUSTIFIED_SEVERITIES", "Case", "Rule", "Family",
               "REVIEWER_FAMILY", "REVIEWER_FAMILY_TITLE", "rule_texts"),
    "book": ("Rulebook",),
    "loader": ("load", "load_families"),
    "provider": ("RulebookProvider", "SettingsStore", "shipped", "current", "default_provider"),
    "errors": ("RulebookError", "unfold"),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(name for name in _WHERE if not name.startswith("_"))


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'checker.rulebook' has no attribute {name!r}")
    return getattr(importlib.import_module(f"checker.rulebook.{module}"), name)
