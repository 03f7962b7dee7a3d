"""参数设置: an administrator's value reaches the reviews of every worker without a restart,
changes the rulebook version, is audited, and bad values are refused in Chinese."""
from __future__ import annotations

import json

import subprocess
import sys
from pathlib import Path

from web_support import csrf_of, login

from checker.store.parameters import changes


def _post(client, **form):
    page = client.get("/admin/parameters")
    return client.post("/admin/parameters", data={"csrf_token": csrf_of(page), **form})


# Another worker: a separate process, started before the change, answering "/ledger" per line.
WORKER = """
import sys
sys.path.insert(0, {support!r})
from web import create_app
from web_support import login
app = create_app({{"TESTING": True, "DATABASE_URL": {url!r}, "SECRET_KEY": "test-secret"}})
client = app.test_client()
assert login(client).status_code == 302
for line in sys.stdin:
    html = client.get("/ledger?year=2026").get_data(as_text=True)
    print("SET" if "286,501.00 吨标准煤" in html else "UNSET", flush=True)
"""


def test_admin_sets_an_allowance_and_another_worker_sees_it(app, client, database_url, tmp_path):
    assert login(client, "admin").status_code == 302
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER.format(support=str(Path(__file__).parent), url=database_url)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask() -> str:
        worker.stdin.write("?\n")
        worker.stdin.flush()
        return worker.stdout.readline().strip()

    before = app.extensions["rulebook"].in_force().version
    assert ask() == "UNSET"
    response = _post(client, name="impact.allowance_tce", value="286501", since="2026-01-01",
                     source="开福区“十五五”能耗增量控制额度（测试）", action="set")
    assert response.status_code == 302
    page = client.get("/admin/parameters").get_data(as_text=True)
    assert "286501" in page and "admin" in page
    assert app.extensions["rulebook"].in_force().version != before
    audit = changes(app.extensions["engine"])
    assert audit[0].changed_by == "admin" and audit[0].old_json is None
    assert json.loads(audit[0].new_json)["value"] == 286501
    try:  # the other worker process sees the change on its next request, without a restart
        assert ask() == "SET"
        _post(client, name="impact.allowance_tce", action="clear")
        assert ask() == "UNSET"
    finally:
        worker.stdin.close()
        worker.wait(30)
    # clearing is audited too, old → nothing
    assert json.loads(changes(app.extensions["engine"])[0].old_json)["value"] == 286501
    assert "未设置" in client.get("/ledger?year=2026").get_data(as_text=True)


def test_bad_values_are_refused_and_reviewers_cannot_set(client):
    assert login(client, "admin").status_code == 302
    bad = _post(client, name="impact.allowance_tce", value="1", since="2026-13-01",
                source="x", action="set")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.get_data(as_text=True)
    bad = _post(client, name="impact.m_grade_bounds", value="\"很多\"", since="2026-01-01",
                source="x", action="set")
    assert bad.status_code == 400 and "类型" in bad.get_data(as_text=True)
    nosource = _post(client, name="impact.allowance_tce", value="1", since="2026-01-01",
                     source="", action="set")
    assert nosource.status_code == 400 and "来源" in nosource.get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/ledger"))})
    assert login(client).status_code == 302
    assert client.get("/admin/parameters").status_code == 403
