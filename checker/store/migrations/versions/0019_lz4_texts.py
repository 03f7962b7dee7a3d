"""On PostgreSQL, the large texts of a review row (its findings, ~75 KB of mostly Chinese JSON
per review; its summary and its input) are compressed with LZ4 instead of the server's default,
pglz.  The server compresses these values inside the request's write transaction, for every
review the API stores: pglz took 1–2.5 ms of the server's CPU per review (on the two cores
gunicorn shares with it) and left ~28 KB of the findings' 75 KB; LZ4 takes about a fifth of
that time and leaves ~21 KB, so each commit also writes and flushes less WAL (per review
~37 → ~26 KB).  The texts read back unchanged: only how the server keeps them differs.

Values stored before keep their pglz compression (the server reads both).  Nothing changes
on SQLite, or on a PostgreSQL server built without LZ4 (it keeps pglz): the migration then
does nothing.

Revision ID: 0019_lz4_texts
Revises: 0018_unread_indexes
"""
from alembic import op

revision = "0019_lz4_texts"
down_revision = "0018_unread_indexes"
branch_labels = None
depends_on = None

COLUMNS = (("reviews", "findings_json"), ("reviews", "summary_json"), ("reviews", "input_json"))


def lz4_available(bind) -> bool:
    """Whether the server can compress with LZ4 (PostgreSQL ≥ 14 built with it)."""
    if bind.dialect.name != "postgresql":
        return False
    return bool(bind.exec_driver_sql(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
        "WHERE name = 'default_toast_compression'").scalar())


def _set(method: str) -> None:
    for table, column in COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method}")


def upgrade() -> None:
    if lz4_available(op.get_bind()):
        _set("lz4")


def downgrade() -> None:
    if lz4_available(op.get_bind()):
        _set("DEFAULT")
