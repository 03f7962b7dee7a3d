"""Sign-in back-off per name and address (sign_in_failures), instead of per account: five
wrong passwords from one address lock that name from that address only — an attacker can no
longer keep an approver locked out from everywhere — and an unknown name is locked alike,
so that the answer does not tell which names exist.

Revision ID: 0010_sign_in_failures
Revises: 0009_parameter_snapshots
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_sign_in_failures"
down_revision = "0009_parameter_snapshots"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_failures",
        sa.Column("name_sha256", sa.String(64), primary_key=True),
        sa.Column("address", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("sign_in_failures")
