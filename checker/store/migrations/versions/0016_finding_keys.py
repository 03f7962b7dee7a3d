"""The keys of each stored review's findings (rule id and the case that fired, e.g.
``energy_review.scope:district``), space-separated and sorted, beside the findings JSON: what
the rulebook-change impact assessment compares a stored result by (checker.change_impact),
read without parsing the stored findings text.  Written at insert (checker.store.reviews);
existing reviews are back-filled here from their stored findings (the code that does it is
frozen here: later changes of the application do not change this migration).

Revision ID: 0016_finding_keys
Revises: 0015_findings_once
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0016_finding_keys"
down_revision = "0015_findings_once"
branch_labels = None
depends_on = None


def keys_text(findings: list) -> str:
    """Frozen copy of checker.findings.keys_text over stored findings."""
    return " ".join(sorted({f"{f['rule_id']}:{f['outcome']}" for f in findings}))


def upgrade() -> None:
    # a plain ADD/DROP COLUMN on both databases (SQLite ≥ 3.35): the table is not rebuilt,
    # so the rows that reference a review are never in the way
    op.add_column("reviews", sa.Column("finding_keys", sa.Text, nullable=True))
    backfill(op.get_bind())


def backfill(bind, batch: int = 1000) -> None:
    """Fill the column of every review, `batch` rows at a time by id (keyset pages)."""
    reviews = sa.table("reviews", sa.column("id", sa.Integer),
                       sa.column("findings_json", sa.Text), sa.column("finding_keys", sa.Text))
    update = reviews.update().where(reviews.c.id == sa.bindparam("row_id")).values(
        finding_keys=sa.bindparam("keys"))
    after = 0
    while True:
        rows = bind.execute(sa.select(reviews.c.id, reviews.c.findings_json)
                            .where(reviews.c.id > after).order_by(reviews.c.id)
                            .limit(batch)).all()
        if not rows:
            return
        bind.execute(update, [{"row_id": row_id, "keys": keys_text(json.loads(text or "[]"))}
                              for row_id, text in rows])
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_column("reviews", "finding_keys")
