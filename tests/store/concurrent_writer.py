"""One writer process of tests/store/test_writers.py: THREADS threads store COUNT reviews each
in the SQLite database at URL, SQLite's own busy wait switched off (a writer that met another
one's lock would fail at once: only the writers' queue keeps them apart), while another
thread keeps reading.  Prints the ids it stored, one a line; exits 1 on any error."""
from __future__ import annotations

import json
import sys
import threading
import traceback

from checker.store import count_reviews, make_engine, save_review

if __name__ == "__main__":
    url, user_id, threads, count, result_path = sys.argv[1:6]
    from checker import intake
    from checker.review import review
    import datetime as dt

    from tests.store.conftest import SAMPLE

    result = review(intake.validate(json.loads(json.dumps(SAMPLE))), dt.date(2026, 3, 1))
    engine = make_engine(url, sqlite_busy_timeout=0)
    stored: list[int] = []
    errors: list[str] = []
    done = threading.Event()

    def write() -> None:
        try:
            for _ in range(int(count)):
                record = save_review(engine, result, "{}", int(user_id), find_duplicates=True)
                stored.append(record.id)
        except Exception:  # reported below: the test fails naming it
            errors.append(traceback.format_exc())

    def read() -> None:
        try:
            while not done.is_set():
                count_reviews(engine)
        except Exception:
            errors.append(traceback.format_exc())

    reader = threading.Thread(target=read)
    reader.start()
    workers = [threading.Thread(target=write) for _ in range(int(threads))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    done.set()
    reader.join()
    with open(result_path, "w") as handle:
        handle.write("\n".join(map(str, stored)))
    if errors:
        print(errors[0], file=sys.stderr)
        sys.exit(1)
