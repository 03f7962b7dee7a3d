"""Batch benchmark: `checker batch` over generated applications with --jobs 1 and --jobs 2
(reviews/s, speed-up, peak RSS per worker process).

BENCH_BATCH_COUNT: applications (default 10,000).
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


CHILD = """
import json, resource, sys, time
from pathlib import Path
from checker import batch
source, jobs = Path(sys.argv[1]), int(sys.argv[2])
start = time.perf_counter()
rows = list(batch.run(batch.collect([source]), None, jobs, chunk=50))
seconds = time.perf_counter() - start
kb = lambda who: resource.getrusage(who).ru_maxrss / 1024
print(json.dumps({"rows": len(rows), "errors": sum(r["outcome"] == "error" for r in rows),
                  "seconds": seconds, "self_mb": kb(resource.RUSAGE_SELF),
                  "worker_mb": kb(resource.RUSAGE_CHILDREN)}))
"""


def measure(source: Path, jobs: int) -> dict:
    """One batch run in a fresh process (its peak RSS and its workers' are its own)."""
    result = subprocess.run([sys.executable, "-c", CHILD, str(source), str(jobs)], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def run() -> list[str]:
    count = _count("BENCH_BATCH_COUNT", 10_000)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "applications.jsonl"
        source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n"
                                  for a in generated(count)), encoding="utf-8")
        one, two = measure(source, 1), measure(source, 2)
    lines = []
    for jobs, data in ((1, one), (2, two)):
        worker = data["self_mb"] if jobs == 1 else data["worker_mb"]
        lines.append(f"--jobs {jobs}: {data['rows']} applications ({data['errors']} refused) in "
                     f"{data['seconds']:.1f} s = {data['rows'] / data['seconds']:.0f} reviews/s; "
                     f"peak RSS per worker {worker:.0f} MB")
    lines.append(f"speed-up --jobs 2 / --jobs 1: {one['seconds'] / two['seconds']:.2f}x "
                 f"(cores: {os.cpu_count()})")
    return lines
