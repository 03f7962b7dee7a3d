"""A 碳排放评价 the district must make (令2025年第31号第十条) with a CO₂ factor missing: the
energy opinion is refused at issue (409, Chinese message naming the carrier, no number used)
until the drafter supplies the factor (人工复核“补充排放因子”: value, source, reason); then it
issues, and the supplied factor is in the audit log."""
from __future__ import annotations

import pytest
import yaml
from web_support import APPROVERS

from checker.store import create_token
from checker.store.records import history
from web.schemas import Judgements

AS_OF = "2026-03-01"
APPLICATION = {
    "project": {"name": "供热用户项目", "applicant": "某公司", "industry_code": "5960",
                "nature": "新建", "investment": 5000, "annual_added_value": 3000},
    "energy": [{"carrier": "electricity", "quantity": 900, "unit": "万kWh"},
               {"carrier": "heat", "quantity": 30000, "unit": "GJ"}],
    "metering": {"gb17167_compliant": True},
}


def auth(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def gap_rules(rules_copy):
    """The heat factor unset (GAP) and the local evaluation threshold set at 1 tCO₂."""
    path = rules_copy / "parameters" / "carbon.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["parameters"]["carbon.factor.heat"]["values"] = [
        {"since": "2023-06-01", "value": None, "status": "GAP", "source": "测试：来源未取得"}]
    data["parameters"]["carbon.local_evaluation_threshold_tco2"]["values"] = [
        {"since": "2025-09-01", "value": 1, "status": "V2", "source": "测试"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return rules_copy


def test_a_missing_factor_refuses_issue_until_the_drafter_supplies_it(gap_rules, client, engine,
                                                                      token):
    approver = create_token(engine, APPROVERS["drc"])
    stored = client.post("/api/v1/reviews", json={"application": APPLICATION, "as_of": AS_OF},
                         headers=auth(token)).json
    assert stored["outcome"] == "district", stored
    status = stored["review"]["carbon_status"]
    assert status["attached"] and not status["complete"]
    assert status["missing"][0]["parameter"] == "carbon.factor.heat"
    [document] = [d for d in stored["documents"] if d["type"] == "energy_opinion"]
    actions = document["actions"]
    assert client.post(actions["submit"], headers=auth(token)).status_code == 200
    refused = client.post(actions["issue"], headers=auth(approver))
    assert refused.status_code == 409, refused.json
    assert "热力的二氧化碳排放因子未设置" in refused.json["error"]["message"]
    again = client.get(f"/api/v1/reviews/{stored['id']}", headers=auth(token)).json
    [document] = [d for d in again["documents"] if d["type"] == "energy_opinion"]
    assert document["state"] == "submitted" and document["number"] is None  # no number used
    # returned, the drafter supplies the factor; a factor the account does not lack is refused
    assert client.post(actions["return"], json={"reason": "请补充热力排放因子"},
                       headers=auth(approver)).status_code == 200
    judgements = f"/api/v1/reviews/{stored['id']}/judgements"
    wrong = client.post(judgements, json={"kind": "factor", "rule_id": "carbon.factor.diesel",
                                          "value": 74100, "source": "x", "reason": "y"},
                        headers=auth(token))
    assert wrong.status_code == 400 and wrong.json["error"]["problems"][0]["path"] == "rule_id"
    bad = client.post(judgements, json={"kind": "factor", "rule_id": "carbon.factor.heat",
                                        "value": "-1", "source": "x", "reason": "y"},
                      headers=auth(token))
    assert bad.status_code == 400 and bad.json["error"]["problems"][0]["path"] == "value"
    supplied = client.post(judgements, json={"kind": "factor", "rule_id": "carbon.factor.heat",
                                             "value": 110000, "source": "供热单位提供的排放因子",
                                             "reason": "规则库未设置"}, headers=auth(token))
    assert supplied.status_code == 201, supplied.json
    [factor] = Judgements.model_validate(supplied.json).judgements
    assert (factor.kind, factor.value, factor.source) == ("factor", 110000, "供热单位提供的排放因子")
    assert client.post(actions["submit"], headers=auth(token)).status_code == 200
    issued = client.post(actions["issue"], headers=auth(approver))
    assert issued.status_code == 200, issued.json
    details = [e.detail for e in history(engine, stored["id"])]
    assert any("补充排放因子：carbon.factor.heat = 110000" in d for d in details)


def test_the_review_page_shows_whether_the_evaluation_is_required_and_complete(gap_rules, client,
                                                                               engine, token):
    from web_support import login

    stored = client.post("/api/v1/reviews", json={"application": APPLICATION, "as_of": AS_OF},
                         headers=auth(token)).json
    assert login(client).status_code == 302
    page = client.get(f"/reviews/{stored['id']}").get_data(as_text=True)
    # the total is unknown without the heat factor: whether it reaches the threshold is open
    assert "待定（由本局开展）" in page and "不完整，缺少：热力" in page
    assert 'name="kind" value="factor"' in page   # the drafter's form to supply it
    response = client.post(f"/api/v1/reviews/{stored['id']}/judgements", headers=auth(token),
                           json={"kind": "factor", "rule_id": "carbon.factor.heat",
                                 "value": 110000, "source": "供热单位数据", "reason": "补充"})
    assert response.status_code == 201
    review = client.get(f"/api/v1/reviews/{stored['id']}", headers=auth(token)).json["review"]
    assert review["carbon_status"]["complete"] and review["carbon"]["total_tco2"] > 4855.5
    page = client.get(f"/reviews/{stored['id']}").get_data(as_text=True)
    assert "核算是否完整</dt><dd>完整" in page and "供热单位数据" in page
    assert "须开展（由本局开展）" in page
