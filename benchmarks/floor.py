"""Floor benchmark (issue 29): the project's ``POST /api/v1/reviews`` beside the stack's floor,
in the same run, on the same gunicorn settings (2 workers × 8 gthread threads, 16 clients on
the same machine, as benchmarks/load.py), for SQLite and PostgreSQL (when it answers).

The floor is a bare Flask app (benchmarks/_floor_app.py) on the project's engine settings that
reads and parses a body of the same size (the same request bodies), stores one row of
FLOOR_ROW_BYTES (≈ 100 KB, a review row as issue 29 measured it) and answers 201 with
FLOOR_RESPONSE_BYTES (≈ 53 KB, the 201 body as issue 29 measured it); the project's own row
and answer sizes are printed beside (they shrink when the findings are stored once and the
201 body is compact).

Printed per database: requests per second, p50/p99 and the server's CPU per request (user +
system time of the gunicorn processes, /proc) of both; the ratio project / floor of the CPU
per POST against its target (≤ 2.5×), and the project's throughput and p99 against theirs
(SQLite ≥ 300/s with p99 < 100 ms; PostgreSQL ≥ 250/s with p99 < 150 ms).  The machine is
shared: the ratio, measured in one run, is the figure to compare; rates move with the load
of the machine.

Environment: BENCH_FLOOR_SECONDS (timed run of each, default 20), BENCH_LOAD_CLIENTS (default
16), BENCH_THREADS (gunicorn threads per worker of both, default 8), BENCH_PROJECT_THREADS
(e.g. "4 8 16": the project again at each thread count, for sizing `make serve`'s THREADS).
"""
from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from benchmarks import _floor_app
from benchmarks.load import (WARMUP_SECONDS, LoadResult, Measured, _drive, _env_int, corpus,
                             cpu_used, databases, gunicorn, load_test, report, server_cpu)
from checker.store import make_engine

FLOOR_ROW_BYTES = 100_000
FLOOR_RESPONSE_BYTES = 53_000
TARGET_RATIO = 2.5  # project server CPU per POST / the floor's, at most
TARGETS = {"SQLite": (300.0, 100.0), "PostgreSQL": (250.0, 150.0)}  # (≥ req/s, p99 < ms)


@dataclass
class FloorResult(Measured):
    label: str
    elapsed: float
    acked: int
    stored: int  # rows afterwards, warm-up included
    warmup_acked: int
    errors: int
    latencies_ms: list[float]
    server_cpu_s: float


def floor_test(label: str, database_url: str, bodies: list[bytes], seconds: float,
               clients: int, threads: int) -> FloorResult:
    engine = make_engine(database_url)
    try:
        _floor_app.METADATA.create_all(engine)
        env = {"FLOOR_ROW_BYTES": str(FLOOR_ROW_BYTES),
               "FLOOR_RESPONSE_BYTES": str(FLOOR_RESPONSE_BYTES)}
        with tempfile.TemporaryDirectory(prefix="kaifu-floor-log-") as directory:
            log = Path(directory) / "gunicorn.log"
            with gunicorn(database_url, log, 2, threads, app="benchmarks._floor_app:create_app()",
                          ready="/ready", env_extra=env) as (port, master):
                warm, _ = _drive(port, "", bodies, WARMUP_SECONDS, clients, 10**7, "/floor")
                before = server_cpu(master)
                tally, elapsed = _drive(port, "", bodies, seconds, clients, 10**7, "/floor")
                after = server_cpu(master)
        with engine.connect() as connection:
            stored = connection.scalar(select(func.count()).select_from(_floor_app.ROWS))
    finally:
        engine.dispose()
    return FloorResult(label, elapsed, tally.acked, stored, warm.acked,
                       tally.errors + warm.errors, [v * 1000 for v in tally.latencies],
                       cpu_used(before, after))


def compare(floor: FloorResult, project: LoadResult) -> list[str]:
    rate, p99 = TARGETS[project.label]
    ratio = project.cpu_ms_per_review / floor.cpu_ms_per_review
    return [
        f"{floor.label} 地板（裸 Flask，同设置，入库行 {FLOOR_ROW_BYTES / 1000:g} KB，响应 "
        f"{FLOOR_RESPONSE_BYTES / 1000:g} KB）：{floor.rate:,.1f} 次/秒；p50 {floor.p(0.5):.1f} ms，"
        f"p99 {floor.p(0.99):.1f} ms；服务端 CPU 每次 {floor.cpu_ms_per_review:.2f} ms；"
        f"错误 {floor.errors} 次",
        f"{project.label} 本项目 / 地板：服务端 CPU 每次 POST {project.cpu_ms_per_review:.2f} / "
        f"{floor.cpu_ms_per_review:.2f} ms = {ratio:.2f} 倍（目标 ≤ {TARGET_RATIO:g} 倍："
        f"{'达到' if ratio <= TARGET_RATIO else '未达到'}）；吞吐量 "
        f"{project.rate / floor.rate:.2f} 倍于地板",
        f"{project.label} 本项目对照目标：{project.rate:,.1f} 份/秒（目标 ≥ {rate:g}："
        f"{'达到' if project.rate >= rate else '未达到'}），p99 {project.p(0.99):.1f} ms（目标 < "
        f"{p99:g} ms：{'达到' if project.p(0.99) < p99 else '未达到'}）",
    ]


def run() -> list[str]:
    seconds = float(os.environ.get("BENCH_FLOOR_SECONDS", "") or 20)
    clients = _env_int("BENCH_LOAD_CLIENTS", 16)
    threads = _env_int("BENCH_THREADS", 8)
    sizing = [int(t) for t in os.environ.get("BENCH_PROJECT_THREADS", "").split() if t.isdigit()]
    bodies = corpus()
    mean_body = sum(map(len, bodies)) / len(bodies)
    lines = [f"语料：{len(bodies)} 份有效申报数据（请求体平均 {mean_body / 1000:.1f} KB），每项运行 "
             f"{seconds:g} 秒；gunicorn 2 进程 × {threads} 线程，{clients} 个并发客户端"]
    found, notes = databases()
    lines += notes
    failures: list[str] = []
    for label, database in found:
        with database as url:
            floor = floor_test(label, url, bodies, seconds, clients, threads)
            if floor.errors or floor.stored != floor.acked + floor.warmup_acked:
                failures.append(f"{label} 地板：错误 {floor.errors} 次，入库 {floor.stored}")
            project = load_test(label, url, bodies, seconds, clients, 10**7, threads=threads)
            failures += project.failures()
            lines += report(project) + compare(floor, project)
        for count in sizing:
            with _fresh(label) as url:
                sized = load_test(label, url, bodies, seconds, clients, 10**7, threads=count)
            failures += sized.failures()
            lines.append(f"{label} 线程数 {count}：{sized.rate:,.1f} 份/秒，p50 {sized.p(0.5):.1f} "
                         f"ms，p99 {sized.p(0.99):.1f} ms，服务端 CPU 每份 "
                         f"{sized.cpu_ms_per_review:.2f} ms（地板 {floor.cpu_ms_per_review:.2f} ms）")
    if failures:
        raise AssertionError("；".join(failures) + "\n" + "\n".join(lines))
    return lines


def _fresh(label: str):
    """A fresh database of `label` (each sizing run starts empty)."""
    return dict(databases()[0])[label]


if __name__ == "__main__":
    started = time.perf_counter()
    print("\n".join(run()))
    print(f"({time.perf_counter() - started:.0f} s)")
