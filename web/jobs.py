"""Background work: the review of each batch application, on Celery workers when REDIS_URL
is set (Redis as broker and result backend; `make worker`), else in a local process pool of
the web process (`make serve` needs no Redis).

A task is idempotent: it does nothing for an item that is no longer pending, and the review
it creates records the item (reviews.batch_item_id, unique), so a task redelivered after its
worker was killed finds the review made before the kill instead of making a second one.
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
TASK_NAME = "checker.batch_item"


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
            result = service.rereview(existing)
            record = existing
        else:
            data = intake.parse_json(item.input_text)
            try:
                record, result = service.create_review(data, item.input_text, batch.as_of,
                                                       batch.created_by, batch_item_id=item.id)
            except IntegrityError:  # another run of this task stored it meanwhile
                record = batches.review_for_item(engine(), item.id)
                result = service.rereview(record)
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
    """Queue the review of these batch items (Celery, or the local pool). The task id is
    the item's: queuing an item twice still reviews it once (the task checks its state)."""
    if use_celery():
        task = celery_app(redis_url(), _factory()).tasks[TASK_NAME]
        for item_id in item_ids:
            task.apply_async((item_id,), task_id=f"batch-item-{item_id}", queue=queue())
    else:
        pool = _local_pool()
        for item_id in item_ids:
            pool.submit(_local_item, item_id).add_done_callback(_log_failure)


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

    return rulebook.current().documents.settings()


def _factory():
    from flask import current_app

    return current_app.extensions["app_factory"]


_worker_app = None


def _init_worker_app(factory, settings: dict[str, Any]) -> None:
    global _worker_app
    _worker_app = factory({**settings, "SECRET_KEY": "worker"})


def _local_item(item_id: int) -> str:
    with _worker_app.app_context():
        return process_item(item_id)


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

    @app.task(name=TASK_NAME, bind=True, max_retries=5)
    def batch_item(task, item_id: int) -> str:
        nonlocal flask_app
        if flask_app is None:
            flask_app = factory()
        with flask_app.app_context():
            try:
                return process_item(item_id)
            except Exception as exc:  # database gone for a moment: try again later
                raise task.retry(exc=exc, countdown=2)

    return app
