"""Parameter snapshots: the administrator's values of each settings version, kept under the
digest that ends the rulebook version of the reviews made with them, so a record renders and
issues from the rulebook it was reviewed under after the values changed.

Revision ID: 0009_parameter_snapshots
Revises: 0008_judgements
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_parameter_snapshots"
down_revision = "0008_judgements"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "parameter_snapshots",
        sa.Column("digest", sa.String(16), primary_key=True),
        sa.Column("values_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("parameter_snapshots")
