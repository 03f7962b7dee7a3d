"""Published energy-review decisions of other provinces (tests/decisions/*.yaml), shared by
the tests and the Gherkin steps that review them."""
from __future__ import annotations

from pathlib import Path

DECISIONS_DIR = Path(__file__).resolve().parents[1] / "decisions"


def published_sum(lines, field: str) -> float:
    """Each carrier rounded to 0.01 t, then summed: how the decisions state their totals."""
    return round(sum(round(getattr(line, field), 2) for line in lines), 2)
