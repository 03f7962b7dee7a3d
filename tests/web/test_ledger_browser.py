"""The ledger's charts in a real browser (Debian chromium via Playwright): ECharts draws on
its canvases under the CSP, the table fallback shows the same numbers as the API, and the page
fits a 390 px phone screen."""
from __future__ import annotations


import pytest
from ledger_support import YEAR, seed
from web_support import sign_in


# how many pixels of a canvas are not blank (drawn by the chart, not by us)
INKED = """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; }"""


@pytest.mark.parametrize("width", [1366, 390])
def test_charts_drawn_and_table_matches(browser, server, engine, client, token, width):
    seed(engine)
    api = client.get(f"/api/v1/ledger?year={YEAR}",
                     headers={"Authorization": f"Bearer {token}"}).get_json()
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, server)
    page.goto(f"{server}/ledger?year={YEAR}")
    for chart in ("cumulative", "monthly", "industry"):
        page.wait_for_selector(f"#chart-{chart}[data-drawn='1'] canvas")
    page.wait_for_timeout(800)  # the charts' entry animation
    for chart in ("cumulative", "monthly", "industry"):
        assert page.eval_on_selector(f"#chart-{chart} canvas", INKED) > 500, chart
    industry = {tuple(row.split("\t")[:2]): row.split("\t") for row in
                page.inner_text("#table-industry tbody").strip().split("\n")}
    assert any(item["key"] == "approved" for item in api["by_industry"])  # the pie
    for item in api["by_industry"]:  # a row per industry and class
        cells = industry[(f"{item['division']} {item['name']}", item["label"])]
        assert int(cells[2]) == item["count"]
        assert float(cells[3].replace(",", "")) == pytest.approx(
            item["energy_equivalent_tce"], abs=0.01)
    total = page.inner_text("#table-classes tr.total").split("\t")
    assert int(total[1]) == api["total"]["count"] == 3
    assert "不跨类别相加" in total[2]  # a count: figures are summed per class only
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"页面在 {width} px 宽度下横向溢出 {overflow} px"
    assert not errors, errors
