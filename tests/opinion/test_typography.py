"""GB/T 9704-2012 typography read back from the PDFs of every document of every sample, on
both sides of Order 2025 No. 31 (2025-08-31 and 2026-06-01): the bundled faces (body 仿宋,
title 小标宋-style, level-1 headings 黑体, level-2 楷体) embedded, the title broken only
between words into balanced lines, the 版记 at the foot of the last page and never alone."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from opinion_support import flat, font_unicode_map, pdffonts

from checker import intake
from checker.opinion import OpinionMeta, document, render_html, render_pdf
from checker.opinion.fontbuild import SPECS, wording_chars
from checker.opinion.titles import COMPOUNDS, title_lines, width, words
from checker.review import review
from tests.conftest import SAMPLES, sample_files

# Rendering the 67 documents once for the module takes about a minute of CPU.
pytestmark = pytest.mark.timeout(1200)

DATES = (dt.date(2025, 8, 31), dt.date(2026, 6, 1))
NUMBER = "开发改环资〔2026〕3号"
FONTS = Path(document.__file__).resolve().parent / "fonts"
# The type area's foot: A4 (841.89 pt) less the 35 mm bottom margin.
TYPE_AREA_BOTTOM = 841.89 - 35 / 25.4 * 72
IMPRINT_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日印发")


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[tuple[str, str, Path]]:
    """(label, title, PDF path) of every document of every sample on both dates."""
    folder = tmp_path_factory.mktemp("typography")
    out = []
    for path in sample_files():
        app, _ = intake.load_bytes(path.read_bytes())
        for day in DATES:
            result = review(app, day)
            for kind in result.documents():
                title = document.build(result, OpinionMeta(), kind).title
                pdf = folder / f"{path.stem}-{day}-{kind}.pdf"
                pdf.write_bytes(render_pdf(result, OpinionMeta(number=NUMBER), kind))
                out.append((f"{path.stem}@{day}:{kind}", title, pdf))
    return out


def _pdftotext(path: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(path), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout


def test_every_title_breaks_between_words_in_balanced_lines(documents):
    """词意完整、排列对称: the title's lines as printed are the lines chosen between words,
    no line breaks inside a compound (never "节能报/告"), lines differ by at most one word."""
    for label, title, path in documents:
        page = [line.strip() for line in _pdftotext(path, "-f", "1", "-l", "1").splitlines()
                if line.strip()]
        lines = title_lines(title)
        start = next((i for i in range(len(page))
                      if flat("".join(page[i:i + len(lines)])) == flat(title)), None)
        assert start is not None, (label, title, page[:8])
        assert page[start:start + len(lines)] == lines, (label, page[start:start + len(lines)])
        pieces = words(title)
        bounds = {sum(len(p) for p in pieces[:i]) for i in range(len(pieces) + 1)}
        cut = 0
        for line in lines[:-1]:
            cut += len(line)
            assert cut in bounds, (label, lines)
            for compound in COMPOUNDS:
                for match in re.finditer(re.escape(compound), title):
                    assert not match.start() < cut < match.end(), (label, lines)
        widths = [width(line) for line in lines]
        assert max(widths) - min(widths) <= max(width(p) for p in pieces), (label, lines)
        assert max(widths) <= 20, (label, lines)


def test_titles_never_split_a_word():
    long = "关于《开福区某某新材料科技有限公司年产5万吨高性能复合材料生产线技术改造项目节能报告》的审查意见"
    lines = title_lines(long)
    assert len(lines) == 3 and "".join(lines) == long
    assert all(not line.startswith(("》", "的审", "告")) for line in lines)
    assert not any(line.endswith(("节能报", "《", "5")) for line in lines)
    assert title_lines("关于《开福区某办公楼项目节能报告》的审查意见") == [
        "关于《开福区某办公楼项目", "节能报告》的审查意见"]
    assert title_lines("关于某项目的审查意见") == ["关于某项目的审查意见"]


def test_the_fangsong_body_face_is_embedded_in_every_document(documents):
    for label, _, path in documents:
        rows = {row["name"].split("+", 1)[-1]: row for row in pdffonts(path)}
        body = rows.get("Kaifu-FangSong-SC")
        assert body and body["emb"] == "yes" and body["sub"] == "yes", (label, sorted(rows))


def test_each_part_is_set_in_its_face(documents):
    """Title 小标宋-style (Kaifu Serif SC Bold), 一、 黑体 (Kaifu Sans SC), （一） 楷体 (Kaifu
    Kai SC), the body 仿宋 (Kaifu FangSong SC)."""
    label, title, path = next(d for d in documents if d[0].endswith("energy_opinion"))
    fonts = {name.split("+", 1)[-1]: chars for name, chars in
             font_unicode_map(path.read_bytes()).items()}
    assert set("关于审查意见") <= fonts["Kaifu-Serif-SC-Bold"], label
    assert set("项目概况") <= fonts["Kaifu-Sans-SC-Bold"]
    assert set("基本情况") <= fonts["Kaifu-Kai-SC"]
    assert set("你单位报送的收悉") <= fonts["Kaifu-FangSong-SC"]


def test_the_conclusion_sentence_is_set_in_heiti(documents):
    """The conclusion sentence is emphasised in 黑体 (Kaifu Sans SC Bold), not in a synthetic
    bold of the 仿宋 body: a document without tables embeds no bold 仿宋 at all."""
    checked = 0
    for label, _, path in documents:
        stem, rest = label.split("@", 1)
        day, kind = rest.split(":", 1)
        app, _ = intake.load_bytes((SAMPLES / f"{stem}.json").read_bytes())
        result = review(app, dt.date.fromisoformat(day))
        html = render_html(result, OpinionMeta(), kind)
        fonts = {name.split("+", 1)[-1]: chars for name, chars in
                 font_unicode_map(path.read_bytes()).items()}
        if 'class="conclusion"' in html:
            sentence = document.build(result, OpinionMeta(), kind).conclusion
            assert set(sentence) <= fonts["Kaifu-Sans-SC-Bold"], (label, sentence)
            checked += 1
        if "<table" not in html:
            assert "Kaifu-FangSong-SC-Bold" not in fonts, (label, sorted(fonts))
    assert checked


def test_the_subset_fonts_cover_the_wording_and_carry_their_licences():
    """Every character the bureau itself writes (rules/, the templates) is in a bundled face
    of the body's stack; the licence texts are beside the fonts; no Reserved Font Name."""
    fangsong = TTFont(FONTS / "KaifuFangSongSC-Regular.ttf").getBestCmap()
    serif = TTFont(FONTS / "KaifuSerifSC-Regular.ttf").getBestCmap()
    kai = TTFont(FONTS / "KaifuKaiSC-Regular.ttf").getBestCmap()  # the subscript ₂ of kgCO₂
    missing = sorted(c for c in wording_chars()
                     if ord(c) not in fangsong and ord(c) not in serif and ord(c) not in kai)
    assert not missing, missing
    for spec in SPECS:
        font = TTFont(FONTS / spec.out_file)
        assert font["name"].getDebugName(1) == spec.out_family
        assert not re.search("LXGW|霞鹜|Fandol|Noto", " ".join(
            str(font["name"].getDebugName(i)) for i in (1, 4, 6))), spec.out_file
    for name in ("OFL.txt", "GPL-3.0.txt", "NOTICE.txt"):
        assert (FONTS / name).stat().st_size > 1000, name
    notice = (FONTS / "NOTICE.txt").read_text(encoding="utf-8")
    assert "font exception" in notice and "KaifuFangSongSC-Regular.ttf" in notice


def _words_with_boxes(path: Path, page: int) -> list[tuple[float, str]]:
    html = _pdftotext(path, "-bbox", "-f", str(page), "-l", str(page))
    return [(float(y), text) for y, text in
            re.findall(r'<word xMin="[^"]+" yMin="[^"]+" xMax="[^"]+" yMax="([^"]+)">([^<]*)</word>',
                       html)]


def test_the_imprint_closes_the_last_page_at_its_foot_and_never_alone(documents):
    """版记 (印发机关和印发日期) on the last page, its line at the foot of the type area, and
    the page holds more than the 版记 and the check data."""
    from pypdf import PdfReader

    for label, _, path in documents:
        pages = PdfReader(str(path)).pages
        last = flat(pages[-1].extract_text())
        assert "印发" in last, label
        assert not any(IMPRINT_DATE.search(flat(p.extract_text())) for p in pages[:-1]), label
        boxes = _words_with_boxes(path, len(pages))
        imprint = max(y for y, text in boxes if "印发" in text)
        assert TYPE_AREA_BOTTOM - 40 < imprint <= TYPE_AREA_BOTTOM + 2, (label, imprint)
        other = re.sub(r"—\d+—$", "", last.split("校验信息")[0].split("抄送")[0])
        other = other.replace("长沙市开福区发展和改革局", "").replace("长沙市生态环境局开福分局", "")
        assert len(IMPRINT_DATE.sub("", other)) > 40, (label, last[:200])
