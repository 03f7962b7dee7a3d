"""Web security evidence: applicant text is never markup (pages and opinion PDF), every form
POST needs the CSRF token, API tokens identify their reviewer, signed-out sessions are dead,
and every response carries the security headers."""
from __future__ import annotations

import copy
import html
import io
import json
import re
from html.parser import HTMLParser

import pypdf
import pytest
from markupsafe import escape
from web_support import AS_OF, PASSWORD, csrf_of, login, reviews_count

from checker.model import ProjectApplication
from checker.store import create_token, create_user, get_review, set_active

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    "</textarea><svg onload=alert(1)>",
]
PAYLOAD_IDS = ["script", "img-onerror", "javascript-url", "template", "textarea-svg"]

# A valid application with every free-text field of the schema filled in.
BASE = {
    "project": {"name": "证据测试项目", "code": "2601-430105-04-01-123456",
                "applicant": "某建设单位", "industry_code": "2710", "nature": "扩建",
                "investment": 20000,
                "location": {"address": "开福区某路1号", "industrial_park": "金霞经济开发区"},
                "prior_review": {"number": "开发改环资〔2024〕3号", "issued_on": "2024-05-01",
                                 "approved_tce": 1000},
                "energy_separately_listed": True, "separate_listing_basis": "某重大项目清单"},
    "energy": [{"carrier": "electricity", "quantity": 600, "unit": "万kWh"}],
    "products": [{"code": "api_product", "name": "原料药", "annual_output": 100,
                  "output_unit": "t", "unit_energy": 2, "unit_energy_unit": "tce/t"}],
    "vocs": {"new_emissions_t": 1, "secured_offset_t": 2,
             "materials": [{"category": "涂料", "kind": "solvent_coating", "name": "某涂料",
                            "voc_content": 100, "content_unit": "g/L", "annual_use_t": 1}]},
    "industrial_policy": {"catalogue_category": "限制类", "catalogue_item": "某条目",
                          "equipment": [{"name": "某设备", "kind": "某类型", "model": "某型号"}]},
    "environment": {"eia_document": "报告表", "eia_approved": True,
                    "eia_approval_number": "长环评〔2024〕1号"},
}
FREE_TEXT = ["project.name", "project.applicant", "project.location.address",
             "project.location.industrial_park", "project.prior_review.number",
             "products[0].name", "products[0].output_unit", "products[0].unit_energy_unit",
             "vocs.materials[0].kind", "vocs.materials[0].name",
             "project.separate_listing_basis", "industrial_policy.catalogue_item",
             "industrial_policy.equipment[0].name", "industrial_policy.equipment[0].kind",
             "industrial_policy.equipment[0].model", "industrial_policy.equipment[0].size_class",
             "environment.eia_approval_number",
             "project.exemption_basis", "project.two_highs_basis"]
PATTERNED = ["project.code", "project.industry_code", "products[0].code"]


def _parts(path: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]


def with_value(path: str, value) -> dict:
    data = copy.deepcopy(BASE)
    *parents, last = _parts(path)
    target = data
    for part in parents:
        target = target[part]
    target[last] = value
    return data


def schema_node(path: str) -> dict:
    """The JSON-Schema node of a field path (to know its max length)."""
    schema = ProjectApplication.model_json_schema()
    node = schema
    for part in _parts(path):
        if isinstance(part, int):
            node = node["items"]
        else:
            node = node["properties"][part]
        while True:
            if "$ref" in node:
                node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
            elif "anyOf" in node:
                node = next(v for v in node["anyOf"] if v.get("type") != "null")
            else:
                break
    return node


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


class Elements(HTMLParser):
    """The elements of a page as a browser's tokenizer sees them: (tag, attributes)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


# the templates' own scripts: empty elements loading a static file in <head>
OWN_SCRIPT = re.compile(r'<script src="/static/[a-z]+\.js" defer></script>')


def assert_no_markup(page: str) -> None:
    """Nothing an applicant could type became markup: no script, svg, img or iframe element,
    no event-handler attribute, no javascript: URL (the templates have none of their own,
    apart from their static script files)."""
    head, _, body = page.partition("</head>")
    page = OWN_SCRIPT.sub("", head) + body
    assert "<script" not in page.lower()
    for tag, attributes in Elements(page).found:
        assert tag not in ("script", "svg", "img", "iframe", "object", "embed"), tag
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction"):
                assert not value.strip().lower().startswith("javascript:"), (tag, value)


def assert_inert(page: str, payload: str) -> None:
    """The payload appears, but only as escaped text."""
    assert str(escape(payload)) in page  # as Jinja escapes it
    if str(escape(payload)) != payload:
        assert payload not in page
    if payload == "{{7*7}}":
        assert "{{7*7}}" in page  # shown, not evaluated as a template
    assert_no_markup(page)


# --- the matrix: each payload in each free-text field -----------------------------------

MATRIX = [(field, payload) for field in FREE_TEXT for payload in PAYLOADS]
MATRIX_IDS = [f"{field}-{pid}" for field in FREE_TEXT for pid in PAYLOAD_IDS]


def test_the_field_list_covers_every_free_text_field_of_the_schema():
    """Guard: a new free-text field in the schema must join this matrix."""
    found = []

    def walk(node, path):
        node = schema_node(path) if path else node
        kind = node.get("type")
        if kind == "object":
            for key in node.get("properties", {}):
                walk(None, f"{path}.{key}" if path else key)
        elif kind == "array":
            walk_items(path)
        elif kind == "string" and "enum" not in node and "pattern" not in node \
                and node.get("format") != "date" and "enum_source" not in node:
            found.append(path)

    def walk_items(path):
        item = schema_node(f"{path}[0]")
        if item.get("type") == "object":
            for key in item.get("properties", {}):
                walk(None, f"{path}[0].{key}")

    walk(ProjectApplication.model_json_schema(), "")
    # energy units are checked against the carrier catalogue: not free text
    catalogue_units = re.compile(r"(energy|feedstock|before_renovation)\[0\]\.unit$")
    free = {p for p in found if not catalogue_units.match(p)}
    assert free == set(FREE_TEXT), sorted(free ^ set(FREE_TEXT))


@pytest.mark.parametrize("field, payload", MATRIX, ids=MATRIX_IDS)
def test_payload_in_text_field_is_shown_escaped(shared_app, shared_client, shared_engine,
                                                shared_token, field, payload):
    client = shared_app.test_client()
    before = reviews_count(shared_engine)
    response = client.post("/api/v1/reviews", json={"application": with_value(field, payload),
                                                    "as_of": AS_OF},
                           headers=bearer(shared_token))
    limit = schema_node(field).get("maxLength")
    if limit is not None and len(payload) > limit:
        assert response.status_code == 400
        problems = response.get_json()["error"]["problems"]
        assert any(p["path"] == field and "过长" in p["message"] for p in problems), problems
        assert reviews_count(shared_engine) == before
        return
    assert response.status_code == 201, response.get_json()
    review_id = response.get_json()["id"]
    stored = json.loads(get_review(shared_engine, review_id).input_json)
    assert payload in json.dumps(stored, ensure_ascii=False)  # stored as typed
    # the edit page shows every field (inputs and the JSON text); the result page the
    # project's name and applicant; the history the name
    pages = {f"/reviews/{review_id}/edit": True,
             f"/reviews/{review_id}": field in ("project.name", "project.applicant"),
             "/reviews": field == "project.name"}
    for path, shown in pages.items():
        page = shared_client.get(path)
        assert page.status_code == 200, path
        text = page.get_data(as_text=True)
        if shown:
            assert_inert(text, payload)
        else:
            assert str(escape(payload)) == payload or payload not in text, path
            assert_no_markup(text)


@pytest.mark.parametrize("field", PATTERNED)
@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_payload_in_patterned_field_is_refused(shared_app, shared_engine, shared_token, field,
                                               payload):
    before = reviews_count(shared_engine)
    response = shared_app.test_client().post(
        "/api/v1/reviews", json=with_value(field, payload), headers=bearer(shared_token))
    assert response.status_code == 400
    problems = response.get_json()["error"]["problems"]
    assert any(p["path"] == field and "格式不符" in p["message"] for p in problems), problems
    assert reviews_count(shared_engine) == before


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_refused_payload_is_escaped_on_the_form_page(shared_client, shared_engine, payload):
    """A refusal re-renders the form with what was typed: still only as text."""
    token = csrf_of(shared_client.get("/reviews/new"))
    before = reviews_count(shared_engine)
    response = shared_client.post("/reviews/new", data={
        "csrf_token": token, "source": "form", "as_of": AS_OF, "project.name": payload,
        "project.applicant": payload, "project.code": payload,
        "project.location.address": payload, "project.industry_code": "2710",
        "project.nature": "新建", "project.investment": "100"})
    assert response.status_code == 400
    assert_inert(response.get_data(as_text=True), payload)
    assert reviews_count(shared_engine) == before


def pdf_images(reader: pypdf.PdfReader) -> list[str]:
    """Every image XObject reachable from the pages (inside form XObjects too)."""
    found, seen = [], set()

    def visit(resources):
        if not resources:
            return
        xobjects = resources.get_object().get("/XObject")
        if xobjects is None:
            return
        for name, ref in xobjects.get_object().items():
            obj = ref.get_object()
            key = id(obj)
            if key in seen:
                continue
            seen.add(key)
            if obj.get("/Subtype") == "/Image":
                found.append(name)
            elif obj.get("/Subtype") == "/Form":
                visit(obj.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
        for annotation in page.get("/Annots") or []:
            appearance = annotation.get_object().get("/AP") or {}
            for stream in appearance.values():
                visit(stream.get_object().get("/Resources"))
    return found


def test_image_finder_finds_an_image():
    """Control for the check below: an image XObject is found when there is one."""
    from pypdf.generic import DictionaryObject, NameObject, NumberObject, StreamObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(10, 10)
    image = StreamObject()
    image.update({NameObject("/Type"): NameObject("/XObject"),
                  NameObject("/Subtype"): NameObject("/Image"),
                  NameObject("/Width"): NumberObject(1), NameObject("/Height"): NumberObject(1),
                  NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                  NameObject("/BitsPerComponent"): NumberObject(8)})
    image.set_data(b"\x00")
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im1"): writer._add_object(image)})})
    out = io.BytesIO()
    writer.write(out)
    assert pdf_images(pypdf.PdfReader(io.BytesIO(out.getvalue()))) == ["/Im1"]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_opinion_pdf_shows_payload_as_text_and_fetches_nothing(shared_app, shared_engine,
                                                               shared_token, shared_client,
                                                               payload):
    data = copy.deepcopy(BASE)
    data["project"]["name"] = payload
    data["project"]["applicant"] = f"{payload}公司"
    data["project"]["location"]["address"] = payload
    client = shared_app.test_client()
    created = client.post("/api/v1/reviews", json={"application": data, "as_of": AS_OF},
                          headers=bearer(shared_token))
    assert created.status_code == 201, created.get_json()
    review_id = created.get_json()["id"]
    via_api = client.get(f"/api/v1/reviews/{review_id}/opinion.pdf", headers=bearer(shared_token))
    via_page = shared_client.get(f"/reviews/{review_id}/opinion.pdf")
    assert via_api.status_code == via_page.status_code == 200
    assert via_api.data == via_page.data and via_api.data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(via_api.data))
    text = flat("".join(page.extract_text() for page in reader.pages))
    assert flat(payload) in text
    assert flat(f"{payload}公司") in text
    assert pdf_images(reader) == []
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts, "the opinion has no fonts"
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+(Kaifu-[A-Za-z-]+|DejaVu-[A-Za-z-]+)", name), name
        descendants = font.get("/DescendantFonts") or [font]
        for descendant in descendants:
            descriptor = descendant.get_object()["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
    raw = via_api.data
    assert b"/URI" not in raw and b"/Launch" not in raw and b"/JavaScript" not in raw


# --- CSRF ------------------------------------------------------------------------------

def post_routes(app) -> list[str]:
    """Every POST route outside the token-authenticated API."""
    return sorted(str(rule) for rule in app.url_map.iter_rules()
                  if "POST" in rule.methods and not str(rule).startswith("/api/"))


def test_every_form_post_route_is_known(app):
    assert post_routes(app) == [
        "/acceptances", "/acceptances/<int:acceptance_id>/decide",
        "/acceptances/<int:acceptance_id>/report", "/acts/<int:document_id>/<action>",
        "/admin/impact", "/admin/parameters", "/admin/tokens",
        "/admin/tokens/<int:token_id>/revoke", "/admin/users",
        "/admin/users/<int:user_id>/active", "/admin/users/<int:user_id>/password",
        "/batches", "/batches/<int:batch_id>/cancel", "/inspections",
        "/inspections/<int:draw_id>/results", "/inspections/inspectors/<int:user_id>", "/login",
        "/logout", "/operating/import", "/projects/<code>/changes",
        "/projects/<code>/changes/<int:request_id>/decision", "/projects/<code>/rectification",
        "/projects/<code>/revocation", "/projects/<code>/start",
        "/reviews/<int:review_id>/attachments",
        "/reviews/<int:review_id>/documents/<int:document_id>/<action>",
        "/reviews/<int:review_id>/edit", "/reviews/<int:review_id>/judgements",
        "/reviews/<int:review_id>/judgements/<int:judgement_id>/withdraw",
        "/reviews/<int:review_id>/rereview", "/reviews/new"]


@pytest.mark.parametrize("forged", [None, "", "forged-token"], ids=["missing", "empty", "forged"])
def test_every_form_post_without_csrf_token_is_400(app, logged_in, engine, sample, token,
                                                   forged):
    created = logged_in.application.test_client().post(
        "/api/v1/reviews", json=sample, headers=bearer(token))
    review_id = created.get_json()["id"]
    before = reviews_count(engine)
    payload = {"source": "text", "json_text": json.dumps(sample), "as_of": AS_OF,
               "name": "reviewer", "password": PASSWORD}
    if forged is not None:
        payload["csrf_token"] = forged
    for rule in post_routes(app):
        path = concrete(rule, review_id)
        response = logged_in.post(path, data=payload)
        assert response.status_code == 400, path
        assert "CSRF" in response.get_data(as_text=True) and "表单已过期" in \
            response.get_data(as_text=True), path
    assert reviews_count(engine) == before
    # still signed in: the refused /logout did not sign out
    assert logged_in.get("/reviews/new").status_code == 200


def test_csrf_token_of_another_session_is_refused(app, logged_in, engine, sample):
    other = app.test_client()
    assert login(other, "admin").status_code == 302
    foreign = csrf_of(other.get("/reviews/new"))
    assert foreign != csrf_of(logged_in.get("/reviews/new"))
    response = logged_in.post("/reviews/new", data={
        "csrf_token": foreign, "source": "text", "json_text": json.dumps(sample),
        "as_of": AS_OF})
    assert response.status_code == 400 and reviews_count(engine) == 0


# --- API tokens ------------------------------------------------------------------------

def test_reviews_are_recorded_as_the_token_owner(client, engine, token, sample):
    create_user(engine, "审查员乙", PASSWORD, "reviewer")
    other = create_token(engine, "审查员乙")
    ids = {}
    for owner, credential in (("reviewer", token), ("审查员乙", other), ("reviewer", token)):
        response = client.post("/api/v1/reviews", json=sample, headers=bearer(credential))
        assert response.status_code == 201
        body = response.get_json()
        assert body["reviewer"] == owner
        assert get_review(engine, body["id"]).reviewer.name == owner
        ids.setdefault(owner, []).append(body["id"])
    assert len(ids["reviewer"]) == 2 and len(ids["审查员乙"]) == 1


def altered(token: str) -> list[str]:
    middle = len(token) // 2
    flipped = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1:]
    return [flipped, token + "x", token[:-1], token.upper(), token.removeprefix("kfc_"),
            "kfc_" + "A" * 43, token + " " + token, "x" * 500]


def test_forged_or_altered_token_is_401(client, engine, token, sample):
    for forged in altered(token):
        response = client.post("/api/v1/reviews", json=sample, headers=bearer(forged))
        assert response.status_code == 401, forged
        assert "令牌" in response.get_json()["error"]["message"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert reviews_count(engine) == 0
    assert client.post("/api/v1/reviews", json=sample, headers=bearer(token)).status_code == 201


def test_token_of_deactivated_user_is_403_and_stores_nothing(client, engine, token, sample):
    set_active(engine, "reviewer", False)
    response = client.post("/api/v1/reviews", json=sample, headers=bearer(token))
    assert response.status_code == 403 and "停用" in response.get_json()["error"]["message"]
    assert reviews_count(engine) == 0
    set_active(engine, "reviewer", True)
    assert client.post("/api/v1/reviews", json=sample, headers=bearer(token)).status_code == 201


def test_session_of_deactivated_user_ends(app, logged_in, engine):
    set_active(engine, "reviewer", False)
    assert logged_in.get("/reviews/new").status_code == 302


def test_session_cannot_be_reused_after_logout(app, logged_in, engine, sample):
    page = logged_in.get("/reviews/new")
    stolen = logged_in.get_cookie("session").value
    csrf = csrf_of(page)
    assert logged_in.post("/logout", data={"csrf_token": csrf}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/reviews/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = replay.post("/reviews/new", data={
        "csrf_token": csrf, "source": "text", "json_text": json.dumps(sample), "as_of": AS_OF})
    assert response.status_code == 302 and reviews_count(engine) == 0
    # signing in again works and issues a session the old cookie does not equal
    again = app.test_client()
    assert login(again).status_code == 302
    assert again.get("/reviews/new").status_code == 200
    assert again.get_cookie("session").value != stolen


# --- security headers ------------------------------------------------------------------

def concrete(rule: str, review_id: int) -> str:
    """A requestable path for a URL rule: the review's id, a known value for each named
    converter, 1 for any other integer id (a missing row answers 404, never 500)."""
    path = rule.replace("<int:review_id>", str(review_id)).replace("<kind>", "energy_opinion")
    path = path.replace("<rule_id>", "data_centre.pue").replace("<fmt>", "csv")
    path = path.replace("<action>", "submit").replace("<path:filename>", "style.css")
    path = re.sub(r"<(string:)?[a-z_]*code>", "2026-430105-44-01-000001", path)
    path = re.sub(r"<int:[a-z_]+>", "1", path)
    assert "<" not in path, path
    return path


def header_paths(app, review_id: int) -> list[str]:
    paths = [concrete(str(rule), review_id) for rule in app.url_map.iter_rules()
             if "GET" in rule.methods]
    return sorted(set(paths)) + ["/nowhere", f"/reviews/{review_id + 999}", "/api/v1/nothing"]


def assert_security_headers(response, path):
    csp = response.headers.get("Content-Security-Policy", "")
    assert csp, path
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, path
    assert "frame-ancestors 'none'" in csp, path
    assert response.headers.get("X-Content-Type-Options") == "nosniff", path


def test_security_headers_on_every_page(app, logged_in, token, sample):
    created = app.test_client().post("/api/v1/reviews", json=sample, headers=bearer(token))
    review_id = created.get_json()["id"]
    anonymous = app.test_client()
    for path in header_paths(app, review_id):
        headers = bearer(token) if path.startswith("/api/") else {}
        for who in (logged_in, anonymous):
            response = who.get(path, headers=headers if who is logged_in else {})
            assert response.status_code < 500, path
            assert_security_headers(response, path)
    # error responses and POST answers too
    for response in (logged_in.post("/reviews/new", data={}),
                     anonymous.post("/login", data={}),
                     app.test_client().post("/api/v1/reviews", data="x",
                                            content_type="text/plain", headers=bearer(token))):
        assert_security_headers(response, "POST")
