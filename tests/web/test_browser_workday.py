"""Issue 26 in a real browser (Debian chromium via Playwright), at 1366 px and 390 px: the
energy card's figures are not clipped, no button wraps character by character, no table
column is one character wide, a 602-file batch is a page of reasonable height, and the
ledger charts' legends stay clear of the axis names."""
from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from ledger_support import YEAR, seed
from test_workday import _big_batch
from web_support import sign_in

ROOT = Path(__file__).resolve().parents[2]

# elements whose content is wider than their box, or reaching past their card's edge (hidden
# behind a scroll or cut off)
CLIPPED = """sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null)
  .filter(e => e.scrollWidth > e.clientWidth + 1 ||
               e.getBoundingClientRect().right > e.closest('.card').getBoundingClientRect().right)
  .map(e => e.textContent.trim())"""
# buttons whose text is broken over more lines than it has words
WRAPPED = """() => [...document.querySelectorAll('button, a.button')].filter(b => b.offsetParent !== null)
  .filter(b => { const r = document.createRange(); r.selectNodeContents(b);
                 const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
                 return lines.size > 1; }).map(b => b.textContent.trim())"""
# visible table header cells narrower than two Chinese characters
NARROW = """() => [...document.querySelectorAll('main table.list th')].filter(c => c.offsetParent !== null)
  .filter(c => c.textContent.trim().length > 1 && c.getBoundingClientRect().width < 2.2 *
          parseFloat(getComputedStyle(c).fontSize)).map(c => c.textContent.trim())"""
# the legend's box against the plot: the legend must sit outside the plotting area and the
# y-axis name (drawn just above it)
LEGEND = """id => { const chart = echarts.getInstanceByDom(document.getElementById(id));
  const legend = chart.getModel().getComponent('legend');
  const box = chart.getViewOfComponentModel(legend).group.getBoundingRect();
  const group = chart.getViewOfComponentModel(legend).group;
  const top = box.y + group.y, bottom = top + box.height;
  const grid = chart.getModel().getComponent('grid').coordinateSystem.getRect();
  return {legendTop: top, legendBottom: bottom, gridTop: grid.y, gridBottom: grid.y + grid.height}; }"""


@contextlib.contextmanager
def signed_in(browser, server: str, width: int, name: str = "reviewer"):
    """A page of the session's browser `width` px wide, signed in as `name`."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, server, name)
    yield page


@pytest.mark.parametrize("width", [1366, 390])
def test_pages_fit_without_clipping_or_squeezing(browser, server, engine, client, token,
                                                   width):
    seed(engine)
    data = json.loads((ROOT / "samples" / "data_centre.json").read_text(encoding="utf-8"))
    review = client.post("/api/v1/reviews", json={"application": data},
                         headers={"Authorization": f"Bearer {token}"}).json
    batch_id = _big_batch(engine)
    with signed_in(browser, server, width) as page:
        page.goto(f"{server}/reviews/{review['id']}")
        # the key figures and every figure of the energy lines, in full within the card
        assert page.evaluate(CLIPPED, "dl.energy-key dd, table.energy.lines tbody td") == []
        for path in ("/reviews", f"/ledger?year={YEAR}", f"/batches/{batch_id}", "/batches",
                     "/reviews/new"):
            page.goto(server + path)
            assert page.evaluate(WRAPPED) == [], path
            assert page.evaluate(NARROW) == [], path
        page.goto(f"{server}/batches/{batch_id}")
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < (12000 if width > 700 else 30000), height  # was 138,362 px at 1366
        assert page.locator("#batch-rows tbody tr").count() == 50
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"批量审查页在 {width} px 宽度下横向溢出 {overflow} px"


@pytest.mark.parametrize("width", [1366, 390])
def test_ledger_legends_stay_clear_of_the_axis_names(browser, server, engine, width):
    seed(engine)
    with signed_in(browser, server, width) as page:
        page.goto(f"{server}/ledger?year={YEAR}")
        for chart in ("cumulative", "monthly"):
            page.wait_for_selector(f"#chart-{chart}[data-drawn='1'] canvas")
            box = page.evaluate(LEGEND, f"chart-{chart}")
            # below the plot (and its x-axis labels), so never over the y-axis name above it
            assert box["legendTop"] >= box["gridBottom"], (chart, box)
