"""The rule explorer: search and filter the rules, read each one in words with the parameter
values in force on a chosen date, its cited clauses and the scenarios that test it."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, render_template, request

from checker.rulebook import coverage
from checker.rulebook.building_energy import TABLE as BUILDING_TABLE, building_energy_table
from checker.rulebook.efficiency import TABLE as EFFICIENCY_TABLE, efficiency_table
from checker.rulebook.elimination import TABLE as ELIMINATION_TABLE, elimination_catalogue
from checker.evaluation import explain
from checker import rulebook
from web.books import in_force
from checker.dates import parse_review_date
from checker.findings import rule_parameters
from checker.severity import Severity
from checker.store.summaries import clause_anchor  # noqa: F401 (used here and by templates' callers)
from checker.values import unit_text, value_text
from web import service
from web.security import login_required

bp = Blueprint("rules", __name__)

PARTS = {"energy": "节能", "pollutant": "污染物控制"}


def _parameter(book: rulebook.Rulebook, name: str) -> dict[str, Any]:
    parameter = book.parameters[name]
    return {
        "name": name, "title": parameter.title, "unit": unit_text(parameter.unit),
        "description": parameter.description,
        # the declared form of a value (type, unit, range), as the 参数设置 page states it
        "type": parameter.type, "expected": parameter.expected,
        "values": [{"since": v.since.isoformat(), "value": v.value, "status": v.status.value,
                    "status_label": v.status.label, "verified": v.status.verified and not v.unset,
                    "source": v.source, "note": v.note, "configured": v.configured,
                    "year": v.year,
                    "display": "未设置" if v.unset else value_text(v.value, None)}
                   for v in parameter.values],
    }


def _citations(book: rulebook.Rulebook, rule: rulebook.Rule) -> list[dict[str, Any]]:
    return [{**c.model_dump(mode="json"), "label": c.label, "status_label": c.status.label,
             "verified": c.status.verified, "anchor": clause_anchor(c.id)}
            for c in book.rule_citations(rule)]


@bp.app_template_global()
def citation_href(rule_id: str, clause_id: str) -> str:
    """Where a citation of `rule_id` links: that clause's text on the rule's page
    (a template global: ``citation_href(f.rule_id, c.id)`` in review.html)."""
    from flask import url_for

    return url_for("rules.show", rule_id=rule_id) + "#" + clause_anchor(clause_id)


def rules_data() -> dict[str, Any]:
    """The whole rulebook in the shape ``GET /api/v1/rules`` returns."""
    book = in_force()
    families = []
    for family in book.families:
        rules = []
        for rule in family.rules:
            rules.append({
                "id": rule.id, "title": rule.title, "explanation": rule.explanation,
                "part": getattr(rule, "part", None),
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
                "citations": _citations(book, rule),
            })
        families.append({"family": family.family, "title": family.title, "rules": rules})
    return {"version": book.version, "families": families, "coverage": _coverage(book),
            "plan_note": _plan_note(book)}


def _plan_note(book: rulebook.Rulebook) -> str | None:
    """How the plan's clause numbers and start date were established (citations.yaml)."""
    plan = book.citations.instruments.get("kaifu_plan")
    return plan.note if plan else None


def _coverage(book: rulebook.Rulebook) -> list[dict[str, Any]]:
    """Every clause of the district plan with its rules and scenarios, or why it is left out."""
    titles = {rule.id: rule.title for rule in book.rules}
    return [{"clause": row.clause, "article": row.article, "heading": row.heading,
             "status": row.status, "excluded": row.excluded,
             "rules": [{"id": r, "title": titles[r], "scenarios": row.scenarios.get(r, [])}
                       for r in row.rules]}
            for row in coverage.matrix(book)]


def rule_view(book: rulebook.Rulebook, rule: rulebook.Rule, day: dt.date,
              scenarios: list[coverage.Scenario], family_title: str) -> dict[str, Any]:
    """One rule in words on `day`: scope, cases, parameters in force, citations, scenarios."""

    def words(text: str | None) -> str | None:
        return explain.fill(text, book, day) if text else None

    clause = book.citations.clauses[rule.clause]
    cases = [{"name": c.name, "severity": c.severity.value, "severity_label": c.severity.label,
              "severity_basis": c.severity_basis,
              "when": explain.condition_text(book, c.when, day) if c.when else "其余情形",
              "message": words(c.message), "action": words(c.action)} for c in rule.cases]
    parameters = [_parameter(book, n) for n in rule_parameters(book, rule)]
    for parameter in parameters:
        parameter["in_force"] = explain.parameter_text(book, parameter["name"], day,
                                                       annotate=False)
    part = getattr(rule, "part", None)
    view = {
        "id": rule.id, "title": rule.title, "family": rule.family, "family_title": family_title,
        "part": part, "part_label": PARTS.get(part, part),
        "clause": rule.clause, "clause_label": f"{clause.article}「{clause.heading}」",
        "active": rule.active_on(day),
        "effective_from": rule.effective_from.isoformat(),
        "effective_until": rule.effective_until.isoformat() if rule.effective_until else None,
        "source_issued": rule.source_issued.isoformat() if rule.source_issued else None,
        "source_status": rule.source_status.value if rule.source_status else None,
        "explanation": rule.explanation,
        "scope": explain.condition_text(book, rule.scope, day) if rule.scope else None,
        "requires": [explain.fact_title(f) for f in rule.requires],
        "missing_message": words(rule.missing_message),
        "cases": cases, "severities": _severities(rule),
        "parameters": parameters, "citations": _citations(book, rule),
        "scenarios": [{"file": s.file, "name": s.name, "line": s.line} for s in scenarios],
        "efficiency_standards": _efficiency_standards(book, day) if rule.family in TABLE_FAMILIES
        else [],
        "building_energy": _building_energy(book) if rule.id in BUILDING_RULES else None,
        "eliminated_equipment": _eliminated_equipment(book) if rule.id in ELIMINATION_RULES
        else None,
    }
    view["haystack"] = _haystack(view)
    return view


TABLE_FAMILIES = {"equipment"}  # families whose rules read rules/tables/efficiency_standards.yaml


def _efficiency_standards(book: rulebook.Rulebook, day: dt.date) -> list[dict[str, Any]]:
    """Every edition of the mandatory efficiency standards, marked where in force on `day`."""
    table = efficiency_table(book.tables.get(EFFICIENCY_TABLE))
    rows = []
    for kind in table.types.values():
        current = kind.in_force(day)
        rows += [{"type": kind.title, **e.model_dump(mode="json", exclude={"limits"}),
                  "in_force": e is current, **_tags(e), "limits": _limits_summary(e.limits)}
                 for e in kind.editions]
    return rows


def _tags(item) -> dict[str, Any]:
    """A tagged table row's or edition's verification for the explorer (checker.rulebook.
    sources.Sourced): the tag's label and whether it may decide (V1/V2)."""
    return {"status_label": item.status.label, "verified": item.verified}


def _limits_summary(limits) -> dict[str, Any] | None:
    """What the explorer says of an edition's grade limits by size class (not every row)."""
    if limits is None:
        return None
    sizes = [row.size for row in limits.rows]
    return {"text": (f"{limits.quantity}（{limits.unit}）按{len(sizes)}档（{sizes[0]:g}—{sizes[-1]:g} "
                     f"{limits.size_unit}）×{limits.variant}（{'、'.join(limits.variants)}）"),
            **_tags(limits), "source": limits.source}


# rules that read rules/tables/eliminated_equipment.yaml (《高耗能落后机电设备（产品）淘汰目录》)
ELIMINATION_RULES = {"equipment.eliminated_model", "equipment.eliminated_model_unverified"}


def _eliminated_equipment(book: rulebook.Rulebook) -> dict[str, Any]:
    """The transcribed entries of the catalogue with what it covers, each with tag and source."""
    table = elimination_catalogue(book.tables.get(ELIMINATION_TABLE))
    return {"title": table.title, "coverage": table.coverage,
            "entries": [{**e.model_dump(mode="json"), **_tags(e)} for e in table.entries]}


# rules that read rules/tables/building_energy.yaml (GB/T 51161-2016, 夏热冬冷)
BUILDING_RULES = {"buildings.intensity_constraint", "buildings.intensity_guide",
                  "buildings.intensity_unassessed"}


def _building_energy(book: rulebook.Rulebook) -> dict[str, Any]:
    """The public-building intensity table: the standard, the climate zone and every row with
    its values, tag and source."""
    table = building_energy_table(book.tables.get(BUILDING_TABLE))
    return {"standard": table.standard, "climate_zone": table.climate_zone,
            "rows": [{**row.model_dump(mode="json"), "label": row.label, **_tags(row)}
                     for row in table.rows]}


def _severities(rule: rulebook.Rule) -> list[str]:
    """The severities a rule can give: its cases', and 材料不全 when it requires inputs."""
    found = {c.severity for c in rule.cases} | ({Severity.MISSING} if rule.requires else set())
    return [s.value for s in Severity if s in found]


def _haystack(view: dict[str, Any]) -> str:
    """Everything a search may match: id, title, clause, parameter names and values, text."""
    parts = [view["id"], view["title"], view["clause"], view["clause_label"],
             view["explanation"] or "", view["scope"] or "", view["missing_message"] or ""]
    for case in view["cases"]:
        parts += [case["name"], case["when"], case["message"] or "", case["action"] or ""]
    for parameter in view["parameters"]:
        parts += [parameter["name"], parameter["title"], parameter["in_force"]]
        parts += [str(v["value"]) for v in parameter["values"]] + \
            [v["display"] for v in parameter["values"]]
    for citation in view["citations"]:
        parts += [citation["label"], citation["number"] or "", citation["text"] or ""]
    return "\n".join(parts).lower()


def all_views(day: dt.date) -> list[dict[str, Any]]:
    """Every rule of the current rulebook as `rule_view` shows it on `day`."""
    book = in_force()
    scenarios = coverage.scenarios_by_rule(coverage.features_dir_of(book)) \
        if coverage.features_dir_of(book).is_dir() else {}
    return [rule_view(book, rule, day, scenarios.get(rule.id, []), family.title)
            for family in book.families for rule in family.rules]


def _day() -> tuple[dt.date, str | None]:
    text = request.args.get("on", "").strip()
    if not text:
        return service.today(), None
    try:
        return parse_review_date(text), None
    except ValueError:
        return service.today(), f"日期“{text[:20]}”格式不正确（应为 YYYY-MM-DD），已按今天显示"


def _filters() -> dict[str, str]:
    args = {k: request.args.get(k, "").strip()[:100] for k in
            ("q", "family", "part", "severity", "clause")}
    return args


def matches(view: dict[str, Any], filters: dict[str, str]) -> bool:
    """Whether a rule passes the explorer's search and filters (all must hold)."""
    if filters.get("family") and view["family"] != filters["family"]:
        return False
    if filters.get("part") and view["part"] != filters["part"]:
        return False
    if filters.get("severity") and filters["severity"] not in view["severities"]:
        return False
    if filters.get("clause") and view["clause"] != filters["clause"]:
        return False
    words = filters.get("q", "").lower().split()
    return all(word in view["haystack"] for word in words)


def _choices(views: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    book = in_force()
    clauses = list(dict.fromkeys((v["clause"], v["clause_label"]) for v in views))
    parts = sorted({v["part"] for v in views if v["part"]})
    return {
        "family": [(f.family, f.title) for f in book.families],
        "part": [(p, PARTS.get(p, p)) for p in parts],
        "severity": [(s.value, s.label) for s in Severity],
        "clause": sorted(clauses, key=lambda c: c[0]),
    }


@bp.get("/rules")
@login_required
def index():
    day, note = _day()
    views = all_views(day)
    filters = _filters()
    shown = {v["id"] for v in views if matches(v, filters)}
    book = in_force()
    return render_template("rules.html", rules=views, shown=shown, filters=filters,
                           choices=_choices(views), day=day.isoformat(), note=note,
                           version=book.version, coverage=_coverage(book),
                           plan_note=_plan_note(book))


@bp.get("/rules/<rule_id>")
@login_required
def show(rule_id: str):
    book = in_force()
    rule = book.by_id.get(rule_id)
    if rule is None:
        abort(404, description=f"规则“{rule_id[:60]}”不存在")
    day, note = _day()
    family = next(f for f in book.families if f.family == rule.family)
    scenarios = coverage.scenarios_by_rule(coverage.features_dir_of(book)).get(rule.id, []) \
        if coverage.features_dir_of(book).is_dir() else []
    return render_template("rule.html", r=rule_view(book, rule, day, scenarios, family.title),
                           day=day.isoformat(), note=note, version=book.version)
