"""Batches: many applications reviewed in the background (web batch page, Celery workers).

`batches` holds one upload; `batch_items` one application of it, with its progress (pending,
done, error, cancelled) and its summary row, so that any browser and any reload shows the same
state. A review made for a batch item records the item (reviews.batch_item_id, unique): a task
retried after its worker was killed finds the review instead of making a second one.

Revision ID: 0006_batch
Revises: 0003_review_documents
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_batch"
down_revision = "0005_ledger"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False,
                  index=True),
        sa.Column("created_at", sa.DateTime, nullable=False, index=True),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("cancelled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("first_result_at", sa.DateTime, nullable=True),
        sa.Column("finished_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "batch_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("input_text", sa.Text, nullable=True),
        sa.Column("read_error", sa.Text, nullable=True),
        sa.Column("status", sa.String(12), nullable=False, index=True),
        sa.Column("row_json", sa.Text, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated_at", sa.DateTime, nullable=True),
        sa.UniqueConstraint("batch_id", "position", name="uq_batch_items_position"),
    )
    op.create_index("ix_batch_items_batch_status", "batch_items", ["batch_id", "status"])
    # a plain column and a unique index: SQLite adds both without recreating `reviews`
    op.add_column("reviews", sa.Column("batch_item_id", sa.Integer, nullable=True))
    op.create_index("ux_reviews_batch_item_id", "reviews", ["batch_item_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_reviews_batch_item_id", table_name="reviews")
    # a plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): recreating `reviews` would trip over
    # the rows that reference it (review_documents, previous_id)
    op.drop_column("reviews", "batch_item_id")
    op.drop_index("ix_batch_items_batch_status", table_name="batch_items")
    op.drop_table("batch_items")
    op.drop_table("batches")
