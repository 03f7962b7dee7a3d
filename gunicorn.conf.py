"""gunicorn settings read from the project's root (gunicorn loads ``./gunicorn.conf.py`` by
default: `make serve` and the load benchmarks start it there); the command line sets the rest.

A worker that has loaded the application freezes what it holds then out of the cyclic garbage
collector's reach (the rulebook, the compiled rules, the models, the routes: some 175,000
objects): a full collection would otherwise walk all of them again every thousand requests
or so, 45–51 ms of CPU each time with the GIL held — every thread of the worker stalls for
it (issue 29).  They live as long as the worker."""
from __future__ import annotations

import gc


def post_worker_init(worker) -> None:  # noqa: ARG001 - gunicorn's hook signature
    gc.collect()
    gc.freeze()
