"""/api/docs: Swagger UI from the application's own static files (no CDN, no inline script,
CSP unchanged), linked from the navigation; the OpenAPI document validates and the API's real
responses match the response schemas generated from the pydantic models."""
from __future__ import annotations

import re
import threading

import jsonschema
import pytest
from openapi_spec_validator import validate
from web_support import sign_in


def auth(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.sqlite_only
def test_docs_page_loads_its_own_assets(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html), "asset from elsewhere"
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    assert any(a.endswith("api-docs.js") for a in assets)
    for asset in assets:
        loaded = client.get(asset)
        assert loaded.status_code == 200 and len(loaded.data) > 100, asset
        kind = {".js": "javascript", ".css": "css", ".svg": "svg"}[asset[asset.rindex("."):]]
        assert kind in loaded.mimetype, (asset, loaded.mimetype)
    assert 'data-openapi="/api/v1/openapi.json"' in html


@pytest.mark.sqlite_only
def test_docs_linked_from_the_navigation(logged_in):
    html = logged_in.get("/reviews/new").get_data(as_text=True)
    assert 'href="/api/docs"' in html and "API 文档" in html


@pytest.mark.sqlite_only
def test_openapi_document_validates(client):
    document = client.get("/api/v1/openapi.json").json
    validate(document)  # raises on an invalid OpenAPI 3.1 document
    schemas = document["components"]["schemas"]
    assert {"StoredReview", "CompactStoredReview", "ReviewPage", "Error", "RulesDocument",
            "FindingOut"} <= set(schemas)
    post = document["paths"]["/reviews"]["post"]["responses"]
    assert post["201"]["content"]["application/json"]["schema"]["oneOf"] == [
        {"$ref": "#/components/schemas/CompactStoredReview"},
        {"$ref": "#/components/schemas/StoredReview"}]  # compact by default, ?full=1


def _check(document: dict, name: str, instance) -> None:
    """`instance` against the component schema `name` of the OpenAPI document."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    jsonschema.Draft202012Validator(schema).validate(instance)


def test_real_responses_match_the_generated_schemas(client, token, sample):
    document = client.get("/api/v1/openapi.json").json
    created = client.post("/api/v1/reviews", json={"application": sample, "as_of": "2026-03-01"},
                          headers=auth(token))
    assert created.status_code == 201
    _check(document, "CompactStoredReview", created.json)
    assert created.json["review"]["findings"][0]["severity_label"]
    _check(document, "CompactStoredReview",
           client.get(f"/api/v1/reviews/{created.json['id']}", headers=auth(token)).json)
    _check(document, "StoredReview",
           client.get(f"/api/v1/reviews/{created.json['id']}?full=1", headers=auth(token)).json)
    with pytest.raises(jsonschema.ValidationError):  # the compact answer is not the full one
        _check(document, "StoredReview", created.json)
    _check(document, "ReviewPage", client.get("/api/v1/reviews", headers=auth(token)).json)
    _check(document, "RulesDocument", client.get("/api/v1/rules", headers=auth(token)).json)
    bad = client.post("/api/v1/reviews", json={"project": {}}, headers=auth(token))
    assert bad.status_code == 400
    _check(document, "Error", bad.json)
    with pytest.raises(jsonschema.ValidationError):  # the check can fail
        _check(document, "StoredReview", {**created.json, "id": "one"})


def test_docs_render_in_a_real_browser_without_csp_violations(browser, app):
    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    server = f"http://127.0.0.1:{httpd.server_port}"
    try:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url)
                if not r.url.startswith((server, "data:")) else None)
        sign_in(page, server)
        page.click("nav >> text=API 文档")
        page.wait_for_url("**/api/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=30000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert any("/reviews/{review_id}" in p for p in paths), paths
        assert "开福区节能审查" in page.inner_text(".info")
        assert not [e for e in errors if "Content Security Policy" in e], errors
        assert not outside, outside
    finally:
        httpd.shutdown()
        thread.join(10)
