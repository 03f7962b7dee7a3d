"""The work of a batch, in the task bodies Celery workers and the local process pool both run
(each in an application context of its own app: web.jobs dispatches, web.pool runs the local
processes, web.celery_init_app gives Celery's tasks their app).

A task takes a chunk of items (web.jobs.plan): it reviews them, then stores their reviews and
rows in one transaction (checker.store.batches.store_results) — one message, one commit and one
progress update per chunk instead of per application.

Every item is reviewed under the same rulebook as a single review: the rulebook in force of
the worker's app (web.books: the shipped rules, the local parameters file and the
administrator's values in the database), read once per chunk — so a batch item and a single
review of the same file store the same summary and render the same documents.

A task is idempotent: it does nothing for an item that is no longer pending, and the review
it creates records the item (reviews.batch_item_id, unique), so a task redelivered after its
worker was killed finds the review made before the kill instead of making a second one (a
chunk whose items meet such a review, or another run's, goes item by item: process_item).
"""
from __future__ import annotations

from typing import Any

from celery import shared_task
from sqlalchemy.exc import IntegrityError

from checker import batch as batching
from checker import intake
from checker.store import batches

TASK_NAME = "checker.batch_item"        # one item (queued by earlier versions)
CHUNK_TASK_NAME = "checker.batch_items"  # a chunk of items


@shared_task(name=CHUNK_TASK_NAME, bind=True, max_retries=5)
def batch_items(task, item_ids: list[int]) -> dict[str, int]:
    """Celery: review a chunk of items (in the worker's app context, web.celery_init_app)."""
    try:
        return process_items(item_ids)
    except Exception as exc:  # database gone for a moment: try again later
        raise task.retry(exc=exc, countdown=2)


@shared_task(name=TASK_NAME, bind=True, max_retries=5)
def batch_item(task, item_id: int) -> str:
    """Celery: review one item (messages queued by earlier versions)."""
    try:
        return process_item(item_id)
    except Exception as exc:  # database gone for a moment: try again later
        raise task.retry(exc=exc, countdown=2)


def warm(app) -> None:
    """A worker process's start (Celery's worker_process_init, the local pool's initializer):
    the engine's connections inherited from a forked parent are dropped, and the rulebook is
    loaded now, not in the first task (the first results of a batch are not held back)."""
    from web import books

    app.extensions["engine"].dispose(close=False)
    try:
        with app.app_context():
            books.in_force()
    except Exception as exc:  # the first task will try again and report it
        import logging

        logging.getLogger(__name__).warning("批量审查工作进程预加载失败：%s", exc)


def process_items(item_ids: list[int]) -> dict[str, int]:
    """Review a chunk of batch applications and record them in one transaction per batch
    (needs an application context); how many items ended in each state."""
    from web.db import engine

    counts: dict[str, int] = {}
    items = batches.pending_of(engine(), item_ids)
    counts["skipped"] = len(item_ids) - len(items)
    groups: dict[int, list] = {}
    for item in items:
        groups.setdefault(item.batch_id, []).append(item)
    for batch_id, group in groups.items():
        for status in _process_group(batches.get_batch(engine(), batch_id), group):
            counts[status] = counts.get(status, 0) + 1
    return {k: v for k, v in counts.items() if v}


def _process_group(batch, items) -> list[str]:
    from web import books, service
    from web.db import engine

    ids = [item.id for item in items]
    if batch.cancelled:
        return [_finish(item.id, batches.CANCELLED, {}) for item in items]
    batches.start_items(engine(), ids)
    reviewed = batches.reviews_for_items(engine(), ids)
    book = books.in_force()
    results, one_by_one = [], []
    for item in items:
        if item.id in reviewed:  # a review made by a run killed before recording the item
            one_by_one.append(item)
        else:
            results.append(_fresh(service, item, batch, book))
    try:
        stored = batches.store_results(engine(), batch.id, batch.created_by, results, book)
    except IntegrityError:  # another run of these items stored a review meanwhile
        stored, one_by_one = {}, items
    statuses = list(stored.values())
    for item in one_by_one:
        status, row = _review(service, item, batch)
        statuses.append(_finish(item.id, status, row))
    return statuses


def _finish(item_id: int, status: str, row: dict[str, Any]) -> str:
    from web.db import engine

    return status if batches.finish_item(engine(), item_id, status, row) else "skipped"


def _fresh(service, item, batch, book) -> batches.Result:
    """Review an item not reviewed before (nothing stored yet) under `book`."""
    if item.read_error is not None:
        return batches.Result(item.id, batches.ERROR, batching.error_row(
            item.name, [{"path": "", "message": item.read_error}]))
    try:
        result = service.review_input(intake.parse_json(item.input_text), batch.as_of, book)
    except intake.InputError as exc:
        return batches.Result(item.id, batches.ERROR, batching.error_row(item.name, exc.problems))
    return batches.Result(item.id, batches.DONE, batching.result_row(item.name, result),
                          result, item.input_text)


def process_item(item_id: int) -> str:
    """Review one batch application and record its row (needs an application context)."""
    from web import service
    from web.db import engine

    item = batches.get_item(engine(), item_id)
    if item is None or item.status != batches.PENDING:
        return "skipped"
    batch = batches.get_batch(engine(), item.batch_id)
    if batch.cancelled:
        batches.finish_item(engine(), item_id, batches.CANCELLED, {})
        return batches.CANCELLED
    batches.start_item(engine(), item_id)
    status, row = _review(service, item, batch)
    batches.finish_item(engine(), item_id, status, row)
    return status


def _review(service, item, batch) -> tuple[str, dict[str, Any]]:
    from web.db import engine

    if item.read_error is not None:
        return batches.ERROR, batching.error_row(item.name, [{"path": "",
                                                              "message": item.read_error}])
    existing = batches.review_for_item(engine(), item.id)
    try:
        if existing is not None:  # made by a run killed before it recorded the row
            result, _ = service.rereview(existing)
            record = existing
        else:
            data = intake.parse_json(item.input_text)
            try:
                record, result = service.create_review(data, item.input_text, batch.as_of,
                                                       batch.created_by, batch_item_id=item.id)
            except IntegrityError:  # another run of this task stored it meanwhile
                record = batches.review_for_item(engine(), item.id)
                result, _ = service.rereview(record)
    except intake.InputError as exc:
        return batches.ERROR, batching.error_row(item.name, exc.problems)
    return batches.DONE, {**batching.result_row(item.name, result), "review_id": record.id}
