"""The official record: the documents' life cycle through the API and the pages, issued
PDF/A bytes kept whatever the rulebook becomes, idempotent creation under concurrent
retries, duplicates, attachments, and the history export read back."""
from __future__ import annotations

import csv
import hashlib
import io
import threading

import pytest
from pypdf import PdfReader
from sqlalchemy import update
from sqlalchemy.orm import Session
from web_support import AS_OF, PASSWORD, csrf_of, login, pdf_file

from checker.store import ReviewRecord, create_token, get_review


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def create(client, token, sample, **headers):
    return client.post("/api/v1/reviews", json={"application": sample, "as_of": AS_OF},
                       headers={**bearer(token), **headers})


def pdf_text(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_api_life_cycle_draft_submit_return_issue_void(client, engine, token, sample):
    approver = bearer(create_token(engine, "approver"))
    ecology = bearer(create_token(engine, "eco-approver"))
    body = create(client, token, sample).json
    document = body["documents"][0]
    # 未批先建 under Order 31: the Art. 24 notice (责令停止建设、限期整改), not an opinion
    assert (document["type"], document["state"], document["number"]) == (
        "stop_notice", "draft", None)
    actions = document["actions"]
    draft = client.get(document["pdf"], headers=bearer(token))
    assert draft.status_code == 200 and "草稿" in pdf_text(draft.data)
    # only an approver, of the issuing bureau, after submission
    assert client.post(actions["issue"], headers=approver).status_code == 409
    assert client.post(actions["submit"], headers=approver).status_code == 403
    assert client.post(actions["submit"], headers=bearer(token)).json[
        "documents"][0]["state"] == "submitted"
    refused = client.post(actions["issue"], headers=ecology)
    assert refused.status_code == 403 and "发展和改革局" in refused.json["error"]["message"]
    assert client.post(actions["issue"], headers=bearer(token)).status_code == 403
    no_reason = client.post(actions["return"], headers=approver, json={})
    assert no_reason.status_code == 400 and "退回原因" in no_reason.json["error"]["message"]
    returned = client.post(actions["return"], headers=approver, json={"reason": "请核实PUE"})
    assert returned.json["documents"][0]["state"] == "returned"
    assert returned.json["documents"][0]["reason"] == "请核实PUE"
    client.post(actions["submit"], headers=bearer(token))
    issued = client.post(actions["issue"], headers=approver)
    assert issued.status_code == 200, issued.json
    document = issued.json["documents"][0]
    assert document["state"] == "issued" and document["number"].endswith("〕1号")
    assert issued.json["opinion_number"] == document["number"]
    pdf = client.get(document["pdf"], headers=bearer(token)).data
    assert hashlib.sha256(pdf).hexdigest() == document["pdf_sha256"]
    reader = PdfReader(io.BytesIO(pdf))
    assert b"pdfaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    text = pdf_text(pdf)
    assert document["number"] in text and "未经签发" not in text
    # an issued document is a record: a changed rulebook changes nothing, no 409
    with Session(engine) as session, session.begin():
        session.execute(update(ReviewRecord).where(ReviewRecord.id == body["id"])
                        .values(rulebook_version="2020.1+000000000000"))
    again = client.get(document["pdf"], headers=bearer(token))
    assert again.status_code == 200 and again.data == pdf
    assert client.post(actions["void"], headers=approver, json={}).status_code == 400
    voided = client.post(actions["void"], headers=approver, json={"reason": "建设单位撤回申请"})
    assert voided.json["documents"][0]["state"] == "void"
    assert voided.json["documents"][0]["number"] == document["number"]
    # the download is marked 作废; the archived original stays as issued beside it
    assert client.get(document["pdf"], headers=bearer(token)).data != pdf
    archived = document["pdf"].removesuffix(".pdf") + "/archived.pdf"
    assert client.get(archived, headers=bearer(token)).data == pdf
    assert client.post(actions["issue"], headers=approver).status_code == 409


def service_review(app, engine, review_id):
    from web import service

    with app.app_context():
        return service.reviewed_review(get_review(engine, review_id))[0]


def test_the_working_paper_is_staff_only_holds_the_verification_and_is_archived_at_issue(
        app, client, engine, token, sample):
    """The issued document carries the decision only; the 审查工作底稿 (its own PDF and page,
    listed under the record's files) holds the rule ids, sources and hashes, is archived
    beside the document when it is issued, and is never served without a sign-in."""
    approver = bearer(create_token(engine, "approver"))
    body = create(client, token, sample).json
    record = get_review(engine, body["id"])
    rule_ids = [f.rule_id for f in service_review(app, engine, body["id"]).findings]
    draft = pdf_text(client.get(body["documents"][0]["pdf"], headers=bearer(token)).data)
    assert not any(rule_id in draft for rule_id in rule_ids)
    assert record.input_sha256 not in draft
    assert body["links"]["working_paper_pdf"].endswith("/working-paper.pdf")
    paper = client.get(body["links"]["working_paper_pdf"], headers=bearer(token))
    assert paper.status_code == 200 and paper.mimetype == "application/pdf"
    assert "working-paper" in paper.headers["Content-Disposition"]
    text = pdf_text(paper.data)
    assert "审查工作底稿" in text and record.input_sha256 in text
    assert all(rule_id in text for rule_id in rule_ids)
    staff = app.test_client()
    login(staff)
    page = staff.get(f"/reviews/{body['id']}/working-paper.html")
    assert page.status_code == 200 and record.input_sha256 in page.get_data(as_text=True)
    listed = staff.get(f"/reviews/{body['id']}").get_data(as_text=True).split('id="files"')[1]
    assert f"/reviews/{body['id']}/working-paper.pdf" in listed.split('id="attachments"')[0]
    assert staff.get(f"/reviews/{body['id']}/working-paper.pdf").data == paper.data
    anonymous = app.test_client()
    for path in ("/reviews/{}/working-paper.pdf", "/reviews/{}/working-paper.html"):
        assert anonymous.get(path.format(body["id"])).status_code == 302  # to the sign-in
    assert anonymous.get(body["links"]["working_paper_pdf"]).status_code == 401
    actions = body["documents"][0]["actions"]
    client.post(actions["submit"], headers=bearer(token))
    issued = client.post(actions["issue"], headers=approver).json["documents"][0]
    assert issued["working_paper_sha256"]
    stored = get_review(engine, body["id"]).documents[0]
    from checker.store.records import archived_working_paper
    archived = archived_working_paper(engine, stored.id)
    assert hashlib.sha256(archived).hexdigest() == issued["working_paper_sha256"]
    assert record.input_sha256 in pdf_text(archived)
    # a changed rulebook: the working paper archived at issue is still served
    with Session(engine) as session, session.begin():
        session.execute(update(ReviewRecord).where(ReviewRecord.id == body["id"])
                        .values(rulebook_version="2020.1+000000000000"))
    again = client.get(body["links"]["working_paper_pdf"], headers=bearer(token))
    assert again.status_code == 200 and again.data == archived


def test_idempotency_key_same_review_under_concurrent_retries(app, engine, token, sample):
    first = create(app.test_client(), token, sample, **{"Idempotency-Key": "order-42"})
    assert first.status_code == 201
    retry = create(app.test_client(), token, sample, **{"Idempotency-Key": "order-42"})
    assert retry.status_code == 200 and retry.json["id"] == first.json["id"]
    results, barrier = [], threading.Barrier(6)

    def worker():
        barrier.wait()
        response = create(app.test_client(), token, sample, **{"Idempotency-Key": "order-43"})
        results.append((response.status_code, response.json["id"]))

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len({review_id for _, review_id in results}) == 1
    assert sorted(status for status, _ in results) == [200] * 5 + [201]
    bad = create(app.test_client(), token, sample, **{"Idempotency-Key": "键"})
    assert bad.status_code == 400 and "Idempotency-Key" in str(bad.json)
    # a new review of the same input and date is flagged as a duplicate of the drafts
    plain = create(app.test_client(), token, sample).json
    assert plain["duplicates"] == sorted({first.json["id"], results[0][1]})


def form_post(client, path, **data):
    page = client.get("/reviews/new")
    return client.post(path, data={"csrf_token": csrf_of(page), **data})


def test_pages_life_cycle_audit_log_and_rereview(app, engine, token, sample):
    drafter, approver = app.test_client(), app.test_client()
    login(drafter), login(approver, "approver")
    body = create(drafter, token, sample).json
    duplicate = create(drafter, token, sample).json
    page = drafter.get(f"/reviews/{duplicate['id']}").get_data(as_text=True)
    assert 'id="duplicates"' in page and f"#{body['id']}" in page
    document_id = get_review(engine, body["id"]).documents[0].id
    base = f"/reviews/{body['id']}/documents/{document_id}"
    assert form_post(drafter, base + "/submit").status_code == 303
    html = approver.get(f"/reviews/{body['id']}").get_data(as_text=True)
    assert "签发</button>" in html and "退回</button>" in html
    assert form_post(drafter, base + "/issue").status_code == 403  # the drafter never signs
    response = form_post(approver, base + "/issue")
    assert response.status_code == 303
    html = approver.get(f"/reviews/{body['id']}").get_data(as_text=True)
    number = get_review(engine, body["id"]).documents[0].number
    assert number in html and "已签发" in html
    audit = html.split('id="audit"', 1)[1]
    assert "创建审查记录" in audit and "提交签发" in audit and "签发" in audit
    assert "reviewer" in audit and "approver" in audit and "127.0.0.1" in audit
    response = form_post(approver, base + "/void", reason="文号错误")
    html = approver.get(f"/reviews/{body['id']}").get_data(as_text=True)
    assert "已作废" in html and "作废原因：文号错误" in html
    # re-review of an issued record: a new draft linked to it
    edit = drafter.get(f"/reviews/{body['id']}/edit")
    response = drafter.post(f"/reviews/{body['id']}/edit", data={
        "csrf_token": csrf_of(edit), "source": "text", "as_of": AS_OF,
        "json_text": edit.get_data(as_text=True) and __import__("json").dumps(sample)})
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    linked = get_review(engine, new_id)
    assert linked.previous_id == body["id"] and linked.documents[0].state == "draft"
    # history: search by 文号, filter by state, void shown
    history = drafter.get("/reviews", query_string={"q": number}).get_data(as_text=True)
    assert f"#{body['id']}" in history and "已作废" in history and f"#{new_id}<" not in history
    assert f"#{body['id']}<" not in drafter.get(
        "/reviews", query_string={"state": "draft", "q": "测试"}).get_data(as_text=True)


def test_attachments_have_their_own_20_mb_limit(logged_in, engine, token, sample):
    review_id = create(logged_in, token, sample).json["id"]
    path = f"/reviews/{review_id}/attachments"
    report = pdf_file(3 * 1024 * 1024)  # larger than an application may be
    token_field = csrf_of(logged_in.get(f"/reviews/{review_id}"))
    response = logged_in.post(path, data={"csrf_token": token_field, "attachment": (
        io.BytesIO(report), "节能报告.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 303
    html = logged_in.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "节能报告.pdf" in html and hashlib.sha256(report).hexdigest() in html
    link = html.split('href="/reviews/%d/attachments/' % review_id, 1)[1].split('"', 1)[0]
    got = logged_in.get(f"/reviews/{review_id}/attachments/{link}")
    assert got.status_code == 200 and got.data == report
    not_pdf = logged_in.post(path, data={"csrf_token": token_field, "attachment": (
        io.BytesIO(b"hello"), "a.txt")}, content_type="multipart/form-data")
    assert not_pdf.status_code == 400 and "不是有效的PDF" in not_pdf.get_data(as_text=True)
    huge = logged_in.post(path, data={"csrf_token": token_field, "attachment": (
        io.BytesIO(b"%PDF-" + b"0" * (21 * 1024 * 1024)), "big.pdf")},
        content_type="multipart/form-data")
    assert huge.status_code == 413 and "20 MB" in huge.get_data(as_text=True)


def test_history_export_csv_and_xlsx(logged_in, engine, token, sample):
    from openpyxl import load_workbook

    create(logged_in, token, sample)
    other = dict(sample, project={**sample["project"], "name": "=HYPERLINK(\"x\")",
                                  "applicant": "另一单位"})
    create(logged_in, token, other)
    response = logged_in.get("/reviews/export.csv", query_string={"q": "另一单位"})
    assert response.status_code == 200 and response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "项目名称", "建设单位"] and len(rows) == 2
    assert rows[1][1] == "'=HYPERLINK(\"x\")" and rows[1][2] == "另一单位"
    response = logged_in.get("/reviews/export.xlsx", query_string={"state": "draft"})
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:4] == ["编号", "项目名称", "建设单位", "项目代码"]
    # the name as it is, in a text cell (quote prefix): never a formula
    assert sheet.max_row == 3 and {sheet.cell(r, 2).value for r in (2, 3)} == {
        "测试数据中心", "=HYPERLINK(\"x\")"}
    assert all(sheet.cell(r, 2).data_type == "s" for r in (2, 3))
    assert "草稿" in sheet.cell(2, 8).value
    none = logged_in.get("/reviews/export.xlsx", query_string={"state": "issued"})
    assert load_workbook(io.BytesIO(none.data)).active.max_row == 1
