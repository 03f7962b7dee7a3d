"""Run every benchmark module in this package that has ``run() -> list[str]``.

Usage: ``python -m benchmarks [name ...]`` — with names, only those modules run
(``make bench PARTS="batch batch_web impact"``). Parts: api, batch (`checker batch` --jobs 1
and 2), batch_web (web batch on Celery, 1 and 2 worker processes), documents, engine, impact
(candidate parameters over stored reviews), load, opinion. A module with ``DEFAULT = False``
runs only when named: batch_full (the batch figures at full size, half an hour).
"""
from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def main(argv: list[str]) -> int:
    wanted = set(argv)
    failed = 0
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or (wanted and info.name not in wanted):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        if not wanted and getattr(module, "DEFAULT", True) is False:
            continue
        run = getattr(module, "run", None)
        if not callable(run):
            continue
        print(f"[{info.name}]", flush=True)
        try:
            for line in run():
                print(f"  {line}", flush=True)
        except Exception as exc:  # report and go on with the other benchmarks
            failed += 1
            print(f"  FAILED: {type(exc).__name__}: {exc}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
