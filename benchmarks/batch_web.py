"""Web batch benchmark: a batch stored as the batch page stores it, reviewed by Celery
workers on Redis with 1 and then 2 worker processes (applications/s, time to first result).
PostgreSQL when one answers (as in benchmarks/load.py), else SQLite.

BENCH_BATCH_WEB_COUNT: applications (default 10,000). REDIS_URL / TEST_REDIS_URL: the Redis
(default redis://127.0.0.1:6379/0); each run uses a queue of its own.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from benchmarks.batch import ROOT, _count, generated
from benchmarks.load import _postgres_base, sqlite_database


@contextlib.contextmanager
def _database():
    base = _postgres_base()
    if base is None:
        with sqlite_database() as url:
            yield url
        return
    from checker.store.scratch import scratch_schema

    with scratch_schema(base, "bench") as url:
        yield url


def _workers(url: str, database_url: str, queue: str, processes: int, log: Path):
    env = {**os.environ, "REDIS_URL": url, "DATABASE_URL": database_url,
           "CELERY_QUEUE": queue, "SECRET_KEY": "bench"}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "web", "worker", "--concurrency",
         str(processes), "--queues", queue, "--loglevel", "WARNING", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True)


def one_run(url: str, bodies: list[str], processes: int) -> dict:
    from checker.store import batches, create_user, migrate
    from web import create_app, jobs

    queue = f"bench-{uuid.uuid4().hex[:10]}"
    os.environ["CELERY_QUEUE"] = queue
    with _database() as database_url:
        app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench",
                          "REDIS_URL": url})
        engine = app.extensions["engine"]
        migrate(engine)
        user = create_user(engine, "bench", "bench-password-1", "reviewer")
        worker = _workers(url, database_url, queue, processes, Path(f"/tmp/{queue}.log"))
        try:
            time.sleep(3)  # the worker processes start (not part of the batch's time)
            start = time.monotonic()
            batch_id, item_ids = batches.create_batch(
                engine, user.id, dt.date(2026, 3, 1), [(f"{i}.json", body, None)
                                                       for i, body in enumerate(bodies)])
            with app.test_request_context():
                jobs.submit(item_ids)
            while True:
                state = batches.progress(engine, batch_id, after=len(bodies))
                if state.finished == len(bodies):
                    break
                time.sleep(0.5)
            seconds = time.monotonic() - start
            first = (state.batch.first_result_at - state.batch.created_at).total_seconds()
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
            engine.dispose()
    return {"seconds": seconds, "first": first, "counts": state.counts}


def run() -> list[str]:
    count = _count("BENCH_BATCH_WEB_COUNT", 10_000)
    url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL") or \
        "redis://127.0.0.1:6379/0"
    bodies = [json.dumps(a, ensure_ascii=False) for a in generated(count)]
    lines = []
    rates = {}
    for processes in (1, 2):
        data = one_run(url, bodies, processes)
        rates[processes] = count / data["seconds"]
        lines.append(f"{processes} worker process(es): {count} applications in "
                     f"{data['seconds']:.1f} s = {rates[processes]:.1f} applications/s; "
                     f"first result after {data['first']:.2f} s; {data['counts']}")
    lines.append(f"speed-up 2 / 1 worker processes: {rates[2] / rates[1]:.2f}x")
    return lines
