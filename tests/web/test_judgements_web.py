"""人工复核 through the pages (forms with CSRF) and the API (/api/v1/reviews/<id>/judgements):
the conclusion follows the reviewed findings, the engine's stays beside it, the change is in the
audit log, nothing is accepted after submission, errors name the field in Chinese."""
from __future__ import annotations

import re

import pytest
from web_support import AS_OF, csrf_of, login

from checker.store import create_token, get_review
from web.schemas import CompactStoredReview, Judgements

VETO = "procedure.built_before_approval_order31"  # 未批先建 under Order 31 (Art. 24)


def auth(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def stored(client, token, sample):
    response = client.post("/api/v1/reviews", json={"application": sample, "as_of": AS_OF},
                           headers=auth(token))
    assert response.status_code == 201
    return response.json


def _judge(client, token, review_id, body):
    return client.post(f"/api/v1/reviews/{review_id}/judgements", json=body, headers=auth(token))


def test_api_set_aside_changes_the_conclusion_and_keeps_the_engine_result(client, token, stored):
    assert stored["conclusion"] == "reject"
    response = _judge(client, token, stored["id"], {"kind": "set_aside", "rule_id": VETO,
                                                    "reason": "现场核实未开工"})
    assert response.status_code == 201, response.json
    body = Judgements.model_validate(response.json)
    assert body.conclusion == "incomplete"  # the missing renewable plan remains
    assert body.engine.conclusion == "reject"
    assert body.judgements[0].original_severity == "veto"
    assert body.judgements[0].author == "reviewer"
    review = client.get(f"/api/v1/reviews/{stored['id']}", headers=auth(token)).json
    CompactStoredReview.model_validate(review)  # compact by default (?full=1: in full)
    assert review["conclusion"] == "incomplete"
    assert review["review"]["engine"]["conclusion"] == "reject"
    assert VETO not in [f["rule_id"] for f in review["review"]["findings"]]
    assert review["review"]["set_aside"][0]["rule_id"] == VETO
    # withdraw: back to the engine's conclusion, the judgement listed as withdrawn
    judgement_id = body.judgements[0].id
    response = client.delete(f"/api/v1/reviews/{stored['id']}/judgements/{judgement_id}",
                             headers=auth(token))
    assert response.status_code == 200
    body = Judgements.model_validate(response.json)
    assert body.conclusion == "reject" and body.engine is None
    assert body.withdrawn[0].withdrawn_by == "reviewer"
    assert client.get(f"/api/v1/reviews/{stored['id']}/judgements",
                      headers=auth(token)).json == response.json


@pytest.mark.parametrize("body, field", [
    ({"kind": "set_aside", "rule_id": VETO, "reason": ""}, "reason"),
    ({"kind": "added", "part": "energy", "severity": "veto", "title": "t", "text": "x",
      "reason": "y", "citation": "no.such"}, "citation"),
    ({"kind": "severity", "rule_id": VETO, "severity": "veto", "reason": "y"}, "severity"),
    ({"kind": "set_aside", "rule_id": "no.rule", "reason": "y"}, "rule_id"),
    (["not", "an", "object"], ""),
    ({"kind": "set_aside", "rule_id": "energy_review.authority", "reason": "y"}, "rule_id"),
    ({"kind": "severity", "rule_id": "energy_review.authority", "severity": "veto",
      "reason": "y"}, "rule_id"),
])
def test_api_bad_judgements_are_400_naming_the_field(client, token, stored, engine, body,
                                                     field):
    response = _judge(client, token, stored["id"], body)
    assert response.status_code == 400
    assert response.json["error"]["problems"][0]["path"] == field
    assert re.search(r"[\u4e00-\u9fff]", response.json["error"]["message"])
    assert get_review(engine, stored["id"]).conclusion == "reject"


def test_api_refuses_other_users_after_submission_and_unknown_ids(client, token, stored, engine):
    other = create_token(engine, "approver")
    response = _judge(client, other, stored["id"], {"kind": "set_aside", "rule_id": VETO,
                                                    "reason": "x"})
    assert response.status_code == 403
    assert _judge(client, token, 999999, {"kind": "set_aside"}).status_code == 404
    assert client.delete(f"/api/v1/reviews/{stored['id']}/judgements/{2**40}",
                         headers=auth(token)).status_code == 404
    response = client.post(f"/api/v1/reviews/{stored['id']}/judgements", data="x",
                           content_type="text/plain", headers=auth(token))
    assert response.status_code == 415
    submit = stored["documents"][0]["actions"]["submit"]
    assert client.post(submit, headers=auth(token)).status_code == 200
    response = _judge(client, token, stored["id"], {"kind": "set_aside", "rule_id": VETO,
                                                    "reason": "x"})
    assert response.status_code == 409 and "草稿或已退回" in response.json["error"]["message"]


def test_openapi_documents_the_judgement_endpoints(client):
    document = client.get("/api/v1/openapi.json").json
    paths = document["paths"]
    assert {"get", "post"} <= set(paths["/reviews/{review_id}/judgements"])
    assert "delete" in paths["/reviews/{review_id}/judgements/{judgement_id}"]
    schemas = document["components"]["schemas"]
    assert {"JudgementIn", "Judgements", "JudgementOut"} <= set(schemas)
    assert "reason" in schemas["JudgementIn"]["required"]


def test_page_forms_judge_with_csrf_and_show_both_conclusions(client, stored, engine):
    assert login(client).status_code == 302
    url = f"/reviews/{stored['id']}"
    page = client.get(url)
    text = page.get_data(as_text=True)
    assert 'class="judge-set-aside"' in text and "<script>" not in text
    # without the CSRF token: refused
    response = client.post(f"{url}/judgements", data={"kind": "set_aside", "rule_id": VETO,
                                                      "reason": "x"})
    assert response.status_code in (400, 403)
    response = client.post(f"{url}/judgements", data={
        "kind": "set_aside", "rule_id": VETO, "reason": "现场核实未开工",
        "csrf_token": csrf_of(page)})
    assert response.status_code == 303
    text = client.get(url).get_data(as_text=True)
    assert "规则引擎原结论：不予通过" in text
    assert "现场核实未开工" in text and "经人工复核不予采纳" in text
    assert "人工复核" in client.get(url).get_data(as_text=True)
    assert get_review(engine, stored["id"]).conclusion == "incomplete"
    # an empty reason: 400 with the field named, nothing stored
    response = client.post(f"{url}/judgements", data={
        "kind": "severity", "rule_id": "metering.gb17167", "severity": "advisory",
        "reason": " ", "csrf_token": csrf_of(client.get(url))})
    assert response.status_code == 400 and "复核理由" in response.get_data(as_text=True)
    # the finding that decides the approval authority: refused, the field named
    response = client.post(f"{url}/judgements", data={
        "kind": "set_aside", "rule_id": "energy_review.authority", "reason": "x",
        "csrf_token": csrf_of(client.get(url))})
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "所复核的审查发现" in text and "审查权限" in text
    assert get_review(engine, stored["id"]).outcome == stored["review"]["outcome"]
    # the audit log on the page names the judgement
    assert "人工复核" in client.get(url).get_data(as_text=True).split('id="audit"')[1]


def _paper_text(client, token, review_id, tmp_path) -> str:
    """The 审查工作底稿 of a stored review as pdftotext reads it (whitespace dropped)."""
    import subprocess

    response = client.get(f"/api/v1/reviews/{review_id}/working-paper.pdf", headers=auth(token))
    assert response.status_code == 200
    path = tmp_path / "working-paper.pdf"
    path.write_bytes(response.data)
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                                             check=True, capture_output=True, text=True).stdout)


def test_the_draft_pdf_follows_the_judgement(client, token, stored, tmp_path):
    import subprocess

    _judge(client, token, stored["id"], {"kind": "set_aside", "rule_id": VETO,
                                         "reason": "现场核实项目尚未开工"})
    response = client.get(f"/api/v1/reviews/{stored['id']}/opinion.pdf", headers=auth(token))
    assert response.status_code == 200
    path = tmp_path / "draft.pdf"
    path.write_bytes(response.data)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                                             check=True, capture_output=True, text=True).stdout)
    # the document follows the judgement; the judgement itself is in the working paper
    assert "不予通过" not in text and "须补正的全部内容" in text
    assert "人工复核" not in text and "现场核实项目尚未开工" not in text
    paper = _paper_text(client, token, stored["id"], tmp_path)
    assert "人工复核记录" in paper and "现场核实项目尚未开工" in paper


def test_the_issued_pdf_carries_the_judgement_and_later_judgements_are_refused(
        client, token, stored, engine, tmp_path):
    import subprocess

    from web_support import issue_review

    _judge(client, token, stored["id"], {"kind": "set_aside", "rule_id": VETO,
                                         "reason": "现场核实项目尚未开工"})
    issued = issue_review(client, engine, stored["id"], token)
    assert issued["documents"][0]["state"] == "issued"
    assert issued["conclusion"] == "incomplete"
    pdf = client.get(f"/api/v1/reviews/{stored['id']}/opinion.pdf", headers=auth(token)).data
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                                             check=True, capture_output=True, text=True).stdout)
    assert "人工复核" not in text
    paper = _paper_text(client, token, stored["id"], tmp_path)
    assert "人工复核记录" in paper and "现场核实项目尚未开工" in paper
    judgement_id = client.get(f"/api/v1/reviews/{stored['id']}/judgements",
                              headers=auth(token)).json["judgements"][0]["id"]
    response = client.delete(f"/api/v1/reviews/{stored['id']}/judgements/{judgement_id}",
                             headers=auth(token))
    assert response.status_code == 409
    again = client.get(f"/api/v1/reviews/{stored['id']}/opinion.pdf", headers=auth(token)).data
    assert again == pdf  # the issued bytes, unchanged


def test_an_early_record_answers_409_to_get_and_post(client, token, stored, engine):
    """A record stored before findings had an outcome and parameters: its judgements cannot be
    read nor made — a 409 with a Chinese message for both, never a 500."""
    import json

    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from checker.store.models import ReviewRecord

    findings = [{k: v for k, v in f.items() if k not in ("outcome", "parameters")}
                for f in json.loads(get_review(engine, stored["id"]).findings_json)]
    with Session(engine) as session, session.begin():
        session.execute(update(ReviewRecord).where(ReviewRecord.id == stored["id"])
                        .values(findings_json=json.dumps(findings, ensure_ascii=False)))
    url = f"/api/v1/reviews/{stored['id']}/judgements"
    for response in (client.get(url, headers=auth(token)),
                     _judge(client, token, stored["id"], {"kind": "set_aside", "rule_id": VETO,
                                                          "reason": "x"})):
        assert response.status_code == 409, response.get_data(as_text=True)
        assert "早期版本" in response.json["error"]["message"]
    assert client.get(f"/api/v1/reviews/{stored['id']}", headers=auth(token)).status_code == 200


def test_judgement_times_are_beijing_time_on_the_page_and_in_the_pdf(client, token, stored,
                                                                       engine, tmp_path):
    """The store keeps naive UTC; the page and the PDF annex show Beijing time (UTC+8), by the
    one formatter (checker.dates.beijing_time), labelled 北京时间."""
    import datetime as dt
    import subprocess

    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from checker.dates import beijing_time
    from checker.store.models import JudgementRecord

    assert beijing_time(dt.datetime(2026, 1, 15, 20, 30)) == "2026-01-16 04:30"
    assert beijing_time("2026-01-15T20:30:00Z") == "2026-01-16 04:30"
    _judge(client, token, stored["id"], {"kind": "set_aside", "rule_id": VETO,
                                         "reason": "现场核实项目尚未开工"})
    with Session(engine) as session, session.begin():
        session.execute(update(JudgementRecord).values(created_at=dt.datetime(2026, 1, 15, 20,
                                                                               30)))
    assert login(client).status_code == 302
    page = client.get(f"/reviews/{stored['id']}").get_data(as_text=True)
    assert "2026-01-16 04:30" in page and "2026-01-15 20:30" not in page
    assert "复核人、时间（北京时间）" in page and "复核人、时间（UTC）" not in page
    text = _paper_text(client, token, stored["id"], tmp_path)
    assert "2026-01-1604:30北京时间" in text and "2026-01-1520:30" not in text, text[text.find("人工复核记录"):][:400]


@pytest.mark.parametrize("raw, problem", [
    (b'{"kind": "set_aside", "rule_id": "x", "reason": "a\\u0000b"}', "U+0000"),
    (b'{"kind": "set_aside", "rule_id": "x", "reason": "\\ud800"}', "U+D800"),
    ('{"kind": "set_aside", "rule_id": "x", "reason": "a\u202eb"}'.encode(), "U+202E"),
], ids=["nul", "surrogate", "bidi"])
def test_api_refuses_unsafe_text_naming_the_field_in_chinese(client, token, stored, raw,
                                                              problem):
    """Valid JSON carrying a text the project refuses: the project's text-problem message under
    the field's Chinese title (复核理由), not "not valid JSON" with an English title."""
    response = client.post(f"/api/v1/reviews/{stored['id']}/judgements", data=raw,
                           headers={**auth(token), "Content-Type": "application/json"})
    assert response.status_code == 400
    error = response.json["error"]
    assert "不是有效的JSON" not in error["message"] and problem in error["message"]
    assert error["problems"][0]["path"] == "reason"
    assert error["problems"][0]["title"] == "复核理由"


def test_api_refuses_a_body_that_is_not_an_object_as_the_body(client, token, stored):
    response = _judge(client, token, stored["id"], [1, 2])
    assert response.status_code == 400
    problem = response.json["error"]["problems"][0]
    assert problem["title"] == "请求体" and "复核类型" not in response.json["error"]["message"]
    raw = client.post(f"/api/v1/reviews/{stored['id']}/judgements", data=b'{"kind":',
                      headers={**auth(token), "Content-Type": "application/json"})
    assert raw.status_code == 400 and "不是有效的JSON" in raw.json["error"]["message"]


def test_reviewer_added_findings_have_a_chinese_family_title_in_the_ledger(client, token, stored,
                                                                           engine):
    """A finding the reviewer added counts under the family `reviewer`: the ledger page, its
    CSV and XLSX name it 审查人员补充意见, as the rulebook's families are named."""
    from checker import dates
    import io

    from openpyxl import load_workbook

    from web_support import issue_review

    response = _judge(client, token, stored["id"], {
        "kind": "added", "part": "energy", "severity": "condition", "title": "补充计量",
        "text": "补充能源计量器具。", "citation": "kaifu.3.1", "reason": "现场踏勘"})
    assert response.status_code == 201, response.json
    issue_review(client, engine, stored["id"], token)
    assert login(client).status_code == 302
    year = dates.today().year
    page = client.get(f"/ledger?year={year}").get_data(as_text=True)
    assert "审查人员补充意见" in page and "（reviewer）" not in page  # by name, not its key
    csv = client.get(f"/ledger/export.csv?year={year}").get_data(as_text=True)
    assert "审查人员补充意见（1）" in csv
    book = load_workbook(io.BytesIO(client.get(f"/ledger/export.xlsx?year={year}").data))
    cells = {c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row}
    assert "审查人员补充意见" in cells


def test_before_and_after_read_the_same_in_the_api_the_page_and_the_audit_log(client, token,
                                                                              stored, engine):
    """One wording of a judgement's before and after (checker.judgement.Judged), one key of an
    added finding (Judgement.key): the API, the page's table and the audit log agree."""
    from checker.judgement import NOT_COUNTED, NO_SEVERITY
    from checker.store import records

    body = _judge(client, token, stored["id"], {"kind": "set_aside", "rule_id": VETO,
                                                "reason": "现场核实"}).json
    assert (body["judgements"][0]["before_label"], body["judgements"][0]["after_label"]) == \
        ("不予通过", NOT_COUNTED)
    body = _judge(client, token, stored["id"], {
        "kind": "added", "part": "energy", "severity": "condition", "title": "补充计量",
        "text": "补充能源计量器具。", "citation": "kaifu.3.1", "reason": "现场踏勘"}).json
    added = body["judgements"][1]
    assert added["before_label"] == NO_SEVERITY and added["after_label"] == \
        added["severity_label"]
    client.delete(f"/api/v1/reviews/{stored['id']}/judgements/{added['id']}",
                  headers=auth(token))
    assert login(client).status_code == 302
    page = client.get(f"/reviews/{stored['id']}").get_data(as_text=True)
    table = page.split('id="judgements"')[1]
    assert f"<td>{NOT_COUNTED}</td>" in table and f"<code>{added['key']}</code>" in table
    details = [e.detail for e in records.history(engine, stored["id"])]
    assert any(f"原为不予通过，复核后{NOT_COUNTED}" in d for d in details)
    assert any(f"原为{NO_SEVERITY}，复核后{added['severity_label']}" in d for d in details)
