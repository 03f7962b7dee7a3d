"""Web batch benchmark: a batch stored as the batch page stores it, reviewed by Celery
workers on Redis with 1 and then 2 worker processes (applications/s, time to first result,
worker CPU per application). PostgreSQL when one answers (as in benchmarks/load.py), else
SQLite. The baseline in the same run: 1 worker process given one application per task (the
way batches ran before chunked tasks: a message, a transaction and a progress update per
application), over a smaller batch.

The workers are started, and each has reviewed a small warm-up batch, before the measured
batch is stored: the time to first result is the batch's (created → first row recorded),
not the workers' start-up.

BENCH_BATCH_WEB_COUNT: applications (default 500; `batch_full` runs 10,000).
BENCH_BATCH_WEB_BASELINE: applications of the one-per-task baseline (default 200; 0: none).
BENCH_REDIS_URL / TEST_REDIS_URL / REDIS_URL: the Redis (default redis://127.0.0.1:6379/0);
each run uses a queue of its own.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.batch import ROOT, _count, generated, load_text
from benchmarks.load import _postgres_base, sqlite_database

DEFAULT_COUNT = 500


@contextlib.contextmanager
def _database():
    base = _postgres_base()
    if base is None:
        with sqlite_database() as url:
            yield url, "SQLite"
        return
    from checker.store.scratch import scratch_schema

    with scratch_schema(base, "bench") as url:
        yield url, "PostgreSQL"


def redis_url() -> str:
    return (os.environ.get("BENCH_REDIS_URL") or os.environ.get("TEST_REDIS_URL")
            or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")


def _workers(url: str, database_url: str, queue: str, processes: int, log: Path,
             chunk: int | None):
    env = {**os.environ, "REDIS_URL": url, "DATABASE_URL": database_url,
           "CELERY_QUEUE": queue, "SECRET_KEY": "bench"}
    if chunk:
        env["BATCH_CHUNK"] = str(chunk)
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "web", "worker", "--concurrency",
         str(processes), "--queues", queue, "--loglevel", "INFO", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True)


def _group_cpu(group: int) -> float:
    """CPU seconds (user + system) of every live process of a process group (Linux /proc)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def _wait_ready(log: Path, worker, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"Celery worker exited: {log.read_text(errors='replace')[-2000:]}")
        if b" ready." in log.read_bytes():
            return
        time.sleep(0.2)
    raise RuntimeError("Celery worker not ready within two minutes")


def _batch(app, engine, user_id: int, bodies: list[str]) -> tuple[int, float]:
    """Store a batch and queue it as the batch page does; wait for its end."""
    from checker.store import batches
    from web import jobs

    batch_id, item_ids = batches.create_batch(
        engine, user_id, dt.date(2026, 3, 1),
        [(f"{i}.json", body, None) for i, body in enumerate(bodies)])
    with app.test_request_context():
        jobs.submit(item_ids)
    while True:
        state = batches.progress(engine, batch_id, after=len(bodies))
        if state.finished == len(bodies):
            return batch_id, state
        time.sleep(0.25)


def one_run(url: str, bodies: list[str], processes: int, chunk: int | None = None) -> dict:
    from checker.store import create_user, migrate
    from web import create_app

    queue = f"bench-{uuid.uuid4().hex[:10]}"
    os.environ["CELERY_QUEUE"] = queue
    previous = os.environ.get("BATCH_CHUNK")
    if chunk:
        os.environ["BATCH_CHUNK"] = str(chunk)
    log = Path(tempfile.gettempdir()) / f"{queue}.log"
    try:
        with _database() as (database_url, label):
            app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench",
                              "REDIS_URL": url})
            engine = app.extensions["engine"]
            migrate(engine)
            user = create_user(engine, "bench", "bench-password-1", "reviewer")
            worker = _workers(url, database_url, queue, processes, log, chunk)
            try:
                _wait_ready(log, worker)
                _batch(app, engine, user.id, bodies[:4 * processes])  # warm-up
                cpu = _group_cpu(worker.pid)
                load = os.getloadavg()[0]
                start = time.monotonic()
                _, state = _batch(app, engine, user.id, bodies)
                seconds = time.monotonic() - start
                cpu = _group_cpu(worker.pid) - cpu
                load = max(load, os.getloadavg()[0])
                first = (state.batch.first_result_at - state.batch.created_at).total_seconds()
            finally:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=60)
                engine.dispose()
    finally:
        if previous is None:
            os.environ.pop("BATCH_CHUNK", None)
        else:
            os.environ["BATCH_CHUNK"] = previous
        log.unlink(missing_ok=True)
    return {"seconds": seconds, "first": first, "counts": state.counts, "cpu": cpu,
            "load": load, "database": label}


def _line(label: str, count: int, data: dict) -> str:
    return (f"{label}: {count} applications in {data['seconds']:.1f} s = "
            f"{count / data['seconds']:.1f} applications/s; first result after "
            f"{data['first']:.2f} s; worker CPU {data['cpu'] / count * 1000:.1f} ms/application; "
            f"{data['counts']}; {data['database']}; load average up to {data['load']:.1f}")


def run(count: int | None = None) -> list[str]:
    count = count or _count("BENCH_BATCH_WEB_COUNT", DEFAULT_COUNT)
    baseline = _count("BENCH_BATCH_WEB_BASELINE", 200) \
        if os.environ.get("BENCH_BATCH_WEB_BASELINE", "") != "0" else 0
    url = redis_url()
    bodies = [json.dumps(a, ensure_ascii=False) for a in generated(count)]
    lines = [f"Redis {url.rsplit('@', 1)[-1]}; {os.cpu_count()} cores; {load_text()}"]
    rates = {}
    if baseline:
        data = one_run(url, bodies[:baseline], 1, chunk=1)
        rates["baseline"] = baseline / data["seconds"]
        lines.append(_line("baseline, 1 worker process, one application per task", baseline,
                           data))
    for processes in (1, 2):
        data = one_run(url, bodies, processes)
        rates[processes] = count / data["seconds"]
        lines.append(_line(f"{processes} worker process(es), chunked tasks", count, data))
    lines.append(f"speed-up 2 / 1 worker processes: {rates[2] / rates[1]:.2f}x")
    if baseline:
        lines.append(f"chunked / one per task (1 worker process): "
                     f"{rates[1] / rates['baseline']:.2f}x")
    return lines
