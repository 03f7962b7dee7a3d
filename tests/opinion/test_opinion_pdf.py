"""The rendered PDF read back: text, page size, fonts, pixels, reproducibility, checksums."""
from __future__ import annotations

import datetime as dt

import hashlib
import io
import json
import re
import subprocess
import sys

import pytest
from opinion_support import (
    APPLICATIONS,
    AS_OF,
    NUMBER,
    flat,
    font_unicode_map,
    make_review,
    page_gray_pixels,
    sentence,
    pdffonts,
    pdftotext,
    project,
)
from pypdf import PdfReader

from checker.opinion import OpinionMeta, document, document_number, render_pdf
from checker.opinion.document import _basis, issuable, tce_text
from checker.severity import Conclusion, Severity

KINDS = list(Conclusion)


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_text_names_project_and_conclusion(kind, reviews, pdf_dir):
    r = reviews[kind]
    text = flat(pdftotext(pdf_dir[kind]))
    opinion = document.build(r, OpinionMeta(number=NUMBER))
    assert r.application.project.name in text
    assert flat(opinion.title) in text and flat(sentence(r)) in text
    assert NUMBER in text
    assert f"{r.application.project.applicant}：" in text
    # the opening names the measure in force on the review date
    in_force = ("国家发展改革委令2025年第31号" if r.as_of >= dt.date(2025, 9, 1)
                else "国家发展改革委令2023年第2号")
    assert in_force in text
    if kind is Conclusion.INCOMPLETE:  # a 补正通知 (Art. 14), not an opinion saying 材料不全
        assert opinion.kind == "correction_notice" and "须补正的全部内容" in text
    else:
        assert flat(f"关于《{r.application.project.name}节能报告》的审查意见") in text
        for heading in ("一、项目概况", "二、审查结论", "、其他"):
            assert heading in text
        assert "抄送：长沙市发展和改革委员会" in text
    assert "附件：审查依据与核对信息" not in text and "待核实" not in text
    assert "「" not in text and "regulations.md" not in text
    # Issuing authority and date, page numbers "— n —".
    assert "长沙市开福区发展和改革局" in text and "2026年1月15日" in text
    assert "—1—" in text


def test_reject_lists_veto_reasons_and_no_approval_clauses(reviews, pdf_dir):
    r = reviews[Conclusion.REJECT]
    text = flat(pdftotext(pdf_dir[Conclusion.REJECT]))
    vetoes = [f for f in r.findings if f.severity is Severity.VETO]
    assert vetoes
    assert "不予通过的理由如下" in text
    for f in vetoes:
        assert flat(f.title) in text and flat(issuable(f.message)[0]) in text
    # a rejection keeps no validity, overrun or acceptance clause; the appeal notice stays
    assert "自动失效" not in text and "批复水平" not in text and "验收" not in text
    assert "行政复议" in text


def test_incomplete_is_one_notice_listing_everything_to_supply(reviews, pdf_dir):
    r = reviews[Conclusion.INCOMPLETE]
    text = flat(pdftotext(pdf_dir[Conclusion.INCOMPLETE]))
    missing = [f for f in r.findings if f.severity is Severity.MISSING]
    assert missing and "一次告知须补正的全部内容" in text and "第十四条" in text
    for f in missing:
        assert flat(issuable(f.action or f.message)[0]) in text
    assert "PUE" in text
    assert "原则同意" not in text and "材料不全" not in text


def test_conditional_numbers_requirements_with_basis(reviews, pdf_dir):
    r = reviews[Conclusion.CONDITIONAL]
    text = re.sub(r"—[0-9]+—", "", flat(pdftotext(pdf_dir[Conclusion.CONDITIONAL])))
    conditions = [f for f in r.findings if f.severity is Severity.CONDITION]
    assert conditions
    section = re.split(r"[三四]、审查要求", text, maxsplit=1)[1]
    section = re.split(r"[四五]、其他", section, maxsplit=1)[0]
    for f in conditions:
        assert flat(f.title) in section
        assert flat(issuable(f.action)[0]) in section
        # Each item cites its key clause only, short (instrument and article): the clause the
        # rule names, else its first other instrument, else the plan clause.
        assert flat(f"（依据：{_basis(f)}）") in section
        for c in f.citations:
            assert flat(c.label) not in section  # no heading quotes, no chain
    assert "（一）" in section
    assert "不予通过" not in text


def test_approve_has_no_requirements(reviews, pdf_dir):
    text = flat(pdftotext(pdf_dir[Conclusion.APPROVE]))
    assert "无须另行落实的审查要求" in text
    assert "不予通过" not in text and "请补正" not in text


def test_energy_table_shows_carriers_totals_feedstock_and_renewable(reviews, pdf_dir, paper_dir):
    r = reviews[Conclusion.CONDITIONAL]
    text = flat(pdftotext(pdf_dir[Conclusion.CONDITIONAL]))
    account = r.energy
    for line in account.lines:
        assert line.title in text
        assert tce_text(line.tce) in text and tce_text(line.equivalent_tce) in text
    assert "合计（燃料动力用能）" in text
    assert tce_text(account.total_tce) in text and tce_text(account.total_equivalent_tce) in text
    assert account.feedstock and "原料用能小计" in text and tce_text(account.feedstock_tce) in text
    assert account.renewable_kwh and "自建可再生能源自发自用电量" in text
    # Coefficients that are not V1 are named in the working paper, never marked in the body.
    paper = flat(pdftotext(paper_dir[Conclusion.CONDITIONAL]))
    unverified = [line.title for line in account.lines if not line.verified]
    if unverified:
        assert "折标系数来源待核实" in paper
        assert all(title in paper for title in unverified)
    assert "待核实" not in text


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_working_paper_lists_every_finding_and_marks_unverified(kind, reviews, paper_dir):
    r = reviews[kind]
    paper = re.sub(r"—[0-9]+—", "", flat(pdftotext(paper_dir[kind])))
    for f in r.findings:  # both parts: the paper covers every document of the review
        assert f.rule_id in paper
        assert flat(f.title) in paper
        assert f"〔{f.severity.label}〕" in paper
        for v in f.values:
            assert flat(f"{v.title}：") in paper
        for p in f.parameters:
            assert flat(p.status_label) in paper
        for c in f.citations:
            assert flat(c.label) in paper
    # The note explains the tags; the input hash and the rulebook version are in the paper.
    for tag in ("V1＝", "V2＝", "UNVERIFIED＝", "GAP＝"):
        assert tag in paper
    assert r.input_sha256 in paper and r.rulebook_version in paper
    for f in r.findings:
        if f.unverified:
            assert flat(f.title) + f"〔{f.severity.label}〕（待核实）" in paper


def test_working_paper_says_the_plan_numbering_is_a_reconstruction(paper_dir):
    """The plan's "三（x）" numbers are the rulebook's reconstruction and its start date an
    assumption: the working paper says so once (text from the rulebook's citation data)."""
    paper = flat(pdftotext(paper_dir[Conclusion.CONDITIONAL]))
    assert paper.count("关于开福区方案条款编号与施行日期") == 1
    assert "整理编号" in paper and "没有“三、”标题" not in paper and "无“三、”标题" in paper
    assert "推定" in paper


def test_unverified_finding_is_marked_in_the_paper_only(reviews, pdf_dir, paper_dir):
    # energy_review.authority cites a clause tagged UNVERIFIED in the rulebook.
    r = reviews[Conclusion.CONDITIONAL]
    assert any(f.unverified for f in r.findings)
    text = flat(pdftotext(pdf_dir[Conclusion.CONDITIONAL]))
    paper = flat(pdftotext(paper_dir[Conclusion.CONDITIONAL]))
    assert "UNVERIFIED）（待核实）" in paper and "待核实" not in text


def test_other_provisions(pdf_dir, paper_dir):
    text = flat(pdftotext(pdf_dir[Conclusion.APPROVE]))
    paper = flat(pdftotext(paper_dir[Conclusion.APPROVE]))
    # under Order 2025 No. 31 (review dates from 2025-09-01): arts. 19, 18, 26 and 21; the
    # period and the percentage are the parameters in force (an admin may override them)
    assert "2年内未开工建设的，本审查意见自动失效" in text
    assert "发生重大变动的，建设单位应向我局提交变更申请" in text
    assert "高于本意见批复水平10%的" in text
    assert "节能审查验收自查报告（第二十一条）" in text
    assert "60日内依法申请行政复议" in text and "6个月内依法向人民法院提起行政诉讼" in text
    # The article texts are a secondary copy (V2): said in the working paper only.
    assert "所依据的条文待核实（令2025年第31号第十九条" in paper


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_page_size_is_a4(kind, pdfs):
    reader = PdfReader(io.BytesIO(pdfs[kind]))
    assert len(reader.pages) >= 1
    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - 595.28) <= 1 and abs(float(box.height) - 841.89) <= 1


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_fonts_are_embedded_cjk_truetype_subsets(kind, pdf_dir):
    rows = pdffonts(pdf_dir[kind])
    kaifu = [row for row in rows if "Kaifu" in row["name"]]
    assert kaifu, rows
    for row in kaifu:
        assert row["emb"] == "yes" and row["sub"] == "yes" and "TrueType" in row["type"]
    assert not [row for row in rows if "Type 3" in row["type"]], rows


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_chinese_glyphs_come_from_the_bundled_font(kind, reviews, pdfs):
    fonts = font_unicode_map(pdfs[kind])
    kaifu_chars = set().union(*(c for n, c in fonts.items() if "Kaifu" in n))
    title = document.build(reviews[kind], OpinionMeta()).title + "长沙市开福区发展和改革局"
    assert {ch for ch in title if is_cjk(ch)} <= kaifu_chars
    for name, chars in fonts.items():
        if "Kaifu" not in name:
            assert not {ch for ch in chars if is_cjk(ch)}, (name, sorted(chars)[:20])


def test_rare_character_falls_back_to_noto(tmp_path):
    data = {**APPLICATIONS[Conclusion.APPROVE],
            "project": project(name="开福区堃鑫办公楼项目", investment=5000)}
    pdf = render_pdf(make_review(data), OpinionMeta(number=NUMBER))
    path = tmp_path / "rare.pdf"
    path.write_bytes(pdf)
    names = [row["name"] for row in pdffonts(path)]
    assert any("Noto" in n for n in names), names
    fonts = font_unicode_map(pdf)
    assert any("堃" in chars for n, chars in fonts.items() if "Noto" in n)
    assert "堃" in pdftotext(path)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_first_page_is_not_blank(kind, pdf_dir, tmp_path):
    width, height, pixels = page_gray_pixels(pdf_dir[kind], tmp_path)
    assert abs(width - 248) <= 2 and abs(height - 351) <= 2  # A4 at 30 dpi
    dark = sum(1 for p in pixels if p < 200)
    assert 0.01 * len(pixels) < dark < 0.5 * len(pixels)
    # The margins stay white: nothing in the top 25 mm except the masthead below it.
    top = pixels[: width * 25]
    assert all(p > 240 for p in top)


def test_same_review_same_bytes_and_number_changes_bytes(reviews, pdfs):
    r = reviews[Conclusion.CONDITIONAL]
    again = render_pdf(r, OpinionMeta(number=NUMBER))
    assert again == pdfs[Conclusion.CONDITIONAL]
    other = render_pdf(r, OpinionMeta(number=document_number("开发改环资", 2026, 4)))
    assert other != again
    assert "开发改环资〔2026〕4号" in flat(_text(other))


def test_same_bytes_in_a_fresh_process(pdfs):
    script = (
        "import sys, json, hashlib, datetime as dt\n"
        "from checker import intake\n"
        "from checker.review import review\n"
        "from checker.opinion import OpinionMeta, render_pdf\n"
        "data = json.loads(sys.stdin.read())\n"
        "r = review(intake.validate(data['app']), dt.date.fromisoformat(data['as_of']))\n"
        "print(hashlib.sha256(render_pdf(r, OpinionMeta(number=data['number']))).hexdigest())\n")
    payload = json.dumps({"app": APPLICATIONS[Conclusion.APPROVE], "as_of": AS_OF.isoformat(),
                          "number": NUMBER}, ensure_ascii=False)
    out = subprocess.run([sys.executable, "-c", script], input=payload, capture_output=True,
                         text=True, check=True, timeout=120).stdout.strip()
    assert out == hashlib.sha256(pdfs[Conclusion.APPROVE]).hexdigest()


def test_fonts_read_without_a_copy_give_the_same_bytes(reviews, pdfs, monkeypatch):
    """checker.opinion.pdf hands WeasyPrint each face's data without copying it (face_data,
    clean_font): the documents, a system fallback face (堃, Noto CJK) and the PDF/A are byte
    for byte the ones WeasyPrint writes with its own copy."""
    from weasyprint.pdf import fonts
    from weasyprint.text.fonts import get_hb_object_data

    from checker.opinion import pdf

    assert fonts.get_hb_object_data is pdf.face_data and fonts.Font.clean is pdf.clean_font
    rare = make_review({**APPLICATIONS[Conclusion.APPROVE],
                        "project": project(name="开福区堃鑫办公楼项目", investment=5000)})
    cases = [(reviews[Conclusion.CONDITIONAL], None), (rare, None),
             (reviews[Conclusion.APPROVE], "pdf/a-3b")]
    viewed = [render_pdf(r, OpinionMeta(number=NUMBER), variant=v) for r, v in cases]
    assert viewed[0] == pdfs[Conclusion.CONDITIONAL]
    monkeypatch.setattr(fonts, "get_hb_object_data", get_hb_object_data)
    monkeypatch.setattr(fonts.Font, "clean", pdf._clean)
    copied = [render_pdf(r, OpinionMeta(number=NUMBER), variant=v) for r, v in cases]
    assert [hashlib.sha256(b).hexdigest() for b in viewed] == \
        [hashlib.sha256(b).hexdigest() for b in copied]
    assert any("Noto" in name for name in font_unicode_map(viewed[1]))


def test_checksum_and_rulebook_version_in_the_working_paper_not_the_document(reviews, pdfs,
                                                                            pdf_dir, papers,
                                                                            paper_dir):
    r = reviews[Conclusion.REJECT]
    text = flat(pdftotext(pdf_dir[Conclusion.REJECT]))
    assert r.input_sha256 not in text and r.rulebook_version not in text
    meta = PdfReader(io.BytesIO(pdfs[Conclusion.REJECT])).metadata
    assert r.input_sha256 not in str(dict(meta)) and r.rulebook_version not in str(dict(meta))
    assert meta["/CreationDate"].startswith("D:20260115")
    assert meta["/Title"] == f"关于《{r.application.project.name}节能报告》的审查意见"
    paper = flat(pdftotext(paper_dir[Conclusion.REJECT]))
    assert r.input_sha256 in paper and r.rulebook_version in paper
    meta = PdfReader(io.BytesIO(papers[Conclusion.REJECT])).metadata
    assert r.input_sha256 in meta["/Subject"] and r.rulebook_version in meta["/Subject"]
    assert f"input-sha256:{r.input_sha256}" in meta["/Keywords"]
    assert meta["/inputsha256"] == r.input_sha256
    assert meta["/rulebookversion"] == r.rulebook_version
    assert "document:working_paper" in meta["/Keywords"]


def test_draft_without_number(reviews):
    pdf = render_pdf(reviews[Conclusion.APPROVE])
    text = flat(_text(pdf))
    assert "草稿（文号待编）" in text and "开发改环资" not in text


def test_authority_and_issue_date_are_configurable(reviews):
    import datetime as dt

    meta = OpinionMeta(number=NUMBER, issued_on=dt.date(2026, 2, 3), authority="长沙市某某局")
    text = flat(_text(render_pdf(reviews[Conclusion.APPROVE], meta)))
    assert "长沙市某某局" in text and "2026年2月3日" in text
    # The review date (基准日) is the working paper's, never the issued document's.
    assert "基准日" not in text


def _imprint_lines(html: str) -> dict[str, list[tuple[float, float, float]]]:
    """The 版记's 印发机关 and 印发日期 as laid out: (left, right, top) of each line of text."""
    from checker.opinion.pdf import layout

    found: dict[str, list[tuple[float, float, float]]] = {}

    def visit(box) -> None:
        element = getattr(box, "element", None)
        name = element.get("class") if element is not None else None
        if name in ("imprint-authority", "imprint-date") and type(box).__name__ == "TextBox":
            found.setdefault(name, []).append(
                (box.position_x, box.position_x + box.width, box.position_y))
        for child in getattr(box, "children", None) or []:
            visit(child)

    for page in layout(html).pages:
        visit(page._page_box)
    return found


@pytest.mark.parametrize("authority", ["长沙市开福区发展和改革局",
                                       "长沙市开福区发展和改革局长沙市开福区粮食和物资储备局"])
def test_a_long_issuing_authority_never_runs_under_the_issue_date(reviews, authority):
    """版记: a configured 印发机关 of any length keeps clear of the 印发日期 on its line (a name
    of 22 or more characters ran under the date); the date stays on the name's last line."""
    from checker.opinion import render_html

    meta = OpinionMeta(number=NUMBER, issued_on=dt.date(2026, 12, 31), authority=authority)
    lines = _imprint_lines(render_html(reviews[Conclusion.APPROVE], meta))
    (date_left, _, date_top), = lines["imprint-date"]
    for left, right, top in lines["imprint-authority"]:
        assert top != date_top or right < date_left, (lines, authority)
    assert max(top for _, _, top in lines["imprint-authority"]) == date_top


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("kind", list(Conclusion), ids=lambda k: k.value)
def test_imprint_closes_the_last_page(kind, pdfs):
    """版记 (GB/T 9704-2012): issuing office and issue date on the document's last page."""
    reader = PdfReader(io.BytesIO(pdfs[kind]))
    last = flat(reader.pages[-1].extract_text())
    assert "长沙市开福区发展和改革局" in last and "2026年1月15日印发" in last
    earlier = "".join(flat(page.extract_text()) for page in reader.pages[:-1])
    assert "2026年1月15日印发" not in earlier
