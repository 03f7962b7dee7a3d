"""Judgements (人工复核): a reviewer's decisions on a stored review's findings — set aside,
re-graded or added — each with its reason, who made it and when; a withdrawn judgement keeps
its row (withdrawn_at, withdrawn_by).  The engine's findings (reviews.findings_json) stay as
stored; reviews.conclusion and reviews.outcome follow the reviewed result.

Revision ID: 0008_judgements
Revises: 0007_ledger_findings
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_judgements"
down_revision = "0007_ledger_findings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "judgements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False,
                  index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("rule_id", sa.String(200), nullable=True),
        sa.Column("severity", sa.String(20), nullable=True),
        sa.Column("part", sa.String(20), nullable=True),
        sa.Column("title", sa.String(100), nullable=True),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("citation", sa.String(200), nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("withdrawn_at", sa.DateTime, nullable=True),
        sa.Column("withdrawn_by", sa.String(80), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("judgements")
