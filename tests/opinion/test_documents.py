"""Each document type read back from its PDF (pdftotext); every document of every sample at
2025-08-31 and 2026-06-01: nothing of the verification material in an issued body, the page
budgets kept, and everything taken out of a body findable in the 审查工作底稿."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import pytest
from opinion_support import make_review, project

from checker import intake
from checker.opinion import (PAGE_BUDGETS, OpinionMeta, document, render_pdf,
                             render_working_paper_pdf)
from checker.review import review
from tests.conftest import sample_files

NUMBER = "开发改环资〔2026〕9号"

# One application per document type (reviewed as of 2026-01-15, Order 2025 No. 31 in force).
CASES = {
    "energy_opinion": {"project": project(name="开福区某商业楼项目"),
                       "energy": [{"carrier": "electricity", "quantity": 1500, "unit": "万kWh"}]},
    "commitment_notice": {"project": project(name="开福区某园区厂房项目", regional_review_zone=True),
                          "energy": [{"carrier": "electricity", "quantity": 1500, "unit": "万kWh"}]},
    "correction_notice": {"project": project(name="开福区某待补正项目")},
    "stop_notice": {"project": project(name="开福区某大型工厂项目", construction_started=True),
                    "energy": [{"carrier": "electricity", "quantity": 9000, "unit": "万kWh"}]},
    "referral_letter": {"project": project(name="开福区某大型商业综合体项目"),
                        "energy": [{"carrier": "electricity", "quantity": 9000, "unit": "万kWh"}]},
    "exempt_notice": {"project": project(name="开福区某小型办公楼项目"),
                      "energy": [{"carrier": "electricity", "quantity": 100, "unit": "万kWh"}],
                      "buildings": {"new_floor_area_m2": 8000, "green_building_standard": False}},
    "pollutant_opinion": {"project": project(name="开福区某印刷厂项目", industry_code="2311"),
                          "energy": [{"carrier": "electricity", "quantity": 900, "unit": "万kWh"}],
                          # An ink over the GB 38507 limit (veto: 不符合).
                          "vocs": {"new_emissions_t": 10, "secured_offset_t": 10, "materials": [
                              {"category": "油墨", "kind": "ink_solvent_gravure",
                               "name": "溶剂型凹印油墨", "voc_content": 78, "content_unit": "%",
                               "annual_use_t": 120}]}},
}

# What never appears in an issued document (issue 23 item 1), as the reader sees the text.
FORBIDDEN = {
    "parameter key, rule id or field path": r"(?<![A-Za-z0-9.])[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*",
    "URL": r"https?://|www\.",
    "verification tag": r"(?<![A-Za-z0-9])(?:V1|V2|UNVERIFIED|GAP)(?![A-Za-z0-9])",
    "待核实": "待核实", "推定": "推定", "规则库": "规则库", "审查人员…核对": "审查人员[^。]*核对",
    "未核算": "未核算", "基准日": "基准日",
}
DATES = (dt.date(2025, 8, 31), dt.date(2026, 6, 1))


def pdf_text(pdf: bytes) -> tuple[str, int]:
    """The PDF's text as pdftotext reads it (lines joined, page numbers dropped) and its
    page count."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, check=True,
                         capture_output=True, timeout=60).stdout.decode("utf-8")
    pages = out.count("\f") + (0 if out.endswith("\f") else 1)
    return re.sub(r"\s+", "", re.sub(r"—\s*[0-9]+\s*—", "", out)), pages


def forbidden_in(text: str) -> list[str]:
    return [f"{name}: {m.group(0)}" for name, pattern in FORBIDDEN.items()
            for m in [re.search(pattern, text)] if m]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def rendered() -> dict:
    out = {}
    for kind, data in CASES.items():
        r = make_review(data)
        out[kind] = (r, pdf_text(render_pdf(r, OpinionMeta(number=NUMBER), kind))[0])
    return out


@pytest.mark.parametrize("kind", list(CASES))
def test_each_document_type_reads_back(kind, rendered):
    r, text = rendered[kind]
    assert r.documents()[0 if kind != "pollutant_opinion" else 1] == kind
    opinion = document.build(r, OpinionMeta(number=NUMBER), kind)
    assert flat(opinion.title) in text and flat(opinion.conclusion) in text
    assert NUMBER in text
    assert forbidden_in(text) == []
    assert "附件审查依据与核对信息" not in text and r.input_sha256 not in text


def test_titles_addressees_and_wording_by_type(rendered):
    texts = {kind: text for kind, (_, text) in rendered.items()}
    assert "关于《开福区某商业楼项目节能报告》的审查意见" in texts["energy_opinion"]
    assert "原则同意该项目节能报告" in texts["energy_opinion"]
    assert "第二十一条" in texts["energy_opinion"]  # 节能验收 (N23)
    commitment = texts["commitment_notice"]
    assert "实行告知承诺制的告知书" in commitment and "第十一条" in commitment
    assert "原则同意" not in commitment and "对承诺内容进行验收" in commitment
    correction = texts["correction_notice"]
    assert "节能审查申报材料补正的通知" in correction and "年能源消费" in correction
    assert "材料不全" not in correction and "0吨标准煤" not in correction
    stop = texts["stop_notice"]
    assert "责令《开福区某大型工厂项目》停止建设、限期整改的通知" in stop
    assert "第二十四条" in stop and "出具相关证明" in stop
    assert "罚款" not in stop and "不予通过" not in stop and "审查意见函告" not in stop
    letter = texts["referral_letter"]
    assert "关于转报《开福区某大型商业综合体项目节能报告》的函" in letter
    assert "长沙市发展和改革委员会：" in letter and "初审意见" in letter
    assert "附件：" in letter and "268号" not in letter and "抄送：长沙某置业" not in letter
    assert "须落实：" not in letter and "原则同意" not in letter
    notice = texts["exempt_notice"]
    assert "节能审查有关事项的告知书" in notice and "年煤炭消费量不满1,000吨" in notice
    assert "年电力消费量" not in notice and "同意该项目节能报告" not in notice
    pollutant = texts["pollutant_opinion"]
    assert "污染物排放与VOCs控制的部门意见" in pollutant
    assert "长沙市开福区发展和改革局：" in pollutant and "不符合有关要求" in pollutant
    assert "油墨VOCs含量不得超过GB38507限值" in pollutant
    assert "行政复议" not in pollutant  # an opinion to the 发改局, not a decision (N21)
    assert "节能审查事项由长沙市开福区发展和改革局另行办理（" in pollutant
    assert "另行出具部门意见" not in texts["energy_opinion"]  # no ecology document there


def test_review_before_the_rules_asks_for_nothing_it_cannot_judge():
    r = review(intake.validate(CASES["energy_opinion"]), dt.date(2019, 1, 1))
    assert r.outcome.value == "undetermined" and r.documents() == ["correction_notice"]
    text, _ = pdf_text(render_pdf(r))
    assert "原则同意" not in text and "无法判断该项目是否须单独进行节能审查" in text
    assert forbidden_in(text) == []
    paper, _ = pdf_text(render_working_paper_pdf(r))
    assert "本规则库不适用于该日期" in paper  # the warning is the reviewer's, inside


def test_a_document_the_review_does_not_produce_is_refused(rendered):
    r, _ = rendered["exempt_notice"]
    with pytest.raises(ValueError, match="不出具"):
        render_pdf(r, OpinionMeta(), "energy_opinion")


SAMPLES = sample_files()


@pytest.fixture(scope="module")
def samples() -> dict:
    """Every sample at both dates: its review, each document's text and pages, the working
    paper's text (rendered once for the module)."""
    out = {}
    for path in SAMPLES:
        data = json.loads(path.read_text(encoding="utf-8"))
        for day in DATES:
            r = review(intake.validate(data), day)
            docs = {kind: pdf_text(render_pdf(r, OpinionMeta(), kind)) for kind in r.documents()}
            out[path.stem, day] = (r, docs, pdf_text(render_working_paper_pdf(r))[0])
    return out


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_no_verification_material_in_any_issued_document(path, samples):
    for day in DATES:
        _, docs, _ = samples[path.stem, day]
        for kind, (text, _) in docs.items():
            assert forbidden_in(text) == [], (path.stem, day.isoformat(), kind)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_page_budgets(path, samples):
    """告知书 and 补正通知 ≤ 2 pages, 节能审查意见 ≤ 4, 转报函 ≤ 3, ecology 部门意见 ≤ 3; the
    版记 shares its page with text (never alone)."""
    for day in DATES:
        _, docs, _ = samples[path.stem, day]
        for kind, (text, pages) in docs.items():
            assert pages <= PAGE_BUDGETS[kind], (path.stem, day.isoformat(), kind, pages)
            assert re.search(r"印.{0,3}发", text[-60:]), (path.stem, kind)  # 版记 last


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_the_working_paper_holds_everything_the_bodies_leave_out(path, samples):
    """Every fragment taken out of a body, every finding's rule id, every parameter's source,
    the input hash and the rulebook version are in the working paper."""
    for day in DATES:
        r, docs, paper = samples[path.stem, day]
        for kind in docs:
            opinion = document.build(r, OpinionMeta(), kind)
            for fragment in opinion.withheld:
                assert flat(fragment) in paper, (path.stem, day.isoformat(), kind, fragment)
        for finding in r.findings:
            assert finding.rule_id in paper, (path.stem, finding.rule_id)
            for parameter in finding.parameters:
                assert flat(parameter.title) in paper, (path.stem, parameter.name)
        assert r.input_sha256 in paper and flat(r.rulebook_version) in paper


def test_the_working_paper_is_never_numbered_addressed_or_sent(samples):
    from checker.opinion import render_working_paper_html

    r, docs, paper = samples[SAMPLES[0].stem, DATES[1]]
    assert "审查工作底稿" in paper and "不编文号" in paper
    html = render_working_paper_html(r)
    for part in ('class="docnumber"', 'class="addressee"', 'class="imprint"',
                 'class="signature"', 'class="masthead"'):
        assert part not in html, part


# Internal verification language (issue 22): what rules/documents.yaml may hold only in a
# comment, a `reading:` or a `note:` line — the same expression the project's checks grep for.
INTERNAL_WORDING = re.compile(r"待核实|推定|规则库|未核算|审查人员.{0,6}核对|https?://")


def html_text(html: str) -> str:
    """The visible text of a document's HTML (head and styles dropped, entities resolved)."""
    import html as htmlmod

    body = re.sub(r"<head>.*?</head>|<style>.*?</style>", "", html, flags=re.S)
    return flat(htmlmod.unescape(re.sub(r"<[^>]+>", "", body)))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_issued_documents_hold_only_issued_wording(path, samples):
    """Every issued document of every sample, as a draft and as issued (numbered), in its HTML
    and in its PDF's text: none of the internal verification language, no URL, no rule id and
    no parameter key of the rulebook — the decision and the requirements only. The internal
    sentences of the 碳排放评价 (rules/working_paper.yaml) stay in the working paper."""
    from checker import rulebook
    from checker.opinion import render_html

    book = rulebook.shipped()
    identifiers = sorted({*book.by_id, *book.parameters}, key=len, reverse=True)
    internal = book.documents.working_paper.carbon
    for day in DATES:
        r, docs, paper = samples[path.stem, day]
        for kind, (pdf_text_, _) in docs.items():
            issued_pdf = pdf_text(render_pdf(r, OpinionMeta(number=NUMBER), kind))[0]
            for meta, text in ((OpinionMeta(), pdf_text_), (OpinionMeta(), None),
                               (OpinionMeta(number=NUMBER), issued_pdf),
                               (OpinionMeta(number=NUMBER), None)):
                text = text if text is not None else html_text(render_html(r, meta, kind))
                where = (path.stem, day.isoformat(), kind, meta.number)
                assert INTERNAL_WORDING.findall(text) == [], where
                assert forbidden_in(text) == [], where
                assert [i for i in identifiers if i in text] == [], where
                for sentence in (internal.reference, internal.target, internal.intensity_missing):
                    assert flat(sentence) not in text, where
        # the staff's sentences are kept, in the working paper
        for sentence in r.carbon_evaluation:
            assert flat(sentence) in paper, (path.stem, day.isoformat(), sentence)


def test_issued_wording_file_holds_no_internal_language():
    """rules/documents.yaml is what the bureau sends: internal verification language appears
    there only in comments and in `reading:` / `note:` lines (the rulebook's own readings,
    printed in the working paper); the internal sentences live in rules/working_paper.yaml."""
    from checker import rulebook

    directory = rulebook.shipped().directory
    lines = (directory / "documents.yaml").read_text(encoding="utf-8").splitlines()
    hits = [f"{n}: {line.strip()}" for n, line in enumerate(lines, 1)
            if INTERNAL_WORDING.search(line)
            and not re.match(r"\s*(#|reading:|note:)", line)]
    assert hits == []
    internal = (directory / "working_paper.yaml").read_text(encoding="utf-8")
    assert "请审查人员对照节能报告核对" in internal and "本次未核算" in internal
