"""The ledger's maintained totals and its findings by rule family.

`ledger_findings`: one row per finding of an issued record (its main document issued),
written at issue and deleted at void, with the rule's family, part and severity and the issue
year and month.  `ledger_totals`: counts and sums of the issued records per issue year, month,
ledger class, conclusion, outcome and industry code; `ledger_family_totals`: findings and
records per year, month, class, industry code, rule family and severity.  Both are kept in
step in the transaction of every issue and void, so the ledger page reads small tables; an
index on the reviews' issue year and new energy gives the largest projects of a year.

Existing issued records are backfilled from their stored findings and figures (the code that
does it is frozen here: later changes of the application do not change this migration).

Revision ID: 0007_ledger_findings
Revises: 0006_batch
"""
import json
from collections import Counter, defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0007_ledger_findings"
down_revision = "0006_batch"
branch_labels = None
depends_on = None

SEPARATE_LISTING = "dual_control.separate_listing"
CLASS_OF_CONCLUSION = {"approve": "approved", "conditional": "approved", "referred": None,
                       "exempt": "exempt", "reject": "rejected"}


def stored_finding(data: dict) -> dict:
    """Frozen copy of checker.findings.stored_finding: records stored before findings had a
    review part are of the energy part."""
    return data if "part" in data else {**data, "part": "energy"}


def upgrade() -> None:
    findings = op.create_table(
        "ledger_findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False,
                  index=True),
        sa.Column("rule_id", sa.String(120), nullable=False, index=True),
        sa.Column("family", sa.String(60), nullable=False),
        sa.Column("part", sa.String(20), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("outcome", sa.String(60), nullable=False),
        sa.Column("issued_year", sa.Integer, nullable=False),
        sa.Column("issued_month", sa.Integer, nullable=False),
    )
    op.create_index("ix_ledger_findings_period_family", "ledger_findings",
                    ["issued_year", "issued_month", "family"])
    totals = op.create_table(
        "ledger_totals",
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("month", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("ledger_class", sa.String(30), primary_key=True),
        sa.Column("conclusion", sa.String(20), primary_key=True),
        sa.Column("outcome", sa.String(30), primary_key=True),
        sa.Column("industry_code", sa.String(8), primary_key=True),
        *[sa.Column(name, sa.Integer, nullable=False) for name in ("count", "co2_count")],
        *[sa.Column(name, sa.Float, nullable=False)
          for name in ("energy_tce", "energy_equivalent_tce", "co2_t", "added_value",
                       "valued_energy", "valued_added")],
    )
    families = op.create_table(
        "ledger_family_totals",
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("month", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("ledger_class", sa.String(30), primary_key=True),
        sa.Column("industry_code", sa.String(8), primary_key=True),
        sa.Column("family", sa.String(60), primary_key=True),
        sa.Column("severity", sa.String(20), primary_key=True),
        sa.Column("findings", sa.Integer, nullable=False),
        sa.Column("records", sa.Integer, nullable=False),
    )
    # the largest projects of a year: read backwards from the largest, LIMIT 10
    op.create_index("ix_reviews_ledger_largest", "reviews",
                    ["opinion_year", "energy_equivalent_tce", "id"])
    backfill(op.get_bind(), findings, totals, families)


def backfill(bind, findings, totals, families, batch: int = 1000) -> None:
    """The ledger tables of the records issued before this migration."""
    issued = bind.execute(sa.text(
        "SELECT r.id, r.conclusion, r.outcome, r.industry_code, r.findings_json, r.energy_tce, "
        "r.energy_equivalent_tce, r.co2_t, r.added_value, d.issued_on FROM reviews r "
        "JOIN review_documents d ON d.review_id = r.id AND d.position = 0 "
        "AND d.state = 'issued' WHERE d.issued_on IS NOT NULL ORDER BY r.id"))
    sums: dict = defaultdict(lambda: Counter())
    counts: dict = defaultdict(lambda: Counter())
    rows: list[dict] = []
    for (review_id, conclusion, outcome, industry, findings_json, energy, equivalent, co2,
         added, issued_on) in issued:
        if isinstance(issued_on, str):  # SQLite returns the text of the date
            year, month = int(issued_on[:4]), int(issued_on[5:7])
        else:
            year, month = issued_on.year, issued_on.month
        outcome = outcome or ""
        record_findings = [stored_finding(f) for f in json.loads(findings_json or "[]")]
        cls = (CLASS_OF_CONCLUSION[conclusion] or outcome) if conclusion in CLASS_OF_CONCLUSION \
            else "other"
        if cls == "approved" and any(f["rule_id"] == SEPARATE_LISTING
                                     and f.get("outcome") == "with_basis"
                                     for f in record_findings):
            cls = "separately_listed"  # 国家重大项目能耗单列: outside the district's allowance
        valued = added is not None and added > 0
        into = sums[(year, month, cls, conclusion, outcome, industry)]
        into.update({"count": 1, "energy_tce": energy or 0.0,
                     "energy_equivalent_tce": equivalent or 0.0, "co2_t": co2 or 0.0,
                     "co2_count": int(co2 is not None), "added_value": added or 0.0,
                     "valued_energy": (energy or 0.0) if valued else 0.0,
                     "valued_added": added if valued else 0.0})
        seen = set()
        for finding in record_findings:
            family = finding["rule_id"].split(".", 1)[0]
            key = (year, month, cls, industry, family, finding["severity"])
            counts[key]["findings"] += 1
            if key not in seen:
                seen.add(key)
                counts[key]["records"] += 1
            rows.append({"review_id": review_id, "rule_id": finding["rule_id"],
                         "family": family, "part": finding["part"],
                         "severity": finding["severity"],
                         "outcome": finding.get("outcome") or "",
                         "issued_year": year, "issued_month": month})
        if len(rows) >= batch:
            bind.execute(findings.insert(), rows)
            rows = []
    if rows:
        bind.execute(findings.insert(), rows)
    names = ("year", "month", "ledger_class", "conclusion", "outcome", "industry_code")
    figures = ("count", "energy_tce", "energy_equivalent_tce", "co2_t", "co2_count",
               "added_value", "valued_energy", "valued_added")
    if sums:
        bind.execute(totals.insert(), [{**dict(zip(names, key)),
                                        **{f: value.get(f, 0) for f in figures}}
                                       for key, value in sums.items()])
    family_names = ("year", "month", "ledger_class", "industry_code", "family", "severity")
    if counts:
        bind.execute(families.insert(), [{**dict(zip(family_names, key)),
                                          "findings": value["findings"],
                                          "records": value["records"]}
                                         for key, value in counts.items()])


def downgrade() -> None:
    op.drop_index("ix_reviews_ledger_largest", table_name="reviews")
    op.drop_table("ledger_family_totals")
    op.drop_table("ledger_totals")
    op.drop_index("ix_ledger_findings_period_family", table_name="ledger_findings")
    op.drop_table("ledger_findings")
