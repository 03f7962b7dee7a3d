"""Engine benchmarks: reviews per second for durable-rules, the reference evaluator and the
compiled evaluator on the same generated corpus (and their ratios), the full pipeline, a
10,000-case differential run (durable-rules ≡ reference ≡ compiled), and resident memory over
a long run of reviews.  The per-review figures against the issue's targets are in the
`review` part.
"""
from __future__ import annotations

import datetime as dt
import json
import resource
import statistics
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.evaluation import compiled, reference
from checker import intake
from checker.evaluation.engine import ENGINE
from tests.support.generate import applications
from checker.review import review

DAY = dt.date(2026, 3, 1)


def corpus(size: int) -> list[dict]:
    """`size` generated applications (deterministic: hypothesis draws from a fixed seed)."""
    found: list[dict] = []

    @settings(max_examples=size, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(applications())
    def collect(data):
        found.append(data)

    collect()
    return found


def _rate(function, items, repeat: int = 3) -> float:
    """Best-of-`repeat` items per second."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            function(item)
        best = min(best, time.perf_counter() - start)
    return len(items) / best


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def differential(cases: int) -> tuple[int, int]:
    """Run `cases` generated applications through the three evaluators; return (cases,
    mismatches)."""
    mismatches = 0
    apps = [intake.validate(d) for d in corpus(cases)]
    for app in apps:
        keys = [[(f.rule_id, f.outcome) for f in review(app, DAY, evaluate=evaluate).findings]
                for evaluate in (ENGINE.fired, reference.fired, compiled.fired)]
        if keys[0] != keys[1] or keys[0] != keys[2]:
            mismatches += 1
    return len(apps), mismatches


def run() -> list[str]:
    data = corpus(500)
    apps = [intake.validate(d) for d in data]
    raw = [json.dumps(d, ensure_ascii=False, default=str).encode() for d in data]
    engine_rate = _rate(lambda a: review(a, DAY, evaluate=ENGINE.fired), apps)
    reference_rate = _rate(lambda a: review(a, DAY, evaluate=reference.fired), apps)
    compiled_rate = _rate(lambda a: review(a, DAY, evaluate=compiled.fired), apps)
    pipeline_rate = _rate(lambda b: review(intake.load_bytes(b)[0], DAY), raw)
    findings = statistics.mean(len(review(a, DAY).findings) for a in apps)
    cases, mismatches = differential(10_000)
    start_rss = _rss_mb()
    long_run = 100_000
    started = time.perf_counter()
    for index in range(long_run):
        review(apps[index % len(apps)], DAY)
    elapsed = time.perf_counter() - started
    end_rss = _rss_mb()
    return [
        "== 规则引擎 ==",
        f"语料：{len(apps)} 份生成的申报数据，平均每份 {findings:.1f} 条结果",
        f"durable-rules 审查：{engine_rate:,.0f} 份/秒",
        f"参考评估器（纯Python）审查：{reference_rate:,.0f} 份/秒",
        f"比值（durable-rules / 参考评估器）：{engine_rate / reference_rate:.2f}",
        f"编译评估器（规则编译为Python函数）审查：{compiled_rate:,.0f} 份/秒；"
        f"比值（durable-rules / 编译评估器）：{engine_rate / compiled_rate:.2f}",
        f"完整流程（解析+校验+能耗核算+引擎）：{pipeline_rate:,.0f} 份/秒",
        f"差分测试（durable-rules ≡ 参考评估器 ≡ 编译评估器）：{cases:,} 例，不一致 {mismatches} 例",
        f"长时间运行：{long_run:,} 次审查用时 {elapsed:.1f} 秒；常驻内存 开始 {start_rss:.1f} MB，"
        f"结束 {end_rss:.1f} MB（增长 {end_rss - start_rss:+.1f} MB）",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
