"""Web: after the opinion — acceptance with its document, the operating data template and
import (approved vs actual, the ledger), the 双随机 draw and the public results page."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from web_support import csrf_of, issue_review, login

from checker import aftercare
from checker.store import aftercare as store

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CODE = "2026-430105-14-03-000777"


def issued(client, engine, token, name="食品厂", code=CODE) -> int:
    data = json.loads((SAMPLES / "food_factory.json").read_text(encoding="utf-8"))
    data["project"].update(name=name, code=code)
    response = client.post("/api/v1/reviews", json={"application": data, "as_of": "2026-03-02"},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.json
    issue_review(client, engine, response.json["id"], token)
    return response.json["id"]


def form(client, page: str, **fields):
    return {"csrf_token": csrf_of(client.get(page)), **fields}


def text_of(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def test_acceptance_from_checklist_to_issued_opinion(client, engine, token):
    review_id = issued(client, engine, token)
    login(client)
    page = client.get("/acceptances").get_data(as_text=True)
    assert CODE in page and "受理并生成验收清单" in page
    response = client.post("/acceptances", data=form(
        client, "/acceptances", review_id=str(review_id), phase="一期",
        trial_operation_on="2026-04-01"))
    assert response.status_code == 303
    url = response.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert "2026-10-08" in page and "当量值" in page and CODE in page
    # no report yet: a clear refusal, nothing decided
    keys = re.findall(r'name="status\.([^"]+)"', page)
    keys = list(dict.fromkeys(keys))
    marks = {f"status.{k}": "落实" for k in keys} | {f"evidence.{k}": "现场核查一致" for k in keys}
    refused = client.post(url + "/decide", data=form(client, url, **marks))
    assert refused.status_code == 400 and "自查报告" in refused.get_data(as_text=True)
    bad = client.post(url + "/report", data={**form(client, url), "report": (
        io.BytesIO(b"MZ"), "报告.exe")}, content_type="multipart/form-data")
    assert bad.status_code == 400 and "只接受PDF" in bad.get_data(as_text=True)
    too_big = client.post(url + "/report", data={**form(client, url), "report": (
        io.BytesIO(b"%PDF-" + b"0" * aftercare.REPORT_MAX_BYTES), "报告.pdf")},
        content_type="multipart/form-data")
    assert too_big.status_code in (400, 413)
    ok = client.post(url + "/report", data={**form(client, url), "report": (
        io.BytesIO(b"%PDF-1.7 self check"), "自查报告.pdf")}, content_type="multipart/form-data")
    assert ok.status_code == 303
    assert client.get(url + "/report").data == b"%PDF-1.7 self check"
    assert client.post(url + "/decide", data=form(client, url, **marks)).status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "验收合格" in page
    document_id = int(re.search(r'/acts/(\d+)\.pdf', page).group(1))
    assert "草稿" in text_of(client.get(f"/acts/{document_id}.pdf").data)
    assert client.post(f"/acts/{document_id}/submit", data=form(client, url)).status_code == 303
    client.post("/logout", data=form(client, url))
    login(client, "approver")
    # the approver's start page lists the record whose acceptance opinion waits for signing
    landing = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert f"/reviews/{review_id}" in landing
    assert client.post(f"/acts/{document_id}/issue", data=form(client, url)).status_code == 303
    pdf = client.get(f"/acts/{document_id}.pdf").data
    text = text_of(pdf)
    assert "开发改环资验〔2026〕1号" in text and "验收合格" in text and "一期" in text
    assert "现场核查一致" not in text and "待核实" not in text
    assert client.get(f"/acts/{document_id}.pdf").data == pdf  # never altered
    assert "不能再修改" in client.post(url + "/decide", data=form(
        client, url, **marks)).get_data(as_text=True)
    record_page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "审查意见出具后的文书" in record_page and "开发改环资验〔2026〕1号" in record_page
    events = store.project_events(engine, CODE)
    assert {e.title for e in events} >= {"节能审查验收（一期）受理", "验收合格（一期）"}
    for event in events:
        assert client.get(event.link.split("#")[0]).status_code == 200
    # the project page (项目档案) carries the same events, linked
    project_page = client.get(f"/projects/{CODE}").get_data(as_text=True)
    assert "验收合格（一期）" in project_page and f'href="/acceptances/' in project_page


def filled_template(client, rows):
    template = load_workbook(io.BytesIO(client.get("/operating/template.xlsx").data))
    sheet = template[aftercare.TEMPLATE_SHEET]
    assert [c.value for c in sheet[1]] == aftercare.HEADERS
    for index, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            sheet.cell(index, column, value)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def test_operating_template_round_trip_errors_and_ledger(client, engine, token):
    issued(client, engine, token)
    login(client)
    record = store.issued_records(engine)[0]
    approved = record.energy_tce
    bad = filled_template(client, [[CODE, 2026, "很多", None, None, None, None],
                                   [CODE, "去年", -1, None, None, None, None]])
    response = client.post("/operating/import", data={
        **form(client, "/operating"), "workbook": (io.BytesIO(bad), "运行数据.xlsx")},
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "第2行 C列" in page and "第3行 B列" in page and "第3行 C列" in page
    assert store.operating_years(engine) == []
    good = filled_template(client, [[CODE, 2025, round(approved * 1.101, 4), None, None, None,
                                     None]])
    response = client.post("/operating/import", data={
        **form(client, "/operating"), "workbook": (io.BytesIO(good), "运行数据.xlsx")},
        content_type="multipart/form-data")
    assert response.status_code == 303
    page = client.get("/operating").get_data(as_text=True)
    assert "超出" in page and "限期整改通知" in page and "10.10%" in page
    ledger = client.get("/ledger?year=2025").get_data(as_text=True)
    assert 'id="table-operating"' in ledger and CODE in ledger and "10.10%" in ledger


def test_draw_and_public_results(client, engine, token):
    first = issued(client, engine, token, "甲项目", "2026-430105-14-03-000001")
    issued(client, engine, token, "乙项目", "2026-430105-14-03-000002")
    login(client, "admin")
    for user in ("reviewer", "approver"):
        user_id = next(u.id for u in __import__("checker.store", fromlist=["list_users"])
                       .list_users(engine) if u.name == user)
        assert client.post(f"/inspections/inspectors/{user_id}", data=form(
            client, "/inspections", inspector="1")).status_code == 303
    client.post("/logout", data=form(client, "/inspections"))
    login(client)
    response = client.post("/inspections", data=form(
        client, "/inspections", title="2026年第一批", planned_on="2026-06-01", projects="1",
        inspectors="1", seed="kaifu-2026-1"))
    assert response.status_code == 303
    url = response.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert "kaifu-2026-1" in page and "结果一致" in page
    draw = store.draws(engine)[0]
    chosen = json.loads(draw.result_json)["projects"][0]
    # the same seed, anyone: the same project
    assert aftercare.draw("kaifu-2026-1", store.project_pool(engine),
                          store.inspector_pool(engine), 1, 1)["projects"][0] == chosen
    assert client.post(url + "/results", data=form(
        client, url, review_id=str(chosen["review_id"]), inspected_on="2026-06-03",
        result="未发现问题", notes="内部：联系人张某")).status_code == 303
    anonymous = client.application.test_client()
    public = anonymous.get("/public/inspections")
    text = public.get_data(as_text=True)
    assert public.status_code == 200
    assert chosen["project_name"] in text and chosen["project_code"] in text
    assert "未发现问题" in text and "2026-06-03" in text
    assert "张某" not in text and "reviewer" not in text and "approver" not in text
    assert anonymous.get("/inspections").status_code == 302  # staff pages need sign-in
    assert first


def test_acceptance_of_a_record_whose_rulebook_changed_since(client, engine, token):
    """Acceptance comes months after the opinion: when the record's rulebook can no longer
    be rebuilt, the checklist comes from its stored findings and input."""
    from sqlalchemy import text

    review_id = issued(client, engine, token)
    with engine.begin() as connection:
        connection.execute(text("UPDATE reviews SET rulebook_version = '2020.1.1+000000000000' "
                                "WHERE id = :id"), {"id": review_id})
    login(client)
    response = client.post("/acceptances", data=form(
        client, "/acceptances", review_id=str(review_id), phase="", trial_operation_on=""))
    assert response.status_code == 303
    items = store.items_of(store.acceptances(engine)[0])
    assert items[0]["group"] == "审查要求" and "GB 17167" in items[0]["text"]
    assert any("1,648.86" in i["text"] for i in items)
