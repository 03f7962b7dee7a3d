"""The opinion PDF of a stored review: re-rendered, byte-identical, with the stored number."""
from __future__ import annotations

import shutil
import subprocess
import threading

import pytest
from web_support import AS_OF, csrf_of, issue_review

from checker import rulebook
from checker.store import ReviewRecord, get_review


def create(client, token, sample):
    response = client.post("/api/v1/reviews", json={"application": sample, "as_of": AS_OF},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.json
    return response.json


def test_pdf_is_byte_identical_each_time(logged_in, token, sample):
    created = create(logged_in, token, sample)
    first = logged_in.get(f"/reviews/{created['id']}/opinion.pdf")
    second = logged_in.get(f"/reviews/{created['id']}/opinion.pdf")
    via_api = logged_in.get(f"/api/v1/reviews/{created['id']}/opinion.pdf",
                            headers={"Authorization": f"Bearer {token}"})
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert first.data.startswith(b"%PDF")
    assert first.data == second.data == via_api.data
    assert "attachment" in first.headers["Content-Disposition"]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) 未安装")
def test_pdf_carries_the_stored_number_and_project(logged_in, engine, token, sample):
    created = issue_review(logged_in, engine, create(logged_in, token, sample)["id"], token)
    pdf = logged_in.get(f"/reviews/{created['id']}/opinion.pdf").data
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")
    compact = "".join(text.split())
    assert "测试数据中心" in compact
    assert created["opinion_number"] in compact


def test_changed_rulebook_is_said_not_rendered(logged_in, engine, token, sample):
    created = create(logged_in, token, sample)
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    with Session(engine) as session, session.begin():
        session.execute(update(ReviewRecord).where(ReviewRecord.id == created["id"])
                        .values(rulebook_version="2020.1+000000000000"))
    response = logged_in.get(f"/reviews/{created['id']}/opinion.pdf")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "规则库文件已更新" in html and rulebook.shipped().version in html
    # the way on is offered: a re-review of this record (a new record linked to it)
    assert f'action="/reviews/{created["id"]}/rereview"' in html
    api = logged_in.get(f"/api/v1/reviews/{created['id']}/opinion.pdf",
                        headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 409 and api.json["error"]["code"] == "rulebook_changed"


def test_concurrent_issues_get_consecutive_numbers(app, engine, token, sample):
    """8 approvers' requests issuing 8 submitted documents at once through the API: numbers
    1..8 of the series, no gaps, no repeats (PostgreSQL too, with TEST_DATABASE_URL)."""
    from checker.store import create_token

    client = app.test_client()
    drafter = {"Authorization": f"Bearer {token}"}
    approver = {"Authorization": f"Bearer {create_token(engine, 'approver')}"}
    actions = []
    for _ in range(8):
        created = client.post("/api/v1/reviews", json=sample, headers=drafter).json
        main = created["documents"][0]["actions"]
        assert client.post(main["submit"], headers=drafter).status_code == 200
        actions.append((created["id"], main["issue"]))
    results, barrier = [], threading.Barrier(8)

    def worker(review_id, url):
        barrier.wait()
        response = app.test_client().post(url, headers=approver)
        results.append((response.status_code, review_id))

    threads = [threading.Thread(target=worker, args=a) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [status for status, _ in results] == [200] * 8
    seqs = sorted(get_review(engine, review_id).opinion_seq for _, review_id in results)
    assert seqs == list(range(1, 9))


def test_login_page_form_is_csrf_protected(client):
    response = client.post("/login", data={"name": "reviewer", "password": "x"})
    assert response.status_code == 400
    assert csrf_of(client.get("/login"))
