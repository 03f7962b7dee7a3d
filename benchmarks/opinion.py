"""Opinion PDF rendering: median ms per opinion against a bare WeasyPrint page of the same text.

The bare page holds the same text (the opinion's HTML stripped of markup) in one <pre>
block with WeasyPrint's default fonts and no stylesheet, so the ratio shows what the
official layout, tables and bundled fonts cost over plain text rendering.
"""
from __future__ import annotations

import datetime as dt
import html as htmlmod
import re
import statistics
import time

RUNS = 10

APPLICATION = {
    "project": {"name": "开福区某商业综合体项目", "applicant": "长沙某置业有限公司",
                "industry_code": "7010", "nature": "新建", "investment": 80000,
                "location": {"address": "长沙市开福区芙蓉北路"}},
    "energy": [{"carrier": "electricity", "quantity": 2000, "unit": "万kWh"},
               {"carrier": "natural_gas", "quantity": 50, "unit": "万m³"}],
}


def _median_ms(action, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run() -> list[str]:
    from weasyprint import HTML

    from checker import intake
    from checker.opinion import OpinionMeta, document_number, render_html, render_pdf
    from checker.review import review

    r = review(intake.validate(APPLICATION), dt.date(2026, 1, 15))
    meta = OpinionMeta(number=document_number("开发改环资", 2026, 1))
    page = render_pdf(r, meta)  # warm up (font loading, template compilation)
    body = re.sub(r"<style>.*?</style>|<head>.*?</head>", "", render_html(r, meta), flags=re.S)
    text = htmlmod.unescape(re.sub(r"<[^>]+>", "", body))
    text = re.sub(r"\n\s*\n+", "\n", text).strip()
    bare = f"<html><body><pre style='white-space: pre-wrap'>{htmlmod.escape(text)}</pre></body></html>"
    HTML(string=bare).write_pdf()  # warm up

    opinion_ms = _median_ms(lambda: render_pdf(r, meta))
    bare_ms = _median_ms(lambda: HTML(string=bare).write_pdf())
    pages = page.count(b"/Type /Page\n") or page.count(b"/Type /Page")
    return [
        f"opinion PDF: median {opinion_ms:.1f} ms per opinion over {RUNS} renders "
        f"({len(page) // 1024} KiB, {len(text)} characters of text)",
        f"bare page, same text, default fonts: median {bare_ms:.1f} ms",
        f"ratio opinion / bare page: {opinion_ms / bare_ms:.2f}",
    ]
