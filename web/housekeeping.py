"""The daily job (每日任务): what the bureau's acts make happen by themselves with time.

Today one thing: an opinion (or 同意变更决定) whose project has not started construction within
the validity period lapses (Order 2025 No. 31 Art. 19; checker.store.projects.apply_lapses:
idempotent, recorded as an act, the record leaves the ledger's approved totals).  Where Redis
is configured the Celery beat runs it once a day (`register`, called by web.celery_init_app;
start ``celery -A … beat`` beside the workers); otherwise cron runs ``checker housekeeping``
(the same store function, from the command line)."""
from __future__ import annotations

TASK_NAME = "checker.housekeeping"
# 00:30 Beijing time (UTC+8, no daylight saving), the beat's clock being UTC
SCHEDULE = {"hour": 16, "minute": 30}


def run() -> list[dict]:
    """Apply the lapses due today (Beijing) under the rulebook in force; what was done."""
    from checker.store.projects import apply_lapses
    from web import books, service
    from web.db import engine

    done = apply_lapses(engine(), service.today(), books.in_force())
    return [{"code": d.code, "record_id": d.record_id, "lapses_on": d.lapses_on.isoformat()}
            for d in done]


def register(celery) -> None:
    """Add the daily task and its beat schedule to the app's Celery application `celery`
    (web.celery_init_app: its tasks run in the Flask app's context)."""
    from celery.schedules import crontab

    @celery.task(name=TASK_NAME, shared=False)  # this app's own (one Flask app each)
    def housekeeping() -> list[dict]:
        return run()

    def schedule(sender, **_):
        sender.conf.beat_schedule = {**(sender.conf.beat_schedule or {}),
                                     "housekeeping-daily": {"task": TASK_NAME,
                                                            "schedule": crontab(**SCHEDULE)}}

    celery.on_after_configure.connect(schedule, weak=False)
