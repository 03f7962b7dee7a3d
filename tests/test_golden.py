"""Every sample's review JSON and documents are what tests/golden/ holds: a refactoring or a
faster path leaves them byte-identical; a deliberate change regenerates them
(``python -m tests.support.golden``) so that the diff shows what it changed."""
from __future__ import annotations

import json

import pytest

from tests.conftest import sample_files
from tests.support import golden


@pytest.mark.parametrize("sample", sample_files(), ids=lambda p: p.stem)
def test_sample_outputs_are_the_golden_ones(sample):
    expected = (golden.GOLDEN / sample.name).read_text(encoding="utf-8")
    assert golden.text(golden.snapshot(sample)) == expected, (
        f"{sample.name} differs from tests/golden/: if intended, regenerate with "
        "`python -m tests.support.golden` and review the diff")


def test_golden_files_cover_every_sample():
    assert sorted(p.name for p in golden.GOLDEN.glob("*.json")) == \
        sorted(p.name for p in sample_files())
    for path in golden.GOLDEN.glob("*.json"):
        assert set(json.loads(path.read_text(encoding="utf-8"))) == \
            {d.isoformat() for d in golden.DATES}
