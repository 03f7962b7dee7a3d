"""The possible duplicates of a review (the same canonical application, SHA-256, and the same
as-of date, still in draft: checker.store.reviews.duplicates, read by the API on every review
it stores and on every answer) are found by one index of both columns, (input_sha256, as_of),
instead of the index of input_sha256 alone: the date no longer has to be read from each
candidate row, whose large texts come before it (on SQLite, an overflow page per candidate).
The new index serves every lookup by input_sha256 alone too, so it replaces the old one.

Revision ID: 0017_duplicates_index
Revises: 0016_finding_keys
"""
from alembic import op

revision = "0017_duplicates_index"
down_revision = "0016_finding_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reviews_input_sha256_as_of", "reviews", ["input_sha256", "as_of"])
    op.drop_index("ix_reviews_input_sha256", table_name="reviews")


def downgrade() -> None:
    op.create_index("ix_reviews_input_sha256", "reviews", ["input_sha256"])
    op.drop_index("ix_reviews_input_sha256_as_of", table_name="reviews")
