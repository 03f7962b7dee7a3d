"""Background work: the review of each batch application, on Celery workers when REDIS_URL
is set (Redis as broker and result backend; `make worker`), else in a local process pool of
the web process (`make serve` needs no Redis).

This module dispatches: it cuts a batch's items into chunks (`plan`) and queues them on the
app's Celery (``app.extensions["celery"]``, configured by web.celery_init_app from
`celery_settings`) or hands them to the local pool (web.pool). Both run the same task bodies,
web.tasks (reviewed under the rulebook in force of the worker's app, idempotent per item).
"""
from __future__ import annotations

import os
from typing import Any

from web import pool
from web.tasks import CHUNK_TASK_NAME, TASK_NAME, _fresh, process_item, process_items

__all__ = ["CHUNK", "CHUNK_TASK_NAME", "TASK_NAME", "VISIBILITY_TIMEOUT", "_fresh",
           "celery_settings", "chunk_size", "plan", "process_item", "process_items", "queue",
           "redis_url", "submit", "use_celery"]

# Celery's Redis transport redelivers a message not acknowledged within this many seconds
# (acks late: acknowledged when the task ends). It must exceed the longest task — one
# application's review and storage, seconds — with ample room; Celery's default is an hour,
# which would leave a killed worker's applications waiting that long. CELERY_VISIBILITY_TIMEOUT
# (seconds) overrides it.
VISIBILITY_TIMEOUT = 300
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
    from flask import current_app

    chunks = plan(list(item_ids))
    if use_celery():
        task = current_app.extensions["celery"].tasks[CHUNK_TASK_NAME]
        for chunk in chunks:
            task.apply_async((chunk,), task_id=f"batch-items-{chunk[0]}-{len(chunk)}",
                             queue=queue())
    else:
        pool.submit(chunks)


def queue() -> str:
    """The queue (CELERY_QUEUE, default "checker"), so that separate installations may share
    one Redis."""
    return os.environ.get("CELERY_QUEUE") or "checker"


def celery_settings(url: str) -> dict[str, Any]:
    """Celery's configuration: Redis at `url` as broker and result backend, late
    acknowledgement with a short visibility timeout (a killed worker's task is redelivered,
    not lost), JSON messages."""
    visibility = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT") or VISIBILITY_TIMEOUT)
    return dict(
        broker_url=url, result_backend=url,
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
