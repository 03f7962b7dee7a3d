"""The rulebook's invariants at bench size (issue 24): each relation of
tests/invariants/relations.py tried on INVARIANT_EXAMPLES generated applications (default
10,000) and counted, not stopped at the first violation: examples tried (drawn cases the
model accepts), examples whose application the model refuses, violations, and the first few
violations in full.  `make test` runs the same relations with a bounded number of examples.

Generating an application costs more than reviewing it twice, so the applications are
generated once (tests/support/generate.py, fixed seed) and each relation pairs every one of
them with its own drawn extras (the review date and the change it makes).  The relations run
in one worker process per core (forked after the applications are generated).

    make bench PARTS=invariants                       # 10,000 examples per relation
    INVARIANT_EXAMPLES=500 make bench PARTS=invariants
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.invariants.relations import RELATIONS, Relation
from tests.support.generate import applications

EXAMPLES = int(os.environ.get("INVARIANT_EXAMPLES", "10000"))
SHOWN = 3  # violations printed in full per relation


def drawn(strategy: st.SearchStrategy, examples: int) -> list:
    """`examples` values of `strategy` (fixed seed)."""
    found: list = []

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(value):
        found.append(value)

    collect()
    return found


def measure(relation: Relation, corpus: list[dict]) -> dict:
    """Run `relation` on every application of `corpus`, each with drawn extras."""
    counts: Counter = Counter()
    samples: list[str] = []
    extras = drawn(relation.extras, len(corpus))
    start = time.perf_counter()
    for data, extra in zip(corpus, extras * (len(corpus) // max(len(extras), 1) + 1)):
        problems = relation.check((data, *extra))
        if problems is None:
            counts["refused"] += 1
            continue
        counts["tried"] += 1
        if problems:
            counts["violating"] += 1
            counts["violations"] += len(problems)
            if len(samples) < SHOWN:
                samples.append("；".join(problems))
    return {"tried": counts["tried"], "refused": counts["refused"],
            "violating": counts["violating"], "violations": counts["violations"],
            "seconds": time.perf_counter() - start, "samples": samples}


_CORPUS: list[dict] = []  # the generated applications, shared with the forked workers


def _measure(index: int) -> dict:
    return measure(RELATIONS[index], _CORPUS)


def run(examples: int = EXAMPLES) -> list[str]:
    start = time.perf_counter()
    _CORPUS[:] = drawn(applications(), examples)
    workers = max(1, min(os.cpu_count() or 1, len(RELATIONS)))
    lines = [f"生成申报 {len(_CORPUS)} 份（固定种子，{time.perf_counter() - start:.0f} s），每个关系逐份检查"
             f"（{workers} 个进程）：tried = 模型接受的例数，refused = 申报被拒绝的例数"]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.map(_measure, range(len(RELATIONS)), chunksize=1)
    for relation, figures in zip(RELATIONS, results):
        lines.append(f"{relation.name:34} tried {figures['tried']:6d}  refused {figures['refused']:5d}  "
                     f"violating examples {figures['violating']:5d}  violations {figures['violations']:5d}  "
                     f"{figures['seconds']:7.1f} s  （{relation.title}）")
        lines.extend(f"    例：{sample}" for sample in figures["samples"])
    return lines
