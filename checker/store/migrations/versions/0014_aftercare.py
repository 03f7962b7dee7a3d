"""After the opinion (令2025年第31号第二十一条至第二十六条): acceptances (节能审查验收, with the
builder's 自查报告 and the checklist), operating years imported from the bureau's template
(approved vs actual, overruns), 双随机一公开 draws and their inspection results; the drafter of
a document issued after the opinion (review_documents.drafter_id) and the accounts that may
be drawn as inspectors (inspectors).

Revision ID: 0014_aftercare
Revises: 0012_working_papers
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_aftercare"
down_revision = "0013_projects"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inspectors",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("added_by", sa.String(80), nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False))
    op.add_column("review_documents", sa.Column("drafter_id", sa.Integer, nullable=True))
    op.create_table(
        "acceptances",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False,
                  index=True),
        sa.Column("project_code", sa.String(40), nullable=False, index=True),
        sa.Column("phase", sa.String(100), nullable=False),
        sa.Column("trial_operation_on", sa.Date, nullable=True),
        sa.Column("items_json", sa.Text, nullable=False),
        sa.Column("report_filename", sa.String(200), nullable=True),
        sa.Column("report_type", sa.String(80), nullable=True),
        sa.Column("report_size", sa.Integer, nullable=True),
        sa.Column("report_sha256", sa.String(64), nullable=True),
        sa.Column("report_data", sa.LargeBinary, nullable=True),
        sa.Column("result", sa.String(20), nullable=True),
        sa.Column("decided_on", sa.Date, nullable=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("review_documents.id"),
                  nullable=True),
        sa.Column("created_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("review_id", "phase", name="uq_acceptances_phase"))
    op.create_table(
        "operating_years",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False,
                  index=True),
        sa.Column("project_code", sa.String(40), nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("energy_tce", sa.Float, nullable=True),
        sa.Column("energy_equivalent_tce", sa.Float, nullable=True),
        sa.Column("unit_consumption", sa.Float, nullable=True),
        sa.Column("unit_basis", sa.String(20), nullable=False),
        sa.Column("co2_t", sa.Float, nullable=True),
        sa.Column("approved_json", sa.Text, nullable=False),
        sa.Column("overruns_json", sa.Text, nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("review_documents.id"),
                  nullable=True),
        sa.Column("import_sha256", sa.String(64), nullable=False),
        sa.Column("imported_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("review_id", "year", name="uq_operating_years"))
    op.create_table(
        "inspection_draws",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("planned_on", sa.Date, nullable=False),
        sa.Column("projects", sa.Integer, nullable=False),
        sa.Column("inspectors", sa.Integer, nullable=False),
        sa.Column("pool_json", sa.Text, nullable=False),
        sa.Column("result_json", sa.Text, nullable=False),
        sa.Column("drawn_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("drawn_at", sa.DateTime, nullable=False))
    op.create_table(
        "inspection_results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draw_id", sa.Integer, sa.ForeignKey("inspection_draws.id"), nullable=False,
                  index=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False,
                  index=True),
        sa.Column("project_code", sa.String(40), nullable=False, index=True),
        sa.Column("project_name", sa.String(200), nullable=False),
        sa.Column("inspected_on", sa.Date, nullable=False),
        sa.Column("result", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("recorded_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("draw_id", "review_id", name="uq_inspection_results"))


def downgrade() -> None:
    op.drop_table("inspection_results")
    op.drop_table("inspection_draws")
    op.drop_table("operating_years")
    op.drop_table("acceptances")
    op.drop_table("inspectors")
    # plain ALTER TABLE DROP COLUMN (SQLite ≥ 3.35): rebuilding review_documents would trip
    # the foreign keys of the rows that refer to it
    op.drop_column("review_documents", "drafter_id")
