"""Background work: the review of each batch application, on Celery workers when REDIS_URL
is set (Redis as broker and result backend; `make worker`), else in a local process pool of
the web process (`make serve` needs no Redis).

A task takes a chunk of items (CHUNK at most; the first chunks of a batch are smaller, so
the first results show at once): it reviews them, then stores their reviews and rows in one
transaction (checker.store.batches.store_results) — one message, one commit and one progress
update per chunk instead of per application, which is what a batch's throughput was spent on.

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

import os
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from sqlalchemy.exc import IntegrityError

from checker import batch as batching
from checker import intake
from checker.store import batches

# Celery's Redis transport redelivers a message not acknowledged within this many seconds
# (acks late: acknowledged when the task ends). It must exceed the longest task — one
# application's review and storage, seconds — with ample room; Celery's default is an hour,
# which would leave a killed worker's applications waiting that long. CELERY_VISIBILITY_TIMEOUT
# (seconds) overrides it.
VISIBILITY_TIMEOUT = 300
TASK_NAME = "checker.batch_item"        # one item (queued by earlier versions)
CHUNK_TASK_NAME = "checker.batch_items"  # a chunk of items
# Items per task: large enough that a message, a transaction and a progress update are shared
# by many reviews, small enough that results arrive every few tenths of a second and the last
# chunks spread over the workers. BATCH_CHUNK (items) overrides it.
CHUNK = 25


def chunk_size() -> int:
    try:
        return max(1, int(os.environ.get("BATCH_CHUNK") or CHUNK))
    except ValueError:
        return CHUNK


def plan(item_ids: list[int], size: int | None = None) -> list[list[int]]:
    """The items in chunks of 1, 2, 4 … then `size` (the first results are not held back
    behind a whole chunk)."""
    size = size or chunk_size()
    chunks, start, step = [], 0, 1
    while start < len(item_ids):
        chunks.append(item_ids[start:start + step])
        start += step
        step = min(size, step * 2)
    return chunks


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


# ------------------------------------------------------------------ dispatch

def redis_url() -> str:
    """The web app's REDIS_URL setting (empty: no Celery, the local pool)."""
    from flask import current_app

    return current_app.config.get("REDIS_URL") or ""


def use_celery() -> bool:
    return bool(redis_url())


def submit(item_ids: list[int]) -> None:
    """Queue the review of these batch items in chunks (Celery, or the local pool). The task
    id names its chunk's first item; queuing an item twice still reviews it once (the task
    checks each item's state)."""
    chunks = plan(list(item_ids))
    if use_celery():
        task = celery_app(redis_url(), _factory()).tasks[CHUNK_TASK_NAME]
        for chunk in chunks:
            task.apply_async((chunk,), task_id=f"batch-items-{chunk[0]}-{len(chunk)}",
                             queue=queue())
    else:
        pool = _local_pool()
        for chunk in chunks:
            pool.submit(_local_items, chunk).add_done_callback(_log_failure)


def _log_failure(future) -> None:
    """A local task that failed (database gone): logged; the item stays pending."""
    if future.exception() is not None:
        import logging

        logging.getLogger(__name__).error("批量审查任务失败：%s", future.exception())


_pools: dict[tuple, ProcessPoolExecutor] = {}
_pool_lock = threading.Lock()


def _local_pool() -> ProcessPoolExecutor:
    """The web process's own pool of (spawned) processes, each with its own app and rules
    engine; one pool per database (a process serves one app's settings)."""
    settings = _app_settings()
    key = tuple(sorted(settings.items()))
    with _pool_lock:
        if key not in _pools:
            import multiprocessing

            workers = int(os.environ.get("BATCH_LOCAL_WORKERS") or
                          max(1, (os.cpu_count() or 2) // 2))
            _pools[key] = ProcessPoolExecutor(max_workers=workers,
                                              mp_context=multiprocessing.get_context("spawn"),
                                              initializer=_init_worker_app,
                                              initargs=(_factory(), settings))
        return _pools[key]


def init_app(app, factory) -> None:
    """Remember the application factory (web.create_app): worker processes build their own
    app with it (only web/__init__ assembles the app)."""
    app.extensions["app_factory"] = factory


def _app_settings() -> dict[str, Any]:
    """What a worker's app must share with the web app: its database and its settings."""
    from flask import current_app

    keys = ["DATABASE_URL", "TESTING"] + list(_document_settings())
    return {key: current_app.config[key] for key in keys if key in current_app.config}


def _document_settings():
    from checker import rulebook

    return rulebook.shipped().documents.settings()


def _factory():
    from flask import current_app

    return current_app.extensions["app_factory"]


_worker_app = None


def _init_worker_app(factory, settings: dict[str, Any]) -> None:
    global _worker_app
    _worker_app = factory({**settings, "SECRET_KEY": "worker"})


def _local_items(item_ids: list[int]) -> dict[str, int]:
    with _worker_app.app_context():
        return process_items(item_ids)


# ------------------------------------------------------------------ Celery

_celery: dict[str, Any] = {}


def celery_app(url: str, factory):
    """The Celery application (Redis broker and result backend at `url`); its tasks run in an
    app made by `factory`. The queue is CELERY_QUEUE (default "checker"), so that separate
    installations may share one Redis."""
    if url not in _celery:
        _celery[url] = make_celery(url, factory)
    return _celery[url]


def queue() -> str:
    return os.environ.get("CELERY_QUEUE") or "checker"


def make_celery(url: str, factory):
    from celery import Celery

    visibility = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT") or VISIBILITY_TIMEOUT)
    app = Celery("checker", broker=url, backend=url)
    app.conf.update(
        task_default_queue=queue(),
        task_acks_late=True,                 # acknowledged when done: a killed worker's task
        task_reject_on_worker_lost=True,     # is redelivered, not lost
        worker_prefetch_multiplier=1,
        broker_transport_options={"visibility_timeout": visibility},
        result_backend_transport_options={"visibility_timeout": visibility},
        result_expires=24 * 3600,
        task_serializer="json", result_serializer="json", accept_content=["json"],
        broker_connection_retry_on_startup=True,
    )
    flask_app = None

    def flask():
        nonlocal flask_app
        if flask_app is None:
            flask_app = factory()
        return flask_app

    from celery.signals import worker_process_init

    @worker_process_init.connect(weak=False)
    def warm(**_):
        """Each worker process builds its app and loads the rulebook when it starts, not in
        the first task it is given (the first results of a batch are not held back)."""
        try:
            from web import books

            with flask().app_context():
                books.in_force()
        except Exception as exc:  # the first task will try again and report it
            import logging

            logging.getLogger(__name__).warning("批量审查工作进程预加载失败：%s", exc)

    @app.task(name=TASK_NAME, bind=True, max_retries=5)
    def batch_item(task, item_id: int) -> str:
        with flask().app_context():
            try:
                return process_item(item_id)
            except Exception as exc:  # database gone for a moment: try again later
                raise task.retry(exc=exc, countdown=2)

    @app.task(name=CHUNK_TASK_NAME, bind=True, max_retries=5)
    def batch_items(task, item_ids: list[int]) -> dict[str, int]:
        with flask().app_context():
            try:
                return process_items(item_ids)
            except Exception as exc:  # database gone for a moment: try again later
                raise task.retry(exc=exc, countdown=2)

    from web import housekeeping  # the daily job (Art. 19 lapses) and its beat schedule

    housekeeping.register(app, flask)
    return app
