"""The life cycle in a real browser (Debian chromium via Playwright): the drafter uploads and
submits, the approver of the issuing bureau issues; the issued PDF carries its number."""
from __future__ import annotations

import json
import re

import pytest
from web_support import SAMPLE, sign_in


def test_drafter_submits_and_approver_issues_in_a_real_browser(browser, server, engine,
                                                                tmp_path):
    from checker.store import get_review

    # not yet under construction, with its renewable-energy plan: the district issues its
    # 节能审查意见 (built before its review it would get the Art. 24 notice instead, and without
    # the plan a 补正通知)
    data = {**SAMPLE, "project": {**SAMPLE["project"], "construction_started": False},
            "data_centre": {**SAMPLE["data_centre"], "renewable_energy_plan": True}}
    upload = tmp_path / "申报数据.json"
    upload.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    drafter = browser.new_context(accept_downloads=True).new_page()
    sign_in(drafter, server, "reviewer")
    drafter.fill("#as_of", "2026-03-01")
    drafter.set_input_files("input[name=file]", str(upload))
    drafter.click("button[value=file]")
    drafter.wait_for_url(re.compile(r".*/reviews/\d+$"))
    review_url = drafter.url
    row = drafter.locator("#document-energy_opinion")
    assert "草稿" in row.inner_text()
    row.locator("button.submit").click()
    drafter.wait_for_url(re.compile(r".*/reviews/\d+#record$"))
    assert "待签发" in drafter.locator("#document-energy_opinion").inner_text()
    assert drafter.locator("#document-energy_opinion button.issue").count() == 0

    approver = browser.new_context(accept_downloads=True).new_page()
    sign_in(approver, server, "approver")
    # the approver starts on what waits for their signature, this review among it
    assert "长沙市开福区发展和改革局：待签发" in approver.inner_text("h1")
    approver.locator(f"a[href$='{review_url.rsplit('/', 1)[-1]}']").first.click()
    approver.wait_for_url(re.compile(r".*/reviews/\d+$"))
    assert approver.url.split("#")[0] == review_url
    approver.locator("#document-energy_opinion button.issue").click()
    approver.wait_for_url(re.compile(r".*#record$"))
    row = approver.locator("#document-energy_opinion")
    assert "已签发" in row.inner_text()
    number = re.search(r"开发改环资〔\d{4}〕\d+号", row.inner_text()).group(0)
    audit = approver.inner_text("#audit")
    assert "提交签发" in audit and "approver" in audit and "reviewer" in audit
    with approver.expect_download() as info:
        approver.click("#download-pdf")
    data = open(info.value.path(), "rb").read()
    review_id = int(review_url.rsplit("/", 1)[1])
    import hashlib
    assert hashlib.sha256(data).hexdigest() == \
        get_review(engine, review_id).documents[0].pdf_sha256
    assert get_review(engine, review_id).documents[0].number == number
