"""Official records: document life cycle (draft → submitted → returned | issued → void), the
issued PDF/A bytes and their SHA-256, the audit log, attachments, users' bureau and sign-in
back-off, API token labels and expiry, the API's idempotency keys, and the history's search
columns (applicant, project code).

Numbers are now given at issue, so a review's opinion_number/year/seq may be null (a draft).
Existing documents were numbered when stored: they stay `issued` (their PDF is rendered and
archived the first time it is downloaded, then never again).

Revision ID: 0004_records
Revises: 0003_review_documents
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0004_records"
down_revision = "0003_review_documents"
branch_labels = None
depends_on = None


DOCUMENT_COLUMNS = "id, review_id, position, doc_type, series, state, number, year, seq, issued_on"


def _alter_reviews(change) -> None:
    """Alter `reviews` (SQLite recreates the table): the rows referencing a review (other
    reviews' previous_id, the documents of 0003) would block dropping the old table, so they
    are set aside meanwhile and restored (as 0003 does for the links)."""
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    links = bind.execute(sa.text(
        "SELECT id, previous_id FROM reviews WHERE previous_id IS NOT NULL")).fetchall()
    documents = bind.execute(sa.text(
        f"SELECT {DOCUMENT_COLUMNS} FROM review_documents")).fetchall() if sqlite else []
    if links:
        bind.execute(sa.text("UPDATE reviews SET previous_id = NULL"))
    if documents:
        bind.execute(sa.text("DELETE FROM review_documents"))
    with op.batch_alter_table("reviews") as batch:
        change(batch)
    for review_id, previous_id in links:
        bind.execute(sa.text("UPDATE reviews SET previous_id = :p WHERE id = :i"),
                     {"p": previous_id, "i": review_id})
    names = [c.strip() for c in DOCUMENT_COLUMNS.split(",")]
    for row in documents:
        bind.execute(sa.text(f"INSERT INTO review_documents ({DOCUMENT_COLUMNS}) VALUES "
                             f"({', '.join(':' + n for n in names)})"), dict(zip(names, row)))


def _upgrade_reviews(batch) -> None:
    for column in ("opinion_number", "opinion_year", "opinion_seq"):
        batch.alter_column(column, nullable=True)
    batch.add_column(sa.Column("applicant", sa.String(200), nullable=False, server_default=""))
    batch.add_column(sa.Column("project_code", sa.String(40), nullable=False,
                               server_default=""))
    batch.add_column(sa.Column("idempotency_key", sa.String(100), nullable=True))
    batch.create_index("ix_reviews_applicant", ["applicant"])
    batch.create_index("ix_reviews_project_code", ["project_code"])
    batch.create_unique_constraint("uq_reviews_idempotency", ["reviewer_id", "idempotency_key"])


def _downgrade_reviews(batch) -> None:
    batch.drop_constraint("uq_reviews_idempotency", type_="unique")
    batch.drop_index("ix_reviews_project_code")
    batch.drop_index("ix_reviews_applicant")
    for column in ("idempotency_key", "project_code", "applicant"):
        batch.drop_column(column)


def _fill_search_columns() -> None:
    """The applicant and project code of existing reviews, read from their stored input."""
    bind = op.get_bind()
    for review_id, text in bind.execute(sa.text("SELECT id, input_json FROM reviews")):
        try:
            project = json.loads(text).get("project") or {}
        except (ValueError, AttributeError):
            continue
        applicant, code = project.get("applicant"), project.get("code")
        bind.execute(sa.text("UPDATE reviews SET applicant = :a, project_code = :c "
                             "WHERE id = :i"),
                     {"a": applicant[:200] if isinstance(applicant, str) else "",
                      "c": code[:40] if isinstance(code, str) else "", "i": review_id})


def upgrade() -> None:
    _alter_reviews(_upgrade_reviews)
    _fill_search_columns()
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("bureau", sa.String(20), nullable=False,
                                   server_default="drc"))
        batch.add_column(sa.Column("failed_logins", sa.Integer, nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime, nullable=True))
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("label", sa.String(80), nullable=False, server_default=""))
        batch.add_column(sa.Column("expires_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime, nullable=True))
    with op.batch_alter_table("review_documents") as batch:
        batch.add_column(sa.Column("issued_by_id", sa.Integer, sa.ForeignKey(
            "users.id", name="fk_documents_issued_by"), nullable=True))
        batch.add_column(sa.Column("pdf", sa.LargeBinary, nullable=True))
        batch.add_column(sa.Column("pdf_sha256", sa.String(64), nullable=True))
        batch.add_column(sa.Column("reason", sa.Text, nullable=True))
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("user_name", sa.String(80), nullable=False),
        sa.Column("action", sa.String(30), nullable=False, index=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=True,
                  index=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("review_documents.id"),
                  nullable=True),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
    )
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False,
                  index=True),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("uploaded_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("attachments")
    op.drop_table("audit_events")
    with op.batch_alter_table("review_documents") as batch:
        batch.drop_constraint("fk_documents_issued_by", type_="foreignkey")
        for column in ("reason", "pdf_sha256", "pdf", "issued_by_id"):
            batch.drop_column(column)
    # plain ALTER TABLE … DROP COLUMN: recreating `users` on SQLite would be blocked by the
    # rows that reference it
    for column in ("revoked_at", "expires_at", "label"):
        op.drop_column("api_tokens", column)
    for column in ("locked_until", "failed_logins", "bureau"):
        op.drop_column("users", column)
    _alter_reviews(_downgrade_reviews)
