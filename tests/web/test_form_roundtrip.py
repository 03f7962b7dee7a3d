"""The form keeps everything (issue 26, item 3): it has a field for every field of the
application schema, and any generated application, opened in the edit form as the page
renders it and submitted unchanged, is stored with the same canonical JSON (fingerprint)."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from werkzeug.datastructures import MultiDict
from web_support import SAMPLE, login

from checker import intake, rulebook
from checker.model import ProjectApplication
from checker.store import create_token, get_review
from tests.support.generate import applications
from web import forms


class FormFields(HTMLParser):
    """What a browser posts for the review form: inputs (checkboxes when ticked), selects
    (the selected option, else the first), textareas; buttons and files are left out."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._form = False
        self._select: tuple[str, list[str], list[str]] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "review-form":
            self._form = True
        if not self._form:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("file", "submit"):
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], [], [])
        elif tag == "option" and self._select is not None:
            self._select[1].append(a.get("value", ""))
            if "selected" in a:
                self._select[2].append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a.get("name")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = False
        if tag == "select" and self._select is not None:
            name, options, selected = self._select
            self.fields.append((name, (selected or options)[0]))
            self._select = None
        if tag == "textarea":
            self._textarea = None


def posted(page: str) -> MultiDict:
    parser = FormFields()
    parser.feed(page)
    return MultiDict(parser.fields)


def _leaves(schema: dict, node: dict, path: str, out: set[str]) -> None:
    node, _ = forms._resolve(schema, node)
    if node.get("type") == "object":
        for key, inner in node.get("properties", {}).items():
            _leaves(schema, inner, f"{path}.{key}" if path else key, out)
    elif node.get("type") == "array":
        item, _ = forms._resolve(schema, node["items"])
        if item.get("type") == "object":
            _leaves(schema, node["items"], f"{path}[]", out)
        else:
            out.add(path)
    else:
        out.add(path)


def test_the_form_has_a_field_for_every_field_of_the_schema():
    schema = ProjectApplication.model_json_schema()
    leaves: set[str] = set()
    _leaves(schema, schema, "", leaves)
    shown = set()
    for section in forms.sections(rulebook.shipped().carriers):
        row = "[]" if section.kind == "list" else ""
        shown |= {f"{section.key}{row}.{f.name}" for f in section.fields}
        shown |= {f"{section.key}.{sub.name}[].{f.name}" for sub in section.lists
                  for f in sub.fields}
    assert "project.prior_review.major_changes" in leaves
    assert leaves - shown == set()


def _valid(data: dict) -> str | None:
    try:
        return intake.canonical_json(intake.validate(data))
    except intake.InputError:
        return None


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(application=applications())
def test_any_application_edited_through_the_form_unchanged_keeps_its_canonical_json(
        application, logged_in, engine):
    client = logged_in
    data = json.loads(json.dumps(application, default=str))
    canonical = _valid(data)
    if canonical is None:
        return  # a generated combination the model refuses
    token = create_token(engine, "reviewer")
    stored = client.post("/api/v1/reviews", json={"application": data, "as_of": "2026-03-01"},
                         headers={"Authorization": f"Bearer {token}"})
    assert stored.status_code == 201, stored.json
    page = client.get(f"/reviews/{stored.json['id']}/edit").get_data(as_text=True)
    assert "表单无法显示" not in page
    fields = posted(page)
    fields["source"] = "form"
    response = client.post(f"/reviews/{stored.json['id']}/edit", data=fields)
    assert response.status_code == 303, re.findall(r'class="error">([^<]+)',
                                                   response.get_data(as_text=True))
    new_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    again = get_review(engine, new_id)
    assert intake.canonical_json(intake.validate(json.loads(again.input_json))) == canonical
    assert again.input_sha256 == get_review(engine, stored.json["id"]).input_sha256


def test_a_negative_zero_survives_an_edit_through_the_form(logged_in, engine):
    """Found by the property above: a product's unit energy of -0.0 was shown as "0" and
    came back as 0, so the unchanged edit stored another canonical JSON and another hash."""
    data = json.loads(json.dumps(SAMPLE))
    data["products"] = [{"code": "cement_clinker", "name": "产品", "unit_energy": -0.0}]
    canonical = _valid(data)
    token = create_token(engine, "reviewer")
    stored = logged_in.post("/api/v1/reviews", json={"application": data, "as_of": "2026-03-01"},
                            headers={"Authorization": f"Bearer {token}"})
    assert stored.status_code == 201, stored.json
    fields = posted(logged_in.get(f"/reviews/{stored.json['id']}/edit").get_data(as_text=True))
    assert fields["products[0].unit_energy"] == "-0.0"
    fields["source"] = "form"
    response = logged_in.post(f"/reviews/{stored.json['id']}/edit", data=fields)
    assert response.status_code == 303
    again = get_review(engine, int(response.headers["Location"].rsplit("/", 1)[-1]))
    assert intake.canonical_json(intake.validate(json.loads(again.input_json))) == canonical
    assert again.input_sha256 == get_review(engine, stored.json["id"]).input_sha256


def test_major_changes_survive_an_edit_and_keep_their_finding(client, engine):
    """The case of the issue: a re-review through the form no longer drops the prior
    opinion's major changes (and so the finding they raise)."""
    data = json.loads(json.dumps(SAMPLE))
    data["project"]["prior_review"] = {"number": "开发改环资〔2023〕1号",
                                       "issued_on": "2023-05-01",
                                       "major_changes": ["主要产品品种变化", "建设单位变化"]}
    token = create_token(engine, "reviewer")
    first = client.post("/api/v1/reviews", json={"application": data, "as_of": "2026-03-01"},
                        headers={"Authorization": f"Bearer {token}"}).json
    login(client)
    page = client.get(f"/reviews/{first['id']}/edit").get_data(as_text=True)
    assert page.index('value="主要产品品种变化" checked') < page.index('value="建设单位变化" checked')
    fields = posted(page)
    fields["source"] = "form"
    response = client.post(f"/reviews/{first['id']}/edit", data=fields)
    again = get_review(engine, int(response.headers["Location"].rsplit("/", 1)[-1]))
    assert json.loads(again.input_json)["project"]["prior_review"]["major_changes"] == [
        "主要产品品种变化", "建设单位变化"]
    before = {f["rule_id"] for f in json.loads(get_review(engine, first["id"]).findings_json)}
    assert {f["rule_id"] for f in json.loads(again.findings_json)} == before


def test_the_hidden_explicit_values_only_ever_restore_empties():
    """The hidden field comes from the browser: it may only put back null, false, {} or []
    where the form left nothing — never a value, never over a filled field, never into a
    row that is gone."""
    form = MultiDict({"project.name": "某项目", "energy[1].carrier": "electricity",
                      "energy[1].quantity": "1", "energy[1].unit": "kWh",
                      forms.EXPLICIT_FIELD: json.dumps({
                          "project.investment": 0, "project.name": None, "pollutants": {},
                          "energy[0].kind": None, "energy[1].kind": None,
                          "project.location.port_area": False, "boilers": []})})
    data = forms.form_to_application(form)
    assert "investment" not in data["project"] and data["project"]["name"] == "某项目"
    assert data["pollutants"] == {} and data["boilers"] == []
    assert data["energy"] == [{"carrier": "electricity", "quantity": 1, "unit": "kWh",
                               "kind": None}]
    assert data["project"]["location"] == {"port_area": False}
