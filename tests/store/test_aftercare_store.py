"""Store: after the opinion (令2025年第31号第二十一条至第二十六条) — acceptances with their own
documents, operating data imports compared with the approved levels, 双随机 draws — on
SQLite and PostgreSQL (conftest: every test runs on both when TEST_DATABASE_URL is set)."""
from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from checker import aftercare, intake, rulebook
from checker.aftercare import AftercareError
from checker.opinion import acts
from checker.review import review
from checker.store import aftercare as store
from checker.store import create_user, get_review, records, save_review
from checker.store.models import OperatingYear

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
AS_OF, ISSUED = dt.date(2026, 3, 2), dt.date(2026, 3, 10)


PREFIXES = {"acceptance_opinion": "测试验", "rectification_notice": "测试整"}


def number(series: str, year: int, seq: int) -> str:
    return f"{PREFIXES.get(series, '测试')}〔{year}〕{seq}号"


def render_act(engine):
    """The real renderer of an act document (checker.opinion.acts), as the web uses it."""
    book = rulebook.shipped()

    def render(document, number_text, day):
        return acts.render_pdf(store.act_draft(engine, document), book, number_text, day,
                               variant="pdf/a-3b")
    return render


def stand_in_pdf(document, number_text, day):
    return f"%PDF-1.7 {document.doc_type} {number_text} {day}".encode()


@pytest.fixture
def people(engine):
    reviewer = create_user(engine, "审查员", "审查员的密码2026")
    approver = create_user(engine, "签发人", "签发人的密码2026", "approver", "drc")
    return reviewer, approver


def issued_record(engine, people, name="食品厂", code="2026-430105-14-03-000001"):
    """A food factory's 节能审查意见, issued."""
    reviewer, approver = people
    data = json.loads((SAMPLES / "food_factory.json").read_text(encoding="utf-8"))
    data["project"].update(name=name, code=code)
    result = review(intake.validate(data), AS_OF)
    record = save_review(engine, result, json.dumps(data, ensure_ascii=False), reviewer.id)
    main = get_review(engine, record.id).documents[0]
    records.submit(engine, main.id, reviewer)
    records.issue(engine, main.id, approver, number, stand_in_pdf, issued_on=ISSUED)
    return get_review(engine, record.id), result


def all_done(items, status=aftercare.DONE):
    form = {}
    for item in items:
        form[f"status.{item['key']}"] = status
        form[f"evidence.{item['key']}"] = "现场核查，与节能报告一致"
    return form


def test_acceptance_failed_then_passed_for_two_phases_with_their_own_numbers(engine, people):
    reviewer, approver = people
    record, result = issued_record(engine, people)
    items = aftercare.checklist(result, rulebook.shipped())
    first = store.open_acceptance(engine, record.id, "一期", dt.date(2026, 4, 1), items, reviewer)
    second = store.open_acceptance(engine, record.id, "二期", None, items, reviewer)
    with pytest.raises(AftercareError, match="已有验收记录"):
        store.open_acceptance(engine, record.id, "一期", None, items, reviewer)
    checklist = store.items_of(first)
    assert [i["group"] for i in checklist][:1] == ["审查要求"]
    assert any("当量值" in i["text"] for i in checklist)
    with pytest.raises(AftercareError, match="自查报告"):
        store.decide(engine, first.id, all_done(checklist), reviewer, ISSUED)
    with pytest.raises(AftercareError, match="只接受PDF"):
        store.attach_report(engine, first.id, "自查报告.exe", b"MZ...", reviewer)
    with pytest.raises(AftercareError, match="不是PDF"):
        store.attach_report(engine, first.id, "自查报告.pdf", b"hello", reviewer)
    store.attach_report(engine, first.id, "自查报告.pdf", b"%PDF-1.7 self-check", reviewer)
    with pytest.raises(AftercareError, match="第1项"):
        store.decide(engine, first.id, {}, reviewer, ISSUED)
    form = all_done(checklist)
    form[f"status.{checklist[0]['key']}"] = aftercare.NOT_DONE
    decided = store.decide(engine, first.id, form, reviewer, dt.date(2026, 9, 1))
    assert decided.result == "failed"
    document = store.act_document(engine, decided.document_id)
    assert (document.doc_type, document.state, document.drafter_id) == (
        "acceptance_opinion", "draft", reviewer.id)
    # the act documents are not the review's own
    assert [d.doc_type for d in get_review(engine, record.id).documents] == [
        "energy_opinion", "pollutant_opinion"]
    with pytest.raises(records.RecordError, match="起草人"):
        records.submit(engine, document.id, approver)
    records.submit(engine, document.id, reviewer)
    with pytest.raises(records.RecordError, match="只有签发人"):
        records.issue(engine, document.id, reviewer, number, render_act(engine))
    issued = records.issue(engine, document.id, approver, number, render_act(engine),
                           issued_on=dt.date(2026, 9, 2))
    assert issued.number == "测试验〔2026〕1号"
    reader = PdfReader(io.BytesIO(records.stored_pdf(engine, document.id)))
    assert len(reader.pages) <= acts.PAGE_BUDGET
    text = "".join(p.extract_text() for p in reader.pages)
    assert "验收不合格" in text and "测试验〔2026〕1号" in text and "一期" in text
    assert "待核实" not in text and "procedure." not in text and "现场核查" not in text
    with pytest.raises(AftercareError, match="不能再修改"):
        store.decide(engine, first.id, all_done(checklist), reviewer, ISSUED)
    # the second phase passes: its own document, the next number of the series
    store.attach_report(engine, second.id, "二期自查报告.docx", b"PK\x03\x04word", reviewer)
    passed = store.decide(engine, second.id, all_done(store.items_of(second)), reviewer, ISSUED)
    assert passed.result == "passed"
    records.submit(engine, passed.document_id, reviewer)
    assert records.issue(engine, passed.document_id, approver, number, render_act(engine),
                         issued_on=dt.date(2026, 9, 3)).number == "测试验〔2026〕2号"
    assert get_review(engine, record.id).opinion_number == "测试〔2026〕1号"
    events = store.project_events(engine, record.project_code)
    assert sorted(e.title for e in events if e.kind == "acceptance") == sorted([
        "节能审查验收（一期）受理", "节能审查验收（二期）受理", "验收不合格（一期）",
        "验收合格（二期）"])
    assert [e.date for e in events] == sorted(e.date for e in events)
    assert sorted(store.acceptance_events(engine, record.project_code),
                  key=lambda e: (e.date, e.kind)) == events  # only acceptances so far
    assert all(e.link.startswith("/acceptances/") for e in events)


def test_acceptance_needs_an_issued_opinion_and_has_a_deadline(engine, people):
    reviewer, _ = people
    data = json.loads((SAMPLES / "food_factory.json").read_text(encoding="utf-8"))
    draft = save_review(engine, review(intake.validate(data), AS_OF), json.dumps(data),
                        reviewer.id)
    with pytest.raises(AftercareError, match="没有已签发"):
        store.open_acceptance(engine, draft.id, "", None, [], reviewer)
    record, result = issued_record(engine, people)
    row = store.open_acceptance(engine, record.id, "", dt.date(2026, 4, 1),
                                aftercare.checklist(result, rulebook.shipped()), reviewer)
    # 2026-10-01 is in the National Day holiday: the period ends on the next working day
    assert store.deadlines(engine) == [store.Deadline(
        dt.date(2026, 10, 8), "食品厂节能审查验收", f"/acceptances/{row.id}",
        record.project_code, record.project_name, reviewer.id)]


def workbook(rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = aftercare.TEMPLATE_SHEET
    sheet.append(aftercare.HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_operating_import_compares_with_the_approved_levels(engine, people):
    reviewer, approver = people
    record, _ = issued_record(engine, people)
    code = record.project_code
    approved = record.energy_tce
    threshold = rulebook.shipped().parameters[aftercare.OVERRUN_PARAMETER].at(ISSUED).value
    assert threshold == 10
    rows = aftercare.read_operating_xlsx(workbook([
        [code, 2026, approved * 1.1, None, None, None, None],            # exactly 10 %: overrun
        [code, 2027, round(approved * 1.101, 6), None, None, None, None],  # 10.1 %: overrun
        [code, 2028, round(approved * 1.099, 6), None, None, None, None],  # 9.9 %: none
    ]), 2028)
    imported = store.import_operating(engine, rows, threshold, reviewer, "sha")
    assert imported.notices == 2
    years = {y.year: y for y in store.operating_years(engine, project_code=code)}
    assert [json.loads(years[y].overruns_json) != [] for y in (2026, 2027, 2028)] == [
        True, True, False]
    notice = store.act_document(engine, years[2027].document_id)
    assert (notice.doc_type, notice.state) == ("rectification_notice", "draft")
    records.submit(engine, notice.id, reviewer)
    issued = records.issue(engine, notice.id, approver, number, render_act(engine),
                           issued_on=dt.date(2028, 2, 1))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        records.stored_pdf(engine, notice.id))).pages)
    assert issued.number == "测试整〔2028〕1号" and "限期整改" in text and "高出10.10%" in text.replace("\n", "")
    kinds = [e.kind for e in store.project_events(engine, code)]
    assert kinds.count("operating") == 3 and kinds.count("rectification") == 2
    overrun_details = [e.detail for e in store.operating_events(engine, code)
                       if e.kind == "operating" and "高出" in e.detail]
    assert len(overrun_details) == 2
    assert all(d.startswith("年综合能源消费量（当量值）高出") for d in overrun_details)
    ledger = store.approved_vs_actual(engine)
    assert [(r["year"], r["overrun"]) for r in ledger] == [(2028, False), (2027, True),
                                                            (2026, True)]
    assert ledger[1]["figures"][0]["ratio"] == 10.1
    # a year already imported, or an unknown project: the whole file is refused
    again = aftercare.read_operating_xlsx(workbook([
        [code, 2025, 1.0, None, None, None, None], [code, 2026, 1.0, None, None, None, None],
        ["9999-000", 2026, 1.0, None, None, None, None]]), 2028)
    with pytest.raises(AftercareError, match="第4行 A列"):
        store.import_operating(engine, again, threshold, reviewer, "sha")
    with pytest.raises(AftercareError, match="第3行 B列.*已导入"):
        store.import_operating(engine, again[:2], threshold, reviewer, "sha")
    with Session(engine) as session:
        assert session.scalar(select(OperatingYear.id).where(OperatingYear.year == 2025)) is None


def test_the_draw_is_recorded_and_reproducible_from_its_seed(engine, people):
    reviewer, _ = people
    for n in range(5):
        issued_record(engine, people, name=f"项目{n}", code=f"2026-430105-14-03-00000{n}")
    for name in ("检查员甲", "检查员乙", "检查员丙"):
        user = create_user(engine, name, "检查员的密码2026")
        store.set_inspector(engine, user.id, True, reviewer)
    assert user.id in store.inspector_ids(engine)
    store.set_inspector(engine, user.id, False, reviewer)
    assert user.id not in store.inspector_ids(engine)
    store.set_inspector(engine, user.id, True, reviewer)
    draw = store.record_draw(engine, "2026年第一批双随机检查", "seed-2026-1",
                             dt.date(2026, 6, 1), 2, 2, reviewer)
    result = json.loads(draw.result_json)
    assert store.redraw(store.get_draw(engine, draw.id)) == result
    pools = json.loads(draw.pool_json)
    shuffled = {"projects": pools["projects"][::-1], "inspectors": pools["inspectors"][::-1]}
    assert aftercare.draw("seed-2026-1", shuffled["projects"], shuffled["inspectors"], 2,
                          2) == result
    assert {i["name"] for i in result["inspectors"]} <= {"检查员甲", "检查员乙", "检查员丙"}
    chosen = result["projects"][0]
    store.record_result(engine, draw.id, chosen["review_id"], dt.date(2026, 6, 3),
                        "未发现问题", "现场人员：某某，内部记录", reviewer)
    with pytest.raises(AftercareError, match="已登记"):
        store.record_result(engine, draw.id, chosen["review_id"], dt.date(2026, 6, 3),
                            "未发现问题", "", reviewer)
    outside = {p["review_id"] for p in pools["projects"]} - {
        p["review_id"] for p in result["projects"]}
    with pytest.raises(AftercareError, match="不在本次抽取结果"):
        store.record_result(engine, draw.id, outside.pop(), dt.date(2026, 6, 3), "合格", "",
                            reviewer)
    assert [e.detail for e in store.inspection_events(engine, chosen["project_code"])] == [
        "未发现问题"]
    published = store.public_results(engine)
    assert published == [{"title": "2026年第一批双随机检查",
                          "project_name": chosen["project_name"],
                          "project_code": chosen["project_code"],
                          "inspected_on": dt.date(2026, 6, 3), "result": "未发现问题"}]
    with pytest.raises(AftercareError, match="抽取项目数"):
        store.record_draw(engine, "第二批", "s", dt.date(2026, 6, 1), 9, 1, reviewer)


def test_project_file_and_todo_carry_the_acceptance(engine, people):
    """The project page (checker.store.projects.EVENT_SOURCES) lists the acceptance and, once
    the whole project's acceptance opinion that passed is issued, the project is 已验收; the
    待办 page (checker.store.deadlines.SOURCES) carries the acceptance's deadline until then."""
    from checker.store import deadlines, projects

    reviewer, approver = people
    record, result = issued_record(engine, people)
    row = store.open_acceptance(engine, record.id, "", dt.date(2026, 4, 1),
                                aftercare.checklist(result, rulebook.shipped()), reviewer)
    due = [d for d in deadlines.deadlines(engine, dt.date(2026, 9, 1)) if d.kind == "acceptance"]
    assert [(d.due, d.project_code, d.owner_id) for d in due] == [
        (dt.date(2026, 10, 8), record.project_code, reviewer.id)]
    assert deadlines.for_user(due, reviewer) == due
    store.attach_report(engine, row.id, "自查报告.pdf", b"%PDF-1.7 report", reviewer)
    passed = store.decide(engine, row.id, all_done(store.items_of(row)), reviewer, ISSUED)
    assert "已验收" not in {e.state for e in projects.project_file(
        engine, record.project_code).events}  # the opinion is a draft
    records.submit(engine, passed.document_id, reviewer)
    records.issue(engine, passed.document_id, approver, number, render_act(engine),
                  issued_on=dt.date(2026, 9, 3))
    file = projects.project_file(engine, record.project_code)
    # the state from this event on (the record line is dated the day the test stores it, so
    # file.state follows the events in date order of a real project, not this test's)
    accepted = [e for e in file.events if e.kind == "acceptance" and e.title == "验收合格"]
    assert [e.state for e in accepted] == ["已验收"]
    assert not [d for d in deadlines.deadlines(engine, dt.date(2026, 9, 4))
                if d.kind == "acceptance"]
