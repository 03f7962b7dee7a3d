"""The daily job where Redis is configured: the Celery app carries the housekeeping task and
its beat schedule (00:30 Beijing); the task, run in the worker's way (its own Flask app
context), applies the Art. 19 lapses due and is idempotent."""
from __future__ import annotations

import datetime as dt

from checker.store import projects
from web import housekeeping
from test_projects_web import CODE, issued_project


def test_beat_schedule_and_task(app, client, engine):
    issued_project(client, engine)
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    celery = app.extensions["celery"]  # web.celery_init_app
    entry = celery.conf.beat_schedule["housekeeping-daily"]
    assert entry["task"] == housekeeping.TASK_NAME
    assert entry["schedule"].hour == {16} and entry["schedule"].minute == {30}  # 00:30 北京时间
    task = celery.tasks[housekeeping.TASK_NAME]
    assert task.apply().get() == []  # nothing due today
    file = projects.project_file(engine, CODE)
    lapses_on = file.lapse.lapses_on
    app.config["CLOCK"] = lambda: dt.datetime.combine(lapses_on, dt.time(1, 0))  # 09:00 北京
    assert task.apply().get() == [{"code": CODE, "record_id": file.opinion.id,
                                   "lapses_on": lapses_on.isoformat()}]
    assert task.apply().get() == []
    assert projects.project_file(engine, CODE).state == "已失效"
