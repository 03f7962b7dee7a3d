"""A voided document looks void (issue 23 item 7): the download carries a visible 作废 mark
with the void date and the reason, the archived original stays byte for byte as issued (its
SHA-256 still verifies) and downloadable beside it; the record page and the history show the
state and the date. SQLite, and PostgreSQL when TEST_DATABASE_URL is set."""
from __future__ import annotations

import hashlib
import io
import subprocess

from pypdf import PdfReader
from web_support import AS_OF, csrf_of, issue_review, login

from checker.dates import beijing_date
from checker.store import create_token, get_review, records
from checker.store.models import utcnow

REASON = "建设单位撤回申请，项目取消<b>（另行报审）</b>"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def pdftotext(data: bytes, tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True, timeout=60).stdout
    return "".join(out.split())


def test_voided_download_is_marked_and_the_original_unchanged(app, engine, token, sample,
                                                              tmp_path):
    client = app.test_client()
    body = client.post("/api/v1/reviews", json={"application": sample, "as_of": AS_OF},
                       headers=bearer(token)).json
    body = issue_review(client, engine, body["id"], token)
    document = body["documents"][0]
    original = client.get(document["pdf"], headers=bearer(token)).data
    assert hashlib.sha256(original).hexdigest() == document["pdf_sha256"]
    pages = len(PdfReader(io.BytesIO(original)).pages)
    assert "作废" not in pdftotext(original, tmp_path, "issued.pdf")

    days = {beijing_date(utcnow())}
    approver = bearer(create_token(engine, "approver"))
    voided = client.post(document["actions"]["void"], headers=approver, json={"reason": REASON})
    days.add(beijing_date(utcnow()))
    assert voided.status_code == 200, voided.json
    state = voided.json["documents"][0]
    assert state["state"] == "void" and state["voided_on"] in {d.isoformat() for d in days}
    day = next(d for d in days if d.isoformat() == state["voided_on"])

    marked = client.get(document["pdf"], headers=bearer(token))
    assert marked.status_code == 200 and marked.data != original
    text = pdftotext(marked.data, tmp_path, "void.pdf")
    assert "作废说明" in text and f"已于{day.year}年{day.month}月{day.day}日作废" in text
    assert "".join(REASON.split()) in text  # the reason as text, never as markup
    assert document["number"] in text and document["pdf_sha256"] in text
    reader = PdfReader(io.BytesIO(marked.data))
    assert len(reader.pages) == pages + 1  # the notice page, then every original page
    for page in reader.pages[1:]:
        assert "作废" in page.extract_text()  # the mark on every page of the original
    assert client.get(document["pdf"], headers=bearer(token)).data == marked.data

    # the archived original, beside it: the issued bytes, its SHA-256 still verifies
    archived = client.get(document["pdf"].removesuffix(".pdf") + "/archived.pdf",
                          headers=bearer(token))
    assert archived.status_code == 200 and archived.data == original
    assert hashlib.sha256(archived.data).hexdigest() == document["pdf_sha256"]
    stored = get_review(engine, body["id"]).documents[0]
    assert records.stored_pdf(engine, stored.id) == original
    assert stored.pdf_sha256 == document["pdf_sha256"]

    # the record page and the history show the state, the date and the reason
    login(client, "reviewer")
    page = client.get(f"/reviews/{body['id']}").get_data(as_text=True)
    assert "已作废" in page and f"作废日期：{day.isoformat()}" in page
    assert "作废原因：建设单位撤回申请，项目取消&lt;b&gt;" in page
    assert f"/reviews/{body['id']}/documents/{document['type']}/archived.pdf" in page
    history = client.get("/reviews", query_string={"q": document["number"]}).get_data(
        as_text=True)
    assert "已作废" in history and f"（{day.isoformat()}作废）" in history


def test_no_archived_original_before_issue(app, engine, token, sample):
    client = app.test_client()
    body = client.post("/api/v1/reviews", json={"application": sample, "as_of": AS_OF},
                       headers=bearer(token)).json
    kind = body["documents"][0]["type"]
    response = client.get(f"/api/v1/reviews/{body['id']}/documents/{kind}/archived.pdf",
                          headers=bearer(token))
    assert response.status_code == 404 and "没有已签发的" in response.json["error"]["message"]
    login(client, "reviewer")
    page = client.get(f"/reviews/{body['id']}/documents/{kind}/archived.pdf")
    assert page.status_code == 404 and "尚未签发" in page.get_data(as_text=True)
    assert csrf_of(client.get("/reviews/new"))  # the session is still usable
