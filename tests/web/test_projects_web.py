"""The project file pages: list, page, acts by form (errors in Chinese naming the field,
nothing partial stored), permissions (only approvers sign, issue and revoke), the 同意变更的函
and 整改证明 issued through the one document life cycle and read back from their PDF/A (no rule
ids, URLs or tags), the 待办 page."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from web_support import AS_OF, csrf_of, issue_review, login

from checker.dates import today as beijing_today
from checker.store import create_token
from checker.store.models import ProjectAct

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CODE = "2601-430105-04-01-412087"
STOP_CODE = "2601-430105-04-02-552031"
INTERNAL = re.compile(r"https?://|www\.|\b(?:V1|V2|UNVERIFIED|GAP)\b|待核实|规则库|"
                      r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]+")


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def pdf_text(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def issued_project(client, engine, sample="food_factory") -> dict:
    token = create_token(engine, "reviewer")
    data = json.loads((SAMPLES / f"{sample}.json").read_text(encoding="utf-8"))
    body = client.post("/api/v1/reviews", json={"application": data, "as_of": AS_OF},
                       headers=bearer(token)).json
    return issue_review(client, engine, body["id"], token)


def acts(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(ProjectAct))


def post(client, url, page, **form):
    return client.post(url, data={"csrf_token": csrf_of(client.get(page)), **form})


def test_change_granted_letter_issued_and_revocation(app, client, engine):
    body = issued_project(client, engine)
    assert login(client).status_code == 302
    page = f"/projects/{CODE}"
    listing = client.get("/projects?q=412087").get_data(as_text=True)
    assert CODE in listing and "已出具意见" in listing
    record_page = client.get(f"/reviews/{body['id']}").get_data(as_text=True)
    assert f'href="/projects/{CODE}"' in record_page
    text = client.get(page).get_data(as_text=True)
    assert "已出具意见" in text and 'id="lapses-on"' in text
    # bad input: a Chinese error naming the field, nothing stored
    refused = post(client, f"{page}/changes", page, received_on="2026/05/01", change="规模调整",
                   reason="市场")
    assert refused.status_code == 400 and "收到申请日期须为日期" in refused.get_data(as_text=True)
    refused = post(client, f"{page}/changes", page, received_on="", change="", reason="市场")
    assert refused.status_code == 400 and "变更事项不能为空" in refused.get_data(as_text=True)
    assert acts(engine) == 0
    assert client.get("/projects/2601-430105-04-01-000000").status_code == 404
    assert client.get("/projects/not-a-code").status_code == 404
    today = beijing_today(app.config["CLOCK"]()).isoformat()
    done = post(client, f"{page}/changes", page, received_on=today,
                change="年产量由2万吨调整为2.5万吨", reason="市场需求增加")
    assert done.status_code == 303 and "变更申请中" in client.get(page).get_data(as_text=True)
    request_id = re.search(r'id="change-([0-9]+)"', client.get(page).get_data(as_text=True))[1]
    assert "决定变更申请" in client.get("/todo").get_data(as_text=True)
    bureau = client.get("/todo?scope=bureau").get_data(as_text=True)
    assert "开工建设（逾期审查意见自动失效）" in bureau and "决定变更申请" in bureau
    refused = post(client, f"{page}/changes/{request_id}/decision", page, decision="maybe")
    assert refused.status_code == 400 and "决定须为" in refused.get_data(as_text=True)
    refused = post(client, f"{page}/changes/{request_id}/decision", page, decision="rereview",
                   new_review_id="99999", reason="须重新审查")
    assert refused.status_code == 400 and "新审查记录编号99999不存在" in refused.get_data(as_text=True)
    assert acts(engine) == 1  # only the application
    assert post(client, f"{page}/changes/{request_id}/decision", page,
                decision="grant").status_code == 303
    # the letter is a document of the opinion's record: the act's author submits it
    record = client.get(f"/reviews/{body['id']}").get_data(as_text=True)
    letter_id = re.search(r'id="document-act-([0-9]+)"', record)[1]
    submit = f"/reviews/{body['id']}/documents/{letter_id}/submit"
    assert post(client, submit, f"/reviews/{body['id']}").status_code == 303
    issue = f"/reviews/{body['id']}/documents/{letter_id}/issue"
    assert post(client, issue, f"/reviews/{body['id']}").status_code == 403  # not an approver
    approver = app.test_client()
    assert login(approver, "approver").status_code == 302
    assert post(approver, issue, f"/reviews/{body['id']}").status_code == 303
    assert "已变更" in client.get(page).get_data(as_text=True)
    pdf = client.get(f"/reviews/{body['id']}/documents/{letter_id}.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.data)
    assert "同意该项目作如下变更：年产量由2万吨调整为2.5万吨" in text
    assert re.search(r"开发改环资变〔20[0-9]{2}〕1号", text)
    assert not INTERNAL.search(text), INTERNAL.search(text)
    # revocation: approvers of the 发改局 only, with reason and basis
    refused = post(client, f"{page}/revocation", page, reason="虚假材料", basis="第二十五条")
    assert refused.status_code == 403 and "只有签发人" in refused.get_data(as_text=True)
    ecology = app.test_client()
    assert login(ecology, "eco-approver").status_code == 302
    refused = post(ecology, f"{page}/revocation", page, reason="虚假材料", basis="第二十五条")
    assert refused.status_code == 403 and "无权办理" in refused.get_data(as_text=True)
    refused = post(approver, f"{page}/revocation", page, reason="", basis="第二十五条")
    assert refused.status_code == 400 and "撤销理由不能为空" in refused.get_data(as_text=True)
    assert post(approver, f"{page}/revocation", page, reason="以提供虚假材料的不正当手段通过节能审查",
                basis="令2025年第31号第二十五条").status_code == 303
    text = client.get(page).get_data(as_text=True)
    assert "已撤销" in text and "撤销审查意见（第二十五条）" in text
    todo = client.get("/todo?scope=bureau")
    assert todo.status_code == 200 and "待办" in todo.get_data(as_text=True)


def test_rectification_certificate_read_back(app, client, engine):
    body = issued_project(client, engine, "built_before_approval")
    assert login(client).status_code == 302
    page = f"/projects/{STOP_CODE}"
    assert "责令整改" in client.get(page).get_data(as_text=True)
    today = beijing_today(app.config["CLOCK"]()).isoformat()
    refused = post(client, f"{page}/rectification", page, record_id=str(body["id"]),
                   rectified_on=today, note="")
    assert refused.status_code == 400 and "整改情况不能为空" in refused.get_data(as_text=True)
    assert acts(engine) == 0
    assert post(client, f"{page}/rectification", page, record_id=str(body["id"]),
                rectified_on=today, note="已补编节能报告并经认定").status_code == 303
    record = client.get(f"/reviews/{body['id']}").get_data(as_text=True)
    doc_id = re.search(r'id="document-act-([0-9]+)"', record)[1]
    post(client, f"/reviews/{body['id']}/documents/{doc_id}/submit", f"/reviews/{body['id']}")
    approver = app.test_client()
    login(approver, "approver")
    assert post(approver, f"/reviews/{body['id']}/documents/{doc_id}/issue",
                f"/reviews/{body['id']}").status_code == 303
    assert "已整改" in client.get(page).get_data(as_text=True)
    text = pdf_text(client.get(f"/reviews/{body['id']}/documents/{doc_id}.pdf").data)
    assert "不再出具节能审查意见，特此证明" in text and "开发改环资证〔" in text
    assert not INTERNAL.search(text), INTERNAL.search(text)
