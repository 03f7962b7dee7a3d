"""Fixtures for the opinion tests: one application per conclusion, reviewed and rendered once."""
from __future__ import annotations

import pytest
from opinion_support import APPLICATIONS, NUMBER, make_review

from checker.opinion import OpinionMeta, render_pdf, render_working_paper_pdf


@pytest.fixture(scope="session")
def reviews() -> dict:
    result = {kind: make_review(data) for kind, data in APPLICATIONS.items()}
    for kind, r in result.items():
        assert r.conclusion.value == kind.value, (kind, [f.rule_id for f in r.findings])
        assert r.outcome.value == "district"
    return result


@pytest.fixture(scope="session")
def pdfs(reviews) -> dict:
    return {kind: render_pdf(r, OpinionMeta(number=NUMBER)) for kind, r in reviews.items()}


def _written(directory, pdfs: dict) -> dict:
    """Each PDF written to `directory` as <conclusion>.pdf (for pdftotext, pdffonts)."""
    paths = {}
    for kind, data in pdfs.items():
        paths[kind] = directory / f"{kind.value}.pdf"
        paths[kind].write_bytes(data)
    return paths


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory, pdfs) -> dict:
    return _written(tmp_path_factory.mktemp("opinions"), pdfs)




@pytest.fixture(scope="session")
def papers(reviews) -> dict:
    """Each review's 审查工作底稿 (what the issued bodies leave out)."""
    return {kind: render_working_paper_pdf(r) for kind, r in reviews.items()}


@pytest.fixture(scope="session")
def paper_dir(tmp_path_factory, papers) -> dict:
    return _written(tmp_path_factory.mktemp("papers"), papers)
