"""The opinion's HTML: Jinja2 with autoescaping, so applicant text is always text.

The stylesheet (static/opinion.css) is inlined, unless the caller applies it itself (the
PDF renderer parses it once per process); the fonts it names are referenced by the
private ``opinion-asset:`` scheme that only `checker.opinion.pdf.AssetFetcher` serves.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from checker.opinion.document import UNVERIFIED_MARK, Opinion, WorkingPaper
from checker.opinion.titles import title_lines

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every {{ }} is escaped: applicant text can never become markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["UNVERIFIED_MARK"] = UNVERIFIED_MARK
    env.filters["cn_index"] = cn_index
    env.filters["title_lines"] = title_lines  # the title broken between words (titles.py)
    return env


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return (HERE / "static" / "opinion.css").read_text(encoding="utf-8")


CN_DIGITS = "零一二三四五六七八九"


def cn_index(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (numbering of parts and items)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones else "")


def render(opinion: Opinion, inline_css: bool = True) -> str:
    """The opinion as one self-contained HTML document (without its stylesheet when
    `inline_css` is false)."""
    return environment().get_template("opinion.html").render(
        o=opinion, css=stylesheet() if inline_css else "")


def render_working_paper(paper: WorkingPaper, inline_css: bool = True) -> str:
    """The 审查工作底稿 as one HTML document (internal: no 版头, number or signature)."""
    return environment().get_template("working_paper.html").render(
        w=paper, css=stylesheet() if inline_css else "")
