"""Screenshots of each page at 1366 px and 390 px (``make screenshots``) into out/screenshots/.

A throwaway database and server; a real browser (Debian chromium via Playwright).  The folder
is git-ignored: the pictures are for people to look at, not for the repository.
"""
from __future__ import annotations

import json
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

from web_support import PASSWORD, SAMPLE, make_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
OUT = ROOT / "out" / "screenshots"


def serve(app):
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}"


def shoot(page, base: str, name: str, path: str, width: str, before=None) -> Path:
    page.goto(base + path)
    if before:
        before(page)
    target = OUT / f"{name}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def _content(app, sample) -> int:
    """What the pages show beyond one review: issued documents of several samples (the
    ledger), one submitted to each bureau, and a finished batch of 602 applications."""
    from checker.store import create_token
    from test_workday import _big_batch
    from web_support import issue_review

    engine = app.extensions["engine"]
    client = app.test_client()
    token = create_token(engine, "reviewer")
    for name in ("data_centre", "furniture_coating_factory", "cement_clinker_line",
                 "warehouse_under_order31", "food_factory"):
        data = json.loads((ROOT / "samples" / f"{name}.json").read_text(encoding="utf-8"))
        body = client.post("/api/v1/reviews", json={"application": data},
                           headers={"Authorization": f"Bearer {token}"}).json
        if name == "furniture_coating_factory":
            for document in body["documents"]:
                client.post(document["actions"]["submit"],
                            headers={"Authorization": f"Bearer {token}"})
        else:
            issue_review(client, engine, body["id"], token)
    return _big_batch(engine)


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    instance = tempfile.mkdtemp()
    app = make_app(f"sqlite:///{instance}/screens.sqlite3", instance, "screens")
    httpd, base = serve(app)
    sample = json.loads((ROOT / "samples" / "data_centre.json").read_text(encoding="utf-8"))
    upload = Path(instance) / "data_centre.json"
    upload.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    batch_id = _content(app, sample)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            for width, (w, h) in WIDTHS.items():
                page = browser.new_page(viewport={"width": w, "height": h})
                shoot(page, base, "login", "/login", width)
                page.fill("input[name=name]", "reviewer")
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url("**/reviews/new")
                shoot(page, base, "new", "/reviews/new", width)
                page.goto(base + "/reviews/new")
                page.set_input_files("input[name=file]", str(upload))
                page.click("button[value=file]")
                page.wait_for_url("**/reviews/*")
                review = page.url[len(base):]
                page.screenshot(path=str(OUT / f"review-{width}.png"), full_page=True)
                page.screenshot(path=str(OUT / f"review-first-screen-{width}.png"))
                first = page.locator("article.finding:has(details.finding-details)").first
                first.locator("details.finding-details summary").click()
                first.screenshot(path=str(OUT / f"review-finding-open-{width}.png"))
                page.goto(base + "/reviews/new")
                page.fill("textarea[name=json_text]", json.dumps({"project": {"name": ""}}))
                page.click("button[value=text]")
                page.screenshot(path=str(OUT / f"new-errors-{width}.png"), full_page=True)
                shoot(page, base, "history", "/reviews", width)
                shoot(page, base, "rules", "/rules", width)
                shoot(page, base, "rules-search", "/rules?q=1.3", width,
                      lambda p: p.click(".rule-row:not([hidden]) summary"))
                shoot(page, base, "rule", "/rules/data_centre.pue", width)
                shoot(page, base, "not-found", "/rules/nope", width)
                if width == "phone":
                    shoot(page, base, "menu-open", review, width,
                          lambda p: p.click("label.nav-button"))
                shoot(page, base, "batch", f"/batches/{batch_id}", width)
                shoot(page, base, "ledger", "/ledger", width)
                page.close()
                # the administrator's pages, and the approver's and ecology bureau's start pages
                for name, pages in (("admin", ("/admin/parameters", "/admin", "/admin/impact")),
                                    ("eco-approver", ("/",)), ("approver", ("/",))):
                    context = browser.new_context(viewport={"width": w, "height": h})
                    page = context.new_page()
                    page.goto(base + "/login")
                    page.fill("input[name=name]", name)
                    page.fill("input[name=password]", PASSWORD)
                    page.click("button[type=submit]")
                    page.wait_for_load_state()
                    for path in pages:
                        label = f"{name}-start" if path == "/" else path.strip("/").replace("/", "-")
                        shoot(page, base, label, path, width)
                    context.close()
        finally:
            browser.close()
            httpd.shutdown()
    print(f"screenshots in {OUT}")
    for path in sorted(OUT.glob("*.png")):
        print(" ", path.name)


if __name__ == "__main__":
    main()
