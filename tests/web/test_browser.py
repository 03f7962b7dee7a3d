"""A real browser (Debian chromium via Playwright): log in, upload, read findings, get the PDF."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from web_support import PASSWORD, SAMPLE



def test_review_in_a_real_browser(browser, server, tmp_path):
    upload = tmp_path / "申报数据.json"
    upload.write_text(json.dumps(SAMPLE, ensure_ascii=False), encoding="utf-8")
    page = browser.new_page(accept_downloads=True)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/")
    assert "/login" in page.url
    page.fill("input[name=name]", "reviewer")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/reviews/new")
    page.fill("#as_of", "2026-03-01")
    page.set_input_files("input[name=file]", str(upload))
    page.click("button[value=file]")
    page.wait_for_url(re.compile(r".*/reviews/\d+$"))
    assert page.inner_text(".banner .big") == "区级节能审查"
    assert "不予通过" in page.inner_text("#parts")
    assert page.locator(".finding").count() >= 1
    assert "新建大型数据中心设计PUE须低于1.3" in page.inner_text("main")
    # the stylesheet applied (no CSP violation): the banner is coloured
    colour = page.eval_on_selector(".banner", "e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    with page.expect_download() as info:
        page.click("#download-pdf")
    path = info.value.path()
    data = open(path, "rb").read()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", path, "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
        assert "测试数据中心" in "".join(text.split())
    assert not [e for e in errors if "Content Security Policy" in e]
