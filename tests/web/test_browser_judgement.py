"""人工复核 in a real browser (Debian chromium via Playwright): the drafter sets the veto aside
with a reason, and the conclusion on the page changes — the engine's stays beside it."""
from __future__ import annotations

import re

import pytest
from web_support import AS_OF, sign_in

VETO = "procedure.built_before_approval_order31"  # 未批先建 under Order 31 (Art. 24)


def test_setting_aside_a_veto_changes_the_conclusion_on_the_page(browser, server, client, token,
                                                                  engine, sample):
    from checker.store import get_review

    created = client.post("/api/v1/reviews", json={"application": sample, "as_of": AS_OF},
                          headers={"Authorization": f"Bearer {token}"}).json
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, server)
    page.goto(f"{server}/reviews/{created['id']}")
    energy = page.locator("#parts dd.part-energy")
    assert energy.inner_text().startswith("不予通过")

    finding = page.locator(f'article[id="finding-{VETO}"]')
    finding.locator("details.judge summary").click()
    form = finding.locator("form.judge-set-aside")
    form.locator("textarea[name=reason]").fill("现场核实项目尚未开工，系申报填写错误")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/reviews/\d+#judgements$"))

    energy = page.locator("#parts dd.part-energy")
    assert energy.inner_text().startswith("材料不全，请补正")
    assert "规则引擎原结论：不予通过" in page.inner_text("#engine-energy")
    record = page.inner_text("#judgements")
    assert "不予采纳" in record and "现场核实项目尚未开工" in record
    assert "reviewer" in record
    assert "经人工复核不予采纳" in page.inner_text("#set-aside-energy")
    assert "人工复核" in page.inner_text("#audit")
    assert not [e for e in errors if "Content Security Policy" in e], errors
    assert get_review(engine, created["id"]).conclusion == "incomplete"
