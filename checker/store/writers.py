"""A fair queue of writers for one SQLite database file, across threads and processes.

SQLite lets one writer at a time hold a database; the others wait in its busy handler, which
polls in coarse, growing sleeps (1, 2, 5 … 100 ms) and in no order, so under load a few
requests wait more than a second while others pass.  Here a writer first takes its turn in
this queue and only then begins its transaction (``BEGIN IMMEDIATE``), so SQLite's busy
handler is never reached between writers of the store:

* inside a process, a first-come first-served lock (each waiter gets its own lock, handed over
  in arrival order by the one releasing);
* across processes (several gunicorn workers, a Celery worker, the CLI), one waiter per
  process then takes an exclusive ``flock`` on a file beside the database (``<db>-writer``);
  the kernel wakes a blocked waiter the moment the holder releases it, and the lock ends with
  the process if it dies.

The wait in the process is bounded (`timeout`: the caller answers 503 on expiry); the wait
for the file lock is bounded by the transactions ahead, all short.  A process that forks gets
fresh locks (the parent's file descriptor is never shared with a child).
"""
from __future__ import annotations

import collections
import fcntl
import os
import threading


class FairLock:
    """A first-come first-served lock: release hands it to the longest waiter."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiters: collections.deque[threading.Lock] = collections.deque()
        self._held = False

    def acquire(self, timeout: float) -> bool:
        with self._mutex:
            if not self._held:
                self._held = True
                return True
            waiter = threading.Lock()
            waiter.acquire()
            self._waiters.append(waiter)
        if waiter.acquire(timeout=timeout):
            return True  # handed over by release()
        with self._mutex:
            try:
                self._waiters.remove(waiter)
            except ValueError:
                return True  # handed over just as the wait expired: ours anyway
        return False

    def release(self) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()  # the next in line owns it now
            else:
                self._held = False


class WriterQueue:
    """The writers' turn for one database file (`path`; None: an in-memory database, where
    only the threads of this process can write); another `purpose` is another queue (its own
    lock file, ``<db>-<purpose>``)."""

    def __init__(self, path: str | None, purpose: str = "writer"):
        self.path = f"{path}-{purpose}" if path else None
        self._lock = FairLock()
        self._fd: int | None = None
        self._pid = os.getpid()

    def acquire(self, timeout: float) -> bool:
        """Wait for the turn (False: not within `timeout` seconds in this process)."""
        if not self._lock.acquire(timeout):
            return False
        if self.path is None:
            return True
        try:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._lock.release()
            raise
        return True

    def release(self) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._lock.release()


_QUEUES: dict[tuple[int, str | None, str], WriterQueue] = {}
_QUEUES_LOCK = threading.Lock()


def queue_for(path: str | None, purpose: str = "writer") -> WriterQueue:
    """The process's queue for the database file `path` (resolved: one per file, purpose and
    process): the writers' by default (checker.store.db), the issues' (store.records)."""
    key = (os.getpid(), path, purpose)
    with _QUEUES_LOCK:
        queue = _QUEUES.get(key)
        if queue is None:
            queue = _QUEUES[key] = WriterQueue(path, purpose)
        return queue


def _forget_after_fork() -> None:
    """A forked child starts with no queues: never the parent's locks or descriptor."""
    global _QUEUES_LOCK
    _QUEUES_LOCK = threading.Lock()
    _QUEUES.clear()


os.register_at_fork(after_in_child=_forget_after_fork)
