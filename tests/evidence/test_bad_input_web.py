"""The bad-input corpus (tests/bad_inputs/, 229 files) through the web form and the JSON API:
every file is refused with a 4xx (never a 500) and a Chinese message naming the problem,
and nothing is stored.  Oversized bodies are 413 and wrong content types 415, in Chinese."""
from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest
from web_support import AS_OF, csrf_of, reviews_count

CORPUS = Path(__file__).resolve().parent.parent / "bad_inputs"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
CASES = sorted(MANIFEST.items())
FIFTY_MB = 50 * 1024 * 1024
HAN = re.compile(r"[\u4e00-\u9fff]")


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def problems_section(page: str) -> str:
    """The text of the page's list of refusals (unescaped), or '' when there is none."""
    match = re.search(r'<section class="alert" id="problems">(.*?)</section>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))) if match else ""


@pytest.fixture(scope="module")
def form_csrf(shared_client):
    return csrf_of(shared_client.get("/reviews/new"))


def test_the_corpus_is_complete():
    files = {p.name for p in CORPUS.iterdir() if p.name not in ("manifest.json", "build.py")}
    assert {name for name, _ in CASES} == files and len(files) >= 229
    assert all(case["expect"] for _, case in CASES)


@pytest.mark.parametrize("name, case", CASES, ids=[n for n, _ in CASES])
def test_form_upload_refuses_bad_file(shared_client, shared_engine, form_csrf, name, case):
    before = reviews_count(shared_engine)
    raw = (CORPUS / name).read_bytes()
    response = shared_client.post("/reviews/new", content_type="multipart/form-data", data={
        "csrf_token": form_csrf, "source": "file", "as_of": AS_OF,
        "file": (io.BytesIO(raw), name)})
    assert 400 <= response.status_code < 500, response.status_code
    page = response.get_data(as_text=True)
    assert "申报数据有误，未保存" in page
    refusals = problems_section(page)
    assert case["expect"] in refusals, refusals
    line = next(item for item in refusals.splitlines() if case["expect"] in item)
    assert HAN.search(line), line  # a Chinese message, not a code
    assert "Traceback" not in page
    assert reviews_count(shared_engine) == before


@pytest.mark.parametrize("name, case", CASES, ids=[n for n, _ in CASES])
def test_api_refuses_bad_body(shared_app, shared_engine, shared_token, name, case):
    before = reviews_count(shared_engine)
    response = shared_app.test_client().post(
        "/api/v1/reviews", data=(CORPUS / name).read_bytes(),
        content_type="application/json", headers=bearer(shared_token))
    assert 400 <= response.status_code < 500, response.status_code
    error = response.get_json()["error"]
    assert error["code"] == "invalid_input" and HAN.search(error["message"])
    messages = [p["message"] for p in error["problems"]]
    assert any(case["expect"] in m and HAN.search(m) for m in messages), messages
    assert all(HAN.search(m) for m in messages), messages
    assert reviews_count(shared_engine) == before


def big_body() -> bytes:
    return b'{"project": {"name": "' + b"x" * FIFTY_MB + b'"}}'


def test_fifty_megabyte_upload_to_the_form_is_413(shared_client, shared_engine, form_csrf):
    before = reviews_count(shared_engine)
    response = shared_client.post("/reviews/new", content_type="multipart/form-data", data={
        "csrf_token": form_csrf, "source": "file", "as_of": AS_OF,
        "file": (io.BytesIO(big_body()), "big.json")})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "提交的内容过大" in page and "不得超过 2 MB" in page
    assert reviews_count(shared_engine) == before


def test_fifty_megabytes_pasted_into_the_form_is_413(shared_client, shared_engine, form_csrf):
    before = reviews_count(shared_engine)
    response = shared_client.post("/reviews/new", data={
        "csrf_token": form_csrf, "source": "text", "as_of": AS_OF,
        "json_text": big_body().decode()})
    assert response.status_code == 413 and "不得超过 2 MB" in response.get_data(as_text=True)
    assert reviews_count(shared_engine) == before


def test_fifty_megabyte_api_body_is_413(shared_app, shared_engine, shared_token):
    before = reviews_count(shared_engine)
    response = shared_app.test_client().post(
        "/api/v1/reviews", data=big_body(), content_type="application/json",
        headers=bearer(shared_token))
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "payload_too_large" and "不得超过 2 MB" in error["message"]
    assert reviews_count(shared_engine) == before


def test_fifty_megabyte_chunked_api_body_is_413(shared_app, shared_engine, shared_token):
    """Without a Content-Length (chunked transfer, as gunicorn passes it on), the server's
    stream stops at the limit: the body must be refused, not reviewed truncated."""
    before = reviews_count(shared_engine)
    response = shared_app.test_client().post(
        "/api/v1/reviews", input_stream=io.BytesIO(big_body()),
        headers={**bearer(shared_token), "Content-Type": "application/json",
                 "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413
    assert "不得超过 2 MB" in response.get_json()["error"]["message"]
    assert reviews_count(shared_engine) == before


def test_fifty_megabyte_chunked_upload_to_the_form_is_413(shared_client, shared_engine,
                                                          form_csrf):
    from werkzeug.test import EnvironBuilder

    environ = EnvironBuilder(method="POST", data={
        "csrf_token": form_csrf, "source": "file", "as_of": AS_OF,
        "file": (io.BytesIO(big_body()), "big.json")}).get_environ()
    before = reviews_count(shared_engine)
    response = shared_client.post(
        "/reviews/new", input_stream=io.BytesIO(environ["wsgi.input"].read()),
        headers={"Content-Type": environ["CONTENT_TYPE"], "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413 and "不得超过 2 MB" in response.get_data(as_text=True)
    assert reviews_count(shared_engine) == before


def _body(body: bytes, headers: dict, chunked: bool) -> dict:
    """Test-client arguments sending `body` with a Content-Length, or chunked without one."""
    if not chunked:
        return {"data": body}
    headers["Transfer-Encoding"] = "chunked"
    return {"input_stream": io.BytesIO(body), "environ_overrides": {"wsgi.input_terminated": True}}


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_valid_application_padded_past_the_limit_is_not_stored(shared_app, shared_engine,
                                                               shared_token, sample, chunked):
    """A valid application followed by 3 MB of blanks: over the limit, so 413 — a server that
    cut the body at 2 MB would otherwise review (and store) the valid head."""
    body = json.dumps(sample).encode() + b" " * (3 * 1024 * 1024)
    headers = {**bearer(shared_token), "Content-Type": "application/json"}
    kwargs = _body(body, headers, chunked)
    before = reviews_count(shared_engine)
    response = shared_app.test_client().post("/api/v1/reviews", headers=headers, **kwargs)
    assert response.status_code == 413, response.get_json()
    assert reviews_count(shared_engine) == before


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_valid_paste_padded_past_the_limit_is_not_stored(shared_client, shared_engine,
                                                         form_csrf, sample, chunked):
    """The same through the form (pasted JSON, URL-encoded): 413, nothing stored."""
    from urllib.parse import urlencode

    body = urlencode({"csrf_token": form_csrf, "source": "text", "as_of": AS_OF,
                      "json_text": json.dumps(sample) + " " * (3 * 1024 * 1024)}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    kwargs = _body(body, headers, chunked)
    before = reviews_count(shared_engine)
    response = shared_client.post("/reviews/new", headers=headers, **kwargs)
    assert response.status_code == 413
    assert "不得超过 2 MB" in response.get_data(as_text=True)
    assert reviews_count(shared_engine) == before


def test_fifty_megabytes_without_a_token_is_refused(shared_app, shared_engine):
    before = reviews_count(shared_engine)
    response = shared_app.test_client().post("/api/v1/reviews", data=big_body(),
                                             content_type="application/json")
    assert response.status_code == 401
    assert HAN.search(response.get_json()["error"]["message"])
    assert reviews_count(shared_engine) == before


WRONG_TYPES = [
    ("text/plain", lambda sample: {"data": json.dumps(sample), "content_type": "text/plain"}),
    ("multipart", lambda sample: {"data": {"file": (io.BytesIO(json.dumps(sample).encode()),
                                                    "app.json")},
                                  "content_type": "multipart/form-data"}),
    ("urlencoded", lambda sample: {"data": {"application": json.dumps(sample)},
                                   "content_type": "application/x-www-form-urlencoded"}),
    ("none", lambda sample: {"data": json.dumps(sample).encode()}),
    ("json-lookalike", lambda sample: {"data": json.dumps(sample),
                                       "content_type": "application/jsonp"}),
]


@pytest.mark.parametrize("kind, request_kwargs", WRONG_TYPES, ids=[k for k, _ in WRONG_TYPES])
def test_wrong_content_type_is_415_in_chinese(shared_app, shared_engine, shared_token, sample,
                                              kind, request_kwargs):
    before = reviews_count(shared_engine)
    response = shared_app.test_client().post("/api/v1/reviews", headers=bearer(shared_token),
                                             **request_kwargs(sample))
    assert response.status_code == 415
    error = response.get_json()["error"]
    assert HAN.search(error["message"]) and "application/json" in error["message"]
    if kind == "none":
        assert "未提供" in error["message"]
    assert reviews_count(shared_engine) == before


def test_the_same_sample_with_the_right_type_is_accepted(shared_app, shared_engine,
                                                         shared_token, sample):
    """Control for the refusals above: the body they carried is a valid application."""
    before = reviews_count(shared_engine)
    response = shared_app.test_client().post(
        "/api/v1/reviews", data=json.dumps(sample),
        content_type="application/json; charset=utf-8", headers=bearer(shared_token))
    assert response.status_code == 201, response.get_json()
    assert reviews_count(shared_engine) == before + 1
