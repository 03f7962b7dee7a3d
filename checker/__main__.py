"""`checker` and `python -m checker`: the command line (checker.cli), its modules loaded with
the cyclic garbage collector paused.

Loading the checker makes some hundred thousand long-lived objects (classes, functions,
tables) and almost no garbage; the collector would walk them over and over while they load
(~5 % of a cold `checker review`, issue 29).  Once loaded they are moved out of its reach
(`gc.freeze`, as for a process that forks its workers after start-up) and collection resumes
as before for the command's own work, so a long `checker batch` is collected as usual.
"""
from __future__ import annotations

import gc
import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line with `argv` (default: the process's arguments)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from checker.cli import main as run
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
