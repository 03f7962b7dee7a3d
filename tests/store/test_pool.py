"""The PostgreSQL engine keeps every connection it opened, up to db.POOL_SIZE: eight threads
(a gunicorn worker's) that each hold a connection at once, again and again, open eight
connections once, instead of reconnecting whenever more than five were given back at once
(SQLAlchemy's default pool)."""
from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import event

from checker.store import make_engine
from checker.store.db import POOL_SIZE
from checker.store.scratch import scratch_schema

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                                reason="PostgreSQL: TEST_DATABASE_URL")


def test_threads_holding_connections_at_once_reconnect_never():
    threads = 8
    with scratch_schema(os.environ["TEST_DATABASE_URL"]) as url:
        engine = make_engine(url)
        opened = []
        event.listen(engine, "connect", lambda *_: opened.append(1))
        try:
            for _round in range(5):
                barrier = threading.Barrier(threads)

                def hold():
                    with engine.connect() as connection:
                        connection.exec_driver_sql("SELECT 1")
                        barrier.wait(timeout=30)  # all eight held at once

                workers = [threading.Thread(target=hold) for _ in range(threads)]
                for worker in workers:
                    worker.start()
                for worker in workers:
                    worker.join()
            assert len(opened) == threads
            assert engine.pool.checkedin() == threads
            assert engine.pool.size() == POOL_SIZE >= threads
        finally:
            engine.dispose()
