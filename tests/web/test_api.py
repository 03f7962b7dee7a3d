"""JSON API /api/v1: token auth, reviews in and out, errors in Chinese, OpenAPI."""
from __future__ import annotations

import json

import pytest
from web_support import AS_OF, issue_review, reviews_count

from checker.store import set_active


def auth(token):
    return {"Authorization": f"Bearer {token}"}


API_GETS = ["/api/v1/reviews", "/api/v1/reviews/1", "/api/v1/reviews/1/opinion.pdf",
            "/api/v1/schema", "/api/v1/rules"]


@pytest.mark.parametrize("path", API_GETS)
def test_api_requires_a_valid_token(client, token, path):
    for headers in ({}, {"Authorization": "Bearer forged-token"},
                    {"Authorization": f"Basic {token}"}, {"Authorization": "Bearer "}):
        response = client.get(path, headers=headers)
        assert response.status_code == 401
        assert response.json["error"]["code"] == "unauthorized"
        assert not response.json["error"]["message"].isascii()


def test_post_without_token_is_401_and_stores_nothing(client, engine, sample):
    response = client.post("/api/v1/reviews", json=sample)
    assert response.status_code == 401 and reviews_count(engine) == 0


def test_disabled_account_token_is_403(client, engine, token):
    set_active(engine, "reviewer", False)
    response = client.get("/api/v1/reviews", headers=auth(token))
    assert response.status_code == 403 and "停用" in response.json["error"]["message"]


def test_create_and_fetch_review(client, engine, token, sample):
    response = client.post("/api/v1/reviews", json={"application": sample, "as_of": AS_OF},
                           headers=auth(token))
    assert response.status_code == 201, response.json
    body = response.json
    assert body["id"] and body["opinion_number"] is None  # drafts: numbered at issue
    assert [(d["state"], d["number"]) for d in body["documents"]] == [("draft", None)] * len(
        body["documents"])
    assert body["conclusion"] == "reject" and body["as_of"] == AS_OF
    assert body["review"]["project"]["name"] == "测试数据中心"
    assert response.headers["X-Rulebook-Version"] == body["rulebook_version"]
    assert "测试数据中心" in response.get_data(as_text=True)  # JSON_AS_ASCII off
    fetched = client.get(f"/api/v1/reviews/{body['id']}", headers=auth(token))
    assert fetched.status_code == 200 and fetched.json["opinion_number"] == body["opinion_number"]
    # the answer to the POST is the stored review, as GET answers it (the stored summary as
    # it is, the reviewer, the documents' links, no duplicate yet)
    assert body == fetched.json and body["duplicates"] == [] and body["reviewer"] == "reviewer"
    assert response.headers["Location"] == body["links"]["self"]
    assert client.get(body["documents"][0]["pdf"], headers=auth(token)).status_code == 200
    again = client.post("/api/v1/reviews", json={"application": sample, "as_of": AS_OF},
                        headers=auth(token))
    assert again.json["duplicates"] == [body["id"]]  # the same input, as of the same day
    assert again.json["review"] == body["review"]
    bare = client.post("/api/v1/reviews", json=sample, headers=auth(token))
    assert bare.status_code == 201 and bare.json["id"] == again.json["id"] + 1
    listing = client.get("/api/v1/reviews", headers=auth(token)).json
    assert listing["total"] == 3 and [i["id"] for i in listing["items"]] == [
        bare.json["id"], again.json["id"], body["id"]]
    assert client.get("/api/v1/reviews/999", headers=auth(token)).status_code == 404


def test_full_review_is_the_whole_summary_and_the_default_is_compact(logged_in, app, token,
                                                                     sample):
    """``?full=1`` answers the review as the API always did (the stored summary, each citation
    with the clause's wording, byte for byte the whole summary of the review); without it the
    answer is the same but for each citation, given by clause id and role with the link to
    the clause on the rule explorer's page (issue 29: the 201 body repeated every citation's
    text per finding)."""
    import datetime as dt

    from checker import intake
    from checker.review import review

    client = logged_in  # signed in too: the citations' links are the rule explorer's pages
    request = {"application": sample, "as_of": AS_OF}
    full = client.post("/api/v1/reviews?full=1", json=request, headers=auth(token))
    compact = client.post("/api/v1/reviews", json=request, headers=auth(token))
    assert full.status_code == compact.status_code == 201
    with app.app_context():
        from web import books

        book = books.in_force()
    expected = json.dumps(review(intake.validate(sample), dt.date.fromisoformat(AS_OF),
                                 book).summary_json(), ensure_ascii=False)
    text = full.get_data(as_text=True)
    assert text.endswith(f', "review": {expected}}}\n')  # the whole summary, byte for byte
    assert json.loads(text)["review"] == json.loads(expected)
    whole, short = full.json["review"], compact.json["review"]
    assert len(compact.get_data()) < len(full.get_data())
    assert {k: v for k, v in short.items() if k != "findings"} == \
        {k: v for k, v in whole.items() if k != "findings"}
    for long_finding, short_finding in zip(whole["findings"], short["findings"], strict=True):
        assert {k: v for k, v in short_finding.items() if k != "citations"} == \
            {k: v for k, v in long_finding.items() if k != "citations"}
        assert [(c["id"], c["role"]) for c in short_finding["citations"]] == \
            [(c["id"], c["role"]) for c in long_finding["citations"]]
        pages = {c["href"].split("#")[0] for c in short_finding["citations"]}
        assert pages <= {f"/rules/{long_finding['rule_id']}"}
    page, anchor = short["findings"][0]["citations"][0]["href"].split("#")
    assert f'id="{anchor}"' in client.get(page).get_data(as_text=True)
    for review_id, body in ((full.json["id"], whole), (compact.json["id"], short)):
        fetched = client.get(f"/api/v1/reviews/{review_id}?full=1", headers=auth(token))
        assert fetched.json["review"] == whole
        assert client.get(f"/api/v1/reviews/{review_id}", headers=auth(token)).json["review"] \
            == short


def test_reviews_are_shared_between_reviewers(client, engine, token, sample):
    from checker.store import create_token

    created = client.post("/api/v1/reviews", json=sample, headers=auth(token)).json
    other = create_token(engine, "admin")
    response = client.get(f"/api/v1/reviews/{created['id']}", headers=auth(other))
    assert response.status_code == 200 and response.json["reviewer"] == "reviewer"


BAD_BODIES = [
    (b'{"project": ', "JSON格式错误", ""),
    (json.dumps({"project": {"name": "x"}, "colour": 1}).encode(), "未知键", "colour"),
    (json.dumps({"application": {}, "as_of": "2026-13-01"}).encode(), "审查基准日", "as_of"),
    (json.dumps({"application": {}, "extra": 1}).encode(), "未知键", "extra"),
    ("[1, 2]".encode(), "JSON对象", ""),
    (b"\xff\xfe{", "UTF", ""),
]


@pytest.mark.parametrize("body,expected,path", BAD_BODIES,
                         ids=["bad-json", "unknown-key", "bad-date", "wrapper-key", "array",
                              "utf16"])
def test_bad_input_is_400_with_problems(client, engine, token, body, expected, path):
    response = client.post("/api/v1/reviews", data=body, content_type="application/json",
                           headers=auth(token))
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "invalid_input"
    assert any(expected in p["message"] or expected in p["title"] for p in error["problems"])
    if path:
        assert any(p["path"] == path for p in error["problems"])
    assert reviews_count(engine) == 0


def test_negative_quantity_names_the_field(client, engine, token, sample):
    sample["energy"][1]["quantity"] = -10
    response = client.post("/api/v1/reviews", json=sample, headers=auth(token))
    assert response.status_code == 400
    problem = response.json["error"]["problems"][0]
    assert problem["path"] == "energy[1].quantity"
    assert "年消费量" in problem["title"] and "须大于或等于 0" in problem["message"]
    assert reviews_count(engine) == 0


def test_wrong_content_type_is_415(client, engine, token, sample):
    response = client.post("/api/v1/reviews", data=json.dumps(sample),
                           content_type="text/plain", headers=auth(token))
    assert response.status_code == 415 and "application/json" in response.json["error"]["message"]
    assert reviews_count(engine) == 0


def test_too_large_body_is_413_json(client, engine, token):
    body = b'{"a": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = client.post("/api/v1/reviews", data=body, content_type="application/json",
                           headers=auth(token))
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"
    assert "2 MB" in response.json["error"]["message"]


def test_schema_rules_and_openapi(client, token):
    schema = client.get("/api/v1/schema", headers=auth(token)).json
    assert schema["title"] == "固定资产投资项目申报材料"
    rules = client.get("/api/v1/rules", headers=auth(token)).json
    assert any(r["id"] == "data_centre.pue" for f in rules["families"] for r in f["rules"])
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    assert {"/reviews", "/reviews/{review_id}", "/reviews/{review_id}/opinion.pdf", "/schema",
            "/rules"} <= set(document["paths"])
    text = json.dumps(document)
    assert "#/$defs/" not in text  # every reference resolves inside components
    for ref in set(__import__("re").findall(r'"#/components/schemas/([A-Za-z]+)"', text)):
        assert ref in document["components"]["schemas"]


def test_unknown_api_path_and_method(client, token):
    assert client.get("/api/v1/nothing", headers=auth(token)).json["error"]["code"] == "not_found"
    response = client.delete("/api/v1/reviews/1", headers=auth(token))
    assert response.status_code == 405 and response.json["error"]["code"] == "method_not_allowed"


def test_list_filters_match_the_history_page(client, engine, token, sample):
    rejected = client.post("/api/v1/reviews", json={"application": sample, "as_of": AS_OF},
                           headers=auth(token)).json
    small = json.loads(json.dumps(sample))
    small["project"].update(name="小型办公楼", industry_code="7010", construction_started=False)
    small.pop("data_centre", None)
    small["energy"] = [{"carrier": "electricity", "quantity": 10, "unit": "万kWh"}]
    approved = client.post("/api/v1/reviews", json={"application": small, "as_of": AS_OF},
                           headers=auth(token)).json
    assert approved["conclusion"] != "reject"

    def ids(query):
        return [i["id"] for i in client.get(f"/api/v1/reviews?{query}", headers=auth(token)).json["items"]]

    assert ids("conclusion=reject") == [rejected["id"]]
    assert ids("industry=70") == [approved["id"]]
    assert ids("q=小型") == [approved["id"]]
    assert sorted(ids("")) == sorted([rejected["id"], approved["id"]])
    notes = client.get("/api/v1/reviews?date_from=昨天", headers=auth(token)).json["notes"]
    assert notes and "YYYY-MM-DD" in notes[0]


@pytest.mark.parametrize("review_id", ["9223372036854775808", "99999999999999999999999",
                                       "9" * 5000])
def test_review_id_beyond_64_bits_is_404_json(client, token, review_id):
    for path in (f"/api/v1/reviews/{review_id}", f"/api/v1/reviews/{review_id}/opinion.pdf"):
        response = client.get(path, headers=auth(token))
        assert response.status_code == 404, path
        assert response.json["error"]["code"] == "not_found"
        assert not response.json["error"]["message"].isascii()


def test_week_date_as_of_is_400(client, engine, token, sample):
    for text in ("2026-W01-1", "20260301"):
        response = client.post("/api/v1/reviews", headers=auth(token),
                               json={"application": sample, "as_of": text})
        assert response.status_code == 400
        assert response.json["error"]["problems"][0]["path"] == "as_of"
        assert "YYYY-MM-DD" in response.json["error"]["problems"][0]["message"]
    assert reviews_count(engine) == 0


def test_list_with_huge_page_or_reviewer_is_not_500(client, token):
    for query in ("reviewer=" + "9" * 30, "page=" + "9" * 5000):
        response = client.get(f"/api/v1/reviews?{query}", headers=auth(token))
        assert response.status_code == 200, query
        assert response.json["page"] == 1 and response.json["total"] == 0


def _project(**fields) -> dict:
    return {"name": "某办公楼", "applicant": "某公司", "industry_code": "7010", "nature": "新建",
            "investment": 100, **fields}


def test_documents_each_from_its_own_series_with_pdf_links(client, engine, token):
    """An exempt project gets a 告知书 (never a 节能审查意见 number); a district project with
    a VOC problem gets an opinion and a pollutant-control opinion; each PDF reads back."""
    from io import BytesIO

    from pypdf import PdfReader

    exempt = client.post("/api/v1/reviews", headers=auth(token), json={
        "application": {"project": _project(), "energy": [
            {"carrier": "electricity", "quantity": 100, "unit": "万kWh"}]}, "as_of": AS_OF}).json
    district = client.post("/api/v1/reviews", headers=auth(token), json={
        "application": {"project": _project(name="某工厂"), "energy": [
            {"carrier": "electricity", "quantity": 900, "unit": "万kWh"}],
            # Metering and catalogue category declared (else a condition and a hint); an ink
            # over the GB 38507 limit makes the pollutant part 不符合 (the offset is a condition).
            "metering": {"gb17167_compliant": True},
            "industrial_policy": {"catalogue_category": "允许类"},
            "vocs": {"new_emissions_t": 10, "secured_offset_t": 10, "materials": [
                {"category": "油墨", "kind": "ink_solvent_gravure", "name": "溶剂型凹印油墨",
                 "voc_content": 78, "content_unit": "%", "annual_use_t": 120}]}},
        "as_of": AS_OF}).json
    exempt = issue_review(client, engine, exempt["id"], token)
    district = issue_review(client, engine, district["id"], token)
    assert exempt["outcome"] == "exempt" and exempt["conclusion"] == "exempt"
    assert [(d["type"], d["name"]) for d in exempt["documents"]] == [("exempt_notice", "告知书")]
    assert exempt["documents"][0]["number"] == exempt["opinion_number"]
    assert exempt["opinion_number"].startswith("开发改环资告〔") and exempt["opinion_number"].endswith("〕1号")
    assert district["outcome"] == "district" and district["conclusion"] == "approve"
    parts = district["review"]["parts"]
    assert parts["energy"]["label"] == "原则同意" and parts["pollutant"]["label"] == "不符合"
    numbers = [d["number"] for d in district["documents"]]
    assert numbers[0].startswith("开发改环资〔") and numbers[0].endswith("〕1号")
    assert numbers[1].startswith("长环开函〔") and numbers[1].endswith("〕1号")
    pdf = client.get(district["documents"][1]["pdf"], headers=auth(token))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.data)).pages)
    assert "长沙市生态环境局开福分局" in text and numbers[1] in text.replace("\n", "")
    missing = client.get(f"/api/v1/reviews/{exempt['id']}/documents/energy_opinion.pdf",
                         headers=auth(token))
    assert missing.status_code == 404 and "没有" in missing.json["error"]["message"]

    def ids(query):
        return [i["id"] for i in client.get(f"/api/v1/reviews?{query}",
                                             headers=auth(token)).json["items"]]

    assert ids("outcome=exempt") == [exempt["id"]]
    assert ids("outcome=district") == [district["id"]]


EDGE_VALUES = [
    {}, [], {"a": {}, "b": [], "c": [[]], "d": [{}]}, {"x": [1, 2.5, -0.0, 1e-07, 1e22, 10**30]},
    {"t": "开福\"\\\u2028\t/", "e": "", "n": None, "b": [True, False, None]},
    {"inf": float("inf"), "ninf": float("-inf"), "nan": float("nan")},
    ({"深": [{"层": [1, {"a": "b"}]}]},), "text", 3, None,
]


@pytest.mark.parametrize("value", EDGE_VALUES, ids=range(len(EDGE_VALUES)))
def test_pretty_is_json_dumps_indented_byte_for_byte(value):
    from web.service import pretty

    assert pretty(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_pretty_is_json_dumps_indented_for_every_sample_and_generated_application():
    from benchmarks.load import corpus
    from web.service import pretty

    for body in corpus():
        application = json.loads(body)["application"]
        assert pretty(application) == json.dumps(application, ensure_ascii=False, indent=2)


def test_a_wrapped_application_is_stored_as_json_dumps_indented(client, engine, token, sample):
    from checker.store import get_review

    body = json.dumps({"application": sample, "as_of": AS_OF}, ensure_ascii=False)
    response = client.post("/api/v1/reviews", data=body.encode(), headers=auth(token),
                           content_type="application/json")
    stored = get_review(engine, response.json["id"]).input_json
    assert stored == json.dumps(sample, ensure_ascii=False, indent=2)


@pytest.mark.sqlite_only
def test_links_built_once_are_url_for_under_any_script_root(app):
    """web.api.link_for: a review's URL kept per app and script root, its id written in —
    the same text as url_for's, behind a proxy's prefix too."""
    from flask import url_for

    from web.api import link_for

    for root in ("", "/kaifu", "/审查"):
        for _ in range(2):  # built, then kept
            with app.test_request_context("/api/v1/reviews", environ_base={"SCRIPT_NAME": root}):
                for review_id in (1, 42, 918273645, 2**31 - 1):
                    for endpoint in ("api.get_review_json", "reviews.show"):
                        assert link_for(endpoint, review_id) == \
                            url_for(endpoint, review_id=review_id)
                assert link_for("rules.index") == url_for("rules.index")
