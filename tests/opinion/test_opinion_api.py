"""The public API: document numbers, OpinionMeta, the HTML and its view model."""
from __future__ import annotations

import re

import dataclasses
import datetime as dt

import pytest
from opinion_support import NUMBER

from checker.opinion import DEFAULT_AUTHORITY, OpinionMeta, document_number, render_html
from checker.opinion.document import chinese_date
from checker.values import value_text
from checker.opinion.html import cn_index
from checker.severity import Conclusion


def test_document_number():
    assert document_number("开发改环资", 2026, 3) == "开发改环资〔2026〕3号"
    assert document_number(" 开发改 ", 2027, 120) == "开发改〔2027〕120号"


@pytest.mark.parametrize("args", [("", 2026, 1), ("开发改", 2026, 0), ("开发改", 26, 1),
                                  ("开发改〔", 2026, 1), ("开发改", 2026, True),
                                  ("开发改", 2026, 1.0)])
def test_document_number_refuses(args):
    with pytest.raises(ValueError):
        document_number(*args)


def test_opinion_meta_defaults_and_frozen():
    meta = OpinionMeta()
    assert (meta.number, meta.issued_on, meta.authority) == (None, None, None)
    # No authority: the document type's issuer (rules/documents.yaml) signs it.
    from checker import rulebook

    assert rulebook.shipped().documents.issuer_name("energy_opinion") == DEFAULT_AUTHORITY
    assert rulebook.shipped().documents.issuer_name("pollutant_opinion") == "长沙市生态环境局开福分局"
    with pytest.raises(dataclasses.FrozenInstanceError):
        meta.number = "x"  # type: ignore[misc]


def test_chinese_date_and_indices():
    assert chinese_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert [cn_index(n) for n in (1, 9, 10, 11, 20, 25)] == ["一", "九", "十", "十一", "二十", "二十五"]
    assert value_text(1000, "吨标准煤") == "1,000 吨标准煤"
    assert value_text(None, "t") == "未设置"
    assert value_text(["3011", "3041"], "-") == "3011、3041"


@pytest.mark.parametrize("kind", list(Conclusion), ids=lambda k: k.value)
def test_html_structure(kind, reviews):
    r = reviews[kind]
    html = render_html(r, OpinionMeta(number=NUMBER))
    assert '<div class="entry">' not in html  # the findings' detail is the working paper's
    if kind is Conclusion.INCOMPLETE:  # a 补正通知: facts inline, then what to supply
        assert html.count("<h2>") == 1 and "须补正的全部内容" in html
    elif kind is Conclusion.REJECT:  # 一 to 三 (no requirements, no carbon section)
        assert html.count("<h2>") == 3 and "不予通过的理由如下" in html
    else:
        # 一 to 四, and from 2025-09-01 the carbon-emission evaluation (Order 31 art. 2)
        assert html.count("<h2>") == 4 + (1 if r.carbon_evaluation else 0)
        assert f"关于《{r.application.project.name}节能报告》的审查意见" in html
        # Conditions are numbered in 审查要求; the hints are one item marked 提示.
        section = re.split(r"[三四]、审查要求", html, maxsplit=1)[1]
        section = re.split(r"[四五]、其他", section, maxsplit=1)[0]
        conditions = [f for f in r.energy_part.findings if f.severity.value == "condition"]
        hints = [f for f in r.energy_part.findings if f.severity.value == "advisory"]
        assert section.count('class="item"') == len(conditions)
        assert section.count('class="item hint"') == (1 if hints else 0)
    # Only the package's own assets are referenced.
    urls = re.findall(r"url\(\"?([^\")]+)", html) + re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith("opinion-asset:fonts/") for u in urls), urls
    # Proprietary 仿宋 faces first, then the bundled faces, then the system Noto face.
    assert ('"FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋",\n'
            '               "Kaifu FangSong SC", "Kaifu Serif SC", "Kaifu Kai SC", '
            '"Noto Serif CJK SC", serif') in html


def test_draft_html(reviews):
    html = render_html(reviews[Conclusion.APPROVE])
    assert "草稿（文号待编）" in html and "草稿 · 未经签发" in html
    assert "2026年1月15日" in html  # issued_on defaults to the as-of date
