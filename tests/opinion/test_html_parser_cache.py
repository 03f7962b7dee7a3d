"""WeasyPrint's HTML parser keeps the patterns it builds (checker.opinion.pdf._CharacterPatterns,
issue 29 item 5): one pattern per set of characters, found again by the next document, and the
same parse as tinyhtml5's own."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from opinion_support import NUMBER
from tinyhtml5 import inputstream, parse

from checker.opinion import OpinionMeta, pdf, render_html, render_pdf
from checker.severity import Conclusion


def test_html_parser_keeps_the_patterns_it_builds(reviews, monkeypatch):
    """The regression: tinyhtml5 2.1 stored the patterns of `chars_until` under the wrong key and
    built them again on every call (hundreds per document)."""
    cache = inputstream.characters_until_regex
    assert isinstance(cache, pdf._CharacterPatterns)
    render_pdf(reviews[Conclusion.APPROVE], OpinionMeta(number=NUMBER))
    kept = dict(cache)
    assert kept and not any(hasattr(characters, "pattern") for characters, _ in kept)
    built = []
    monkeypatch.setattr(pdf._CharacterPatterns, "__missing__",
                        lambda self, key: built.append(key))
    render_pdf(reviews[Conclusion.CONDITIONAL], OpinionMeta(number=NUMBER))
    assert built == [] and dict(cache) == kept


def test_the_parse_is_tinyhtml5s_own(reviews, monkeypatch):
    """With the cache as tinyhtml5 ships it, the same tree."""
    html = render_html(reviews[Conclusion.CONDITIONAL], OpinionMeta(number=NUMBER))
    ours = ElementTree.tostring(parse(html))
    monkeypatch.setattr(inputstream, "characters_until_regex", {})
    assert ElementTree.tostring(parse(html)) == ours
