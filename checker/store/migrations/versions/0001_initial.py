"""Initial schema: users, api_tokens, opinion_counters, reviews.

Revision ID: 0001_initial
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "opinion_counters",
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("input_json", sa.Text, nullable=False),
        sa.Column("input_sha256", sa.String(64), nullable=False, index=True),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("rulebook_version", sa.String(80), nullable=False),
        sa.Column("conclusion", sa.String(20), nullable=False, index=True),
        sa.Column("findings_json", sa.Text, nullable=False),
        sa.Column("summary_json", sa.Text, nullable=False),
        sa.Column("opinion_number", sa.String(80), nullable=False, unique=True),
        sa.Column("opinion_year", sa.Integer, nullable=False),
        sa.Column("opinion_seq", sa.Integer, nullable=False),
        sa.Column("issued_on", sa.Date, nullable=False),
        sa.Column("reviewer_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False,
                  index=True),
        sa.Column("previous_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=True),
        sa.Column("project_name", sa.String(200), nullable=False, index=True),
        sa.Column("industry_code", sa.String(8), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime, nullable=False, index=True),
        sa.UniqueConstraint("opinion_year", "opinion_seq", name="uq_reviews_year_seq"),
    )


def downgrade() -> None:
    op.drop_table("reviews")
    op.drop_table("opinion_counters")
    op.drop_table("api_tokens")
    op.drop_table("users")
