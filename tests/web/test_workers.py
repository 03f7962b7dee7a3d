"""Batches on Celery: the real Redis and real worker processes started here. A worker killed
mid-batch loses nothing and doubles nothing (acks late, redelivery after the visibility
timeout, reviews.batch_item_id unique)."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest

from checker.store import batches, count_reviews
from tests.web.web_support import SAMPLE

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"
VISIBILITY = 5  # seconds: a killed worker's tasks come back quickly in the test


def _redis_answers() -> bool:
    parsed = urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2) as c:
            c.sendall(b"PING\r\n")
            return c.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_answers(),
                                reason=f"no Redis answers at {REDIS_URL} (set TEST_REDIS_URL)")


@pytest.fixture
def queue(monkeypatch):
    """A queue of this test's own: parallel runs on the same Redis never take its tasks."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("CELERY_QUEUE", name)
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", str(VISIBILITY))
    return name


def _worker(database_url: str, queue: str, tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "REDIS_URL": REDIS_URL, "DATABASE_URL": database_url,
           "CELERY_QUEUE": queue, "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
           "SECRET_KEY": "worker-test"}
    log = open(tmp_path / f"worker-{time.monotonic_ns()}.log", "wb")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "web", "worker", "--concurrency", "1",
         "--pool", "prefork", "--queues", queue, "--loglevel", "INFO", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _submit(app, engine, count: int) -> tuple[int, list[int]]:
    from web import jobs

    batch_id, item_ids = batches.create_batch(
        engine, 1, dt.date(2026, 3, 1),
        [(f"{i}.json", json.dumps(SAMPLE, ensure_ascii=False), None) for i in range(count)])
    app.config["REDIS_URL"] = REDIS_URL
    with app.test_request_context():
        jobs.submit(item_ids)
    return batch_id, item_ids


def _wait(engine, batch_id: int, until, seconds: float = 180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = batches.progress(engine, batch_id)
        if until(state):
            return state
        time.sleep(0.2)
    raise AssertionError(f"batch {batch_id}: {state.counts}")


def test_celery_worker_reviews_a_batch(app, engine, queue, tmp_path, database_url):
    batch_id, _ = _submit(app, engine, 6)
    worker = _worker(database_url, queue, tmp_path)
    try:
        state = _wait(engine, batch_id, lambda s: s.finished == 6)
    finally:
        _stop(worker)
    assert state.counts == {"done": 6} and state.state == "done"
    assert count_reviews(engine) == 6 and batches.review_count_for_batch(engine, batch_id) == 6
    assert state.batch.first_result_at is not None and state.batch.finished_at is not None


@pytest.mark.slow
def test_killed_worker_loses_nothing_and_doubles_nothing(app, engine, queue, tmp_path,
                                                         database_url):
    # enough applications that the worker is still busy when it is killed: a chunk of 25
    # is reviewed in a few tens of milliseconds, a batch of 24 could end between two polls
    total = 240
    batch_id, item_ids = _submit(app, engine, total)
    first = _worker(database_url, queue, tmp_path)
    try:
        _wait(engine, batch_id, lambda s: s.finished >= 3)
        assert _wait_for_running_item(engine, batch_id) is not None, "no task seen running"
    finally:
        _stop(first, signal.SIGKILL)  # the main process and its child, mid-task
    # what the killed worker had started and not recorded (known only once it is dead)
    interrupted = _started_unfinished(engine, batch_id)
    killed_at = batches.progress(engine, batch_id).finished
    assert killed_at < total, "the batch ended before the worker could be killed"
    second = _worker(database_url, queue, tmp_path)
    try:
        state = _wait(engine, batch_id, lambda s: s.finished == total)
    finally:
        _stop(second)
    assert state.counts == {"done": total}
    assert count_reviews(engine) == total  # no second review for any application
    review_ids = [row["review_id"] for row in state.rows]
    assert len(set(review_ids)) == total
    for item_id in item_ids:
        assert batches.review_for_item(engine, item_id) is not None
    for item_id in interrupted:  # redelivered and run again (its review made once)
        assert batches.get_item(engine, item_id).attempts >= 2


def _started_unfinished(engine, batch_id: int) -> list[int]:
    from sqlalchemy import select

    from checker.store.models import BatchItem

    with engine.connect() as connection:
        return list(connection.execute(select(BatchItem.id).where(
            BatchItem.batch_id == batch_id, BatchItem.status == batches.PENDING,
            BatchItem.attempts > 0)).scalars())


def _wait_for_running_item(engine, batch_id: int, seconds: float = 30) -> int | None:
    """An item whose task has started and not finished (the worker is inside it)."""
    from sqlalchemy import select

    from checker.store.models import BatchItem

    deadline = time.monotonic() + seconds
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            found = connection.execute(select(BatchItem.id).where(
                BatchItem.batch_id == batch_id, BatchItem.status == batches.PENDING,
                BatchItem.attempts > 0)).scalar()
            connection.rollback()
            if found is not None:
                return found
            time.sleep(0.01)
    return None
