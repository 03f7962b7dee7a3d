"""The writers' queue of SQLite (checker.store.writers, checker.store.db): first come, first
served inside a process; across processes no writer ever meets another's lock — with SQLite's
own busy wait switched off, several processes of several threads each store reviews at once,
each one acknowledged is stored, nothing else is, and no write fails."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import func, select

from checker.store import AuditEvent, ReviewDocument, count_reviews, create_user, make_engine
from checker.store import migrate
from checker.store.writers import FairLock

ROOT = Path(__file__).resolve().parents[2]


def _wait_until(predicate) -> None:
    """Spin until `predicate()` holds (a state reached, not a time waited)."""
    while not predicate():
        threading.Event().wait(0.001)


def test_fair_lock_serves_waiters_in_arrival_order():
    lock = FairLock()
    assert lock.acquire(timeout=1)
    order: list[int] = []

    def waiter(number: int) -> None:
        assert lock.acquire(timeout=60)
        order.append(number)
        lock.release()

    threads = []
    for number in range(8):
        thread = threading.Thread(target=waiter, args=(number,))
        thread.start()
        threads.append(thread)
        _wait_until(lambda: len(lock._waiters) == number + 1)  # queued before the next starts
    lock.release()
    for thread in threads:
        thread.join()
    assert order == list(range(8))
    assert lock.acquire(timeout=1)  # free again at the end


def test_fair_lock_wait_that_expires_leaves_the_queue():
    lock = FairLock()
    assert lock.acquire(timeout=1)
    assert lock.acquire(timeout=0.01) is False  # nobody releases: the wait expires
    assert len(lock._waiters) == 0
    lock.release()
    assert lock.acquire(timeout=1)


def test_concurrent_writer_processes_lose_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'writers.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    user = create_user(engine, "并发写入", "并发写入测试密码2026", "reviewer")
    processes, threads, count = 3, 4, 15
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = []
    for index in range(processes):
        result = tmp_path / f"ids-{index}.txt"
        runs.append((result, subprocess.Popen(
            [sys.executable, "-m", "tests.store.concurrent_writer", url, str(user.id),
             str(threads), str(count), str(result)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    acknowledged: list[int] = []
    for result, process in runs:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr[-3000:]
        acknowledged += [int(line) for line in result.read_text().split()]
    total = processes * threads * count
    assert len(acknowledged) == len(set(acknowledged)) == total
    assert count_reviews(engine) == total
    with engine.connect() as connection:
        created = connection.scalar(select(func.count()).select_from(AuditEvent)
                                    .where(AuditEvent.action == "create"))
        drafts = connection.scalar(select(func.count(func.distinct(ReviewDocument.review_id)))
                                   .where(ReviewDocument.state == "draft"))
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    assert created == drafts == total  # an audit row and draft documents for each, no more
    assert mode == "wal"
    engine.dispose()
