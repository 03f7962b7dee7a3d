"""The district ledger (能耗台账): issued records summed in SQL.

A record counts once its main document (position 0: 节能审查意见, 转报函 or 告知书) is issued
(`review_documents.state == 'issued'`; drafts and voids never count), in the month of its issue
date.  Records are grouped by their ledger class: approved by the district (approve /
conditional), forwarded to the city or province (shown apart: they draw on the district's
allowance only once approved upstream), exempt, rejected, other (incomplete / undetermined).
Every figure is an SQL aggregate over indexed columns, never a loop over all reviews.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, desc, extract, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from checker.store.models import ReviewDocument, ReviewRecord

ISSUED = "issued"
CLASSES = {"approved": "区级审查通过（通过、有条件通过）", "referral_city": "转报市级审查",
           "referral_province": "经市转报省级审查", "exempt": "不单独进行节能审查",
           "rejected": "不予通过", "other": "其他（材料不全、权限待定）"}
LARGEST = 10


def ledger_figures(summary: dict[str, Any]) -> dict[str, float | None]:
    """The ledger's figures of one review summary: energy 当量值, new energy 等价值 (the
    impact analysis' d), CO₂ from the carbon account (absent until it exists: None), added value."""
    energy = summary.get("energy") or {}
    impact = summary.get("impact") or {}
    carbon = summary.get("carbon") or {}
    return {"energy_tce": energy.get("total_tce"),
            "energy_equivalent_tce": impact.get("new_energy_tce"),
            "co2_t": carbon.get("total_tco2"),
            "added_value": impact.get("added_value")}


def set_document_state(engine: Engine, review_id: int, state: str,
                       issued_on: dt.date | None = None) -> None:
    """Set the state (draft / submitted / returned / issued / void) of a review's main document,
    with its issue date when issued.  A stand-in for the document life cycle's own sign-off."""
    values: dict[str, Any] = {"state": state}
    if issued_on is not None:
        values["issued_on"] = issued_on
    with Session(engine) as session, session.begin():
        session.execute(update(ReviewDocument).where(ReviewDocument.review_id == review_id,
                                                     ReviewDocument.position == 0)
                        .values(**values))


@dataclass
class LedgerFilters:
    year: int | None = None
    industry: str = ""       # GB/T 4754 code prefix
    ledger_class: str = ""   # a key of CLASSES
    years: tuple[int, int] | None = None  # a span of years (a plan period), instead of `year`


def ledger_class():
    """The ledger class of a review, as an SQL expression."""
    r = ReviewRecord
    return case((r.conclusion.in_(("approve", "conditional")), "approved"),
                (r.conclusion == "referred", r.outcome),
                (r.conclusion == "exempt", "exempt"),
                (r.conclusion == "reject", "rejected"), else_="other")


def _issued(filters: LedgerFilters, *columns):
    d, r = ReviewDocument, ReviewRecord
    query = select(*columns).select_from(r).join(
        d, and_(d.review_id == r.id, d.position == 0, d.state == ISSUED))
    first, last = filters.years or (filters.year, filters.year)
    if first:
        query = query.where(d.issued_on >= dt.date(first, 1, 1),
                            d.issued_on <= dt.date(last, 12, 31))
    if filters.industry:
        query = query.where(r.industry_code.like(f"{filters.industry}%"))
    if filters.ledger_class:
        query = query.where(ledger_class() == filters.ledger_class)
    return query


def _sums():
    r = ReviewRecord
    return (func.count().label("count"), func.coalesce(func.sum(r.energy_tce), 0.0).label("energy_tce"),
            func.coalesce(func.sum(r.energy_equivalent_tce), 0.0).label("energy_equivalent_tce"),
            func.sum(r.co2_t).label("co2_t"),
            func.coalesce(func.sum(r.added_value), 0.0).label("added_value"))


def _rows(session, query) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in session.execute(query)]


def approved_new_energy(engine: Engine, first: int, last: int) -> float:
    """New energy (等价值) of the district-approved records issued in the years first–last."""
    r = ReviewRecord
    query = _issued(LedgerFilters(years=(first, last)),
                    func.coalesce(func.sum(r.energy_equivalent_tce), 0.0))
    with Session(engine) as session:
        return float(session.scalar(query.where(ledger_class() == "approved")) or 0.0)


FIGURES = ("count", "energy_tce", "energy_equivalent_tce", "co2_t", "added_value")


def _roll_up(groups: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Sum the figures of `groups` by `keys` (a loop over groups, whose number is bounded by
    months × classes × conclusions × outcomes × industries, not by the number of reviews);
    CO₂ stays None when no record of the group has a carbon account."""
    rolled: dict[tuple, dict[str, Any]] = {}
    for group in groups:
        key = tuple(group[k] for k in keys)
        into = rolled.setdefault(key, {**dict(zip(keys, key)), "count": 0, "energy_tce": 0.0,
                                       "energy_equivalent_tce": 0.0, "co2_t": None,
                                       "added_value": 0.0})
        for figure in FIGURES:
            value = group[figure]
            if value is not None:
                into[figure] = (into[figure] or 0) + value
    return list(rolled.values())


def summary(engine: Engine, filters: LedgerFilters) -> dict[str, Any]:
    """Totals by class, month, conclusion, outcome and industry; the largest projects; the
    weighted energy per added value of the district-approved projects.

    One grouped SQL pass over the filtered issued records gives the finest groups (month,
    class, conclusion, outcome, industry division); every table is rolled up from those."""
    r, d = ReviewRecord, ReviewDocument
    cls = ledger_class().label("ledger_class")
    year = extract("year", d.issued_on).label("year")
    month = extract("month", d.issued_on).label("month")
    division = func.substr(r.industry_code, 1, 2).label("division")
    valued = r.added_value > 0
    finest = (year, month, cls, r.conclusion, r.outcome, division)
    with Session(engine) as session:
        groups = _rows(session, _issued(
            filters, *finest, *_sums(),
            func.sum(case((valued, r.energy_tce))).label("valued_energy"),
            func.sum(case((valued, r.added_value))).label("valued_added"))
            .group_by(*finest))
        largest = _rows(session, _issued(
            filters, r.id, r.project_name, r.industry_code, r.conclusion, r.outcome,
            d.number, d.issued_on, r.energy_tce, r.energy_equivalent_tce, r.co2_t,
            r.added_value).order_by(desc(r.energy_equivalent_tce).nulls_last(), r.id)
            .limit(LARGEST))
    for group in groups:
        group["year"], group["month"] = int(group["year"]), int(group["month"])
    approved = [g for g in groups if g["ledger_class"] == "approved"]
    energy = sum(g["valued_energy"] or 0 for g in approved)
    added = sum(g["valued_added"] or 0 for g in approved)
    by_industry = sorted(_roll_up(groups, ("division",)),
                         key=lambda g: (-g["energy_equivalent_tce"], g["division"]))
    return {"by_class": _roll_up(groups, ("ledger_class",)),
            "monthly": sorted(_roll_up(groups, ("year", "month", "conclusion")),
                              key=lambda g: (g["year"], g["month"], g["conclusion"])),
            "by_conclusion": _roll_up(groups, ("conclusion",)),
            "by_outcome": _roll_up(groups, ("outcome",)), "by_industry": by_industry,
            "largest": largest,
            "weighted_intensity": round(energy / added, 4) if energy and added else None}


def records(engine: Engine, filters: LedgerFilters, batch: int = 2000):
    """Every issued record with its ledger figures, oldest issue first (for the exports),
    streamed in batches."""
    r, d = ReviewRecord, ReviewDocument
    query = _issued(filters, r.id, d.number, d.issued_on, r.project_name, r.industry_code,
                    ledger_class().label("ledger_class"), r.conclusion, r.outcome,
                    r.energy_tce, r.energy_equivalent_tce, r.co2_t, r.added_value) \
        .order_by(d.issued_on, r.id)
    with Session(engine) as session:
        for row in session.execute(query.execution_options(yield_per=batch)):
            yield dict(row._mapping)
