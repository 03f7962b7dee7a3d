"""Six indexes no query reads are dropped: every one of them cost B-tree page writes in each
review stored (on SQLite, WAL pages written at every commit), for nothing.

- reviews (conclusion): the first column of ix_reviews_ledger (conclusion, outcome,
  industry_code), which serves every lookup by conclusion;
- reviews (reviewer_id): the first column of the unique (reviewer_id, idempotency_key),
  which serves every lookup by reviewer (the history's reviewer filter);
- reviews (project_name), reviews (applicant): searched only with LIKE '%…%' (the history's
  search), which no B-tree index can serve;
- reviews (industry_code): filtered only by a prefix LIKE, which neither SQLite (the column
  is not NOCASE) nor PostgreSQL (a collation other than C) reads from a B-tree index; a
  count by industry reads ix_reviews_ledger, which holds the column, instead;
- audit_events (at): no query filters or orders the audit log by time (it is read by id).

Revision ID: 0018_unread_indexes
Revises: 0017_duplicates_index
"""
from alembic import op

revision = "0018_unread_indexes"
down_revision = "0017_duplicates_index"
branch_labels = None
depends_on = None

# (index, table, column) of the indexes dropped
DROPPED = (("ix_reviews_conclusion", "reviews", "conclusion"),
           ("ix_reviews_reviewer_id", "reviews", "reviewer_id"),
           ("ix_reviews_project_name", "reviews", "project_name"),
           ("ix_reviews_applicant", "reviews", "applicant"),
           ("ix_reviews_industry_code", "reviews", "industry_code"),
           ("ix_audit_events_at", "audit_events", "at"))


def upgrade() -> None:
    for name, table, _column in DROPPED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, column in DROPPED:
        op.create_index(name, table, [column])
