"""What the renderer keeps per process does not change what it renders.

The font configuration and the parsed stylesheet are shared by every render in a process
(`checker.opinion.pdf.shared`); an issued opinion must still render to the same bytes
whenever, in whatever order and from whichever thread it is rendered.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from opinion_support import NUMBER

from checker.opinion import OpinionMeta, document, html, render_pdf
from checker.opinion import pdf as pdfmod

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "office_small.json"
META = OpinionMeta(number=NUMBER)


def test_consecutive_renders_give_identical_bytes(reviews, pdfs):
    for kind, review in reviews.items():
        first, second = render_pdf(review, META), render_pdf(review, META)
        assert first == second, kind
        assert first == pdfs[kind], kind  # rendered earlier in the session, in another order


THREADS = """
import hashlib, json, threading
from concurrent.futures import ThreadPoolExecutor
from opinion_support import APPLICATIONS, NUMBER, make_review
from checker.opinion import OpinionMeta, render_pdf
reviews = {kind.value: make_review(data) for kind, data in APPLICATIONS.items()}
kinds = list(reviews) * 2
start = threading.Barrier(4)  # four renders at a time begin together, the first ones cold

def render(kind):
    start.wait(timeout=120)
    return render_pdf(reviews[kind], OpinionMeta(number=NUMBER))

with ThreadPoolExecutor(4) as pool:
    together = list(pool.map(render, kinds))
digest = lambda data: hashlib.sha256(data).hexdigest()
serial = {kind: digest(render_pdf(r, OpinionMeta(number=NUMBER))) for kind, r in reviews.items()}
print(json.dumps({"together": [[k, digest(d)] for k, d in zip(kinds, together)], "serial": serial}))
"""


def test_threads_render_the_same_bytes_as_serially(pdfs):
    """In a fresh process (fonts not yet loaded: where unguarded sharing crashes or garbles)."""
    run = subprocess.run([sys.executable, "-c", THREADS], cwd=ROOT, capture_output=True,
                         text=True, timeout=600,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).parent)})
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    expected = {kind.value: hashlib.sha256(data).hexdigest() for kind, data in pdfs.items()}
    assert result["serial"] == expected
    assert [expected[kind] == digest for kind, digest in result["together"]] == [True] * 8


def test_preparsed_stylesheet_renders_as_the_inline_one(reviews, pdfs):
    for kind, review in reviews.items():
        opinion = document.build(review, META)
        inline = pdfmod.write(html.render(opinion), identifier=opinion.fingerprint)
        assert inline == pdfs[kind], kind


def test_opinion_render_fetches_nothing_itself(reviews, pdfs):
    """Fonts and stylesheet come from the shared, once-loaded configuration."""
    review = reviews[next(iter(reviews))]
    opinion = document.build(review, META)
    page = html.render(opinion, inline_css=False)
    assert "@font-face" not in page
    fetcher = pdfmod.AssetFetcher()
    data = pdfmod.write(page, identifier=opinion.fingerprint, fetcher=fetcher, stylesheet=True)
    assert data == pdfs[next(iter(reviews))]
    assert fetcher.attempts == [] and fetcher.refused == []


def test_shared_state_is_built_once_and_left_unchanged(reviews, pdfs):
    common, environment = pdfmod.shared(), html.environment()
    counters, profiles = dict(common.counters), dict(common.profiles)
    fetched = list(common.fetcher.attempts)
    # A document of its own counter style and colour profile: they stay with that render.
    own = ("<html><head><style>@counter-style kaifu-test { system: cyclic; symbols: '※'; }"
           "ol { list-style: kaifu-test }</style></head><body><ol><li>一</li></ol></body></html>")
    assert pdfmod.write(own, stylesheet=True).startswith(b"%PDF-")
    kind = next(iter(reviews))
    assert render_pdf(reviews[kind], META) == pdfs[kind]
    assert pdfmod.shared() is common and html.environment() is environment
    assert dict(common.counters) == counters and "kaifu-test" not in common.counters
    assert dict(common.profiles) == profiles
    assert common.fetcher.attempts == fetched  # nothing loaded again


CHILD = """
import contextlib, io, sys
from checker import cli
from checker.rulebook import provider
loads = []
load = provider.load
provider.load = lambda *args, **kwargs: loads.append(1) or load(*args, **kwargs)
with contextlib.redirect_stdout(io.StringIO()):
    for _ in range(2):
        assert cli.main(sys.argv[1:]) == 0
print("weasyprint" in sys.modules, len(loads))
"""


def _child(*args: str, cache: str = "") -> str:
    """Run the CLI twice in one fresh process; by default without the on-disk rulebook cache
    (CHECKER_CACHE_DIR empty), so that the one load from the files is counted."""
    env = {**os.environ, "CHECKER_CACHE_DIR": cache}
    return subprocess.run([sys.executable, "-c", CHILD, "review", str(SAMPLE), *args],
                          cwd=ROOT, check=True, capture_output=True, text=True, env=env,
                          timeout=300).stdout.strip()


def test_cli_json_review_does_not_import_weasyprint_and_loads_the_rulebook_once():
    assert _child("--json") == "False 1"


def test_a_second_cli_process_takes_the_rulebook_from_the_disk_cache(tmp_path):
    cache = str(tmp_path / "cache")
    assert _child("--json", cache=cache) == "False 1"
    assert _child("--json", cache=cache) == "False 0"


def test_cli_pdf_review_imports_weasyprint_and_loads_the_rulebook_once(tmp_path):
    target = tmp_path / "opinion.pdf"
    assert _child("--json", "--pdf", str(target)) == "True 1"
    assert target.read_bytes().startswith(b"%PDF-")
