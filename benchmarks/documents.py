"""Document length: pages of every document every sample produces (drafts), with the time to
render them, against the sample with the fewest pages (ratios in the same run)."""
from __future__ import annotations

import datetime as dt
import io
import json
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def run() -> list[str]:
    from pypdf import PdfReader

    from checker import intake
    from checker.opinion import OpinionMeta, render_pdf
    from checker.review import review

    rows = []
    for path in sorted(SAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        result = review(intake.validate(data), dt.date.fromisoformat(data["_sample"]["as_of"]))
        for kind in result.documents():
            start = time.perf_counter()
            pdf = render_pdf(result, OpinionMeta(), kind)
            ms = (time.perf_counter() - start) * 1000
            rows.append((path.stem, result.outcome.value, result.conclusion.value, kind,
                         len(PdfReader(io.BytesIO(pdf)).pages), ms))
    fewest = min(r[4] for r in rows)
    lines = [f"{stem}: {outcome}/{conclusion} {kind} {pages} pages "
             f"({pages / fewest:.1f}× the shortest), {ms:.0f} ms"
             for stem, outcome, conclusion, kind, pages, ms in rows]
    total = sum(r[4] for r in rows)
    lines.append(f"{len(rows)} documents, {total} pages, longest {max(r[4] for r in rows)} pages")
    return lines
