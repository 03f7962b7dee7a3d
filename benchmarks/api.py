"""API benchmark without the network: 500 reviews through ``POST /api/v1/reviews`` with
Flask's test client (token check, JSON parsing, validation, review, storing on a fresh SQLite
file, the JSON answer), against the bare ``review()`` call rate on the same applications in
the same run; the ratio is what the web layer and the store cost.
"""
from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from pathlib import Path

from benchmarks.load import AS_OF, corpus, percentile
from checker import intake
from checker.review import review
from checker.store import count_reviews, create_token, create_user, migrate

COUNT = 500


def run() -> list[str]:
    from web import create_app

    bodies = corpus()
    day = dt.date.fromisoformat(AS_OF)
    applications = [intake.validate(json.loads(b)["application"]) for b in bodies]
    with tempfile.TemporaryDirectory(prefix="kaifu-api-bench-") as directory:
        app = create_app({"TESTING": False, "SECRET_KEY": "bench",
                          "DATABASE_URL": f"sqlite:///{Path(directory) / 'api.sqlite3'}"})
        engine = app.extensions["engine"]
        try:
            migrate(engine)
            create_user(engine, "api-bench", "压测专用密码2026x", "reviewer")
            headers = {"Authorization": f"Bearer {create_token(engine, 'api-bench')}"}
            client = app.test_client()
            latencies, failures = [], 0
            started = time.perf_counter()
            for index in range(COUNT):
                begun = time.perf_counter()
                response = client.post("/api/v1/reviews", data=bodies[index % len(bodies)],
                                       content_type="application/json", headers=headers)
                latencies.append((time.perf_counter() - begun) * 1000)
                failures += response.status_code != 201
            api_elapsed = time.perf_counter() - started
            stored = count_reviews(engine)
        finally:
            engine.dispose()
    started = time.perf_counter()
    for index in range(COUNT):
        review(applications[index % len(applications)], day)
    bare_elapsed = time.perf_counter() - started
    api_rate, bare_rate = COUNT / api_elapsed, COUNT / bare_elapsed
    if failures or stored != COUNT:
        raise AssertionError(f"{failures} 次请求失败，入库 {stored} 份（应为 {COUNT}）")
    return [
        f"语料：{len(bodies)} 份有效申报数据，循环提交 {COUNT} 份（Flask 测试客户端，进程内，SQLite）",
        f"API 审查：{api_rate:,.1f} 份/秒；延迟 p50 {percentile(latencies, 0.5):.2f} ms，"
        f"p99 {percentile(latencies, 0.99):.2f} ms",
        f"直接调用 review()：{bare_rate:,.1f} 份/秒",
        f"比值（API / 直接调用）：{api_rate / bare_rate:.3f}（Web 层与入库的开销约为审查本身的 "
        f"{bare_rate / api_rate - 1:.1f} 倍）",
        f"入库 {stored} 份，全部返回 201",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
