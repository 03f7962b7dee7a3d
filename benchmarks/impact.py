"""Impact benchmark: a candidate parameter change assessed over many stored reviews
(reviews/s, with 1 process over the first 2,000 and with one process per core over all;
CPU time per stored review, which a loaded machine does not distort), beside the baseline
of the same run: the first 500 records compared by full reviews on durable-rules (the path
before the bulk one; each run's durable-rules sample check is included in the bulk figures).

BENCH_IMPACT_COUNT: stored reviews (default 5,000; `batch_full` runs 100,000). 300 distinct
reviews are made and stored through the store; the rest are copies of their rows inserted
5,000 at a time (each compared in full: no result is reused between rows).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

from benchmarks.batch import _count, generated, load_text

BASELINE = 500          # records the full-path baseline reviews
TARGET_PER_CORE = 1500  # stored reviews per second per core (issue 29)
CANDIDATE = """parameters:
  energy_review.exempt_below_tce:
    value: 100
    since: 2025-09-01
    source: 候选值（影响评估基准测试）
"""


def _fill(engine, count: int) -> None:
    from checker import intake
    from checker.review import review
    from checker.store import ReviewRecord, create_user, save_review

    user = create_user(engine, "bench", "bench-password-1", "reviewer")
    for data in generated(min(300, count)):  # stored as drafts (numbers come at issue)
        result = review(intake.validate(data), dt.date(2026, 3, 1))
        save_review(engine, result, json.dumps(data, ensure_ascii=False), user.id)
    columns = [c for c in ReviewRecord.__table__.columns if c.name != "id"]
    with engine.begin() as connection:
        stored = [dict(r._mapping) for r in connection.execute(select(*columns))]
        needed = count - len(stored)
        for start in range(0, max(0, needed), 5000):
            rows = []
            for index in range(start, min(needed, start + 5000)):
                row = dict(stored[index % len(stored)])
                row.update(opinion_number=f"copy-{index}", batch_item_id=None)
                rows.append(row)
            connection.execute(insert(ReviewRecord.__table__), rows)


def _cpu() -> float:
    usage = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def run(count: int | None = None) -> list[str]:
    from checker import change_impact as impact
    from checker.store import make_engine, migrate

    count = count or _count("BENCH_IMPACT_COUNT", 5_000)
    lines = [f"{os.cpu_count()} cores; {load_text()}"]
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'impact.sqlite3'}")
        migrate(engine)
        start = time.perf_counter()
        _fill(engine, count)
        lines.append(f"stored {count} reviews in {time.perf_counter() - start:.1f} s "
                     f"(300 reviewed and saved, the rest bulk-inserted copies)")
        candidate_file = Path(folder) / "candidate.yaml"
        candidate_file.write_text(CANDIDATE, encoding="utf-8")
        candidate = impact.Candidate(overrides=str(candidate_file))
        # the baseline in the same run: every record reviewed in full on durable-rules
        # (impact.compare, the path before the bulk one), over the first records
        records = list(impact.stored_reviews(engine, limit=min(count, BASELINE)))
        cpu, start = _cpu(), time.perf_counter()
        baseline = impact.report(impact.compare(r, candidate) for r in records)
        base_cpu = (_cpu() - cpu) / baseline.assessed
        lines.append(f"baseline, full reviews on durable-rules (the path before), 1 process: "
                     f"{baseline.assessed} stored reviews in {time.perf_counter() - start:.1f} s; "
                     f"CPU {base_cpu * 1000:.2f} ms per stored review = {1 / base_cpu:,.0f}/s "
                     f"per core")
        for jobs in sorted({1, os.cpu_count() or 1}):
            limit = count if jobs > 1 else min(count, 2000)
            load, cpu, start = os.getloadavg()[0], _cpu(), time.perf_counter()
            result = impact.report(impact.run(impact.stored_reviews(engine, limit=limit),
                                              candidate, jobs))
            seconds, cpu = time.perf_counter() - start, _cpu() - cpu
            load = max(load, os.getloadavg()[0])
            per = cpu / result.assessed
            lines.append(f"{jobs} process(es): {result.assessed} stored reviews in "
                         f"{seconds:.1f} s = {result.assessed / seconds:.0f} reviews/s "
                         f"(CPU {per * 1000:.2f} ms per stored review = {1 / per:,.0f}/s per "
                         f"core, target ≥ {TARGET_PER_CORE:,}/s; {base_cpu / per:.2f}× the "
                         f"baseline; sample included); {len(result.changed)} would change, "
                         f"{len(result.drift)} differ already; {result.check.text()}; "
                         f"load average up to {load:.1f}")
        engine.dispose()
    return lines
