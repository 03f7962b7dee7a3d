"""Golden outputs: the review JSON and the documents' HTML of every sample on fixed dates.

A change that should not alter what the checker says (a move of modules, a faster path)
keeps every golden file byte-identical; a change that alters it on purpose regenerates them
(``python -m tests.support.golden --write``) and the diff of tests/golden/ shows what moved.
The documents are kept as the SHA-256 of their HTML (their text is read back elsewhere).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
DATES = (dt.date(2025, 8, 31), dt.date(2026, 6, 1))


def snapshot(path: Path) -> dict:
    """The review JSON and the documents of one sample on each of DATES."""
    from checker import intake
    from checker.opinion import OpinionMeta, render_html
    from checker.review import review

    app, _ = intake.load_bytes(path.read_bytes())
    out = {}
    for day in DATES:
        result = review(app, day)
        documents = {kind: hashlib.sha256(render_html(result, OpinionMeta(), kind).encode())
                     .hexdigest() for kind in result.documents()}
        out[day.isoformat()] = {"review": result.summary_json(), "documents": documents}
    return out


def text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n"


def main(argv: list[str]) -> int:
    target = Path(argv[argv.index("--to") + 1]) if "--to" in argv else GOLDEN
    target.mkdir(parents=True, exist_ok=True)
    for sample in sorted((ROOT / "samples").glob("*.json")):
        (target / sample.name).write_text(text(snapshot(sample)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
