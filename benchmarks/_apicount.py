"""Instruction counts of ``POST /api/v1/reviews`` in process, beside the floor (issue 29),
under callgrind: a developer's tool, not a part of ``make bench``.

    python -m benchmarks._apicount [--floor] [--warm N] [--count N] [--mark MODULE:NAME ...]

runs itself under ``valgrind --tool=callgrind`` (PYTHONHASHSEED=0): a fresh SQLite file, a
reviewer and a token, the load corpus (benchmarks.load.corpus: the samples and 40 generated
applications, each wrapped with the fixed as-of date), `--warm` requests, then `--count`
requests counted — each a raw WSGI call of the app, as gunicorn makes it (an environ built
beforehand, the body read to its end), the callgrind collection on only while the counted
loop runs.  ``--floor`` counts the floor app (benchmarks._floor_app: the same bodies, row and
answer sizes as benchmarks.floor) the same way.

Each ``--mark`` wraps a function (looked up as an attribute of a module, replaced there: give
the module the caller reads it from) so that it runs inside a C function of the interpreter
no request calls otherwise (functools.reduce, itertools' iterators …): callgrind's inclusive
count of that C function is the function's own inclusive count, printed per request.  Marks
may nest (a mark inside another's call is counted in both).
"""
from __future__ import annotations

import argparse
import collections
import functools
import importlib
import io
import itertools
import operator
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LOOP_SYMBOL = "sys_call_tracing"  # the counted loop runs in sys.call_tracing


def _reduce(thunk):
    return functools.reduce(lambda _a, _b: thunk(), (0,), 0)


def _starmap(thunk):
    return next(itertools.starmap(thunk, ((),)))


def _captured(iterate):
    def invoke(thunk):
        out = []
        iterate(lambda *_: out.append(thunk()))
        return out[0]
    return invoke


# (the interpreter's C function, a way to call a thunk inside it), none used by a request
MARKERS = [
    ("functools_reduce", _reduce),
    ("starmap_next", _starmap),
    ("takewhile_next", _captured(lambda f: next(itertools.takewhile(lambda x: f(x) or 1, (0,))))),
    ("dropwhile_next", _captured(lambda f: list(itertools.dropwhile(lambda x: f(x), (0,))))),
    ("filterfalse_next", _captured(lambda f: list(itertools.filterfalse(f, (0,))))),
    ("groupby_next", _captured(lambda f: next(itertools.groupby((0,), key=f)))),
    ("accumulate_next", _captured(lambda f: list(itertools.accumulate((0, 0), f)))),
    ("methodcaller_call", lambda thunk: operator.methodcaller("__call__")(thunk)),
    ("defdict_missing", lambda thunk: collections.defaultdict(thunk)[0]),
]


def _mark(target: str, invoke) -> None:
    module_name, _, path = target.partition(":")
    owner = importlib.import_module(module_name)
    *outer, name = path.split(".")
    for part in outer:  # a class's method: "flask.app:Flask.full_dispatch_request"
        owner = getattr(owner, part)
    function = getattr(owner, name)

    @functools.wraps(function)
    def marked(*args, **kwargs):
        return invoke(lambda: function(*args, **kwargs))

    setattr(owner, name, marked)


def _environ(path: str, body: bytes, token: str | None) -> dict:
    from werkzeug.test import EnvironBuilder

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    environ = EnvironBuilder(path=path, method="POST", data=body, headers=headers,
                             content_type="application/json").get_environ()
    environ["wsgi.input"] = io.BytesIO(body)
    return environ


def _call(app, environ) -> int:
    status = []
    result = app(environ, lambda s, h, e=None: status.append(s))
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    if not status[0].startswith("201"):
        raise RuntimeError(f"{status[0]}: {body[:300]!r}")
    return len(body)


def child(args) -> None:
    from benchmarks.floor import FLOOR_RESPONSE_BYTES, FLOOR_ROW_BYTES
    from benchmarks.load import corpus
    from checker.store import create_token, create_user, make_engine, migrate

    bodies = corpus()
    for target, (_symbol, invoke) in zip(args.mark, MARKERS):  # before the app is made
        _mark(target, invoke)
    directory = tempfile.mkdtemp(prefix="kaifu-apicount-")
    url = f"sqlite:///{Path(directory) / 'count.sqlite3'}"
    if args.floor:
        from benchmarks import _floor_app

        os.environ.update(DATABASE_URL=url, FLOOR_ROW_BYTES=str(FLOOR_ROW_BYTES),
                          FLOOR_RESPONSE_BYTES=str(FLOOR_RESPONSE_BYTES))
        engine = make_engine(url)
        _floor_app.METADATA.create_all(engine)
        engine.dispose()
        app, path, token = _floor_app.create_app(), "/floor", None
    else:
        from web import create_app

        engine = make_engine(url)
        migrate(engine)
        create_user(engine, "count-bench", "计数专用密码2026x", "reviewer")
        token = create_token(engine, "count-bench")
        engine.dispose()
        app = create_app({"TESTING": False, "SECRET_KEY": "count", "DATABASE_URL": url})
        path = "/api/v1/reviews"
    warm = [_environ(path, bodies[i % len(bodies)], token) for i in range(args.warm)]
    counted = [_environ(path, bodies[(args.warm + i) % len(bodies)], token)
               for i in range(args.count)]
    for environ in warm:
        _call(app, environ)

    def loop():
        return sum(_call(app, environ) for environ in counted)

    size = sys.call_tracing(loop, ())
    engine = app.extensions.get("engine")
    if engine is not None:
        engine.dispose()
    shutil.rmtree(directory, ignore_errors=True)
    print(f"counted {args.count} requests, mean answer {size / args.count:,.0f} bytes",
          file=sys.stderr)


def parent(args, argv: list[str]) -> None:
    if len(args.mark) > len(MARKERS):
        raise SystemExit(f"at most {len(MARKERS)} marks")
    out = Path(tempfile.mkdtemp(prefix="kaifu-callgrind-")) / "callgrind.out"
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
               "--collect-atstart=no", f"--toggle-collect={LOOP_SYMBOL}",
               sys.executable, "-m", "benchmarks._apicount", "--child", *argv]
    subprocess.run(command, check=True, env={**os.environ, "PYTHONHASHSEED": "0"},
                   stdout=subprocess.DEVNULL, stderr=sys.stderr if args.verbose else
                   subprocess.DEVNULL)
    annotated = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100",
                                str(out)], check=True, capture_output=True, text=True).stdout
    inclusive = {}
    for line in annotated.splitlines():  # "  1,234 (5.6%)  file:function [library]"
        found = re.match(r"\s*([\d,]+) \([^)]*\)\s+(?:\S*:)?(\w+)(?: \[.*\])?$", line)
        if found:
            inclusive.setdefault(found.group(2), int(found.group(1).replace(",", "")))
    total = inclusive.get(LOOP_SYMBOL, 0)
    n = args.count
    print(f"{'floor' if args.floor else 'POST'}: {total / n / 1e6:.3f} M instructions/request "
          f"({n} counted after {args.warm}; {out})")
    for target, (symbol, _) in zip(args.mark, MARKERS):
        print(f"  {target:55s} {inclusive.get(symbol, 0) / n / 1e6:8.3f} M")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--floor", action="store_true")
    parser.add_argument("--warm", type=int, default=120)
    parser.add_argument("--count", type=int, default=120)
    parser.add_argument("--mark", action="append", default=[])
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.child:
        child(args)
    else:
        parent(args, [a for a in argv if a != "--verbose"])


if __name__ == "__main__":
    main(sys.argv[1:])
