"""Steps that read the documents a review issues: the body of each issued document (the
decision only) and the 审查工作底稿 (the internal working paper)."""
from __future__ import annotations

import re

from pytest_bdd import parsers, then

from checker import rulebook


def _book(scenario):
    return scenario.book or rulebook.shipped()


def _kind(scenario, name: str) -> str:
    documents = _book(scenario).documents.documents
    kinds = [k for k, d in documents.items() if d.name == name]
    assert kinds, f"没有名为“{name}”的文书类型"
    assert kinds[0] in scenario.result.documents(), (
        f"本次审查不出具“{name}”，出具的是 {scenario.result.documents()}")
    return kinds[0]


def _text(html: str) -> str:
    """The visible text of an HTML document, without tags or line breaks."""
    html = re.sub(r"<(style|head)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def body_text(scenario, name: str) -> str:
    from checker.opinion import OpinionMeta, document, html

    opinion = document.build(scenario.result, OpinionMeta(), _kind(scenario, name),
                             _book(scenario))
    return _text(html.render(opinion))


def paper_text(scenario) -> str:
    from checker.opinion import document, html

    return _text(html.render_working_paper(
        document.build_working_paper(scenario.result, _book(scenario))))


@then(parsers.parse('"{name}"的正文包含"{text}"'))
def body_contains(scenario, name: str, text: str):
    body = body_text(scenario, name)
    assert text in body, f"“{name}”正文不含“{text}”：{body[:600]}"


@then(parsers.parse('"{name}"的正文不包含"{text}"'))
def body_lacks(scenario, name: str, text: str):
    body = body_text(scenario, name)
    assert text not in body, f"“{name}”正文含有“{text}”：{body[:600]}"


@then(parsers.parse('审查工作底稿包含"{text}"'))
def paper_contains(scenario, text: str):
    paper = paper_text(scenario)
    assert text in paper, f"审查工作底稿不含“{text}”"


@then(parsers.parse('该规则在文书正文中引用"{text}"'))
def body_basis(scenario, text: str):
    """The short parenthesis a body item cites: the instrument that holds the requirement."""
    from checker.opinion.document import _basis

    found = scenario.findings_for(scenario.current_rule)
    assert found, f"规则 {scenario.current_rule} 没有结果"
    assert text in _basis(found[0]), f"正文引用“{_basis(found[0])}”，应含“{text}”"
