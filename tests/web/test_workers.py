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
    # The kill follows the event (polled every 10 ms: some results recorded and a task inside
    # an item), so the batch needs only to outlast one poll and the kill: after the chunks of
    # 1 and 2, more than a hundred applications are still to come (chunks of 4, 8, 16, 25 …,
    # each tens of milliseconds at least).
    total = 120
    batch_id, item_ids = _submit(app, engine, total)
    first = _worker(database_url, queue, tmp_path)
    try:
        assert _wait_for_running_item(engine, batch_id, after=3, seconds=120) is not None, \
            "no task seen running after the first results"
    finally:
        _stop(first, signal.SIGKILL)  # the main process and its child, mid-task
    killed = time.monotonic()
    # what the killed worker had started and not recorded (known only once it is dead)
    interrupted = _started_unfinished(engine, batch_id)
    killed_at = batches.progress(engine, batch_id).finished
    assert killed_at < total, "the batch ended before the worker could be killed"
    # Kombu's Redis transport gives back a message unacknowledged for longer than the
    # visibility timeout when a worker starts polling, and otherwise only in a sweep every
    # ~100 s (unacked_restore_interval × unacked_restore_throttle): the second worker starts
    # once the killed task's message is due, so it takes the message back itself, at once.
    time.sleep(max(0.0, killed + VISIBILITY - time.monotonic()))
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


def _wait_for_running_item(engine, batch_id: int, after: int = 0,
                           seconds: float = 30) -> int | None:
    """An item whose task has started and not finished (the worker is inside it), once at
    least `after` items of the batch are finished; polled every 10 ms."""
    from sqlalchemy import func, select

    from checker.store.models import BatchItem

    deadline = time.monotonic() + seconds
    mine = BatchItem.batch_id == batch_id
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            finished = connection.execute(select(func.count()).where(
                mine, BatchItem.status != batches.PENDING)).scalar()
            found = connection.execute(select(BatchItem.id).where(
                mine, BatchItem.status == batches.PENDING,
                BatchItem.attempts > 0)).scalar() if finished >= after else None
            connection.rollback()
            if found is not None:
                return found
            time.sleep(0.01)
    return None


def test_a_celery_batch_item_is_reviewed_like_a_single_review(app, engine, queue, tmp_path,
                                                              database_url, client, token):
    """With an administrator's value in force, the Celery worker (its own app, another
    process) reviews under the same rulebook as a single review: byte-identical stored
    summary and documents, and the item's documents issue (no 409)."""
    from checker import rulebook
    from checker.store import get_review
    from checker.store.parameters import set_value
    from tests.web.web_support import issue_review, login

    set_value(engine, rulebook.shipped().parameters, "impact.allowance_tce", 286501,
              dt.date(2026, 1, 1), "开福区能耗增量控制额度（测试）", "admin")
    batch_id, item_ids = _submit(app, engine, 1)
    worker = _worker(database_url, queue, tmp_path)
    try:
        _wait(engine, batch_id, lambda s: s.finished == 1)
    finally:
        _stop(worker)
    from_batch = batches.review_for_item(engine, item_ids[0])
    headers = {"Authorization": f"Bearer {token}"}
    single = client.post("/api/v1/reviews", json={"application": SAMPLE, "as_of": "2026-03-01"},
                         headers=headers)
    assert single.status_code == 201
    one = get_review(engine, single.json["id"])
    assert from_batch.rulebook_version == one.rulebook_version
    assert from_batch.rulebook_version.count(".") == rulebook.shipped().version.count(".") + 1
    assert from_batch.summary_json == one.summary_json
    assert login(client).status_code == 302
    for document in one.documents:
        kind = document.doc_type
        assert client.get(f"/reviews/{from_batch.id}/documents/{kind}.pdf").data == \
            client.get(f"/reviews/{one.id}/documents/{kind}.pdf").data
    issued = issue_review(client, engine, from_batch.id, token)
    assert all(d["state"] == "issued" for d in issued["documents"])
