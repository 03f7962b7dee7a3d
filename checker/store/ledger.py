"""The district ledger (能耗台账): issued records summed in SQL.

A record counts once its main document (position 0: 节能审查意见, 转报函 or 告知书) is issued
(`review_documents.state == 'issued'`; drafts and voids never count), in the month of its issue
date.  Records are grouped by their ledger class: approved by the district (approve /
conditional), approved and listed separately as a national major project (国家重大项目能耗单列:
shown apart, outside the district's allowance and intensity), forwarded to the city or
province (shown apart: they draw on the district's allowance only once approved upstream),
exempt, rejected, other (incomplete / undetermined).

The page reads maintained totals, not the reviews: `post` adds an issued record to the monthly
totals (ledger_totals: counts and sums per year, month, class, conclusion, outcome and industry
code) and its findings to ledger_findings and ledger_family_totals (counts by rule family and
severity), and takes it away again when its main document is voided — in the transaction of
the issue or void itself, so the totals are always those of the issued records.  Their size is
bounded by months × classes × industries (× families), whatever the number of reviews.  The
exports, which list every record, read the records themselves (streamed, linear).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, delete, desc, exists, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, aliased

from checker.store.judgements import reviewed_co2, reviewed_findings
from checker.store.models import (LedgerFamilyTotal, LedgerFinding, LedgerTotal, ProjectAct,
                                  ReviewDocument, ReviewRecord)

ISSUED = "issued"
CLASSES = {"approved": "区级审查通过（通过、有条件通过）",
           "separately_listed": "区级审查通过、国家重大项目能耗单列（不计入全区总量）",
           "referral_city": "转报市级审查",
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


# conclusion → ledger class; a referral's class is its outcome (referral_city / _province)
CLASS_OF_CONCLUSION = {"approve": "approved", "conditional": "approved", "referred": None,
                       "exempt": "exempt", "reject": "rejected"}
# 国家重大项目能耗单列 (plan 四（一）; 发改环资〔2021〕1310号): the rule and case (with its basis
# document named) by which a project is listed separately. An approved project with it is
# counted apart and does not draw on the district's allowance or enter its intensity (the
# review itself is unchanged); declared without a basis, it counts as approved.
SEPARATE_LISTING, SEPARATE_LISTING_CASE = "dual_control.separate_listing", "with_basis"


def separately_listed(findings: list[dict[str, Any]]) -> bool:
    """Whether a record's findings list it separately (SEPARATE_LISTING with its basis)."""
    return any(f["rule_id"] == SEPARATE_LISTING and f.get("outcome") == SEPARATE_LISTING_CASE
               for f in findings)


def class_of(conclusion: str, outcome: str, listed: bool = False) -> str:
    """The ledger class (a key of CLASSES) of a record's conclusion and outcome, and whether
    it is listed separately (`separately_listed`)."""
    if conclusion not in CLASS_OF_CONCLUSION:
        return "other"
    cls = CLASS_OF_CONCLUSION[conclusion] or outcome
    return "separately_listed" if cls == "approved" and listed else cls


def findings_for_ledger(session: Session, record: ReviewRecord) -> list[dict[str, Any]]:
    """The findings of a record as the ledger counts them when it is issued (rule id, part,
    severity, outcome), read in the issuing transaction: the reviewed findings (人工复核), as
    the reviewer confirmed them — judgements are closed once a document is submitted, so these
    are the findings the issued documents state."""
    return reviewed_findings(session, record)


def posted_findings(session: Session, record: ReviewRecord) -> list[dict[str, Any]]:
    """The findings the ledger counted for a record when it was issued (its ledger_findings
    rows): what a void takes away is exactly what the issue added, whatever happened since."""
    return [{"rule_id": f.rule_id, "part": f.part, "severity": f.severity,
             "outcome": f.outcome}
            for f in session.scalars(select(LedgerFinding).where(
                LedgerFinding.review_id == record.id).order_by(LedgerFinding.id))]


def _upsert(session: Session, table, keys: tuple[str, ...], row: dict[str, Any],
            counter: str) -> None:
    """Add `row`'s figures to the row of its keys (created at zero if missing), in one
    statement (INSERT … ON CONFLICT DO UPDATE: concurrent transactions add up exactly).  When
    `counter` comes back to zero every sum is set to exactly zero (no rounding residue)."""
    dialect = {"postgresql": postgresql, "sqlite": sqlite}[session.get_bind().dialect.name]
    statement = dialect.insert(table).values(**row)
    column, excluded = table.__table__.c, statement.excluded
    emptied = column[counter] + excluded[counter] == 0
    integers = ("count", "findings", "records", *DECLARED.values())
    updates = {name: case((emptied, literal(0) if name in integers else literal(0.0)),
                          else_=column[name] + excluded[name])
               for name in row if name not in keys}
    session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=updates))


TOTAL_KEYS = ("year", "month", "ledger_class", "conclusion", "outcome", "industry_code")
# each summed figure and the column counting the records that declared it: a figure no record
# of a group declared is None ("—"), not 0
DECLARED = {"energy_tce": "energy_count", "energy_equivalent_tce": "equivalent_count",
            "co2_t": "co2_count", "added_value": "added_count"}
FAMILY_KEYS = ("year", "month", "ledger_class", "industry_code", "family", "severity")


def post(session: Session, record: ReviewRecord, issued_on: dt.date,
         findings: list[dict[str, Any]], sign: int) -> None:
    """Add (sign = +1: its main document was issued on `issued_on`) or take away (sign = −1:
    voided) one record and its `findings` to or from the ledger, in the caller's transaction:
    the monthly totals, the finding rows and the counts by rule family and severity.

    The one function that changes the ledger; `findings` are those of `findings_for_ledger`
    at issue and those of `posted_findings` at void (see `post_record`)."""
    if sign not in (1, -1):
        raise ValueError("sign must be +1 or -1")
    year, month = issued_on.year, issued_on.month
    cls = class_of(record.conclusion, record.outcome or "", separately_listed(findings))
    energy, added = record.energy_tce or 0.0, record.added_value or 0.0
    valued = record.added_value is not None and record.added_value > 0
    _upsert(session, LedgerTotal, TOTAL_KEYS, {
        "year": year, "month": month, "ledger_class": cls, "conclusion": record.conclusion,
        "outcome": record.outcome or "", "industry_code": record.industry_code,
        "count": sign, "energy_tce": sign * energy,
        "energy_equivalent_tce": sign * (record.energy_equivalent_tce or 0.0),
        "co2_t": sign * (record.co2_t or 0.0), "added_value": sign * added,
        "valued_energy": sign * energy * valued, "valued_added": sign * added * valued,
        **{column: sign * (getattr(record, figure) is not None)
           for figure, column in DECLARED.items()}}, "count")
    by_family = Counter((f["rule_id"].split(".", 1)[0], f["severity"]) for f in findings)
    for (family, severity), number in sorted(by_family.items()):  # one lock order: no deadlock
        _upsert(session, LedgerFamilyTotal, FAMILY_KEYS, {
            "year": year, "month": month, "ledger_class": cls,
            "industry_code": record.industry_code, "family": family, "severity": severity,
            "findings": sign * number, "records": sign}, "records")
    if sign < 0:
        session.execute(delete(LedgerFinding).where(LedgerFinding.review_id == record.id))
    elif findings:
        session.execute(insert(LedgerFinding), [
            {"review_id": record.id, "rule_id": f["rule_id"],
             "family": f["rule_id"].split(".", 1)[0], "part": f["part"],
             "severity": f["severity"], "outcome": f.get("outcome") or "",
             "issued_year": year, "issued_month": month} for f in findings])


def post_record(session: Session, record: ReviewRecord, issued_on: dt.date, sign: int) -> None:
    """`post` with the record's findings: at issue as the ledger counts them
    (`findings_for_ledger`), at void those it counted at issue (`posted_findings`).  At issue
    the record's CO₂ becomes the one its documents state (with factors the drafter supplied,
    `reviewed_co2`), so that a void takes away what the issue added."""
    if sign > 0:
        record.co2_t = reviewed_co2(session, record)
    findings = (findings_for_ledger(session, record) if sign > 0
                else posted_findings(session, record))
    post(session, record, issued_on, findings, sign)


@dataclass
class LedgerFilters:
    year: int | None = None
    industry: str = ""       # GB/T 4754 code prefix
    ledger_class: str = ""   # a key of CLASSES
    years: tuple[int, int] | None = None  # a span of years (a plan period), instead of `year`


def ledger_class():
    """The ledger class of an issued review, as an SQL expression (`class_of`; whether it is
    listed separately is read from its ledger finding rows)."""
    r, f = ReviewRecord, aliased(LedgerFinding)  # its own alias: rebuild joins ledger_findings
    listed = exists().where(f.review_id == r.id, f.rule_id == SEPARATE_LISTING,
                            f.outcome == SEPARATE_LISTING_CASE)
    approved = [c for c, cls in CLASS_OF_CONCLUSION.items() if cls == "approved"]
    return case((and_(r.conclusion.in_(approved), listed), "separately_listed"),
                *[(r.conclusion == conclusion, cls if cls else r.outcome)
                  for conclusion, cls in CLASS_OF_CONCLUSION.items()], else_="other")


def _issued(filters: LedgerFilters, *columns):
    """The records in the ledger: main document issued, and the opinion neither lapsed
    (Order 31 Art. 19) nor revoked (Art. 25) — those left the totals that day
    (checker.store.projects)."""
    d, r, a = ReviewDocument, ReviewRecord, ProjectAct
    ended = exists().where(a.record_id == r.id, a.kind.in_(("lapse", "revocation")))
    query = select(*columns).select_from(r).join(
        d, and_(d.review_id == r.id, d.position == 0, d.state == ISSUED)).where(~ended)
    first, last = filters.years or (filters.year, filters.year)
    if first:
        query = query.where(d.issued_on >= dt.date(first, 1, 1),
                            d.issued_on <= dt.date(last, 12, 31))
    if filters.industry:
        query = query.where(r.industry_code.like(f"{filters.industry}%"))
    if filters.ledger_class:
        query = query.where(ledger_class() == filters.ledger_class)
    return query


def _totals(filters: LedgerFilters, table, *columns):
    """A query of a totals table (LedgerTotal or LedgerFamilyTotal) under `filters`."""
    query = select(*columns)
    first, last = filters.years or (filters.year, filters.year)
    if first:
        query = query.where(table.year >= first, table.year <= last)
    if filters.industry:
        query = query.where(table.industry_code.like(f"{filters.industry}%"))
    if filters.ledger_class:
        query = query.where(table.ledger_class == filters.ledger_class)
    return query


def _rows(session, query) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in session.execute(query)]


def approved_new_energy(engine: Engine, first: int, last: int) -> float:
    """New energy (等价值) of the district-approved records issued in the years first–last."""
    t = LedgerTotal
    query = _totals(LedgerFilters(years=(first, last), ledger_class="approved"), t,
                    func.coalesce(func.sum(t.energy_equivalent_tce), 0.0))
    with Session(engine) as session:
        return float(session.scalar(query) or 0.0)


FIGURES = ("count", *DECLARED, *DECLARED.values())


def _roll_up(groups: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Sum the figures of `groups` by `keys` (a loop over groups, whose number is bounded by
    months × classes × conclusions × outcomes × industries, not by the number of reviews),
    with the number of records that declared each figure (DECLARED); a figure no record of
    the group declared (CO₂ without a carbon account, an undeclared added value) is None."""
    rolled: dict[tuple, dict[str, Any]] = {}
    for group in groups:
        key = tuple(group[k] for k in keys)
        into = rolled.setdefault(key, {**dict(zip(keys, key)),
                                       **{figure: 0 for figure in FIGURES}})
        for figure in FIGURES:
            into[figure] += group[figure] or 0
    for into in rolled.values():
        for figure, column in DECLARED.items():
            if not into[column]:
                into[figure] = None
    return list(rolled.values())


def summary(engine: Engine, filters: LedgerFilters) -> dict[str, Any]:
    """Totals by class, month, conclusion, outcome and industry (by industry and class); the
    district-approved new energy by month; the largest projects; the weighted energy per
    added value of the district-approved projects.  Every table sums the records of one
    category (a class, a conclusion, an outcome): a sum across them — approved plus rejected
    energy — would mean nothing, so there is none.

    One grouped pass over the maintained monthly totals (ledger_totals) gives the finest
    groups (month, class, conclusion, outcome, industry division); every table is rolled up
    from those.  The largest projects are the only query of the records themselves (the
    first LARGEST of an index on the new energy)."""
    t, r, d = LedgerTotal, ReviewRecord, ReviewDocument
    division = func.substr(t.industry_code, 1, 2).label("division")
    finest = (t.year, t.month, t.ledger_class, t.conclusion, t.outcome, division)
    with Session(engine) as session:
        groups = _rows(session, _totals(
            filters, t, *finest, func.sum(t.count).label("count"),
            func.sum(t.energy_tce).label("energy_tce"),
            func.sum(t.energy_equivalent_tce).label("energy_equivalent_tce"),
            func.sum(t.co2_t).label("co2_t"), func.sum(t.added_value).label("added_value"),
            *[func.sum(getattr(t, column)).label(column) for column in DECLARED.values()],
            func.sum(t.valued_energy).label("valued_energy"),
            func.sum(t.valued_added).label("valued_added"))
            .where(t.count > 0).group_by(*finest))
        largest = _rows(session, _largest(filters, r.id, r.project_name, r.industry_code,
                                          r.conclusion, r.outcome, d.number, d.issued_on,
                                          r.energy_tce, r.energy_equivalent_tce, r.co2_t,
                                          r.added_value))
    for group in groups:
        group["year"], group["month"] = int(group["year"]), int(group["month"])
        for column in DECLARED.values():
            group[column] = int(group[column] or 0)
    approved = [g for g in groups if g["ledger_class"] == "approved"]
    energy = sum(g["valued_energy"] or 0 for g in approved)
    added = sum(g["valued_added"] or 0 for g in approved)
    by_industry = sorted(_roll_up(groups, ("division", "ledger_class")),
                         key=lambda g: (g["division"], list(CLASSES).index(g["ledger_class"])))
    by_month = ("year", "month")
    return {"by_class": _roll_up(groups, ("ledger_class",)),
            "monthly": sorted(_roll_up(groups, (*by_month, "conclusion")),
                              key=lambda g: (g["year"], g["month"], g["conclusion"])),
            "approved_monthly": sorted(_roll_up(approved, by_month),
                                       key=lambda g: (g["year"], g["month"])),
            "by_conclusion": _roll_up(groups, ("conclusion",)),
            "by_outcome": _roll_up(groups, ("outcome",)), "by_industry": by_industry,
            "by_family": family_counts(engine, filters),
            "largest": largest,
            "weighted_intensity": round(energy / added, 4) if energy and added else None}


def _largest(filters: LedgerFilters, *columns):
    """The LARGEST issued records by new energy (等价值; records without it are not ranked).

    The main document's issue year is repeated on the record (opinion_year, set at issue), so
    the index ix_reviews_ledger_largest (opinion_year, energy_equivalent_tce, id) is read
    backwards from the largest and the query stops after LARGEST issued records, however many
    there are."""
    r = ReviewRecord
    query = _issued(filters, *columns).where(r.energy_equivalent_tce.is_not(None))
    first, last = filters.years or (filters.year, filters.year)
    if first:
        query = query.where(r.opinion_year == first if first == last else
                            r.opinion_year.between(first, last))
    return query.order_by(desc(r.energy_equivalent_tce), desc(r.id)).limit(LARGEST)


def family_counts(engine: Engine, filters: LedgerFilters) -> list[dict[str, Any]]:
    """Findings of the filtered issued records by rule family and severity (from the
    maintained ledger_family_totals): `findings`, and `records` with at least one finding of
    that family and severity; largest families first."""
    t = LedgerFamilyTotal
    query = _totals(filters, t, t.family, t.severity,
                    func.sum(t.findings).label("findings"),
                    func.sum(t.records).label("records")) \
        .where(t.records > 0).group_by(t.family, t.severity)
    with Session(engine) as session:
        rows = _rows(session, query)
    for row in rows:
        row["findings"], row["records"] = int(row["findings"]), int(row["records"])
    return sorted(rows, key=lambda row: (-row["findings"], row["family"], row["severity"]))


def findings_by_record(engine: Engine, review_ids: list[int]) -> dict[int, dict[str, int]]:
    """The findings the ledger counts for each of `review_ids` (issued records), by rule
    family (from ledger_findings, indexed by review)."""
    f = LedgerFinding
    counts: dict[int, dict[str, int]] = {}
    if not review_ids:
        return counts
    with Session(engine) as session:
        for review_id, family, number in session.execute(
                select(f.review_id, f.family, func.count()).where(f.review_id.in_(review_ids))
                .group_by(f.review_id, f.family)):
            counts.setdefault(review_id, {})[family] = int(number)
    return counts


def rebuild(session: Session) -> None:
    """Recompute every ledger table from the issued records in SQL (a repair, and the bulk
    load of the benchmark): the totals from the records, the counts by family from the finding
    rows (which `post` writes; rebuild does not read findings_json)."""
    r, d, f = ReviewRecord, ReviewDocument, LedgerFinding
    session.execute(delete(LedgerTotal))
    session.execute(delete(LedgerFamilyTotal))
    year, month = func.extract("year", d.issued_on), func.extract("month", d.issued_on)
    cls = ledger_class()
    valued = r.added_value > 0
    keys = (year, month, cls, r.conclusion, r.outcome, r.industry_code)
    issued = _issued(LedgerFilters(), *keys, func.count(),
                     func.coalesce(func.sum(r.energy_tce), 0.0),
                     func.coalesce(func.sum(r.energy_equivalent_tce), 0.0),
                     func.coalesce(func.sum(r.co2_t), 0.0),
                     func.coalesce(func.sum(r.added_value), 0.0),
                     func.coalesce(func.sum(case((valued, r.energy_tce), else_=0.0)), 0.0),
                     func.coalesce(func.sum(case((valued, r.added_value), else_=0.0)), 0.0),
                     *[func.count(getattr(r, figure)) for figure in DECLARED]) \
        .group_by(*keys)
    session.execute(insert(LedgerTotal).from_select(
        [*TOTAL_KEYS, "count", "energy_tce", "energy_equivalent_tce", "co2_t",
         "added_value", "valued_energy", "valued_added", *DECLARED.values()], issued))
    family_keys = (f.issued_year, f.issued_month, cls, r.industry_code, f.family, f.severity)
    families = select(*family_keys, func.count(), func.count(func.distinct(f.review_id))) \
        .select_from(f).join(r, r.id == f.review_id).group_by(*family_keys)
    session.execute(insert(LedgerFamilyTotal).from_select(
        [*FAMILY_KEYS, "findings", "records"], families))


def records(engine: Engine, filters: LedgerFilters, batch: int = 2000):
    """Every issued record with its ledger figures, oldest issue first (for the exports),
    streamed in batches."""
    r, d = ReviewRecord, ReviewDocument
    query = _issued(filters, r.id, d.number, d.issued_on, r.project_name, r.project_code,
                    r.applicant, r.industry_code,
                    ledger_class().label("ledger_class"), r.conclusion, r.outcome,
                    r.energy_tce, r.energy_equivalent_tce, r.co2_t, r.added_value) \
        .order_by(d.issued_on, r.id)
    with Session(engine) as session:
        for row in session.execute(query.execution_options(yield_per=batch)):
            yield dict(row._mapping)
