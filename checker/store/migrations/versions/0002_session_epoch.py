"""Users: session_epoch, raised at sign-out so that earlier session cookies stop working.

Revision ID: 0002_session_epoch
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_session_epoch"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_epoch", sa.Integer, nullable=False,
                                   server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_epoch")
