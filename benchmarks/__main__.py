"""Run every benchmark module in this package that has ``run() -> list[str]``.

Usage: ``python -m benchmarks [name ...]`` — with names, only those modules run
(``make bench PARTS="batch batch_web impact"``). Parts: api, batch (`checker batch` --jobs 1
and 2), batch_web (web batch on Celery, 1 and 2 worker processes), documents, engine, impact
(candidate parameters over stored reviews), invariants (the rulebook's relations of
tests/invariants/ on 10,000 generated applications each: examples tried and violations per
relation; INVARIANT_EXAMPLES sets the number), ledger, load, opinion, review (issue 14's
in-process figures against their targets: review(), durable-rules vs the compiled evaluator,
the rest of review(), the cold CLI, opinion vs bare page).

Without names, every part runs except the modules with ``DEFAULT = False`` (full-size runs,
well over the quarter of an hour the default run is kept under): batch_full (the batch and
impact figures at full size, half an hour) and ledger (1k/10k/100k stored records); name them
to run them, or give ``all`` for every part.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def main(argv: list[str]) -> int:
    if {"-h", "--help"} & set(argv):
        print(__doc__)
        return 0
    wanted = set(argv)
    parts = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if not m.name.startswith("_"))
    unknown = wanted - set(parts) - {"all"}
    if unknown:
        print(f"未知的基准测试部分：{'、'.join(sorted(unknown))}；可选：{'、'.join(parts)}、all",
              file=sys.stderr)
        return 2
    failed = 0
    for name in parts:
        if wanted and "all" not in wanted and name not in wanted:
            continue
        module = importlib.import_module(f"benchmarks.{name}")
        if not wanted and getattr(module, "DEFAULT", True) is False:
            continue
        run = getattr(module, "run", None)
        if not callable(run):
            continue
        print(f"[{name}]", flush=True)
        try:
            for line in run():
                print(f"  {line}", flush=True)
        except Exception as exc:  # report and go on with the other benchmarks
            failed += 1
            print(f"  FAILED: {type(exc).__name__}: {exc}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
