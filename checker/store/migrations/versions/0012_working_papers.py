"""The 审查工作底稿 (internal working paper) archived beside each issued document: the review's
verification material (rule ids, values, parameters, sources, tags, basis chains, readings,
人工复核 records, input hash, rulebook version) as it stood when the document was signed.
It is never numbered, addressed or sent; staff download it from the record's files.

Revision ID: 0012_working_papers
Revises: 0011_ledger_declared
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_working_papers"
down_revision = "0011_ledger_declared"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review_documents") as batch:
        batch.add_column(sa.Column("working_paper", sa.LargeBinary, nullable=True))
        batch.add_column(sa.Column("working_paper_sha256", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review_documents") as batch:
        batch.drop_column("working_paper_sha256")
        batch.drop_column("working_paper")
