"""The district ledger (能耗台账) page, its chart data, exports and API view.

Everything here reads the store's SQL aggregates (checker/store/ledger.py) and labels them
in Chinese; the district's allowance and intensity target are rulebook parameters
(rules/parameters/impact.yaml, set by an administrator), read for the selected year.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, render_template, request

from checker import exports
from checker.energy import EQUIVALENT, equivalent_basis
from checker.impact import ALLOWANCE, INTENSITY_TARGET, plan_period
from checker.industries import industry_name
from checker.outcome import EnergyConclusion
from checker.severity import Outcome, Severity
from checker.store.ledger import (CLASSES, DECLARED, LedgerFilters, approved_new_energy,
                                  summary)
from web import ledger_export, service
from web.books import in_force
from web.common import ascii_int, download
from web.db import engine
from web.security import login_required

bp = Blueprint("ledger", __name__)


def filters_from(args) -> LedgerFilters:
    """The ledger filters of a request; a bad value is refused with a Chinese message (400)."""
    year_text = (args.get("year") or "").strip()
    if year_text and not 2000 <= (ascii_int(year_text, 4) or 0) <= 2100:
        abort(400, description="参数 year（年度）须为2000—2100之间的四位年份")
    industry = (args.get("industry") or "").strip()
    if industry and ascii_int(industry, 4) is None:
        abort(400, description="参数 industry（行业代码）须为1—4位数字（GB/T 4754-2017）")
    cls = (args.get("outcome") or "").strip()
    if cls and cls not in CLASSES:
        abort(400, description=f"参数 outcome（审查结果）须为：{'、'.join(CLASSES)}")
    year = int(year_text) if year_text else service.today().year
    return LedgerFilters(year=year, industry=industry, ledger_class=cls)


def _parameter(name: str, day: dt.date) -> float | None:
    parameter = in_force().parameters.get(name)
    value = parameter.at(day) if parameter else None
    return None if value is None or value.value is None else float(value.value)


def equivalent_bases(year: int) -> list[str]:
    """The electricity 等价值 coefficients in force during `year`, each with its statistical
    year and the date it applies from (a record's new energy used the one of its review date)."""
    parameter = in_force().parameters.get(EQUIVALENT)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    values = parameter.values if parameter else []
    return [f"自{v.since.isoformat()}起{equivalent_basis(v)}"
            for i, v in enumerate(values) if not v.unset and v.since <= end
            and (i + 1 == len(values) or values[i + 1].since > start)]


def _number(value) -> float | None:
    return None if value is None else round(float(value), 4)


def _figures(row: dict[str, Any]) -> dict[str, Any]:
    """The figures of a group of records of one category: the count, each sum (None — shown
    "—" — when no record of the group declared it) and `declared`, how many records did."""
    return {"count": int(row["count"]),
            **{figure: _number(row[figure]) for figure in DECLARED},
            "declared": {figure: int(row[column]) for figure, column in DECLARED.items()}}


EMPTY = {"count": 0, **{figure: None for figure in DECLARED},
         **{column: 0 for column in DECLARED.values()}}
FIGURE_NAMES = {"energy_tce": "综合能源消费量", "energy_equivalent_tce": "新增能源消费量",
                "co2_t": "二氧化碳排放量", "added_value": "年增加值"}


def partial_note(figures: dict[str, Any]) -> str:
    """What a group's sums leave out: "新增能源消费量：3个项目中2个申报" for each figure only
    some of its records declared (CO₂: had a carbon account); "" when every record did."""
    count, declared = figures["count"], figures["declared"]
    return "；".join(f"{FIGURE_NAMES[figure]}：{count}个项目中{n}个"
                    f"{'有碳排放核算' if figure == 'co2_t' else '申报'}"
                    for figure, n in declared.items() if 0 < n < count)


def family_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The counts by rule family and severity, with the family's title (the rulebook's) and
    the severity's Chinese label."""
    titles = in_force().family_titles
    severities = {s.value: s.label for s in Severity}
    return [{"family": r["family"], "title": titles.get(r["family"], r["family"]),
             "severity": r["severity"],
             "severity_label": severities.get(r["severity"], r["severity"]),
             "findings": r["findings"], "records": r["records"]} for r in rows]


def ledger_data(filters: LedgerFilters) -> dict[str, Any]:
    """The ledger of the filtered issued records, labelled, with the allowance of the plan
    period the selected year falls in.

    Figures are summed per category only (per class, conclusion, outcome; per industry and
    class): `total` is the number of records, never a sum of approved, referred, exempt and
    rejected energy.  The allowance is compared with the new energy the district approved
    (class "approved": not the separately listed national projects, not referrals)."""
    data = summary(engine(), filters)
    conclusions = {c.value: c.label for c in EnergyConclusion}
    outcomes = {o.value: o.label for o in Outcome}
    year_end = dt.date(filters.year, 12, 31)
    period, first, last = plan_period(year_end)
    allowance = _parameter(ALLOWANCE, year_end)
    target = _parameter(INTENSITY_TARGET, year_end)
    used = approved_new_energy(engine(), first, min(last, filters.year))
    months = [f"{filters.year}-{m:02d}" for m in range(1, 13)]
    monthly = [{"month": f"{int(r['year'])}-{int(r['month']):02d}", "conclusion": r["conclusion"],
                "conclusion_label": conclusions.get(r["conclusion"], r["conclusion"]),
                **_figures(r)} for r in data["monthly"]]
    approved_by_month = {f"{r['year']}-{r['month']:02d}": r["energy_equivalent_tce"] or 0.0
                         for r in data["approved_monthly"]}
    running, cumulative = 0.0, []
    for month in months:
        running += approved_by_month.get(month, 0.0)
        cumulative.append({"month": month, "approved_energy_equivalent_tce": round(running, 4)})
    by_class = {r["ledger_class"]: r for r in data["by_class"]}
    classes = [{"key": key, "label": label, **_figures(by_class.get(key, EMPTY))}
               for key, label in CLASSES.items()]
    for row in classes:
        row["note"] = partial_note(row)
    return {
        "filters": {"year": filters.year, "industry": filters.industry,
                    "outcome": filters.ledger_class},
        "classes": classes,
        "total": {"count": sum(row["count"] for row in classes)},
        "months": months, "monthly": monthly, "cumulative": cumulative,
        "by_conclusion": [{"key": r["conclusion"], "label": conclusions.get(r["conclusion"],
                                                                            r["conclusion"]),
                           **_figures(r)} for r in data["by_conclusion"]],
        "by_outcome": [{"key": r["outcome"], "label": outcomes.get(r["outcome"], "—"),
                        **_figures(r)} for r in data["by_outcome"]],
        "by_industry": [{"division": r["division"],
                         "name": industry_name(r["division"]) or "（未知行业）",
                         "key": r["ledger_class"], "label": CLASSES[r["ledger_class"]],
                         **_figures(r)} for r in data["by_industry"]],
        "by_family": family_rows(data["by_family"]),
        "largest": [{"id": r["id"], "project_name": r["project_name"],
                     "industry_code": r["industry_code"],
                     "industry_name": industry_name(r["industry_code"]) or "",
                     "conclusion_label": conclusions.get(r["conclusion"], r["conclusion"]),
                     "outcome_label": outcomes.get(r["outcome"], "—"), "number": r["number"],
                     "issued_on": r["issued_on"].isoformat() if r["issued_on"] else None,
                     **{figure: _number(r[figure]) for figure in DECLARED}}
                    for r in data["largest"]],
        "weighted_intensity": data["weighted_intensity"],
        "intensity_target": target,
        "period": {"name": period, "first": first, "last": last},
        "allowance_tce": allowance,
        "approved_in_period_tce": round(used, 4),
        "remaining_allowance_tce": None if allowance is None else round(allowance - used, 4),
        "missing": [m for m, v in (("规划期全区能源消费增量控制额度", allowance),
                                   ("全区单位增加值能耗目标", target)) if v is None],
        "equivalent_basis": equivalent_bases(filters.year),
    }


@bp.get("/ledger")
@login_required
def page():
    filters = filters_from(request.args)
    data = ledger_data(filters)
    from checker.store.aftercare import approved_vs_actual

    return render_template("ledger.html", data=data, classes=CLASSES,
                           years=range(service.today().year, 2020, -1),
                           operating=approved_vs_actual(engine(), filters.year))


@bp.get("/ledger/export.<fmt>")
@login_required
def export(fmt: str):
    filters = filters_from(request.args)
    name = f"能耗台账-{filters.year}年"
    if fmt == "csv":
        # the titles are read here: the rows are written after the request has ended
        titles = in_force().family_titles
        return download(ledger_export.csv_stream(engine(), filters, titles), exports.CSV_TYPE,
                        exports.file_name(name, "csv"), f"ledger-{filters.year}.csv")
    if fmt == "xlsx":
        body = ledger_export.xlsx_bytes(engine(), filters, ledger_data(filters),
                                        in_force().family_titles)
        return download(body, exports.XLSX_TYPE, exports.file_name(name, "xlsx"),
                        f"ledger-{filters.year}.xlsx")
    abort(404, description="导出格式须为 csv 或 xlsx")
