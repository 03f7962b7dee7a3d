"""Review documents and numbering series: every document of a review (节能审查意见, 转报函,
告知书, 污染物排放与VOCs控制合规意见) gets its own row and its number from its own series;
counters are keyed by (series, year); reviews record their outcome.

Existing reviews keep their numbers: each becomes the review's 节能审查意见 (series
energy_opinion), and the yearly opinion counters become that series' counters.

Revision ID: 0003_review_documents
Revises: 0002_session_epoch
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_review_documents"
down_revision = "0002_session_epoch"
branch_labels = None
depends_on = None


def _alter_reviews(change) -> None:
    """Alter `reviews` (SQLite recreates the table): rows referencing other reviews
    (previous_id) would block dropping the old table, so the links are set aside and restored."""
    bind = op.get_bind()
    links = bind.execute(sa.text(
        "SELECT id, previous_id FROM reviews WHERE previous_id IS NOT NULL")).fetchall()
    if links:
        bind.execute(sa.text("UPDATE reviews SET previous_id = NULL"))
    with op.batch_alter_table("reviews") as batch:
        change(batch)
    for review_id, previous_id in links:
        bind.execute(sa.text("UPDATE reviews SET previous_id = :p WHERE id = :i"),
                     {"p": previous_id, "i": review_id})


def _upgrade_reviews(batch) -> None:
    batch.drop_constraint("uq_reviews_year_seq", type_="unique")
    batch.add_column(sa.Column("outcome", sa.String(30), nullable=False, server_default=""))
    batch.create_index("ix_reviews_outcome", ["outcome"])


def _downgrade_reviews(batch) -> None:
    batch.drop_index("ix_reviews_outcome")
    batch.drop_column("outcome")
    batch.create_unique_constraint("uq_reviews_year_seq", ["opinion_year", "opinion_seq"])


def upgrade() -> None:
    # First recreate reviews, before any new table references it.
    _alter_reviews(_upgrade_reviews)
    op.create_table(
        "document_counters",
        sa.Column("series", sa.String(40), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
    )
    op.create_table(
        "review_documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False,
                  index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("doc_type", sa.String(40), nullable=False),
        sa.Column("series", sa.String(40), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("number", sa.String(80), nullable=True, unique=True),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("seq", sa.Integer, nullable=True),
        sa.Column("issued_on", sa.Date, nullable=True),
        sa.UniqueConstraint("series", "year", "seq", name="uq_documents_series_year_seq"),
    )
    op.execute("INSERT INTO document_counters (series, year, last_seq) "
               "SELECT 'energy_opinion', year, last_seq FROM opinion_counters")
    op.execute("INSERT INTO review_documents (review_id, position, doc_type, series, state, "
               "number, year, seq, issued_on) SELECT id, 0, 'energy_opinion', 'energy_opinion', "
               "'issued', opinion_number, opinion_year, opinion_seq, issued_on FROM reviews")
    op.drop_table("opinion_counters")


def downgrade() -> None:
    op.create_table(
        "opinion_counters",
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
    )
    op.execute("INSERT INTO opinion_counters (year, last_seq) SELECT year, last_seq "
               "FROM document_counters WHERE series = 'energy_opinion'")
    op.drop_table("review_documents")
    op.drop_table("document_counters")
    _alter_reviews(_downgrade_reviews)
