"""Batch benchmark: `checker batch` over generated applications with --jobs 1 and --jobs 2
(reviews/s, speed-up, peak RSS per worker process, CPU time per review — the figure a
loaded machine does not distort, as the wall-clock rate and the speed-up are).

BENCH_BATCH_COUNT: applications (default 1,000; `batch_full` runs 10,000).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _count(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, "") or default))
    except ValueError:
        return default


def generated(count: int) -> list[dict]:
    """`count` applications: the samples, each repeated with its own name and its energy
    quantities scaled (so the outcomes vary across the thresholds), deterministic."""
    samples = [json.loads(p.read_text(encoding="utf-8"))
               for p in sorted((ROOT / "samples").glob("*.json"))]
    result = []
    for index in range(count):
        data = json.loads(json.dumps(samples[index % len(samples)]))
        data.pop("_sample", None)
        data["project"]["name"] = f"{data['project']['name']}（批量{index}）"
        factor = 0.2 + (index % 37) / 10
        for line in data.get("energy", []):
            line["quantity"] = round(line["quantity"] * factor, 3)
        result.append(data)
    return result


DEFAULT_COUNT = 1000


def load_text() -> str:
    """The load average now (the machine may be shared: the figures depend on it)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} (1 / 5 / 15 min)"


CHILD = """
import json, os, resource, sys, time
from pathlib import Path
from checker import batch
source, jobs = Path(sys.argv[1]), int(sys.argv[2])
load = os.getloadavg()[0]
start = time.perf_counter()
rows = list(batch.run(batch.collect([source]), None, jobs))
seconds = time.perf_counter() - start
load = max(load, os.getloadavg()[0])
usage = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
print(json.dumps({"rows": len(rows), "errors": sum(r["outcome"] == "error" for r in rows),
                  "seconds": seconds, "self_mb": usage[0].ru_maxrss / 1024,
                  "worker_mb": usage[1].ru_maxrss / 1024, "load": load,
                  "cpu": sum(u.ru_utime + u.ru_stime for u in usage)}))
"""


def measure(source: Path, jobs: int) -> dict:
    """One batch run in a fresh process (its peak RSS and its workers' are its own)."""
    result = subprocess.run([sys.executable, "-c", CHILD, str(source), str(jobs)], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(count: int | None = None) -> list[str]:
    count = count or _count("BENCH_BATCH_COUNT", DEFAULT_COUNT)
    lines = [f"{os.cpu_count()} cores; {load_text()}"]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "applications.jsonl"
        source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n"
                                  for a in generated(count)), encoding="utf-8")
        one, two = measure(source, 1), measure(source, 2)
    for jobs, data in ((1, one), (2, two)):
        worker = data["self_mb"] if jobs == 1 else data["worker_mb"]
        lines.append(f"--jobs {jobs}: {data['rows']} applications ({data['errors']} refused) in "
                     f"{data['seconds']:.1f} s = {data['rows'] / data['seconds']:.0f} reviews/s; "
                     f"CPU {data['cpu'] / data['rows'] * 1000:.1f} ms/review (all processes); "
                     f"peak RSS per worker {worker:.0f} MB; load average up to {data['load']:.1f}")
    lines.append(f"speed-up --jobs 2 / --jobs 1: {one['seconds'] / two['seconds']:.2f}x "
                 f"(cores: {os.cpu_count()})")
    return lines
