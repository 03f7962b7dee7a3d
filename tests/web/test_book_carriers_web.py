"""The form and the API take the energy carriers from the rulebook in force (the app's
provider), not from the process: a rulebook whose carriers.yaml adds 热水 and removes
液化天然气 offers and accepts the one and refuses the other (issue 22)."""
from __future__ import annotations

import json
import shutil

import pytest
import yaml
from web_support import SAMPLE

from checker.rulebook import RulebookProvider
from checker.rulebook.sources import rules_dir
from checker.store.parameters import StoredSettings
from tests.test_book_carriers import HOT_WATER, _edit


@pytest.fixture
def edited_app(app, tmp_path):
    """The app with its rulebook in force read from a test directory (热水 added with its CO₂
    factor unset, lng removed); the process's rules directory is the shipped one."""
    copy = tmp_path / "rules-edited"
    shutil.copytree(rules_dir(), copy)
    _edit(copy / "energy" / "carriers.yaml", lambda data: (
        data["carriers"].update(hot_water=HOT_WATER), data["carriers"].pop("lng")))
    _edit(copy / "parameters" / "carbon.yaml", lambda data: data["parameters"].update({
        "carbon.factor.hot_water": {**data["parameters"]["carbon.factor.heat"],
                                    "values": [{"since": "2023-06-01", "value": None,
                                                "status": "GAP", "source": "测试"}]}}))
    app.extensions["rulebook"] = RulebookProvider(
        directory=copy, settings=StoredSettings(app.extensions["engine"],
                                                app.extensions["reader"]))
    return app


def _application(carrier: str, unit: str) -> dict:
    data = json.loads(json.dumps(SAMPLE))
    data["energy"].append({"carrier": carrier, "quantity": 10, "unit": unit})
    return data


def test_the_form_offers_the_carriers_of_the_rulebook_in_force(edited_app, logged_in):
    page = logged_in.get("/reviews/new").get_data(as_text=True)
    assert 'value="hot_water"' in page and "热水（测试品种）" in page
    assert 'value="lng"' not in page and 'id="units-lng"' not in page
    carriers = logged_in.get("/reviews/form-data.json").json["carriers"]
    assert "hot_water" in carriers and "lng" not in carriers


def test_the_api_checks_the_carriers_of_the_rulebook_in_force(edited_app, client, token):
    headers = {"Authorization": f"Bearer {token}"}
    accepted = client.post("/api/v1/reviews", headers=headers, json={
        "application": _application("hot_water", "GJ"), "as_of": "2026-03-01"})
    assert accepted.status_code == 201
    refused = client.post("/api/v1/reviews", headers=headers, json={
        "application": _application("lng", "t"), "as_of": "2026-03-01"})
    assert refused.status_code == 400
    problem = next(p for p in refused.json["error"]["problems"] if "carrier" in p["path"])
    assert problem["path"].endswith(".carrier") and "未知能源品种“lng”" in problem["message"]
