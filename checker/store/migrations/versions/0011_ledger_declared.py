"""The ledger counts, per group of its maintained totals, the records that declared each figure
(energy_count, equivalent_count, added_count; co2_count exists): a sum over records none of
which declared a figure is "—", not 0, and a sum over some of them says how many.

Existing rows are filled from the issued records (the code that does it is frozen here).

Revision ID: 0011_ledger_declared
Revises: 0010_sign_in_failures
"""
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0011_ledger_declared"
down_revision = "0010_sign_in_failures"
branch_labels = None
depends_on = None

COUNTS = ("energy_count", "equivalent_count", "added_count")
CLASS_OF_CONCLUSION = {"approve": "approved", "conditional": "approved", "referred": None,
                       "exempt": "exempt", "reject": "rejected"}


def upgrade() -> None:
    for name in COUNTS:  # plain ALTER TABLE ADD COLUMN (no table rebuild, also on SQLite)
        op.add_column("ledger_totals",
                      sa.Column(name, sa.Integer, nullable=False, server_default="0"))
    backfill(op.get_bind())


def backfill(bind) -> None:
    """The declared counts of the records issued before this migration, by the key of their
    ledger_totals row (the class as checker.store.ledger.class_of gave it then, a separate
    listing read from the record's ledger_findings)."""
    issued = bind.execute(sa.text(
        "SELECT r.conclusion, r.outcome, r.industry_code, d.issued_on, r.energy_tce, "
        "r.energy_equivalent_tce, r.added_value, EXISTS (SELECT 1 FROM ledger_findings f "
        "WHERE f.review_id = r.id AND f.rule_id = 'dual_control.separate_listing' "
        "AND f.outcome = 'with_basis') FROM reviews r "
        "JOIN review_documents d ON d.review_id = r.id AND d.position = 0 "
        "AND d.state = 'issued' WHERE d.issued_on IS NOT NULL"))
    counts: dict = {}
    for conclusion, outcome, industry, issued_on, energy, equivalent, added, listed in issued:
        if isinstance(issued_on, str):  # SQLite returns the text of the date
            year, month = int(issued_on[:4]), int(issued_on[5:7])
        else:
            year, month = issued_on.year, issued_on.month
        outcome = outcome or ""
        cls = (CLASS_OF_CONCLUSION[conclusion] or outcome) if conclusion in CLASS_OF_CONCLUSION \
            else "other"
        if cls == "approved" and listed:
            cls = "separately_listed"
        counts.setdefault((year, month, cls, conclusion, outcome, industry), Counter()).update(
            {"energy_count": energy is not None, "equivalent_count": equivalent is not None,
             "added_count": added is not None})
    if counts:
        bind.execute(sa.text(
            "UPDATE ledger_totals SET energy_count = :energy_count, "
            "equivalent_count = :equivalent_count, added_count = :added_count "
            "WHERE year = :year AND month = :month AND ledger_class = :cls "
            "AND conclusion = :conclusion AND outcome = :outcome "
            "AND industry_code = :industry"),
            [{"year": y, "month": m, "cls": c, "conclusion": k, "outcome": o, "industry": i,
              **{name: int(value[name]) for name in COUNTS}}
             for (y, m, c, k, o, i), value in counts.items()])


def downgrade() -> None:
    for name in COUNTS:  # ALTER TABLE DROP COLUMN (SQLite ≥ 3.35)
        op.execute(f"ALTER TABLE ledger_totals DROP COLUMN {name}")
