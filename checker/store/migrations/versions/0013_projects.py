"""The project file (项目档案): the bureau's acts on a project after its opinion under Order 2025
No. 31 — start of construction, change applications and their decisions (Art. 18), lapse
(Art. 19), revocation (Art. 25), rectification (Art. 24) — one row per act, only inserted.

Revision ID: 0013_projects
Revises: 0012_working_papers
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_projects"
down_revision = "0012_working_papers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project_acts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_code", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("act_on", sa.Date, nullable=False),
        sa.Column("record_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("review_documents.id"),
                  nullable=True),
        sa.Column("linked_review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=True),
        sa.Column("request_id", sa.Integer, sa.ForeignKey("project_acts.id"), nullable=True),
        sa.Column("subject", sa.Text, nullable=False, server_default=""),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("basis", sa.Text, nullable=False, server_default=""),
        sa.Column("created_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_by", sa.String(80), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_project_acts_project_code", "project_acts", ["project_code"])
    op.create_index("ix_project_acts_kind", "project_acts", ["kind"])
    op.create_index("ix_project_acts_record_id", "project_acts", ["record_id"])
    once = sa.text("kind IN ('start', 'lapse', 'revocation', 'rectification')")
    op.create_index("uq_project_acts_once", "project_acts", ["record_id", "kind"], unique=True,
                    sqlite_where=once, postgresql_where=once)


def downgrade() -> None:
    op.drop_table("project_acts")
