"""The rule explorer: every rule with its cases, parameters by date and cited clauses."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from checker import coverage, rulebook
from checker.findings import rule_parameters
from web.security import login_required

bp = Blueprint("rules", __name__)


def _parameter(book: rulebook.Rulebook, name: str) -> dict[str, Any]:
    parameter = book.parameters[name]
    return {
        "name": name, "title": parameter.title, "unit": parameter.unit,
        "description": parameter.description,
        "values": [{"since": v.since.isoformat(), "value": v.value, "status": v.status.value,
                    "status_label": v.status.label, "verified": v.status.verified and not v.unset,
                    "source": v.source, "note": v.note, "configured": v.configured}
                   for v in parameter.values],
    }


def rules_data() -> dict[str, Any]:
    """The whole rulebook in the shape the page and ``GET /api/v1/rules`` show."""
    book = rulebook.current()
    families = []
    for family in book.families:
        rules = []
        for rule in family.rules:
            rules.append({
                "id": rule.id, "title": rule.title, "explanation": rule.explanation,
                "effective_from": rule.effective_from.isoformat(),
                "effective_until": rule.effective_until.isoformat() if rule.effective_until
                else None,
                "source_issued": rule.source_issued.isoformat() if rule.source_issued else None,
                "source_status": rule.source_status.value if rule.source_status else None,
                "requires": rule.requires,
                "cases": [{"name": c.name, "severity": c.severity.value,
                           "severity_label": c.severity.label, "severity_basis": c.severity_basis,
                           "message": c.message, "action": c.action} for c in rule.cases],
                "parameters": [_parameter(book, n) for n in rule_parameters(book, rule)],
                "citations": [{**c.model_dump(mode="json"), "label": c.label,
                               "status_label": c.status.label, "verified": c.status.verified}
                              for c in book.rule_citations(rule)],
            })
        families.append({"family": family.family, "title": family.title, "rules": rules})
    plan = book.citations.instruments.get("kaifu_plan")
    return {"version": book.version, "families": families, "coverage": _coverage(book),
            "plan_note": plan.note if plan else None}


def _coverage(book: rulebook.Rulebook) -> list[dict[str, Any]]:
    """Every clause of the district plan with its rules and scenarios, or why it is left out."""
    titles = {rule.id: rule.title for rule in book.rules}
    return [{"clause": row.clause, "article": row.article, "heading": row.heading,
             "status": row.status, "excluded": row.excluded,
             "rules": [{"id": r, "title": titles[r], "scenarios": row.scenarios.get(r, [])}
                       for r in row.rules]}
            for row in coverage.matrix(book)]


@bp.get("/rules")
@login_required
def index():
    return render_template("rules.html", book=rules_data())
