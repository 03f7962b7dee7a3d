"""The rulebook in force, designed once (issues 22, 25, 26): a parameter change on 参数设置
neither stops the bureau (a wrong value is refused, a stored bad one ignored) nor blocks the
records made before it (they render and issue from the rulebook they were reviewed under),
the record and the list say a newer rulebook exists, a one-click re-review links the two
records and shows the difference, and a batch item is reviewed exactly like a single review.
SQLite, and PostgreSQL when TEST_DATABASE_URL is set."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy.orm import Session
from web_support import AS_OF, SAMPLE, csrf_of, issue_review, login, wait_for_batch

from checker.dates import today
from checker.store import ReviewRecord, create_token, get_review
from checker.store.models import LocalParameter
from checker.store.parameters import changes

ALLOWANCE = "impact.allowance_tce"


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _create(client, token, sample=None):
    # in full (?full=1): the tests compare the answer with the stored summary
    response = client.post("/api/v1/reviews?full=1", json={"application": sample or SAMPLE,
                                                    "as_of": AS_OF}, headers=_auth(token))
    assert response.status_code == 201, response.json
    return response.json


def _as_admin(app):
    admin = app.test_client()
    assert login(admin, "admin").status_code == 302
    return admin


def _set(admin, name=ALLOWANCE, value="286501", since="2026-01-01"):
    page = admin.get("/admin/parameters")
    return admin.post("/admin/parameters", data={
        "csrf_token": csrf_of(page), "name": name, "value": value, "since": since,
        "source": "开福区“十五五”能耗增量控制额度（测试）", "action": "set"})


def _store_bad(engine, value_json: str) -> None:
    """A value written into the database without the page's checks (an older version, or an
    edit by hand)."""
    with Session(engine) as session, session.begin():
        session.merge(LocalParameter(name=ALLOWANCE, value_json=value_json,
                                     since=dt.date(2026, 1, 1), source="数据库中直接修改",
                                     updated_by="someone"))


# ---------------------------------------------------------------- typed values (issue 25.1)

@pytest.mark.parametrize("typed", ["5万", "abc", "[1,2]", "NaN", "true"])
def test_the_parameters_page_refuses_a_value_of_another_form(app, engine, typed):
    admin = _as_admin(app)
    before = len(changes(engine))
    response = _set(admin, value=typed)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "未保存" in text and "应为数值（单位：吨标准煤，不小于 0" in text
    assert len(changes(engine)) == before  # nothing stored
    assert _set(admin, value="286501").status_code == 302  # the right form is taken
    page = admin.get("/admin/parameters?saved=" + ALLOWANCE).get_data(as_text=True)
    assert "已保存" in page and "本地配置" in page


@pytest.mark.parametrize("stored", ['"5万"', '"abc"', "[1, 2]", "NaN", "true", "abc"])
def test_a_bad_stored_value_is_reported_and_ignored_never_a_500(app, engine, token, stored):
    _store_bad(engine, stored)
    client = app.test_client()
    assert login(client).status_code == 302
    created = _create(client, token)  # API review
    assert created["review"]["impact"]["m"]["assessed"] is False  # the value was left out
    assert client.get("/ledger?year=2026").status_code == 200
    assert client.get("/api/v1/ledger?year=2026", headers=_auth(token)).status_code == 200
    assert client.get(f"/reviews/{created['id']}").status_code == 200
    assert client.get(f"/reviews/{created['id']}/opinion.pdf").status_code == 200
    page = _as_admin(app).get("/admin/parameters")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'id="ignored"' in text and "未被采用" in text and ALLOWANCE in text


# ---------------------------------------------------------------- pinned records (issue 26.1)

def test_a_parameter_change_does_not_block_pending_documents(app, engine, token):
    client = app.test_client()
    assert login(client).status_code == 302
    draft = _create(client, token)
    pending = _create(client, token)
    documents = pending["documents"]
    assert client.post(documents[0]["actions"]["submit"], headers=_auth(token)).status_code == 200
    before = client.get(f"/reviews/{draft['id']}/opinion.pdf").data

    assert _set(_as_admin(app)).status_code == 302  # the administrator changes a value

    # the draft renders from its own rulebook: the same bytes as before the change
    after = client.get(f"/reviews/{draft['id']}/opinion.pdf")
    assert after.status_code == 200 and after.data == before
    # the 待签发 document issues (not 409), from its own rulebook
    approver = create_token(engine, "approver")
    response = client.post(documents[0]["actions"]["issue"], headers=_auth(approver))
    assert response.status_code == 200, response.json
    issued = response.json
    assert issued["documents"][0]["state"] == "issued" and issued["documents"][0]["pdf_sha256"]
    assert issued["rulebook_version"] == pending["rulebook_version"]
    # the record says a newer rulebook exists, and offers the re-review
    page = client.get(f"/reviews/{draft['id']}").get_data(as_text=True)
    assert 'id="rulebook-notice" data-state="newer"' in page and "规则库已更新" in page
    assert f'action="/reviews/{draft["id"]}/rereview"' in page
    assert client.get(f"/api/v1/reviews/{draft['id']}",
                      headers=_auth(token)).json["rulebook"]["state"] == "newer"
    # … and so does the list of records with documents still to handle
    listing = client.get("/reviews?state=draft").get_data(as_text=True)
    assert "规则库已更新" in listing
    # a review made now is made under the new rulebook, and says nothing of the sort
    fresh = _create(client, token)
    assert fresh["rulebook_version"] != draft["rulebook_version"]
    assert fresh["rulebook"]["state"] == "current"
    assert 'id="rulebook-notice"' not in client.get(f"/reviews/{fresh['id']}").get_data(
        as_text=True)


def test_issuing_never_re_reviews_and_a_second_change_keeps_the_first(app, engine, token):
    """Two changes in a row: a record of the first settings renders from the first values."""
    client = app.test_client()
    assert login(client).status_code == 302
    admin = _as_admin(app)
    assert _set(admin, value="286501").status_code == 302
    first = _create(client, token)
    assert first["review"]["impact"]["m"]["assessed"] is True
    pdf = client.get(f"/reviews/{first['id']}/opinion.pdf").data
    assert _set(admin, value="999999").status_code == 302
    page = admin.get("/admin/parameters")
    assert admin.post("/admin/parameters", data={"csrf_token": csrf_of(page), "name": ALLOWANCE,
                                                 "action": "clear"}).status_code == 302
    assert client.get(f"/reviews/{first['id']}/opinion.pdf").data == pdf
    issued = issue_review(client, engine, first["id"], token)
    record = get_review(engine, first["id"])
    assert record.rulebook_version == first["rulebook_version"]  # not re-reviewed
    assert json.loads(record.summary_json) == first["review"]
    assert issued["documents"][0]["pdf_sha256"]


def test_one_click_re_review_links_both_records_and_shows_the_difference(app, engine, token):
    client = app.test_client()
    assert login(client).status_code == 302
    old = _create(client, token)
    assert _set(_as_admin(app)).status_code == 302
    page = client.get(f"/reviews/{old['id']}")
    response = client.post(f"/reviews/{old['id']}/rereview", data={"csrf_token": csrf_of(page)})
    assert response.status_code == 303
    new_id = int(response.headers["Location"].split("/")[-1].split("#")[0])
    new = get_review(engine, new_id)
    assert new.previous_id == old["id"] and new.as_of.isoformat() == AS_OF
    assert new.input_sha256 == old["input_sha256"]
    assert new.rulebook_version != old["rulebook_version"]
    shown = client.get(f"/reviews/{new_id}").get_data(as_text=True)
    # the difference: the impact finding appears now that the allowance is known
    assert f"与原审查 <a href=\"/reviews/{old['id']}\">" in shown
    # staff read the finding by its title (its rule id stays in the API and the 技术信息)
    assert "项目对全区能耗增量额度和能耗强度目标的影响" in \
        shown.split('id="changes"')[1].split("</section>")[0]
    assert 'id="rulebook-notice"' not in shown
    # both directions: the old record names the new one
    back = client.get(f"/reviews/{old['id']}").get_data(as_text=True)
    assert f'href="/reviews/{new_id}">#{new_id}</a>' in back.split('id="rereviewed-as"')[1]
    # the old record is left as it was
    assert json.loads(get_review(engine, old["id"]).summary_json) == old["review"]
    api = client.get(f"/api/v1/reviews/{new_id}", headers=_auth(token)).json
    assert [f["rule_id"] for f in api["changes"]["added"]] == ["impact.target_effect"]
    assert client.get(f"/api/v1/reviews/{old['id']}",
                      headers=_auth(token)).json["rulebook"]["rereviews"] == [new_id]
    # a second click (page or API) under the same rulebook answers the same new record
    again = client.post(f"/reviews/{old['id']}/rereview", data={"csrf_token": csrf_of(page)})
    assert again.headers["Location"].split("#")[0].endswith(f"/reviews/{new_id}")
    via_api = client.post(f"/api/v1/reviews/{old['id']}/rereview", headers=_auth(token))
    assert via_api.status_code == 200 and via_api.json["id"] == new_id
    assert via_api.json["previous_id"] == old["id"]


def test_a_record_whose_rule_files_changed_offers_re_review_not_a_bare_409(app, engine,
                                                                          token):
    from sqlalchemy import update

    client = app.test_client()
    assert login(client).status_code == 302
    created = _create(client, token)
    with Session(engine) as session, session.begin():
        session.execute(update(ReviewRecord).where(ReviewRecord.id == created["id"])
                        .values(rulebook_version="2020.1+000000000000"))
    page = client.get(f"/reviews/{created['id']}").get_data(as_text=True)
    assert 'data-state="changed"' in page and "规则库文件已更新" in page
    api = client.get(f"/api/v1/reviews/{created['id']}/opinion.pdf", headers=_auth(token))
    assert api.status_code == 409 and api.json["error"]["code"] == "rulebook_changed"
    assert api.json["error"]["links"]["rereview"] == f"/api/v1/reviews/{created['id']}/rereview"
    # submitting is still possible; issuing says so and offers the re-review
    documents = created["documents"]
    assert client.post(documents[0]["actions"]["submit"], headers=_auth(token)).status_code == 200
    approver = app.test_client()
    assert login(approver, "approver").status_code == 302
    record_page = approver.get(f"/reviews/{created['id']}")
    issue = approver.post(_page_action(record_page, "issue"),
                          data={"csrf_token": csrf_of(record_page)})
    assert issue.status_code == 409
    text = issue.get_data(as_text=True)
    assert "规则库文件已更新" in text and "按现行规则库重新审查" in text
    assert get_review(engine, created["id"]).documents[0].state == "submitted"  # nothing issued


def _page_action(page, action: str) -> str:
    import re

    match = re.search(rf'action="(/reviews/\d+/documents/\d+/{action})"',
                      page.get_data(as_text=True))
    assert match, f"no {action} form"
    return match.group(1)


# ---------------------------------------------------------------- batches (issue 25.3)

def test_a_batch_item_is_reviewed_like_a_single_review(app, engine, token):
    """With an administrator's value in force: the batch item (local process pool, its own
    app in another process) stores the same summary bytes and renders the same document
    bytes as a single review of the same file, and its documents issue (no 409)."""
    assert _set(_as_admin(app)).status_code == 302
    client = app.test_client()
    assert login(client).status_code == 302
    text = json.dumps(SAMPLE, ensure_ascii=False)
    single = client.post("/api/v1/reviews", data=text.encode(), headers={
        **_auth(token), "Content-Type": "application/json"})
    assert single.status_code == 201
    upload = client.post("/batches", data={
        "csrf_token": csrf_of(client.get("/batches")), "as_of": today().isoformat(),
        "files": [(io.BytesIO(text.encode()), "sample.json")]},
        content_type="multipart/form-data")
    assert upload.status_code == 303, upload.get_data(as_text=True)
    data = wait_for_batch(client, int(upload.headers["Location"].rstrip("/").split("/")[-1]),
                          120)
    assert data["counts"] == {"done": 1}
    batch_id = int(data["rows"][0]["review_url"].rstrip("/").split("/")[-1])
    one, other = get_review(engine, single.json["id"]), get_review(engine, batch_id)
    assert other.rulebook_version == one.rulebook_version
    assert "." in one.rulebook_version.split("+")[1]  # the administrator's values are in it
    assert other.summary_json == one.summary_json  # byte-identical stored summary
    assert other.findings_json == one.findings_json
    for kind in (d.doc_type for d in one.documents):
        assert client.get(f"/reviews/{batch_id}/documents/{kind}.pdf").data == \
            client.get(f"/reviews/{one.id}/documents/{kind}.pdf").data
    issued = issue_review(client, engine, batch_id, token)
    assert all(d["state"] == "issued" for d in issued["documents"])


# ---------------------------------------------------------------- in a real browser

def test_the_banner_and_one_click_re_review_in_a_real_browser(browser, server, app, token):
    """After a parameter change the drafter sees the notice on the record, clicks once and
    lands on the new record, which shows what changed and links back; 1366 and 390 px."""
    import re
    from tests.web.test_browser_records import sign_in

    client = app.test_client()
    old = _create(client, token)
    assert _set(_as_admin(app)).status_code == 302
    for width in (1366, 390):
        page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        sign_in(page, server, "reviewer")
        page.goto(f"{server}/reviews/{old['id']}")
        notice = page.locator("#rulebook-notice")
        assert notice.is_visible() and "规则库已更新" in notice.inner_text()
        box = notice.locator("button").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
        notice.locator("button").click()
        page.wait_for_url(re.compile(r".*/reviews/\d+#changes$"))
        changes = page.locator("#changes")
        assert changes.is_visible()
        assert f"#{old['id']}" in changes.inner_text()
        assert "项目对全区能耗增量额度和能耗强度目标的影响" in changes.inner_text()
        assert page.locator("#rulebook-notice").count() == 0
        new_id = re.search(r"/reviews/(\d+)", page.url).group(1)
        page.goto(f"{server}/reviews/{old['id']}")
        assert f"#{new_id}" in page.locator("#rereviewed-as").inner_text()
        page.context.close()


def test_a_batch_goes_on_with_a_bad_stored_value(app, engine):
    _store_bad(engine, "true")  # once read as the allowance 1 (issue 25)
    client = app.test_client()
    assert login(client).status_code == 302
    upload = client.post("/batches", data={
        "csrf_token": csrf_of(client.get("/batches")), "as_of": AS_OF,
        "files": [(io.BytesIO(json.dumps(SAMPLE).encode()), "a.json")]},
        content_type="multipart/form-data")
    assert upload.status_code == 303
    data = wait_for_batch(client, int(upload.headers["Location"].rstrip("/").split("/")[-1]),
                          120)
    assert data["counts"] == {"done": 1}
    record = get_review(engine, int(data["rows"][0]["review_url"].rstrip("/").split("/")[-1]))
    assert json.loads(record.summary_json)["impact"]["m"]["assessed"] is False


def test_the_rules_api_and_page_state_each_parameters_form(app, token):
    client = app.test_client()
    rules = client.get("/api/v1/rules", headers=_auth(token)).json
    shown = {p["name"]: p for family in rules["families"] for rule in family["rules"]
             for p in rule["parameters"]}
    assert shown["data_centre.max_pue"]["type"] == "number"
    assert shown["data_centre.max_pue"]["expected"].startswith("数值（不小于 1")  # PUE ≥ 1
    assert shown["energy_review.exempt_below_kwh"]["expected"].startswith("数值（单位：千瓦时")
    assert login(client).status_code == 302
    page = client.get("/rules/data_centre.pue").get_data(as_text=True)
    assert "取值形式：数值（不小于 1" in page
