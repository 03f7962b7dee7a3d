"""The district ledger (能耗台账) and the administrator's parameter settings (参数设置): per-review figures the ledger sums in SQL — annual energy
(当量值), new energy on the dual-control basis (等价值), CO₂ and added value — and an index on
the documents' state and issue date, so the ledger's aggregates read indexes, not every row.

The administrator's parameter values (local_parameters) and their audit (parameter_changes,
whose largest id is the settings' version every web worker checks).

Existing reviews get their figures from their stored summary (CO₂ stays empty where the review
has no carbon account).

Revision ID: 0005_ledger
Revises: 0003_review_documents
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0005_ledger"
down_revision = "0004_records"
branch_labels = None
depends_on = None

COLUMNS = ("energy_tce", "energy_equivalent_tce", "co2_t", "added_value")


def upgrade() -> None:
    for name in COLUMNS:  # plain ALTER TABLE ADD COLUMN (no table rebuild, also on SQLite)
        op.add_column("reviews", sa.Column(name, sa.Float, nullable=True))
    op.create_index("ix_reviews_energy_equivalent_tce", "reviews", ["energy_equivalent_tce"])
    op.create_index("ix_reviews_ledger", "reviews", ["conclusion", "outcome", "industry_code"])
    op.create_index("ix_review_documents_ledger", "review_documents",
                    ["state", "issued_on", "position", "review_id"])
    op.create_table(
        "local_parameters",
        sa.Column("name", sa.String(120), primary_key=True),
        sa.Column("value_json", sa.Text, nullable=False),
        sa.Column("since", sa.Date, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("updated_by", sa.String(80), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "parameter_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False, index=True),
        sa.Column("old_json", sa.Text, nullable=True),
        sa.Column("new_json", sa.Text, nullable=True),
        sa.Column("changed_by", sa.String(80), nullable=False),
        sa.Column("changed_at", sa.DateTime, nullable=False),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, summary_json FROM reviews")).fetchall()
    for review_id, summary in rows:
        figures = ledger_figures(json.loads(summary or "{}"))
        bind.execute(sa.text("UPDATE reviews SET energy_tce = :energy_tce, "
                             "energy_equivalent_tce = :energy_equivalent_tce, co2_t = :co2_t, "
                             "added_value = :added_value WHERE id = :id"),
                     {**figures, "id": review_id})


def ledger_figures(summary: dict) -> dict:
    """The ledger's figures of one stored summary (a copy of the store's, frozen here)."""
    energy = summary.get("energy") or {}
    impact = summary.get("impact") or {}
    carbon = summary.get("carbon") or {}
    return {"energy_tce": energy.get("total_tce"),
            "energy_equivalent_tce": impact.get("new_energy_tce"),
            "co2_t": carbon.get("total_tco2"),
            "added_value": impact.get("added_value")}


def downgrade() -> None:
    op.drop_table("parameter_changes")
    op.drop_table("local_parameters")
    op.drop_index("ix_review_documents_ledger", table_name="review_documents")
    op.drop_index("ix_reviews_ledger", table_name="reviews")
    op.drop_index("ix_reviews_energy_equivalent_tce", table_name="reviews")
    for name in COLUMNS:  # ALTER TABLE DROP COLUMN (SQLite ≥ 3.35): no rebuild of reviews,
        op.execute(f"ALTER TABLE reviews DROP COLUMN {name}")  # which others reference
