"""The ledger page, its exports (XLSX read back with openpyxl, CSV with BOM) and the API,
against the issued records (drafts and voids excluded)."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest
from ledger_support import YEAR, seed
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
    assert data["total"]["count"] == 3
    assert data["total"]["energy_equivalent_tce"] == pytest.approx(
        sum(s["impact"]["new_energy_tce"] for s in issued), abs=1e-3)
    assert data["total"]["energy_tce"] == pytest.approx(
        sum(s["energy"]["total_tce"] for s in issued), abs=1e-3)
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
    titles = {f.family: f.title for f in rulebook.current().families}
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
    assert sheet.cell(row=2, column=column + 1).number_format == "#,##0.0000"
    families = book["按规则族"]
    assert families.freeze_panes == "A2"
    titles = {f.family: f.title for f in rulebook.current().families}
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
    titles = {f.family: f.title for f in rulebook.current().families}
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
