"""Stored batches: an upload of many applications, each item's progress and summary row.

Progress is counted from the items' states (pending, done, error, cancelled), never kept as a
separate counter, so a task run twice cannot count twice; an item leaves `pending` once only
(a conditional update), whichever worker gets there first.

A worker records a chunk of items at once (`store_results`): their reviews, the audit events
and the items' rows in one transaction, so a worker killed mid-chunk leaves the whole chunk
pending (nothing half stored) and the redelivered task does it again.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from checker.store.audit import audit
from checker.store.models import Batch, BatchItem, ReviewRecord, User, utcnow
from checker.store.reviews import review_record

PENDING, DONE, ERROR, CANCELLED = "pending", "done", "error", "cancelled"


def create_batch(engine: Engine, user_id: int, as_of: dt.date,
                 items: Iterable[tuple[str, str | None, str | None]]) -> tuple[int, list[int]]:
    """Store a batch and its items (name, input text, or the reason it could not be read);
    returns the batch id and the item ids in order."""
    items = list(items)
    with engine.begin() as connection:
        batch_id = connection.execute(insert(Batch).values(
            created_by=user_id, as_of=as_of, total=len(items), cancelled=False,
            created_at=utcnow()).returning(Batch.id)).scalar_one()
        ids: list[int] = []
        for start in range(0, len(items), 1000):  # a few statements, no ORM object per item
            rows = [{"batch_id": batch_id, "position": index, "name": name[:300],
                     "input_text": text, "read_error": error, "status": PENDING, "attempts": 0}
                    for index, (name, text, error) in enumerate(items[start:start + 1000],
                                                                start)]
            ids += connection.execute(insert(BatchItem).returning(
                BatchItem.id, sort_by_parameter_order=True), rows).scalars().all()
        return batch_id, ids


def get_batch(engine: Engine, batch_id: int) -> Batch | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.get(Batch, batch_id)


def get_item(engine: Engine, item_id: int) -> BatchItem | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.get(BatchItem, item_id)


def review_for_item(engine: Engine, item_id: int) -> ReviewRecord | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(ReviewRecord)
                               .where(ReviewRecord.batch_item_id == item_id)).first()


def pending_of(engine: Engine, item_ids: list[int]) -> list[BatchItem]:
    """The items among `item_ids` still pending, in their order in the batch (one query)."""
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(BatchItem).where(
            BatchItem.id.in_(item_ids), BatchItem.status == PENDING)
            .order_by(BatchItem.batch_id, BatchItem.position)))


def reviews_for_items(engine: Engine, item_ids: list[int]) -> set[int]:
    """The items among `item_ids` that already have their review (made by a run killed
    before it recorded the item's row)."""
    with engine.connect() as connection:
        return set(connection.execute(select(ReviewRecord.batch_item_id).where(
            ReviewRecord.batch_item_id.in_(item_ids))).scalars())


def start_items(engine: Engine, item_ids: list[int]) -> None:
    """Count one more attempt at each of these items (one statement)."""
    with engine.begin() as connection:
        connection.execute(update(BatchItem).where(BatchItem.id.in_(item_ids))
                           .values(attempts=BatchItem.attempts + 1))


@dataclass
class Result:
    """One item's outcome as a worker hands it to `store_results`: its status, its summary
    row, and for a reviewed application the review to store with it (the input text and
    the `checker.review.Review`)."""

    item_id: int
    status: str
    row: dict[str, Any]
    review: Any = None
    input_text: str | None = None


def store_results(engine: Engine, batch_id: int, reviewer_id: int,
                  results: list[Result], book=None) -> dict[int, str]:
    """Record a chunk of items in one transaction: the reviews (drafts, each linked to its
    item), their audit events, and each item's status and row (with the review's id). Only
    items still pending are recorded (claimed first, which locks them); a review stored for
    an item meanwhile by another run raises IntegrityError and nothing of the chunk is
    stored. Returns {item_id: status} of the items recorded.  `book`: the rulebook the
    reviews were made under (the web app's in force, as for a single review)."""
    if not results:
        return {}
    now = utcnow()
    with Session(engine, expire_on_commit=False) as session, session.begin():
        claimed = set(session.scalars(
            update(BatchItem).where(BatchItem.id.in_([r.item_id for r in results]),
                                    BatchItem.status == PENDING)
            .values(updated_at=now).returning(BatchItem.id)))
        mine = [r for r in results if r.item_id in claimed]
        records = {r.item_id: review_record(r.review, r.input_text, reviewer_id,
                                            batch_item_id=r.item_id, book=book)
                   for r in mine if r.review is not None}
        if records:
            session.add_all(records.values())
            session.flush()
            reviewer = session.get(User, reviewer_id)
            for record in records.values():
                audit(session, reviewer, "create", review_id=record.id)
        rows = []
        for r in mine:
            row = {**r.row, "review_id": records[r.item_id].id} if r.item_id in records else r.row
            rows.append({"id": r.item_id, "status": r.status, "updated_at": now,
                         "row_json": json.dumps(row, ensure_ascii=False)})
        if rows:
            session.execute(update(BatchItem), rows)  # by primary key, one executemany
            _mark_progress(session.connection(), batch_id, now)
    return {r.item_id: r.status for r in mine}


def _mark_progress(connection, batch_id: int, now: dt.datetime) -> None:
    """The batch's first result time (once) and its end time when nothing is pending."""
    connection.execute(update(Batch).where(Batch.id == batch_id,
                                           Batch.first_result_at.is_(None))
                       .values(first_result_at=now))
    pending = connection.execute(select(func.count()).select_from(BatchItem).where(
        BatchItem.batch_id == batch_id, BatchItem.status == PENDING)).scalar_one()
    if not pending:
        connection.execute(update(Batch).where(Batch.id == batch_id,
                                               Batch.finished_at.is_(None))
                           .values(finished_at=now))


def start_item(engine: Engine, item_id: int) -> None:
    """Count one more attempt at an item (a retried task shows as a second attempt)."""
    with engine.begin() as connection:
        connection.execute(update(BatchItem).where(BatchItem.id == item_id)
                           .values(attempts=BatchItem.attempts + 1))


def finish_item(engine: Engine, item_id: int, status: str, row: dict[str, Any]) -> bool:
    """Record an item's result if it is still pending (False: another run already did)."""
    now = utcnow()
    with engine.begin() as connection:
        changed = connection.execute(
            update(BatchItem).where(BatchItem.id == item_id, BatchItem.status == PENDING)
            .values(status=status, row_json=json.dumps(row, ensure_ascii=False),
                    updated_at=now)).rowcount
        batch_id = connection.execute(select(BatchItem.batch_id)
                                      .where(BatchItem.id == item_id)).scalar_one()
        _mark_progress(connection, batch_id, now)
    return bool(changed)


def cancel_batch(engine: Engine, batch_id: int) -> int:
    """Cancel a batch: its pending items will not be reviewed; returns how many were left."""
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(update(Batch).where(Batch.id == batch_id).values(cancelled=True))
        left = connection.execute(
            update(BatchItem).where(BatchItem.batch_id == batch_id, BatchItem.status == PENDING)
            .values(status=CANCELLED, updated_at=now)).rowcount
        connection.execute(update(Batch).where(Batch.id == batch_id,
                                               Batch.finished_at.is_(None))
                           .values(finished_at=now))
    return left


def pending_items(engine: Engine, batch_id: int) -> list[int]:
    with Session(engine) as session:
        return list(session.scalars(select(BatchItem.id).where(
            BatchItem.batch_id == batch_id, BatchItem.status == PENDING)
            .order_by(BatchItem.position)))


@dataclass
class Progress:
    """A batch's state as every page and browser shows it."""

    batch: Batch
    counts: dict[str, int]
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def finished(self) -> int:
        return sum(n for status, n in self.counts.items() if status != PENDING)

    @property
    def state(self) -> str:
        if self.batch.cancelled:
            return "cancelled"
        return "done" if self.counts.get(PENDING, 0) == 0 else "running"

    def json(self) -> dict[str, Any]:
        return {"id": self.batch.id, "state": self.state, "total": self.batch.total,
                "finished": self.finished, "counts": self.counts, "rows": self.rows}


def progress(engine: Engine, batch_id: int, after: int = -1) -> Progress | None:
    """Counts per state and the result rows of the items after position `after`."""
    with Session(engine, expire_on_commit=False) as session:
        batch = session.get(Batch, batch_id)
        if batch is None:
            return None
        counts = dict(session.execute(select(BatchItem.status, func.count())
                                      .where(BatchItem.batch_id == batch_id)
                                      .group_by(BatchItem.status)).all())
        rows = session.execute(
            select(BatchItem.position, BatchItem.row_json, BatchItem.status)
            .where(BatchItem.batch_id == batch_id, BatchItem.position > after,
                   BatchItem.row_json.is_not(None))
            .order_by(BatchItem.position)).all()
    return Progress(batch, counts, [{"position": p, "status": s, **json.loads(r)}
                                    for p, r, s in rows])


def review_count_for_batch(engine: Engine, batch_id: int) -> int:
    """How many reviews the batch's items produced (one per item at most)."""
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(ReviewRecord).join(
            BatchItem, BatchItem.id == ReviewRecord.batch_item_id).where(
            BatchItem.batch_id == batch_id))
