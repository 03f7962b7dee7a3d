"""The reviewer's daily pages without a browser: rule explorer filters, rule pages, the
form's nested lists and picker, raw UTF-8 query strings, the favicon."""
from __future__ import annotations

import io
import json
import re
import socket
import threading

import pytest
from web_support import AS_OF, new_form_token, reviews_count

from checker.store import list_reviews
from checker.store.reviews import Filters


def post_review(client, **data):
    data.setdefault("as_of", AS_OF)
    data["csrf_token"] = new_form_token(client)
    return client.post("/reviews/new", data=data, content_type="multipart/form-data")


def shown_rules(html: str) -> list[str]:
    rows = re.findall(r'<li class="rule-row" id="([^"]+)"[^>]*?( hidden)?>', html)
    return [rule_id for rule_id, hidden in rows if not hidden]


@pytest.mark.sqlite_only
def test_rule_explorer_filters_on_the_server(logged_in):
    everything = shown_rules(logged_in.get("/rules").get_data(as_text=True))
    assert len(everything) > 40
    by_value = shown_rules(logged_in.get("/rules?q=0.8").get_data(as_text=True))
    assert "transport.official_nev" in by_value and len(by_value) < len(everything)
    by_id = shown_rules(logged_in.get("/rules?q=data_centre.pue").get_data(as_text=True))
    assert by_id == ["data_centre.pue"]
    by_name = shown_rules(logged_in.get(
        "/rules?q=data_centre.max_pue").get_data(as_text=True))  # a parameter's name
    assert by_name == ["data_centre.pue"]
    family = shown_rules(logged_in.get("/rules?family=vocs").get_data(as_text=True))
    assert family and all(r.startswith("vocs.") for r in family)
    veto = shown_rules(logged_in.get("/rules?severity=veto").get_data(as_text=True))
    assert "vocs.ink_limits" in veto and "buildings.rooftop_pv" not in veto
    assert "data_centre.pue" not in veto  # a condition since the rulebook audit
    condition = shown_rules(logged_in.get("/rules?severity=condition").get_data(as_text=True))
    assert "data_centre.pue" in condition and "vocs.ink_limits" not in condition
    clause = shown_rules(logged_in.get("/rules?clause=kaifu.3.1").get_data(as_text=True))
    assert "data_centre.pue" in clause and "vocs.offset" not in clause
    none = logged_in.get("/rules?q=没有这样的规则").get_data(as_text=True)
    assert shown_rules(none) == [] and '<p class="card" id="no-rules">' in none


@pytest.mark.sqlite_only
def test_rule_explorer_shows_values_of_the_chosen_date(logged_in):
    html = logged_in.get("/rules?q=data_centre.pue&on=2026-01-15").get_data(as_text=True)
    assert "数据中心设计PUE ≥ 1.3（新建大型数据中心PUE目标（须低于），2023-04-01起）" in html
    early = logged_in.get("/rules?q=data_centre.pue&on=2020-01-01").get_data(as_text=True)
    assert "2020-01-01未设置" in early and "该日不施行" in early
    odd = logged_in.get("/rules?on=2026-13-45")
    assert odd.status_code == 200 and "格式不正确" in odd.get_data(as_text=True)
    assert not re.search(r"\{p:[a-z_.]+\}", html) and "{data_centre" not in html


@pytest.mark.sqlite_only
def test_rule_page_lists_clauses_with_their_own_anchors_and_scenarios(logged_in):
    page = logged_in.get("/rules/data_centre.pue")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    anchors = re.findall(r'class="clause-block" id="([^"]+)"', html)
    assert "clause-kaifu-3-1" in anchors and len(anchors) == len(set(anchors)) >= 3
    assert "设计PUE在1.3上下" in html and "features/data_centre/pue.feature:9" in html
    missing = logged_in.get("/rules/no.such_rule")
    assert missing.status_code == 404 and "不存在" in missing.get_data(as_text=True)


@pytest.mark.sqlite_only
def test_api_rules_carry_part_and_anchors(client, token):
    data = client.get("/api/v1/rules", headers={"Authorization": f"Bearer {token}"}).get_json()
    rule = next(r for f in data["families"] for r in f["rules"] if r["id"] == "data_centre.pue")
    assert "part" in rule and rule["citations"][0]["anchor"] == "clause-kaifu-3-1"


def test_form_submits_nested_voc_materials_and_a_picked_industry(logged_in, engine):
    response = post_review(logged_in, source="form", **{
        "project.name": "嵌套材料项目", "project.applicant": "某公司",
        "project.industry_code": "2130 金属家具制造", "project.nature": "新建",
        "project.investment": "5000",
        "energy[0].carrier": "electricity", "energy[0].quantity": "1,000", "energy[0].unit": "kWh",
        "energy[3].carrier": "natural_gas", "energy[3].quantity": "2", "energy[3].unit": "万m³",
        "vocs.new_emissions_t": "1", "vocs.secured_offset_t": "2",
        "vocs.materials[0].category": "涂料", "vocs.materials[0].kind": "k1",
        "vocs.materials[0].voc_content": "300", "vocs.materials[0].content_unit": "g/L",
        "vocs.materials[2].category": "油墨", "vocs.materials[2].kind": "k2",
        "vocs.materials[2].voc_content": "20", "vocs.materials[2].content_unit": "%"})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    record = list_reviews(engine, Filters(q="嵌套材料项目"), 1, 5).items[0]
    stored = json.loads(record.input_json)
    assert stored["project"]["industry_code"] == "2130"
    assert [e["carrier"] for e in stored["energy"]] == ["electricity", "natural_gas"]
    assert [m["kind"] for m in stored["vocs"]["materials"]] == ["k1", "k2"]
    # editing shows the materials again, in the form's rows
    html = logged_in.get(f"/reviews/{record.id}/edit").get_data(as_text=True)
    assert 'name="vocs.materials[1].kind" value="k2"' in html
    assert "金属家具制造" in html  # the picked industry's name beside the code


@pytest.mark.sqlite_only
def test_form_marks_only_what_is_required_and_hints_do_not_repeat_titles(logged_in):
    html = logged_in.get("/reviews/new").get_data(as_text=True)
    label = re.search(r'<label for="f-project\.prior_review\.number">(.*?)</label>', html, re.S)
    assert label and 'class="req"' not in label.group(1)
    assert "填写“已取得的节能审查意见”时必填" in label.group(1)
    name = re.search(r'<label for="f-project\.name">(.*?)</label>', html, re.S)
    assert 'class="req"' in name.group(1)
    summaries = re.findall(r"<summary>(.*?)</summary>", html, re.S)
    for summary in summaries:
        title = re.sub(r"<.*", "", summary).strip()
        assert f"　{title}。" not in summary, summary  # "数据中心 数据中心。"
    assert 'list="industries"' in html and '<option value="6450 互联网数据服务">' in html
    assert 'id="units-electricity"' in html


@pytest.mark.sqlite_only
def test_failed_paste_offers_the_sample_review_date(logged_in, engine):
    text = json.dumps({"_sample": {"as_of": "2026-01-15"}, "project": {"name": ""}})
    html = post_review(logged_in, source="text", json_text=text).get_data(as_text=True)
    assert re.search(r'id="as-of-offer">.*2026-01-15', html, re.S)
    assert reviews_count(engine) == 0


@pytest.mark.sqlite_only
def test_undecodable_file_error_has_a_label(logged_in):
    response = post_review(logged_in, source="file",
                           file=(io.BytesIO("{\"a\": \"中文\"}".encode("gbk")), "gbk.json"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<b>上传文件</b>：文件不是有效的UTF-8编码" in html
    assert "<li>：" not in html and "<b></b>" not in html


@pytest.mark.sqlite_only
def test_form_data_json_serves_carriers_and_industries(logged_in):
    data = logged_in.get("/reviews/form-data.json").get_json()
    assert data["carriers"]["electricity"]["kgce"] == pytest.approx(0.1229)
    assert data["carriers"]["electricity"]["units"]["万kWh"] == 10000
    assert {"code": "6450", "name": "互联网数据服务", "section": "信息传输、软件和信息技术服务业"} \
        in data["industries"]
    codes = [i["code"] for i in data["industries"]]
    assert len(codes) == len(set(codes)) > 1900  # divisions, groups and classes
    assert {"2614", "261", "26"} <= set(codes)


@pytest.mark.sqlite_only
def test_form_data_json_is_revalidated_not_sent_again(logged_in):
    """The ~150 kB list is kept by the browser: a second request with its ETag gets a 304."""
    first = logged_in.get("/reviews/form-data.json")
    assert first.status_code == 200 and first.headers["ETag"]
    assert "no-store" not in first.headers["Cache-Control"]
    again = logged_in.get("/reviews/form-data.json",
                          headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


@pytest.mark.sqlite_only
def test_form_datalist_lists_every_class_once(logged_in):
    html = logged_in.get("/reviews/new").get_data(as_text=True)
    datalist = html.split('<datalist id="industries">', 1)[1].split("</datalist>", 1)[0]
    values = re.findall(r'<option value="([^"]+)">', datalist)
    assert len(values) == len(set(values)) > 1900
    assert "2614 有机化学原料制造" in values and "4411 火力发电" in values


@pytest.mark.sqlite_only
def test_favicon(client):
    assert client.get("/favicon.ico").status_code == 301
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and b"<svg" in icon.data


def test_raw_utf8_query_string_finds_the_review(app, client, token, sample):
    """A script sending ?q=测试数据中心 unencoded: the development server encodes the UTF-8
    twice; the query must still find the review (it silently found none)."""
    from werkzeug.serving import make_server

    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/v1/reviews", json=sample, headers=headers).status_code == 201
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        def get(target: bytes) -> dict:
            with socket.create_connection(("127.0.0.1", httpd.server_port), timeout=10) as s:
                s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                          + token.encode() + b"\r\nConnection: close\r\n\r\n")
                data = b""
                while chunk := s.recv(65536):
                    data += chunk
            return json.loads(data.split(b"\r\n\r\n", 1)[1])

        raw = get("/api/v1/reviews?q=测试数据中心".encode("utf-8"))
        encoded = get(b"/api/v1/reviews?q=%E6%B5%8B%E8%AF%95%E6%95%B0%E6%8D%AE%E4%B8%AD%E5%BF%83")
        assert raw["total"] == encoded["total"] == 1
        assert get("/api/v1/reviews?q=不存在的项目".encode("utf-8"))["total"] == 0
    finally:
        httpd.shutdown()
        thread.join(10)


def test_repaired_leaves_other_query_strings_alone():
    from web.rawquery import repaired

    assert repaired("q=abc") == "q=abc"
    twice = "测试".encode("utf-8").decode("latin-1").encode("utf-8").decode("latin-1")
    assert repaired(twice) == "测试".encode("utf-8").decode("latin-1")
    assert repaired("q=é") == "q=é"  # one latin-1 byte: not double-encoded UTF-8
