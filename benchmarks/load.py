"""Load benchmark: the web application under gunicorn (2 workers × 8 gthread threads) on
loopback, 16 client threads posting valid applications to ``POST /api/v1/reviews`` for a fixed
time, after a 2-second warm-up.

Evidence, per database (a fresh SQLite file; PostgreSQL too when TEST_DATABASE_URL is set or
127.0.0.1:5432 answers — in a fresh schema, dropped afterwards): every acknowledged review
(201) is stored, nothing else is stored, no request fails, opinion numbers have neither gaps
nor duplicates; throughput, p50/p99 latency, and the CPU time per review of the gunicorn
processes (/proc, before and after the timed run) and of this load generator.
``load_test`` is shared with benchmarks/api.py, which prints the figures against the targets.

Environment: BENCH_LOAD_SECONDS (default 30), BENCH_LOAD_MAX (upper bound on requests,
default 200000), BENCH_LOAD_CLIENTS (default 16).
"""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Text, func, select

from checker import intake
from checker.store import (
    ReviewDocument,
    ReviewRecord,
    count_reviews,
    create_token,
    create_user,
    make_engine,
    migrate,
)
from checker.store.scratch import scratch_schema

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only
AS_OF = "2026-03-01"
LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "压测专用密码-" + secrets.token_hex(4)


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, "") or default))
    except ValueError:
        return default


def corpus(generated: int = 40) -> list[bytes]:
    """Request bodies: every sample (``_sample`` stripped) and `generated` generated
    applications, each valid, wrapped with a fixed as-of date."""
    applications = []
    for path in sorted((ROOT / "samples").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop(intake.SAMPLE_KEY, None)
        applications.append(data)
    if generated:
        from benchmarks.engine import corpus as generated_corpus

        applications += json.loads(json.dumps(generated_corpus(generated), default=str))
    bodies = []
    for data in applications:
        body = json.dumps({"application": data, "as_of": AS_OF}, ensure_ascii=False).encode()
        intake.validate(json.loads(body)["application"])  # only valid applications
        bodies.append(body)
    return bodies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _postgres_base() -> str | None:
    if os.environ.get("TEST_DATABASE_URL"):
        return os.environ["TEST_DATABASE_URL"]
    try:
        with socket.create_connection((HOST, 5432), timeout=0.5):
            return LOCAL_POSTGRES
    except OSError:
        return None


@contextlib.contextmanager
def sqlite_database():
    with tempfile.TemporaryDirectory(prefix="kaifu-load-") as directory:
        yield f"sqlite:///{Path(directory) / 'load.sqlite3'}"


@contextlib.contextmanager
def gunicorn(database_url: str, log_path: Path, workers: int = 2, threads: int = 8,
             app: str = "web:create_app()", ready: str = "/api/v1/openapi.json",
             env_extra: dict[str, str] | None = None):
    """gunicorn serving `app` (default ``web:create_app()``) on a free loopback port, ready
    when GET `ready` answers 200; always stopped.  Yields (port, master pid)."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secrets.token_hex(32),
           "PYTHONPATH": str(ROOT), **(env_extra or {})}
    command = [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}",
               "--workers", str(workers), "--worker-class", "gthread",
               "--threads", str(threads), "--keep-alive", "30", "--timeout", "120",
               "--graceful-timeout", "10", app]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn 启动失败（退出码 {process.returncode}）")
                try:
                    conn = http.client.HTTPConnection(HOST, port, timeout=2)
                    conn.request("GET", ready)
                    if conn.getresponse().status == 200:
                        conn.close()
                        break
                    conn.close()
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn 60 秒内未就绪")
                time.sleep(0.2)
            yield port, process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of one live process (/proc/PID/stat), 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def server_cpu(master: int) -> dict[int, float]:
    """CPU seconds of the gunicorn master and each of its workers, by pid."""
    return {pid: _cpu_seconds(pid) for pid in [master, *_children(master)]}


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two snapshots (a worker replaced in between counts from 0)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


class Tally:
    def __init__(self, limit: int):
        self.lock = threading.Lock()
        self.limit = limit
        self.issued = 0
        self.acked = 0
        self.errors = 0
        self.latencies: list[float] = []
        self.response_bytes = 0  # of the 201 answers
        self.samples: list[str] = []

    def take(self) -> bool:
        with self.lock:
            if self.issued >= self.limit:
                return False
            self.issued += 1
            return True

    def record(self, status: int | None, elapsed: float, detail: str = "",
               size: int = 0) -> None:
        with self.lock:
            self.latencies.append(elapsed)
            if status == 201:
                self.acked += 1
                self.response_bytes += size
            else:
                self.errors += 1
                if len(self.samples) < 5:
                    self.samples.append(f"{status}: {detail[:200]}")


def _client(port: int, token: str, bodies: list[bytes], offset: int, deadline: float,
            tally: Tally, path: str = "/api/v1/reviews") -> None:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
               "Connection": "keep-alive"}
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    index = offset
    try:
        while time.monotonic() < deadline and tally.take():
            body = bodies[index % len(bodies)]
            index += 1
            started = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                tally.record(response.status, time.perf_counter() - started,
                             payload.decode("utf-8", "replace"), len(payload))
                if response.will_close:
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=60)
            except (OSError, http.client.HTTPException) as exc:
                tally.record(None, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
    finally:
        conn.close()


def _drive(port: int, token: str, bodies: list[bytes], seconds: float, clients: int,
           limit: int, path: str = "/api/v1/reviews") -> tuple[Tally, float]:
    """`clients` threads posting for `seconds` (at most `limit` requests): (tally, elapsed)."""
    tally = Tally(limit)
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=_client, args=(port, token, bodies, i * 7, deadline,
                                                      tally, path)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - started


class Measured:
    """What a timed run's figures give (a dataclass with `acked`, `elapsed`, `latencies_ms` and
    `server_cpu_s`): acknowledged requests per second, latency percentiles, server CPU each."""

    @property
    def rate(self) -> float:
        return self.acked / self.elapsed if self.elapsed else 0.0

    def p(self, share: float) -> float:
        return percentile(self.latencies_ms, share)

    @property
    def cpu_ms_per_review(self) -> float:
        return self.server_cpu_s * 1000 / self.acked if self.acked else float("nan")


@dataclass
class LoadResult(Measured):
    """One timed run against one database (after a short warm-up, not counted here except in
    the stored total)."""

    label: str
    clients: int
    workers: int
    threads: int
    elapsed: float
    acked: int          # 201 in the timed run
    warmup_acked: int   # 201 in the warm-up
    errors: int         # non-201 answers and failed connections, warm-up included
    stored: int         # reviews in the database afterwards (warm-up included)
    drafts: int         # of them, reviews whose documents are all unnumbered drafts
    server_errors: int  # tracebacks in the gunicorn log
    latencies_ms: list[float]
    server_cpu_s: float  # gunicorn master + workers, timed run
    client_cpu_s: float  # this load generator, timed run
    samples: list[str] = field(default_factory=list)
    response_bytes: float = 0.0  # mean size of a 201 answer's body, timed run
    row_bytes: float = 0.0  # mean UTF-8 size of a stored review row's texts (sample)


    @property
    def client_cpu_ms_per_review(self) -> float:
        return self.client_cpu_s * 1000 / self.acked if self.acked else float("nan")

    def failures(self) -> list[str]:
        label, failures = self.label, []
        acknowledged = self.acked + self.warmup_acked
        if acknowledged != self.stored:
            failures.append(f"{label}：已确认 {acknowledged} 份，但入库 {self.stored} 份")
        if self.errors:
            failures.append(f"{label}：{self.errors} 次请求失败，例如 {self.samples}")
        if self.server_errors:
            failures.append(f"{label}：服务端日志中有 {self.server_errors} 个异常")
        if self.drafts != self.stored:
            failures.append(f"{label}：入库 {self.stored} 份，其中草稿 {self.drafts} 份"
                            "（存档时不应占号）")
        if self.acked == 0:
            failures.append(f"{label}：没有任何请求成功")
        return failures


WARMUP_SECONDS = 2.0


def load_test(label: str, database_url: str, bodies: list[bytes], seconds: float,
              clients: int, limit: int, workers: int = 2, threads: int = 8) -> LoadResult:
    """A warm-up, then `seconds` of `clients` posting to gunicorn on `database_url`."""
    engine = make_engine(database_url)
    try:
        migrate(engine)
        create_user(engine, "load-bench", PASSWORD, "reviewer")
        token = create_token(engine, "load-bench")
        with tempfile.TemporaryDirectory(prefix="kaifu-load-log-") as directory:
            log_path = Path(directory) / "gunicorn.log"
            try:
                with gunicorn(database_url, log_path, workers, threads) as (port, master):
                    warm, _ = _drive(port, token, bodies, WARMUP_SECONDS, clients, limit)
                    server_before, client_before = server_cpu(master), sum(os.times()[:2])
                    tally, elapsed = _drive(port, token, bodies, seconds, clients,
                                            max(1, limit - warm.issued))
                    server_after, client_after = server_cpu(master), sum(os.times()[:2])
            except Exception:
                tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:] \
                    if log_path.exists() else ""
                raise RuntimeError(f"{label}: gunicorn 日志末尾：\n{tail}") from None
            server_errors = log_path.read_text(encoding="utf-8", errors="replace") \
                .count("Traceback")
        stored = count_reviews(engine)
        with engine.connect() as conn:
            drafts = conn.execute(select(func.count(func.distinct(ReviewDocument.review_id)))
                                  .where(ReviewDocument.state == "draft")).scalar_one()
            row_bytes = _row_bytes(conn)
    finally:
        engine.dispose()
    return LoadResult(
        label=label, clients=clients, workers=workers, threads=threads, elapsed=elapsed,
        acked=tally.acked, warmup_acked=warm.acked, errors=tally.errors + warm.errors,
        stored=stored, drafts=drafts, server_errors=server_errors,
        latencies_ms=[v * 1000 for v in tally.latencies],
        server_cpu_s=cpu_used(server_before, server_after),
        client_cpu_s=client_after - client_before, samples=warm.samples + tally.samples,
        response_bytes=tally.response_bytes / tally.acked if tally.acked else 0.0,
        row_bytes=row_bytes)


def _row_bytes(conn, sample: int = 200) -> float:
    """Mean UTF-8 size of the text columns of `sample` stored review rows."""
    table = ReviewRecord.__table__
    texts = [c for c in table.columns if isinstance(c.type, Text)]
    rows = conn.execute(select(*texts).limit(sample)).all()
    sizes = [sum(len(v.encode()) for v in row if isinstance(v, str)) for row in rows]
    return sum(sizes) / len(sizes) if sizes else 0.0


def report(result: LoadResult) -> list[str]:
    """The lines of one run."""
    r = result
    return [
        f"== {r.label}：gunicorn {r.workers} 进程 × {r.threads} 线程，{r.clients} 个并发客户端，"
        f"{r.elapsed:.1f} 秒（另有 {WARMUP_SECONDS:g} 秒预热）==",
        f"已确认（201）{r.acked + r.warmup_acked:,} 份（含预热 {r.warmup_acked:,}），"
        f"入库 {r.stored:,} 份，错误 {r.errors} 次，服务端异常 {r.server_errors} 次",
        f"文书草稿：{r.drafts:,} 份审查（文号在签发时分配，存档时不占号："
        f"{'是' if r.drafts == r.stored else '否'}）",
        f"吞吐量 {r.rate:,.1f} 份/秒；延迟 p50 {r.p(0.50):.1f} ms，p99 {r.p(0.99):.1f} ms，"
        f"最大 {max(r.latencies_ms, default=0):.1f} ms",
        f"服务端 CPU（gunicorn 主进程 + 工作进程）每份 {r.cpu_ms_per_review:.2f} ms；"
        f"压测客户端（同一台机器）每份 {r.client_cpu_ms_per_review:.2f} ms",
        f"每份：入库行（文本列）约 {r.row_bytes / 1000:.1f} KB，201 响应体约 "
        f"{r.response_bytes / 1000:.1f} KB",
    ]


def databases() -> tuple[list[tuple[str, Any]], list[str]]:
    """(label, context manager yielding a database URL) of SQLite and, when it answers,
    PostgreSQL (a scratch schema, dropped afterwards); notes on what was skipped."""
    found: list[tuple[str, Any]] = [("SQLite", sqlite_database())]
    base = _postgres_base()
    if base:
        return found + [("PostgreSQL", scratch_schema(base, "load"))], []
    return found, ["PostgreSQL：未设置 TEST_DATABASE_URL，127.0.0.1:5432 也无响应，跳过"]


def run() -> list[str]:
    seconds = float(os.environ.get("BENCH_LOAD_SECONDS", "") or 30)
    limit = _env_int("BENCH_LOAD_MAX", 200_000)
    clients = _env_int("BENCH_LOAD_CLIENTS", 16)
    bodies = corpus()
    samples = len(list((ROOT / "samples").glob("*.json")))
    lines = [f"语料：{len(bodies)} 份有效申报数据（样例 {samples} 份 + 生成 {len(bodies) - samples} 份），"
             f"每个数据库运行 {seconds:g} 秒"
             f"（上限 {limit:,} 次请求）"]
    failures: list[str] = []
    found, notes = databases()
    lines += notes
    for label, database in found:
        with database as url:
            result = load_test(label, url, bodies, seconds, clients, limit)
        lines += report(result)
        failures += result.failures()
    if failures:
        raise AssertionError("；".join(failures) + "\n" + "\n".join(lines))
    lines.append("结论：每份已确认的审查均已入库，无错误")
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
