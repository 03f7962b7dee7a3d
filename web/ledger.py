"""The district ledger (能耗台账) page, its chart data, exports and API view.

Everything here reads the store's SQL aggregates (checker/store/ledger.py) and labels them
in Chinese; the district's allowance and intensity target are rulebook parameters
(rules/parameters/impact.yaml, set by an administrator), read for the selected year.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from checker import rulebook
from checker.energy import EQUIVALENT, equivalent_basis
from checker.impact import ALLOWANCE, INTENSITY_TARGET, plan_period
from checker.industries import industry_name
from checker.outcome import EnergyConclusion
from checker.severity import Outcome, Severity
from checker.store.ledger import CLASSES, LedgerFilters, approved_new_energy, summary
from web import ledger_export, service
from web.db import engine
from web.security import login_required

bp = Blueprint("ledger", __name__)


def filters_from(args) -> LedgerFilters:
    """The ledger filters of a request; a bad value is refused with a Chinese message (400)."""
    year_text = (args.get("year") or "").strip()
    if year_text and not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
        abort(400, description="参数 year（年度）须为2000—2100之间的四位年份")
    industry = (args.get("industry") or "").strip()
    if industry and not (industry.isdigit() and len(industry) <= 4):
        abort(400, description="参数 industry（行业代码）须为1—4位数字（GB/T 4754-2017）")
    cls = (args.get("outcome") or "").strip()
    if cls and cls not in CLASSES:
        abort(400, description=f"参数 outcome（审查结果）须为：{'、'.join(CLASSES)}")
    year = int(year_text) if year_text else service.today().year
    return LedgerFilters(year=year, industry=industry, ledger_class=cls)


def _parameter(name: str, day: dt.date) -> float | None:
    parameter = rulebook.current().parameters.get(name)
    value = parameter.at(day) if parameter else None
    return None if value is None or value.value is None else float(value.value)


def equivalent_bases(year: int) -> list[str]:
    """The electricity 等价值 coefficients in force during `year`, each with its statistical
    year and the date it applies from (a record's new energy used the one of its review date)."""
    parameter = rulebook.current().parameters.get(EQUIVALENT)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    values = parameter.values if parameter else []
    return [f"自{v.since.isoformat()}起{equivalent_basis(v)}"
            for i, v in enumerate(values) if not v.unset and v.since <= end
            and (i + 1 == len(values) or values[i + 1].since > start)]


def _number(value) -> float:
    return round(float(value or 0.0), 4)


def _figures(row: dict[str, Any]) -> dict[str, Any]:
    return {"count": int(row["count"]), "energy_tce": _number(row["energy_tce"]),
            "energy_equivalent_tce": _number(row["energy_equivalent_tce"]),
            "co2_t": None if row["co2_t"] is None else _number(row["co2_t"]),
            "added_value": _number(row["added_value"])}


def family_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The counts by rule family and severity, with the family's title (the rulebook's) and
    the severity's Chinese label."""
    titles = rulebook.current().family_titles
    severities = {s.value: s.label for s in Severity}
    return [{"family": r["family"], "title": titles.get(r["family"], r["family"]),
             "severity": r["severity"],
             "severity_label": severities.get(r["severity"], r["severity"]),
             "findings": r["findings"], "records": r["records"]} for r in rows]


def ledger_data(filters: LedgerFilters) -> dict[str, Any]:
    """The ledger of the filtered issued records, labelled, with the allowance of the plan
    period the selected year falls in."""
    data = summary(engine(), filters)
    conclusions = {c.value: c.label for c in EnergyConclusion}
    outcomes = {o.value: o.label for o in Outcome}
    year_end = dt.date(filters.year, 12, 31)
    period, first, last = plan_period(year_end)
    allowance = _parameter(ALLOWANCE, year_end)
    used = approved_new_energy(engine(), first, min(last, filters.year))
    months = [f"{filters.year}-{m:02d}" for m in range(1, 13)]
    monthly = [{"month": f"{int(r['year'])}-{int(r['month']):02d}", "conclusion": r["conclusion"],
                "conclusion_label": conclusions.get(r["conclusion"], r["conclusion"]),
                **_figures(r)} for r in data["monthly"]]
    approved_by_month = {m: 0.0 for m in months}
    for row in data["monthly"]:
        if row["conclusion"] in ("approve", "conditional"):
            approved_by_month[f"{int(row['year'])}-{int(row['month']):02d}"] += \
                float(row["energy_equivalent_tce"] or 0)
    running, cumulative = 0.0, []
    for month in months:
        running += approved_by_month.get(month, 0.0)
        cumulative.append({"month": month, "approved_energy_equivalent_tce": round(running, 4)})
    by_class = {r["ledger_class"]: _figures(r) for r in data["by_class"]}
    return {
        "filters": {"year": filters.year, "industry": filters.industry,
                    "outcome": filters.ledger_class},
        "classes": [{"key": key, "label": label, **by_class.get(key, _figures(
            {"count": 0, "energy_tce": 0, "energy_equivalent_tce": 0, "co2_t": None,
             "added_value": 0}))} for key, label in CLASSES.items()],
        "total": _figures({k: sum((r[k] or 0) for r in data["by_class"]) if k != "co2_t" else
                           (sum(r[k] for r in data["by_class"] if r[k] is not None)
                            if any(r[k] is not None for r in data["by_class"]) else None)
                           for k in ("count", "energy_tce", "energy_equivalent_tce", "co2_t",
                                     "added_value")}),
        "months": months, "monthly": monthly, "cumulative": cumulative,
        "by_conclusion": [{"key": r["conclusion"], "label": conclusions.get(r["conclusion"],
                                                                            r["conclusion"]),
                           **_figures(r)} for r in data["by_conclusion"]],
        "by_outcome": [{"key": r["outcome"], "label": outcomes.get(r["outcome"], "—"),
                        **_figures(r)} for r in data["by_outcome"]],
        "by_industry": [{"division": r["division"],
                         "name": industry_name(r["division"]) or "（未知行业）",
                         **_figures(r)} for r in data["by_industry"]],
        "by_family": family_rows(data["by_family"]),
        "largest": [{"id": r["id"], "project_name": r["project_name"],
                     "industry_code": r["industry_code"],
                     "industry_name": industry_name(r["industry_code"]) or "",
                     "conclusion_label": conclusions.get(r["conclusion"], r["conclusion"]),
                     "outcome_label": outcomes.get(r["outcome"], "—"), "number": r["number"],
                     "issued_on": r["issued_on"].isoformat() if r["issued_on"] else None,
                     "energy_tce": _number(r["energy_tce"]),
                     "energy_equivalent_tce": _number(r["energy_equivalent_tce"]),
                     "co2_t": r["co2_t"], "added_value": r["added_value"]}
                    for r in data["largest"]],
        "weighted_intensity": data["weighted_intensity"],
        "intensity_target": _parameter(INTENSITY_TARGET, year_end),
        "period": {"name": period, "first": first, "last": last},
        "allowance_tce": allowance,
        "approved_in_period_tce": round(used, 4),
        "remaining_allowance_tce": None if allowance is None else round(allowance - used, 4),
        "missing": [m for m, v in (("规划期全区能源消费增量控制额度", allowance),
                                   ("全区单位增加值能耗目标", _parameter(INTENSITY_TARGET, year_end)))
                    if v is None],
        "equivalent_basis": equivalent_bases(filters.year),
    }


@bp.get("/ledger")
@login_required
def page():
    filters = filters_from(request.args)
    data = ledger_data(filters)
    return render_template("ledger.html", data=data, classes=CLASSES,
                           years=range(service.today().year, 2020, -1))


@bp.get("/ledger/export.<fmt>")
@login_required
def export(fmt: str):
    filters = filters_from(request.args)
    if fmt == "csv":
        return Response(ledger_export.csv_stream(engine(), filters),
                        mimetype="text/csv; charset=utf-8", headers={
                            "Content-Disposition": "attachment; filename=ledger.csv"})
    if fmt == "xlsx":
        body = ledger_export.xlsx_bytes(engine(), filters, ledger_data(filters))
        return Response(body, mimetype="application/vnd.openxmlformats-officedocument."
                                         "spreadsheetml.sheet",
                        headers={"Content-Disposition": "attachment; filename=ledger.xlsx"})
    abort(404, description="导出格式须为 csv 或 xlsx")
