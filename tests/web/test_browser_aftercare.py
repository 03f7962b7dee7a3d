"""One project in a real browser (Debian chromium via Playwright), from the review to the
issued 节能审查意见 and on to the issued 节能审查验收意见 (令2025年第31号第二十一条).

The browser is the test session's one chromium (the `browser` fixture of tests/web/conftest.py)."""
from __future__ import annotations

import re
from pathlib import Path

from web_support import sign_in

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_review_to_issued_opinion_to_acceptance(browser, server, engine, tmp_path):
    report = tmp_path / "自查报告.pdf"
    report.write_bytes(b"%PDF-1.7 self-check report")
    run(browser, server, engine, report)


def run(browser, server, engine, report):
    from checker.store import aftercare as store
    from checker.store import records

    drafter = browser.new_context(accept_downloads=True).new_page()
    approver = browser.new_context(accept_downloads=True).new_page()
    sign_in(drafter, server, "reviewer")
    sign_in(approver, server, "approver")
    # the review and its issued opinion
    drafter.goto(server + "/reviews/new")
    drafter.fill("#as_of", "2026-03-02")
    drafter.set_input_files("input[name=file]", str(SAMPLES / "food_factory.json"))
    drafter.click("button[value=file]")
    drafter.wait_for_url(re.compile(r".*/reviews/\d+$"))
    review_url = drafter.url
    drafter.locator("#document-energy_opinion button.submit").click()
    drafter.wait_for_url(re.compile(r".*#record$"))
    approver.goto(review_url)
    approver.locator("#document-energy_opinion button.issue").click()
    approver.wait_for_url(re.compile(r".*#record$"))
    assert "已签发" in approver.locator("#document-energy_opinion").inner_text()
    # the acceptance: opened from the menu, checklist, self-check report, decision
    drafter.click("text=验收与监管")
    drafter.wait_for_url(re.compile(r".*/acceptances$"))
    drafter.fill("input[name=phase]", "一期")
    drafter.fill("input[name=trial_operation_on]", "2026-04-01")
    drafter.click("text=受理并生成验收清单")
    drafter.wait_for_url(re.compile(r".*/acceptances/\d+$"))
    assert "2026-10-08" in drafter.inner_text(".due")
    drafter.set_input_files("input[name=report]", str(report))
    drafter.click("#report button[type=submit]")
    drafter.wait_for_url(re.compile(r".*#report$"))
    assert "自查报告.pdf" in drafter.inner_text("#report")
    items = drafter.locator("tr.item")
    for index in range(items.count()):
        items.nth(index).locator("input[value='落实']").check()
        items.nth(index).locator("textarea").fill("现场核查，与节能报告一致")
    drafter.click("button.decide")
    drafter.wait_for_url(re.compile(r".*#document$"))
    assert "验收合格" in drafter.inner_text(".result")
    drafter.click("#document button.submit")
    drafter.wait_for_url(re.compile(r".*#document$"))
    acceptance_url = drafter.url.split("#")[0]
    approver.goto(acceptance_url)
    approver.click("#document button.issue")
    approver.wait_for_url(re.compile(r".*#document$"))
    section = approver.inner_text("#document")
    assert "已签发" in section
    number = re.search(r"开发改环资验〔\d{4}〕1号", section).group(0)
    with approver.expect_download() as info:
        approver.click("#document a.act-pdf")
    pdf = open(info.value.path(), "rb").read()
    document_id = store.acceptances(engine)[0].document_id
    assert pdf == records.stored_pdf(engine, document_id)
    assert store.act_document(engine, document_id).number == number
