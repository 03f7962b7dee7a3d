"""The findings of a stored review are stored once: reviews.findings_json keeps them and
reviews.summary_json keeps the rest of the summary (before, the summary repeated the findings
as its last member — about half of each row).  ReviewRecord.summary_json joins the two, so
every reader (the records pages, the documents, the ledger, impact, the API) reads the same
summary as before: for a row written as the store wrote it (the findings' text last, as in
findings_json), byte for byte; for an older row, the same JSON value with the findings last.
Both texts were always serialised from the same findings, so nothing is lost.

Revision ID: 0015_findings_once
Revises: 0014_aftercare
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0015_findings_once"
down_revision = "0014_aftercare"
branch_labels = None
depends_on = None

BATCH = 500


def _rest(summary_text: str, findings_text: str) -> str | None:
    """The summary without its findings, or None when it holds none (already migrated)."""
    tail = ', "findings": ' + findings_text + "}"
    if summary_text.endswith(tail):  # as the store wrote it: cut the text, keep every byte
        return summary_text[:-len(tail)] + "}"
    if summary_text == '{"findings": ' + findings_text + "}":
        return "{}"
    summary = json.loads(summary_text)
    if not isinstance(summary, dict) or "findings" not in summary:
        return None
    summary.pop("findings")
    return json.dumps(summary, ensure_ascii=False)


def _join(rest: str, findings: str) -> str:
    return (rest[:-1] + ", " if rest != "{}" else "{") + '"findings": ' + findings + "}"


def upgrade() -> None:
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.text(
            "SELECT id, summary_json, findings_json FROM reviews WHERE id > :last "
            "ORDER BY id LIMIT :n"), {"last": last, "n": BATCH}).fetchall()
        if not rows:
            break
        changed = [{"id": i, "rest": rest} for i, summary, findings in rows
                   if (rest := _rest(summary or "{}", findings or "[]")) is not None]
        if changed:
            bind.execute(sa.text("UPDATE reviews SET summary_json = :rest WHERE id = :id"),
                         changed)
        last = rows[-1][0]


def downgrade() -> None:
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.text(
            "SELECT id, summary_json, findings_json FROM reviews WHERE id > :last "
            "ORDER BY id LIMIT :n"), {"last": last, "n": BATCH}).fetchall()
        if not rows:
            break
        bind.execute(sa.text("UPDATE reviews SET summary_json = :whole WHERE id = :id"),
                     [{"id": i, "whole": _join(summary or "{}", findings or "[]")}
                      for i, summary, findings in rows])
        last = rows[-1][0]
