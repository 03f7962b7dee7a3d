"""The PDF floor of `make bench` (benchmarks.opinion.Floor, issue 29 item 5) is what it claims:
the document's own text, in the faces the document sets it in, on a bare page — nothing less
(the ratio would flatter the documents) and none of the document's layout."""
from __future__ import annotations

import re
from collections import Counter

from opinion_support import NUMBER, flat, pdffonts, pdftotext

from benchmarks.opinion import Floor, document_html
from checker.opinion import OpinionMeta, render_pdf
from checker.severity import Conclusion


def _faces(path) -> set[str]:
    return {row["name"].split("+", 1)[-1] for row in pdffonts(path)}


def test_floor_sets_the_documents_text_in_its_faces(reviews, tmp_path):
    r = reviews[Conclusion.CONDITIONAL]  # title, both heading levels, body, the energy table
    meta = OpinionMeta(number=NUMBER)
    page = tmp_path / "document.pdf"
    page.write_bytes(render_pdf(r, meta))
    floor = Floor()
    bare = floor.prepare(document_html(r, meta))
    base = tmp_path / "floor.pdf"
    base.write_bytes(floor.render(bare))

    # Every face the document uses for its text (the page numbers' face only where the text
    # falls back to it too).
    assert _faces(base) <= _faces(page)
    assert _faces(page) - _faces(base) <= {"Kaifu-Serif-SC"}
    assert {"Kaifu-Serif-SC-Bold", "Kaifu-Sans-SC-Bold", "Kaifu-Kai-SC",
            "Kaifu-FangSong-SC"} <= _faces(base)
    # The same characters, less the page numbers (— 1 —).
    text = re.sub(r"—\d+—", "", flat(pdftotext(page)))
    assert Counter(flat(pdftotext(base))) == Counter(text)
    # None of the layout: no table, border, indent, float or page-margin content.
    assert "<table" not in bare.html and "<table" in document_html(r, meta)
    assert not re.search(r"border|indent|float|@page|position", bare.css_text)
    assert bare.html.count("<p ") > 20  # block by block, not one <pre>
