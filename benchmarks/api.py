"""API benchmark: ``POST /api/v1/reviews`` against the serving targets of issue 14.

1. In process, without the network: 500 reviews through Flask's test client on a fresh SQLite
   file (token check, JSON parsing, validation, review, storing, the JSON answer), against the
   bare ``review()`` call on the same applications in the same run; the ratio is what the web
   layer and the store cost.
2. Under gunicorn (2 workers × 8 gthread threads, as benchmarks/load.py), 16 client threads on
   the same machine, for SQLite and PostgreSQL (when it answers): throughput, p50, p99,
   errors, acknowledged = stored, and the server's CPU per review (user + system time of the
   gunicorn processes from /proc, before and after the timed run), each beside its target
   with the ratio (measured / target; ≤ 1 is met for p99 and CPU, ≥ 1 for throughput).

Environment: BENCH_API_SECONDS (timed run per database, default 30), BENCH_LOAD_CLIENTS
(default 16).  The load generator shares the machine's cores with the server: on a 2-core
machine its own CPU per request (printed) is taken from the server's share.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
from pathlib import Path

from benchmarks.load import (AS_OF, LoadResult, corpus, databases, load_test, percentile,
                             report, _env_int)
from checker import intake
from checker.review import review
from checker.store import count_reviews, create_token, create_user, migrate

COUNT = 500
# issue 14's targets (2-core machine, 16 clients, load generator on the same machine)
TARGET_RATE = 300.0  # reviews per second, at least
TARGET_P99 = 100.0  # ms, below
TARGET_CPU = 3.0  # ms of server CPU per review, at most


def in_process(bodies: list[bytes]) -> tuple[float, list[float]]:
    """(reviews per second, latencies in ms) through the Flask test client, one thread."""
    from web import create_app

    with tempfile.TemporaryDirectory(prefix="kaifu-api-bench-") as directory:
        app = create_app({"TESTING": False, "SECRET_KEY": "bench",
                          "DATABASE_URL": f"sqlite:///{Path(directory) / 'api.sqlite3'}"})
        engine = app.extensions["engine"]
        try:
            migrate(engine)
            create_user(engine, "api-bench", "压测专用密码2026x", "reviewer")
            headers = {"Authorization": f"Bearer {create_token(engine, 'api-bench')}"}
            client = app.test_client()
            for index in range(20):  # warm-up (first-use imports and caches)
                client.post("/api/v1/reviews", data=bodies[index], headers=headers,
                            content_type="application/json")
            latencies, failures = [], 0
            started = time.perf_counter()
            for index in range(COUNT):
                begun = time.perf_counter()
                response = client.post("/api/v1/reviews", data=bodies[index % len(bodies)],
                                       content_type="application/json", headers=headers)
                latencies.append((time.perf_counter() - begun) * 1000)
                failures += response.status_code != 201
            elapsed = time.perf_counter() - started
            stored = count_reviews(engine)
        finally:
            engine.dispose()
    if failures or stored != COUNT + 20:
        raise AssertionError(f"{failures} 次请求失败，入库 {stored} 份（应为 {COUNT + 20}）")
    return COUNT / elapsed, latencies


def bare_review_ms(bodies: list[bytes]) -> float:
    """CPU milliseconds per ``review()`` call (validated applications, one thread; CPU time
    like the server's figure, so that other load on the machine counts less)."""
    day = dt.date.fromisoformat(AS_OF)
    applications = [intake.validate(json.loads(b)["application"]) for b in bodies]
    for application in applications:
        review(application, day)  # warm-up
    started = time.process_time()
    for index in range(COUNT):
        review(applications[index % len(applications)], day)
    return (time.process_time() - started) * 1000 / COUNT


def targets(result: LoadResult, review_ms: float) -> list[str]:
    """Each figure of the run beside its target, with the ratio."""
    r = result
    acknowledged = r.acked + r.warmup_acked
    return [
        f"{r.label} 对照目标：吞吐量 {r.rate:,.1f} 份/秒（目标 ≥ {TARGET_RATE:g}，"
        f"比值 {r.rate / TARGET_RATE:.2f}）",
        f"{r.label} 对照目标：p99 {r.p(0.99):.1f} ms（目标 < {TARGET_P99:g} ms，"
        f"比值 {r.p(0.99) / TARGET_P99:.2f}）；p50 {r.p(0.50):.1f} ms",
        f"{r.label} 对照目标：错误 {r.errors} 次（目标 0）；已确认 {acknowledged:,} = 入库 "
        f"{r.stored:,}：{'是' if acknowledged == r.stored else '否'}",
        f"{r.label} 对照目标：服务端 CPU 每份 {r.cpu_ms_per_review:.2f} ms（目标 ≤ "
        f"{TARGET_CPU:g} ms，比值 {r.cpu_ms_per_review / TARGET_CPU:.2f}）；review() 本身 "
        f"{review_ms:.2f} ms（服务端 / review() = {r.cpu_ms_per_review / review_ms:.1f}）",
    ]


def run() -> list[str]:
    seconds = float(os.environ.get("BENCH_API_SECONDS", "") or 30)
    clients = _env_int("BENCH_LOAD_CLIENTS", 16)
    bodies = corpus()
    review_ms = bare_review_ms(bodies)
    api_rate, latencies = in_process(bodies)
    bare_rate = 1000 / review_ms
    lines = [
        f"语料：{len(bodies)} 份有效申报数据",
        f"进程内（Flask 测试客户端，单线程，SQLite）{COUNT} 份：{api_rate:,.1f} 份/秒，每份 "
        f"{1000 / api_rate:.2f} ms；延迟 p50 {percentile(latencies, 0.5):.2f} ms，"
        f"p99 {percentile(latencies, 0.99):.2f} ms",
        f"直接调用 review()：{bare_rate:,.1f} 份/秒（每份 {review_ms:.2f} ms）；比值（API / 直接"
        f"调用）{api_rate / bare_rate:.3f}（Web 层与入库约为审查本身的 "
        f"{bare_rate / api_rate - 1:.1f} 倍）",
    ]
    found, notes = databases()
    lines += notes
    failures: list[str] = []
    for label, database in found:
        with database as url:
            result = load_test(label, url, bodies, seconds, clients, 10_000_000)
        lines += report(result) + targets(result, review_ms)
        failures += result.failures()
    if failures:
        raise AssertionError("；".join(failures) + "\n" + "\n".join(lines))
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
