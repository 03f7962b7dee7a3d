"""The ledger page, its exports (XLSX read back with openpyxl, CSV with BOM) and the API,
against the issued records (drafts and voids excluded)."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest
from ledger_support import OFFICE, YEAR, seed
from test_carbon_issue import gap_rules  # noqa: F401  (a fixture)
from openpyxl import load_workbook

from checker import rulebook
from checker.severity import Severity
from checker.store import summary_of


@pytest.fixture
def issued(engine):
    return [summary_of(r) if hasattr(r, "summary_json") else r for r in seed(engine)]


def test_page_totals_are_the_issued_records(logged_in, issued):
    response = logged_in.get(f"/ledger?year={YEAR}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "能耗台账" in html and "草稿项目" not in html and "作废项目" not in html
    from checker.industries import industry_name
    for division in ("70", "14", "23"):  # GB/T 4754 names, not just codes
        assert f"{division} {industry_name(division)}" in html
    assert "未设置" in html  # the allowance is a GAP parameter: said, not invented
    assert logged_in.get("/ledger?year=19").status_code == 400


def test_api_matches_issued_records(client, token, issued):
    response = client.get(f"/api/v1/ledger?year={YEAR}",
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    data = response.get_json()
    assert data["total"] == {"count": 3}  # figures are summed per class only
    from checker.store.ledger import class_of
    for row in data["classes"]:  # each class sums its own records
        own = [s for s in issued if class_of(s["conclusion"], s["outcome"]) == row["key"]]
        assert row["count"] == len(own)
        assert row["energy_equivalent_tce"] == (pytest.approx(
            sum(s["impact"]["new_energy_tce"] for s in own), abs=1e-3) if own else None)
        assert row["energy_tce"] == (pytest.approx(
            sum(s["energy"]["total_tce"] for s in own), abs=1e-3) if own else None)
    assert data["allowance_tce"] is None and "规划期全区能源消费增量控制额度" in data["missing"]
    assert {r["division"] for r in data["by_industry"]} == {"70", "14", "23"}
    assert all(r["name"] != "（未知行业）" for r in data["by_industry"])
    assert {(r["family"], r["severity"]): r["findings"] for r in data["by_family"]} == \
        family_counts(issued)
    assert all(r["title"] != r["family"] and r["severity_label"] for r in data["by_family"])
    from web.schemas import Ledger
    Ledger.model_validate(data)
    bad = client.get("/api/v1/ledger?year=abc", headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 400 and "year" in bad.get_data(as_text=True)


def test_ledger_names_the_equivalent_coefficient_the_records_used(client, token, logged_in,
                                                                    issued):
    """The new energy is 等价值: the ledger names the electricity coefficient (and its
    statistical year) each issued record of the year used; none before the first value."""
    def bases(year):
        return client.get(f"/api/v1/ledger?year={year}",
                          headers={"Authorization": f"Bearer {token}"}).get_json()["equivalent_basis"]

    used = {s["energy"]["equivalent_basis"] for s in issued if s["energy"].get("equivalent_basis")}
    assert used and all(any(u in b for b in bases(YEAR)) for u in used)
    html = logged_in.get(f"/ledger?year={YEAR}").get_data(as_text=True)
    assert all(u in html for u in used)
    assert bases(2020) == []  # before 2021-04-01 no coefficient was set


def family_counts(summaries) -> dict:
    """Findings by (rule family, severity) recomputed from the issued records' summaries."""
    return dict(Counter((f["rule_id"].split(".")[0], f["severity"])
                        for s in summaries for f in s["findings"]))


def test_page_counts_by_rule_family(logged_in, issued):
    html = logged_in.get(f"/ledger?year={YEAR}").get_data(as_text=True)
    assert "按规则族的审查发现" in html
    from checker import rulebook
    titles = {f.family: f.title for f in rulebook.shipped().families}
    assert family_counts(issued)  # the issued records have findings to count
    for (family, severity), count in family_counts(issued).items():
        # staff read the family by its name; its key only in the row's data attribute
        assert (f'<tr data-family="{family}" data-severity="{severity}"><td>'
                f'{titles[family]}</td>') in html
    filtered = logged_in.get(f"/ledger?year={YEAR}&industry=70").get_data(as_text=True)
    office = [s for s in issued if s["project"]["name"] == "写字楼甲"]
    assert filtered.count("<tr data-family=") == len(family_counts(office))


def test_xlsx_read_back(logged_in, issued):
    response = logged_in.get(f"/ledger/export.xlsx?year={YEAR}")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[:2] == ["项目明细", "按台账类别"]
    sheet = book["项目明细"]
    assert sheet.freeze_panes == "A2"
    headers = [c.value for c in sheet[1]]
    assert headers[0] == "主文书文号" and "项目名称" in headers
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(r[headers.index("项目名称")] for r in rows) == sorted(
        s["project"]["name"] for s in issued)
    column = headers.index("新增能源消费量（等价值，不含原料用能，吨标准煤）")
    assert sum(r[column] for r in rows) == pytest.approx(
        sum(s["impact"]["new_energy_tce"] for s in issued), abs=1e-3)
    assert sheet.cell(row=2, column=column + 1).number_format == "#,##0.00"
    families = book["按规则族"]
    assert families.freeze_panes == "A2"
    titles = {f.family: f.title for f in rulebook.shipped().families}
    assert {(r[0], r[1]): r[2] for r in families.iter_rows(min_row=2, values_only=True)} == {
        (titles[family], Severity(severity).label): n  # by name, as staff read it
        for (family, severity), n in family_counts(issued).items()}


def test_csv_has_bom_and_the_same_rows(logged_in, issued):
    response = logged_in.get(f"/ledger/export.csv?year={YEAR}")
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff主文书文号")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == 1 + len(issued)
    header = rows[0]
    found = {r[header.index("项目名称")]: int(r[header.index("审查发现数")]) for r in rows[1:]}
    assert found == {s["project"]["name"]: len(s["findings"]) for s in issued}
    from checker import rulebook
    titles = {f.family: f.title for f in rulebook.shipped().families}
    first = next(s for s in issued if s["project"]["name"] == rows[1][header.index("项目名称")])
    assert rows[1][header.index("审查发现（按规则族）")] == "；".join(
        f"{titles[family]}（{n}）" for (family, _), n in sorted(Counter(
            (f["rule_id"].split(".")[0], 0) for f in first["findings"]).items()))


def test_result_page_shows_the_impact_section(logged_in, engine, issued):
    from checker.store import list_reviews, Filters

    record = list_reviews(engine, Filters(q="食品厂乙")).items[0]
    html = logged_in.get(f"/reviews/{record.id}").get_data(as_text=True)
    assert "能效指标与对全区节能目标的影响" in html
    assert "未计算，缺少：规划期全区能源消费增量控制额度" in html


# One project of each kind (issue 26 item 6): three approved by the district (one without an
# added value; the office of ledger_support on electricity alone), one rejected, one referred to
# the province, one exempt, and one approved but listed separately as a national major project
# (国家重大项目能耗单列: outside the allowance).  CO₂ is counted where the stored review has a
# carbon account (a fuel whose factor is unset leaves it unknown).
MIXED = ["food_factory", "logistics_warehouse", "restricted_capacity_expansion", "data_centre",
         "office_small", "office", "listed"]


@pytest.fixture
def mixed(engine):
    """The MIXED samples reviewed, stored and issued in YEAR; their summaries."""
    import datetime as dt
    from pathlib import Path

    from checker import intake
    from checker.review import review
    from checker.store import get_review, list_users, save_review
    from tests.support.ledger_state import set_document_state

    user = next(u for u in list_users(engine) if u.name == "reviewer")
    summaries = []
    for month, name in enumerate(MIXED, start=2):
        data = json.loads(json.dumps(OFFICE)) if name in ("office", "listed") else json.loads(
            (Path(__file__).parents[2] / "samples" / f"{name}.json").read_text())
        if name == "listed":
            data["project"].update(name="重大项目", energy_separately_listed=True,
                                   separate_listing_basis="国家重大项目清单（示例）")
        data.pop("_sample", None)
        if name == "logistics_warehouse":
            data["project"].pop("annual_added_value", None)
        result = review(intake.validate(data), dt.date(YEAR, 1, 15))
        record = save_review(engine, result, json.dumps(data, ensure_ascii=False), user.id,
                             recorded_on=dt.date(YEAR, month, 10))
        set_document_state(engine, record.id, "issued", dt.date(YEAR, month, 10))
        summaries.append(summary_of(get_review(engine, record.id)))
    return summaries


def _expected_classes(summaries) -> dict:
    """Each class's count and sums recomputed from the records' own figures: a figure none of
    the class's records declared is None."""
    from checker.store.ledger import class_of, ledger_figures, separately_listed

    out: dict = {}
    for s in summaries:
        cls = class_of(s["conclusion"], s["outcome"], separately_listed(s["findings"]))
        figures = ("energy_tce", "energy_equivalent_tce", "co2_t", "added_value")
        row = out.setdefault(cls, {"count": 0, **dict.fromkeys(figures),
                                   "declared": dict.fromkeys(figures, 0)})
        row["count"] += 1
        for figure, value in ledger_figures(s).items():
            if value is not None:
                row[figure] = (row[figure] or 0) + value
                row["declared"][figure] += 1
    return out


def test_totals_are_per_category_and_agree_across_page_api_csv_xlsx(logged_in, client, token,
                                                                       mixed):
    expected = _expected_classes(mixed)
    assert {"approved", "separately_listed", "rejected", "referral_province", "exempt"} <= \
        set(expected)
    api = client.get(f"/api/v1/ledger?year={YEAR}",
                     headers={"Authorization": f"Bearer {token}"}).get_json()
    assert api["total"] == {"count": len(MIXED)}  # no sum of approved + rejected energy
    classes = {c["key"]: c for c in api["classes"]}
    for key, row in classes.items():
        want = expected.get(key, {"count": 0})
        assert row["count"] == want["count"], key
        for figure in ("energy_tce", "energy_equivalent_tce", "co2_t", "added_value"):
            if want.get(figure) is None:
                assert row[figure] is None, (key, figure)  # "—", not 0.00
            else:
                assert row[figure] == pytest.approx(want[figure], abs=1e-3), (key, figure)
    for key, row in classes.items():  # how many records declared each figure (CO₂: had one)
        assert row["declared"] == expected.get(key, {}).get("declared", dict.fromkeys(
            row["declared"], 0)), key
    approved = classes["approved"]
    assert approved["count"] == 3 and approved["declared"]["added_value"] == 2
    assert "年增加值：3个项目中2个申报" in approved["note"]
    co2 = approved["declared"]["co2_t"]
    assert ("二氧化碳排放量" in approved["note"]) == (0 < co2 < 3)
    # the allowance is compared with the district-approved new energy only
    assert api["approved_in_period_tce"] == pytest.approx(approved["energy_equivalent_tce"],
                                                          abs=1e-3)
    assert api["cumulative"][-1]["approved_energy_equivalent_tce"] == pytest.approx(
        approved["energy_equivalent_tce"], abs=1e-3)
    pie = [r for r in api["by_industry"] if r["key"] == "approved"]
    assert sum(r["energy_equivalent_tce"] for r in pie) == pytest.approx(
        approved["energy_equivalent_tce"], abs=1e-3)
    from web.schemas import Ledger
    Ledger.model_validate(api)

    html = logged_in.get(f"/ledger?year={YEAR}").get_data(as_text=True)
    empty = html.split('<tr data-key="other">', 1)[1].split("</tr>", 1)[0]
    assert empty.count("<td>—</td>") == 4 and "0.00" not in empty
    assert approved["note"] in html and "项目数合计" in html
    total = html.split('<tr class="total">', 1)[1].split("</tr>", 1)[0]
    assert f"<td>{len(MIXED)}</td>" in total and "." not in total  # a count, no summed figure

    book = load_workbook(io.BytesIO(logged_in.get(f"/ledger/export.xlsx?year={YEAR}").data))
    sheet = book["按台账类别"]
    header = [c.value for c in sheet[1]]
    for values in sheet.iter_rows(min_row=2, values_only=True):
        row = next(c for c in api["classes"] if c["label"] == values[0])
        for figure, title in (("count", "项目数"),
                              ("energy_equivalent_tce", "新增能源消费量（等价值，吨标准煤）"),
                              ("co2_t", "二氧化碳排放量（吨）"), ("added_value", "年增加值（万元）")):
            cell = values[header.index(title)]
            assert cell == ("—" if row[figure] is None else pytest.approx(row[figure])), \
                (values[0], figure)
        assert (values[header.index("说明")] or "") == row["note"]
    key = {r[0]: r[1] for r in book["额度与强度"].iter_rows(min_row=2, values_only=True)}
    assert key["规划期内区级审查通过的新增能源消费量（等价值）"] == pytest.approx(
        api["approved_in_period_tce"])
    assert key["规划期全区能源消费增量控制额度"] == "—"  # unset (GAP): said, not 0

    rows = list(csv.reader(io.StringIO(logged_in.get(
        f"/ledger/export.csv?year={YEAR}").data.decode("utf-8-sig"))))
    header = rows[0]
    column = header.index("新增能源消费量（等价值，不含原料用能，吨标准煤）")
    for row in api["classes"]:
        mine = [r for r in rows[1:] if r[header.index("台账类别")] == row["label"]]
        assert len(mine) == row["count"]
        if row["energy_equivalent_tce"] is not None:
            assert sum(float(r[column]) for r in mine if r[column] != "—") == pytest.approx(
                row["energy_equivalent_tce"], abs=1e-3)
    warehouse = next(r for r in rows[1:] if r[header.index("项目名称")] ==
                     next(s["project"]["name"] for s in mixed
                          if s["impact"]["added_value"] is None))
    assert warehouse[header.index("年增加值（万元）")] == "—"


def test_co2_the_drafter_supplied_factors_for_counts_in_the_ledger(gap_rules, client, engine,
                                                                   token):
    """A record issued with a factor the drafter supplied (补充排放因子): the ledger counts the
    CO₂ its documents state (the account with that factor), not the stored review's "unknown";
    a void takes the same amount away."""
    from test_carbon_issue import APPLICATION, AS_OF
    from web_support import APPROVERS

    from checker.store import create_token

    def auth(value):
        return {"Authorization": f"Bearer {value}"}

    approver = create_token(engine, APPROVERS["drc"])
    stored = client.post("/api/v1/reviews", json={"application": APPLICATION, "as_of": AS_OF},
                         headers=auth(token)).json
    assert stored["review"]["carbon"]["total_tco2"] is None  # the heat factor is unset
    assert client.post(f"/api/v1/reviews/{stored['id']}/judgements", headers=auth(token), json={
        "kind": "factor", "rule_id": "carbon.factor.heat", "value": 110000,
        "source": "供热单位提供的排放因子", "reason": "规则库未设置"}).status_code == 201
    review = client.get(f"/api/v1/reviews/{stored['id']}", headers=auth(token)).json
    total = review["review"]["carbon"]["total_tco2"]
    [document] = [d for d in review["documents"] if d["type"] == "energy_opinion"]
    assert client.post(document["actions"]["submit"], headers=auth(token)).status_code == 200
    issued = client.post(document["actions"]["issue"], headers=auth(approver))
    assert issued.status_code == 200, issued.json
    [main] = [d for d in issued.json["documents"] if d["type"] == "energy_opinion"]
    year = int(main["issued_on"][:4])  # the ledger's year is the issue date's
    ledger = client.get(f"/api/v1/ledger?year={year}", headers=auth(token)).json
    [row] = [c for c in ledger["classes"] if c["count"]]
    assert row["co2_t"] == pytest.approx(total) and row["declared"]["co2_t"] == 1
    assert client.post(document["actions"]["void"], json={"reason": "测试作废"},
                       headers=auth(approver)).status_code == 200
    ledger = client.get(f"/api/v1/ledger?year={year}", headers=auth(token)).json
    assert all(c["count"] == 0 and c["co2_t"] is None for c in ledger["classes"])
