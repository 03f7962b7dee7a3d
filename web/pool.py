"""The local process pool of the web process: batches run here when no REDIS_URL is set
(`make serve` needs no Redis). Its processes are spawned, each with its own app (made by the
app factory, web.create_app, with the web app's database and document settings) and its own
rules engine; they run the same task bodies as Celery's workers (web.tasks)."""
from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from web import tasks

_pools: dict[tuple, ProcessPoolExecutor] = {}
_pool_lock = threading.Lock()


def init_app(app, factory) -> None:
    """Remember the application factory (web.create_app): the pool's processes build their own
    app with it (only web/__init__ assembles the app)."""
    app.extensions["app_factory"] = factory


def submit(chunks: list[list[int]]) -> None:
    """Run these chunks of batch items in the pool of the current app's settings."""
    pool = _local_pool()
    for chunk in chunks:
        pool.submit(_local_items, chunk).add_done_callback(_log_failure)


def _log_failure(future) -> None:
    """A local task that failed (database gone): logged; the item stays pending."""
    if future.exception() is not None:
        logging.getLogger(__name__).error("批量审查任务失败：%s", future.exception())


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
        return tasks.process_items(item_ids)
