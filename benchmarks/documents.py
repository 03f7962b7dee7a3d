"""Document length: pages of every document every sample produces (drafts) at 2025-08-31
(Order 2023 No. 2 in force) and 2026-06-01 (Order 2025 No. 31), each against its page budget
(checker.opinion.PAGE_BUDGETS: 告知书 and 补正通知 ≤ 2, 节能审查意见 ≤ 4, 转报函 ≤ 3, the
ecology bureau's 部门意见 ≤ 3), with the time to render it; then the 审查工作底稿 of each review
(internal, no budget).

Each document is also timed against the PDF floor (benchmarks.opinion.Floor: its own text block
by block in the faces it sets it in, wrapped, on a bare A4 page, rendered in the same run) and
against the older floor (the text in one <pre> in the body face): CPU time of this thread, the
best of BENCH_DOCUMENTS_REPEAT (default 3) renders each, and per document kind the median and
worst ratio document / floor (target ≤ 1.5) beside the ratio to the older floor."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import statistics
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DATES = (dt.date(2025, 8, 31), dt.date(2026, 6, 1))
TARGET_RATIO = 1.5


def _best_cpu_ms(action, repeat: int) -> float:
    """The least CPU time of this thread over `repeat` calls of `action`, in ms."""
    best = float("inf")
    for _ in range(repeat):
        start = time.thread_time()
        action()
        best = min(best, (time.thread_time() - start) * 1000)
    return best


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def run() -> list[str]:
    from benchmarks.opinion import Floor, document_html, plain_text
    from checker import intake
    from checker.opinion import (PAGE_BUDGETS, OpinionMeta, render_pdf,
                                 render_working_paper_pdf)
    from checker.review import review

    repeat = max(1, int(os.environ.get("BENCH_DOCUMENTS_REPEAT", "") or 3))
    floor = Floor()
    rows, papers, ratios = [], [], {}
    for path in sorted(SAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for day in DATES:
            result = review(intake.validate(data), day)
            for kind in result.documents():
                start = time.perf_counter()
                pdf = render_pdf(result, OpinionMeta(), kind)
                ms = (time.perf_counter() - start) * 1000
                rows.append((path.stem, day, result.outcome.value, result.conclusion.value,
                             kind, _pages(pdf), PAGE_BUDGETS[kind], ms))
                source = document_html(result, OpinionMeta(), kind)
                text, bare = plain_text(source), floor.prepare(source)
                floor.render(bare)  # warm (the document was rendered above)
                floor.render_pre(text)
                cpu = _best_cpu_ms(lambda: render_pdf(result, OpinionMeta(), kind), repeat)
                base = _best_cpu_ms(lambda: floor.render(bare), repeat)
                pre = _best_cpu_ms(lambda: floor.render_pre(text), repeat)
                ratios.setdefault(kind, []).append((cpu / base, cpu, base, cpu / pre, pre))
            start = time.perf_counter()
            paper = render_working_paper_pdf(result)
            papers.append((_pages(paper), (time.perf_counter() - start) * 1000))
    lines = [f"{stem} @{day}: {outcome}/{conclusion} {kind} {pages}/{budget} pages"
             f"{'' if pages <= budget else '  OVER BUDGET'}, {ms:.0f} ms"
             for stem, day, outcome, conclusion, kind, pages, budget, ms in rows]
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        by_kind.setdefault(row[4], []).append(row[5])
    for kind, pages in sorted(by_kind.items()):
        lines.append(f"{kind}: {len(pages)} documents, longest {max(pages)} pages "
                     f"(budget {PAGE_BUDGETS[kind]}), mean {sum(pages) / len(pages):.1f}")
    every = [v for values in ratios.values() for v in values]
    for kind, values in [*sorted(ratios.items()), ("all documents", every)]:
        median = [statistics.median(v[i] for v in values) for i in range(5)]
        lines.append(f"{kind} / floor (CPU, best of {repeat}): median {median[0]:.2f}, worst "
                     f"{max(v[0] for v in values):.2f} over {len(values)} documents "
                     f"(median {median[1]:.1f} ms against {median[2]:.1f} ms; target ≤ "
                     f"{TARGET_RATIO}); older <pre> floor {median[4]:.1f} ms, ratio median "
                     f"{median[3]:.2f}, worst {max(v[3] for v in values):.2f}")
    over = [r for r in rows if r[5] > r[6]]
    lines.append(f"{len(rows)} documents, {sum(r[5] for r in rows)} pages, "
                 f"{len(over)} over budget; render mean {sum(r[7] for r in rows) / len(rows):.0f} ms")
    lines.append(f"审查工作底稿: {len(papers)} reviews, {sum(p for p, _ in papers)} pages, "
                 f"longest {max(p for p, _ in papers)} pages, render mean "
                 f"{sum(ms for _, ms in papers) / len(papers):.0f} ms")
    return lines
