"""The issue's full-size batch figures, not part of the default `make bench` (about half an
hour on two shared cores): `make bench PARTS=batch_full`.

- `checker batch` over 10,000 generated applications with --jobs 1 and --jobs 2;
- a 10,000-application web batch through Celery on Redis with 1 and 2 worker processes
  (BENCH_REDIS_URL, a Redis database of your own; PostgreSQL from TEST_DATABASE_URL);
- the rulebook-change impact over 100,000 stored reviews.

BENCH_FULL_STEPS: which of "cli web impact" to run (default all three).
"""
from __future__ import annotations

import os

from benchmarks import batch, batch_web, impact

DEFAULT = False  # only when named: make bench PARTS=batch_full


def run() -> list[str]:
    steps = (os.environ.get("BENCH_FULL_STEPS") or "cli web impact").split()
    lines: list[str] = []
    for name, function, count in (("cli", batch.run, 10_000), ("web", batch_web.run, 10_000),
                                  ("impact", impact.run, 100_000)):
        if name in steps:
            lines += [f"{name}: {line}" for line in function(count)]
    return lines
