"""The generated corpus of the benchmarks and of tests/test_review_shortcuts.py
(benchmarks.engine.corpus) is the same whatever the process imported before: hypothesis also
draws constants from the code of the project modules already loaded, which once made the
review bench's corpus differ between part combinations."""
from __future__ import annotations

import importlib

from benchmarks.engine import corpus, draw


def test_the_corpus_does_not_depend_on_the_modules_already_loaded(tmp_path, monkeypatch):
    drawn_here, before = draw(40), corpus(40)
    probe = tmp_path / "kaifu_corpus_probe.py"
    numbers = ", ".join(f"{index * 13.37:.2f}" for index in range(300))
    probe.write_text(f"NUMBERS = [{numbers}]\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("kaifu_corpus_probe")
    # in this process the new module's numbers enter hypothesis's draws ...
    assert draw(40) != drawn_here, "hypothesis no longer mixes in loaded modules' constants"
    # ... but not the corpus, drawn in a fresh interpreter
    assert corpus(40) == before and len(before) == 40
