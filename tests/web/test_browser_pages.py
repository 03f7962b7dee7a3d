"""The reviewer's daily pages in a real browser (Debian chromium via Playwright) at a desktop
width (1366 px) and a phone width (390 px): rule explorer, application form, navigation."""
from __future__ import annotations

import json
import os
import re

import pytest
from web_support import sign_in

from checker.store import list_reviews
from checker.store.reviews import Filters

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


def _page(browser, server, width: str, javascript: bool = True):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h},
                                  java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, server)
    return page, errors


def _visible_rule_ids(page) -> list[str]:
    return page.eval_on_selector_all(".rule-row:not([hidden])", "rows => rows.map(r => r.id)")


@pytest.mark.parametrize("width", WIDTHS)
def test_rule_search_finds_a_rule_by_a_parameter_value(browser, server, width):
    page, errors = _page(browser, server, width)
    page.goto(server + "/rules")
    everything = _visible_rule_ids(page)
    assert len(everything) > 40
    # 10000 tce is the key energy-using unit threshold; 0.8 the official-vehicle NEV share
    page.fill("#q", "0.8")
    shown = _visible_rule_ids(page)
    assert "transport.official_nev" in shown and len(shown) < len(everything)
    assert page.inner_text("#rule-count").endswith(f"显示 {len(shown)} 条。")
    # with a filter on top: family and severity narrow it further
    page.fill("#q", "1.3")
    by_value = _visible_rule_ids(page)
    page.select_option("#f-family", "data_centre")
    narrowed_by_family = _visible_rule_ids(page)
    page.select_option("#f-severity", "condition")  # PUE 1.3 is a condition since the audit
    narrowed = _visible_rule_ids(page)
    # "1.3" also occurs in the plan clause other data-centre rules cite; the filters narrow.
    assert "data_centre.pue" in narrowed and "data_centre.pue_efficiency_limit" not in narrowed
    assert set(narrowed) < set(narrowed_by_family) <= set(by_value)
    assert all(rule.startswith("data_centre.") for rule in narrowed)
    page.click("#data_centre\\.pue summary")
    body = page.inner_text("#data_centre\\.pue .rule-body")
    assert "数据中心设计PUE ≥ 1.3（新建大型数据中心PUE目标（须低于）" in body
    assert "2023-04-01起" in body
    assert not re.search(r"\{p?:?[a-z_.]+\}", body)  # no raw placeholder
    # the query survives a reload: the server filters the same way
    page.reload()
    assert _visible_rule_ids(page) == narrowed
    assert not errors


def test_rule_search_works_without_javascript(browser, server):
    page, _ = _page(browser, server, "desktop", javascript=False)
    page.goto(server + "/rules")
    page.fill("#q", "0.8")
    with page.expect_navigation(wait_until="load"):  # the server's filtered page, fully loaded
        page.click("#rule-filters button[type=submit]")
    assert "q=0.8" in page.url
    assert "transport.official_nev" in _visible_rule_ids(page)
    assert "data_centre.pue" not in _visible_rule_ids(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_rule_page_renders_conditions_without_braces_and_links_scenarios(browser, server, width):
    page, errors = _page(browser, server, width)
    page.goto(server + "/rules/data_centre.pue?on=2026-01-15")
    main = page.inner_text("main")
    assert "建设性质为“新建”，且数据中心标准机架数 ≥ 3,000 架" in main
    assert "{" not in main and "}" not in main
    assert " -" not in main.replace(" - ", "")  # no "-" as a unit
    assert "设计PUE在1.3上下" in main  # a scenario that proves the rule, by name
    anchors = page.eval_on_selector_all(".clause-block", "bs => bs.map(b => b.id)")
    assert len(anchors) == len(set(anchors)) >= 2  # one target per cited clause
    # the page is no wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
    assert not errors


def test_each_citation_has_its_own_anchor(app):
    from web.rules import citation_href

    with app.test_request_context():
        links = {citation_href("data_centre.pue", c) for c in
                 ("kaifu.3.1", "dc_sizes", "dc_1742")}
    assert len(links) == 3 and all(link.startswith("/rules/data_centre.pue#clause-")
                                   for link in links)


@pytest.mark.parametrize("width", WIDTHS)
def test_form_adds_an_energy_row_picks_an_industry_and_submits_a_voc_material(
        browser, server, engine, width):
    page, errors = _page(browser, server, width)
    page.wait_for_selector("#review-form[data-ready=true]")
    page.fill("#as_of", "2026-03-01")
    page.fill("[name='project.name']", f"涂装车间项目{width}")
    page.fill("[name='project.applicant']", "某家具公司")
    # industry by name: type part of the name, pick the suggestion
    page.fill("[name='project.industry_code']", "金属家具")
    page.click("ul.suggestions button:has-text('2130 金属家具制造')")
    assert page.input_value("[name='project.industry_code']") == "2130"
    assert "金属家具制造" in page.inner_text("[data-industry-name]")
    page.select_option("[name='project.nature']", "新建")
    page.fill("[name='project.investment']", "8000")
    energy = page.locator("table.rows[data-list=energy] tbody tr.data-row")
    before = energy.count()
    page.click("button.add-row[data-list=energy]")
    assert energy.count() == before + 1
    last = before  # the new row's index
    page.select_option(f"[name='energy[{last}].carrier']", "electricity")
    # the unit follows the carrier
    assert page.input_value(f"[name='energy[{last}].unit']") == "kWh"
    page.fill(f"[name='energy[{last}].unit']", "万kWh")
    page.fill(f"[name='energy[{last}].quantity']", "100")
    # the running total: 1,000,000 kWh × 0.1229 kgce/kWh = 122.90 tce (as the pages print it)
    assert "122.90 吨标准煤" in page.inner_text("#energy-total")
    # a removed row is not submitted
    page.click("button.add-row[data-list=energy]")
    page.select_option(f"[name='energy[{last + 1}].carrier']", "natural_gas")
    energy.nth(last + 1).locator("button.remove-row").click()
    assert energy.count() == before + 1
    # a nested list: one VOC material in the VOCs section
    page.click("#section-vocs summary")
    page.fill("[name='vocs.new_emissions_t']", "1.5")
    page.fill("[name='vocs.secured_offset_t']", "3")
    page.select_option("[name='vocs.materials[0].category']", "涂料")
    page.fill("[name='vocs.materials[0].kind']", "solventborne_metal_primer")
    page.fill("[name='vocs.materials[0].voc_content']", "420")
    page.select_option("[name='vocs.materials[0].content_unit']", "g/L")
    page.fill("[name='vocs.materials[0].annual_use_t']", "12")
    page.click("section.card button[value=form]")
    page.wait_for_url(re.compile(r".*/reviews/\d+$"))
    items = list_reviews(engine, Filters(q=f"涂装车间项目{width}"), 1, 10).items
    assert len(items) == 1
    stored = json.loads(items[0].input_json)
    assert stored["project"]["industry_code"] == "2130"
    assert stored["energy"] == [{"carrier": "electricity", "quantity": 100, "unit": "万kWh"}]
    assert stored["vocs"]["materials"] == [{
        "category": "涂料", "kind": "solventborne_metal_primer", "voc_content": 420,
        "content_unit": "g/L", "annual_use_t": 12}]
    assert not errors


def test_form_offers_the_sample_review_date(browser, server, tmp_path):
    page, errors = _page(browser, server, "desktop")
    page.wait_for_selector("#review-form[data-ready=true]")
    sample = tmp_path / "sample.json"
    sample.write_text(json.dumps({"_sample": {"as_of": "2026-01-15"}, "project": {}}),
                      encoding="utf-8")
    assert page.is_hidden("#as-of-offer")
    page.set_input_files("#file", str(sample))
    page.wait_for_selector("#as-of-offer:not([hidden])")
    assert "2026-01-15" in page.inner_text("#as-of-offer")
    page.click("#use-sample-as-of")
    assert page.input_value("#as_of") == "2026-01-15"
    assert not errors


def test_navigation_collapses_on_a_phone(browser, server):
    page, errors = _page(browser, server, "phone")
    nav = page.locator("header.top nav")
    assert not nav.is_visible()
    button = page.locator("label.nav-button")
    box = button.bounding_box()
    assert box["height"] >= 44  # reachable with a thumb
    button.click()
    assert nav.is_visible()
    links = nav.locator("a")
    tops = [links.nth(i).bounding_box()["y"] for i in range(links.count())]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # one link a line
    for i in range(links.count()):  # no link broken over lines ("审/查记录")
        assert links.nth(i).bounding_box()["height"] < 60
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(server + "/rules")
    assert not page.locator("header.top nav").is_visible()
    assert not errors


def test_navigation_is_a_row_on_a_desktop(browser, server):
    page, _ = _page(browser, server, "desktop")
    nav = page.locator("header.top nav")
    assert nav.is_visible() and not page.locator("label.nav-button").is_visible()
    links = nav.locator("a")
    assert len({links.nth(i).bounding_box()["y"] for i in range(links.count())}) == 1


def test_tables_scroll_inside_their_box_on_a_phone(browser, server):
    page, _ = _page(browser, server, "phone")
    page.goto(server + "/rules/industry.steel_ultra_low_emission")
    table = page.locator("main .card table").first
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    overflow = table.evaluate("t => getComputedStyle(t.closest('.scroll') || t).overflowX")
    assert overflow == "auto"


def _inside_first_screen(page, selector: str) -> bool:
    """The element's box lies within the viewport as the page opens (no scrolling)."""
    box = page.locator(selector).first.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["height"] > 0 and 0 <= box["y"] and box["y"] + box["height"] <= height


@pytest.mark.parametrize("width", WIDTHS)
def test_result_page_starts_with_conclusions_and_energy_and_folds_the_details(
        browser, server, width):
    """Without a script: the outcome, each part's conclusion and the energy account are on
    the first screen; the list has one line per finding; a finding's details open."""
    page, errors = _page(browser, server, width, javascript=False)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    page.set_input_files("input[name=file]", os.path.join(root, "samples", "printing_plant.json"))
    page.click("button[value=file]")
    page.wait_for_url(re.compile(r".*/reviews/\d+$"))
    assert page.evaluate("window.scrollY") == 0
    assert _inside_first_screen(page, "#outcome") and _inside_first_screen(page, "#parts")
    assert "不符合" in page.inner_text("#parts .part-pollutant")
    assert "2319 包装装潢及其他印刷" in page.inner_text("#industry")
    # the energy account: its key figure (on a phone the list above the table, on a desktop
    # the table's footer) and the table itself begin on the first screen
    key = "dl.energy-key .key" if width == "phone" else "table.energy tr.key"
    assert _inside_first_screen(page, key)
    assert "673.01" in page.inner_text(key)
    table_top = page.locator("#energy table.energy").bounding_box()["y"]
    assert table_top < page.viewport_size["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
    # one line per finding, grouped by severity, each linking to the finding itself
    items = page.locator("#finding-list li")
    assert items.count() == page.locator("article.finding").count() >= 5
    assert page.locator("#list-pollutant-veto li").count() == 1
    # the details of a finding are folded, and open
    finding = page.locator("#finding-vocs\\.ink_limits")
    details = finding.locator("details.finding-details")
    link = details.locator(".citations a").first
    assert not link.is_visible()
    details.locator("summary").click()
    assert details.evaluate("d => d.open") and link.is_visible()
    assert re.fullmatch(r"/rules/vocs\.ink_limits#clause-[\w-]+", link.get_attribute("href"))
    assert "读取的数值" in details.inner_text()
    assert not errors
