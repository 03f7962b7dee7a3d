"""Regressions of the security test (issue 11, item 4), on SQLite and PostgreSQL: no open
redirect after sign-in, 404 for ids beyond the id columns, NUL / lone surrogates / direction
controls refused with a 400 naming the field, the real size limit named, and 503 (then
recovery) when the database is down or never answers."""
from __future__ import annotations

import copy
import json
import re
from urllib.parse import quote, urlsplit

import pytest
from test_web_security import BASE, FREE_TEXT, with_value
from web_support import AS_OF, PASSWORD, csrf_of, reviews_count

from checker.store import AccountError, create_user

HAN = re.compile(r"[\u4e00-\u9fff]")


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# --- open redirect -------------------------------------------------------------------------

def browser_target(location: str) -> str:
    """Where a browser goes for a Location header (WHATWG: tabs/newlines removed, ``\\`` as
    ``/``, leading C0 and spaces stripped) — its host, or '' for this site."""
    cleaned = re.sub(r"[\t\n\r]", "", location).strip("".join(map(chr, range(0x21))))
    return urlsplit(cleaned.replace("\\", "/")).netloc


HOSTILE_NEXT = ["/\t/evil.example/phish", "/\n/evil.example", "\t//evil.example",
                " //evil.example", "/\\evil.example", "\\\\evil.example", "//evil.example",
                "https://evil.example/", "java\tscript:alert(1)", "/\r/evil.example",
                "/reviews\r\nSet-Cookie: a=b", "/reviews%0d%0aX: y\r\n"]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_sign_in_never_redirects_off_site(client, target):
    page = client.get(f"/login?next={quote(target, safe='/')}")
    assert page.status_code == 200
    response = client.post("/login", data={"name": "reviewer", "password": PASSWORD,
                                           "csrf_token": csrf_of(page), "next": target})
    assert response.status_code == 302, response.status_code
    location = response.headers["Location"]
    assert browser_target(location) in ("", "localhost"), location
    assert not re.search(r"[\x00-\x1f]", location)


def test_sign_in_follows_a_path_of_this_site(client):
    page = client.get("/login?next=/reviews%3Fq%3Dabc")
    response = client.post("/login", data={"name": "reviewer", "password": PASSWORD,
                                           "csrf_token": csrf_of(page), "next": "/reviews?q=abc"})
    assert response.headers["Location"] == "/reviews?q=abc"


# --- ids beyond the id columns --------------------------------------------------------------

BIG_IDS = [2**31, 2**31 + 7, 2**63 - 1, 2**63, 10**30]


def id_routes(app) -> list[tuple[str, str]]:
    """Every (method, URL template) of the application that takes a review id."""
    routes = []
    for rule in app.url_map.iter_rules():
        if "review_id" in rule.arguments:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                routes.append((method, rule.rule.replace("<int:review_id>", "{id}")))
    return routes


def test_every_route_taking_an_id_answers_404_beyond_the_column(app, logged_in, token):
    routes = id_routes(app)
    assert len(routes) >= 6
    csrf = csrf_of(logged_in.get("/reviews/new"))
    for review_id in [2**31 - 1, *BIG_IDS]:
        for method, template in routes:
            url = template.format(id=review_id)
            if url.startswith("/api/"):
                response = logged_in.open(url, method=method, headers=bearer(token))
            else:
                response = logged_in.open(url, method=method,
                                          data={"csrf_token": csrf} if method == "POST" else None)
            assert response.status_code == 404, (method, url, response.status_code)
            assert HAN.search(response.get_data(as_text=True))


# --- NUL, lone surrogates and direction controls --------------------------------------------

BAD_CHARS = {"nul": "\u0000", "surrogate": "\ud800", "rlo": "\u202e", "lri": "\u2066",
             "lrm": "\u200e", "alm": "\u061c",
             # C0 and C1 controls (issue 25 item 4: U+0001 broke every XLSX export), and the
             # line breaks no one-line application text may hold
             "soh": "\u0001", "esc": "\u001b", "del": "\u007f", "nel": "\u0085",
             "csi": "\u009b", "lf": "\n", "cr": "\r", "tab": "\t"}


def body_with(path: str, value: str) -> bytes:
    """The application JSON with `value` at `path`, written with JSON escapes."""
    return json.dumps(with_value(path, value), ensure_ascii=True).encode()


@pytest.mark.parametrize("char", BAD_CHARS.values(), ids=BAD_CHARS.keys())
@pytest.mark.parametrize("path", FREE_TEXT)
def test_api_refuses_bad_characters_naming_the_field(shared_app, shared_engine, shared_token,
                                                     path, char):
    before = reviews_count(shared_engine)
    response = shared_app.test_client().post(
        "/api/v1/reviews", data=body_with(path, f"某{char}项目"),
        content_type="application/json", headers=bearer(shared_token))
    assert response.status_code == 400, response.status_code
    error = response.get_json()["error"]
    assert error["code"] == "invalid_input"
    assert [p["path"] for p in error["problems"]] == [path]
    assert HAN.search(error["problems"][0]["message"])
    assert f"U+{ord(char):04X}" in error["problems"][0]["message"]
    assert reviews_count(shared_engine) == before


def test_api_refuses_bad_characters_in_keys_and_the_wrapper(shared_app, shared_engine,
                                                            shared_token):
    before = reviews_count(shared_engine)
    client = shared_app.test_client()
    for body in ('{"project\\u0000": 1}', '{"pro\\ud800ject": 1}',
                 json.dumps({"application": BASE, "as_of": "2026-03-01\u0000"}),
                 json.dumps({"application": BASE, "as_of": "\udfff"})):
        response = client.post("/api/v1/reviews", data=body, content_type="application/json",
                               headers=bearer(shared_token))
        assert response.status_code == 400, (body, response.status_code)
        assert "U+" in response.get_json()["error"]["problems"][0]["message"]
    assert reviews_count(shared_engine) == before


def test_raw_nul_in_the_json_is_refused(shared_app, shared_engine, shared_token):
    body = json.dumps(BASE, ensure_ascii=False).replace("证据测试项目", "证据\x00项目").encode()
    response = shared_app.test_client().post(
        "/api/v1/reviews", data=body, content_type="application/json",
        headers=bearer(shared_token))
    assert response.status_code == 400
    assert "U+0000" in response.get_json()["error"]["problems"][0]["message"]


@pytest.fixture
def form_csrf(shared_client):
    return csrf_of(shared_client.get("/reviews/new"))


@pytest.mark.parametrize("char", BAD_CHARS.values(), ids=BAD_CHARS.keys())
def test_pasted_json_refuses_bad_characters(shared_client, shared_engine, form_csrf, char):
    before = reviews_count(shared_engine)
    response = shared_client.post("/reviews/new", data={
        "csrf_token": form_csrf, "source": "text", "as_of": AS_OF,
        "json_text": body_with("project.applicant", f"某{char}单位").decode()})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "project.applicant" in page and f"U+{ord(char):04X}" in page
    assert reviews_count(shared_engine) == before


@pytest.mark.parametrize("char", ["\u0000", "\u202e", "\u2067"], ids=["nul", "rlo", "rli"])
def test_form_fields_refuse_bad_characters_naming_the_field(shared_client, shared_engine,
                                                            form_csrf, char):
    before = reviews_count(shared_engine)
    response = shared_client.post("/reviews/new", data={
        "csrf_token": form_csrf, "source": "form", "as_of": AS_OF,
        "project.name": f"某{char}项目", "project.applicant": "某单位",
        "project.industry_code": "2710", "project.nature": "新建",
        "project.investment": "1000", "energy[0].carrier": "electricity",
        "energy[0].quantity": "100", "energy[0].unit": "万kWh"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "project.name" in page and f"U+{ord(char):04X}" in page
    assert reviews_count(shared_engine) == before


def test_nul_in_query_strings_is_400_naming_the_field(shared_client, shared_app, shared_token):
    response = shared_client.get("/reviews?q=%00")
    assert response.status_code == 400
    assert "“q”" in response.get_data(as_text=True)
    response = shared_app.test_client().get("/api/v1/reviews?q=ab%00",
                                            headers=bearer(shared_token))
    assert response.status_code == 400
    assert "“q”" in response.get_json()["error"]["message"]
    assert shared_client.get("/reviews?q=%E2%80%AE").status_code == 200  # a search, not stored


def test_nul_in_the_sign_in_name_is_400(shared_app):
    client = shared_app.test_client()
    page = client.get("/login")
    response = client.post("/login", data={"name": "reviewer\x00", "password": "x" * 8,
                                           "csrf_token": csrf_of(page)})
    assert response.status_code == 400
    assert "“name”" in response.get_data(as_text=True)


@pytest.mark.parametrize("char", BAD_CHARS.values(), ids=BAD_CHARS.keys())
def test_account_names_refuse_bad_characters(shared_app, shared_engine, char):
    with pytest.raises(AccountError, match="U\\+"):
        create_user(shared_engine, f"admin{char}2", PASSWORD, "reviewer")
    result = shared_app.test_cli_runner().invoke(
        args=["create-user", f"{char}admin", "--password", PASSWORD])
    assert result.exit_code != 0 and f"U+{ord(char):04X}" in result.output


# --- size limit -----------------------------------------------------------------------------

def padded(size: int) -> str:
    """A valid application padded with blanks to `size` bytes."""
    text = json.dumps(BASE, ensure_ascii=False, indent=1)
    return text + " " * (size - len(text.encode()))


def test_pasting_more_than_500_kb_is_accepted(shared_client, shared_engine, form_csrf):
    """Werkzeug limits a form field to 500 KB unless told otherwise; the application limit
    is 2 MB, so a 1.5 MB paste is reviewed."""
    before = reviews_count(shared_engine)
    response = shared_client.post("/reviews/new", content_type="multipart/form-data", data={
        "csrf_token": form_csrf, "source": "text", "as_of": AS_OF,
        "json_text": padded(1536 * 1024)})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    assert reviews_count(shared_engine) == before + 1


def test_pasting_more_than_2_mb_names_the_real_limit(shared_client, shared_engine, form_csrf):
    before = reviews_count(shared_engine)
    response = shared_client.post("/reviews/new", content_type="multipart/form-data", data={
        "csrf_token": form_csrf, "source": "text", "as_of": AS_OF,
        "json_text": padded(2 * 1024 * 1024 + 100)})
    assert response.status_code == 413
    assert "申报数据过大（2048 KB），申报数据不得超过 2 MB" in response.get_data(as_text=True)
    assert reviews_count(shared_engine) == before


def test_the_api_and_the_cli_share_the_limit(shared_app, shared_token, tmp_path, capsys):
    from checker.cli import main

    body = padded(2 * 1024 * 1024 + 100).encode()
    response = shared_app.test_client().post("/api/v1/reviews", data=body,
                                             content_type="application/json",
                                             headers=bearer(shared_token))
    assert response.status_code == 413
    assert "申报数据过大（2048 KB），申报数据不得超过 2 MB" in response.get_json()["error"]["message"]
    path = tmp_path / "big.json"
    path.write_bytes(body)
    assert main(["review", str(path), "--as-of", AS_OF]) == 2
    assert "申报数据过大（2048 KB），申报数据不得超过 2 MB" in capsys.readouterr().err


def test_the_base_application_is_accepted(shared_app, shared_engine, shared_token):
    """Control: the application the refusals above alter is accepted as it is."""
    before = reviews_count(shared_engine)
    response = shared_app.test_client().post(
        "/api/v1/reviews", data=json.dumps(copy.deepcopy(BASE)),
        content_type="application/json", headers=bearer(shared_token))
    assert response.status_code == 201, response.get_json()
    assert reviews_count(shared_engine) == before + 1
