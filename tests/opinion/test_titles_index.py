"""The word index (checker.opinion.titles.WordIndex) cuts every title exactly as jieba's whole
dictionary does: every document title of every sample at both dates, the working papers' and
titles with Latin letters, digits, punctuation and rare characters."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from checker import intake
from checker.opinion import OpinionMeta, document, titles
from checker.review import review
from tests.conftest import sample_files

DATES = (dt.date(2025, 8, 31), dt.date(2026, 6, 1))
EXTRA = [
    "关于《马栏山视频文创园5G+4K超高清制作基地（二期）项目节能报告》的审查意见",
    "关于《长沙市开福区某VOCs治理设施升级改造项目》节能审查有关事项的告知书",
    "关于《年产30万吨PET瓶片及10,000 t/a再生料生产线项目》的补正通知",
    "关于《鑫淼犇骉项目》节能审查有关事项的告知书",
    "审查工作底稿：湘江新区云计算大数据中心储能充电桩项目（A-01地块）",
    "Kaifu data centre 2026 phase II",
]


@pytest.fixture()
def index(tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
    titles.word_index.cache_clear()
    yield titles.word_index()
    titles.word_index.cache_clear()


def sample_titles() -> list[str]:
    out = []
    for path in sample_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        for day in DATES:
            r = review(intake.validate(data), day)
            out += [document.build(r, OpinionMeta(), kind).title for kind in r.documents()]
            out.append(document.build_working_paper(r).title)
    return out


def test_the_index_cuts_every_title_as_the_whole_dictionary(index):
    assert index is not None and index.path.is_file()
    whole = titles._tokenizer()
    for title in [*sample_titles(), *EXTRA]:
        title = " ".join(title.split())
        expected = list(whole.cut(title, HMM=False))
        assert list(index.tokenizer(title).cut(title, HMM=False)) == expected, title


def test_the_index_is_reused_and_the_cache_may_be_off(index, monkeypatch):
    title = EXTRA[0]
    lines = titles.title_lines(title)
    assert titles.WordIndex(index.path).tokenizer(title).FREQ  # a second process reads it
    monkeypatch.setenv("CHECKER_CACHE_DIR", "")
    titles.word_index.cache_clear()
    assert titles.word_index() is None
    assert titles.title_lines(title) == lines  # the whole dictionary, the same lines


def test_a_damaged_index_is_built_again(index):
    index.path.write_bytes(b"not a database")
    titles.word_index.cache_clear()
    again = titles.word_index()
    assert again is not None and again.path == index.path
    assert list(again.tokenizer(EXTRA[1]).cut(EXTRA[1], HMM=False)) == \
        list(titles._tokenizer().cut(EXTRA[1], HMM=False))
