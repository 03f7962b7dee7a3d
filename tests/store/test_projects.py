"""The project file (checker.store.projects): state derived from records and acts, change
applications (Art. 18), lapse (Art. 19) by the daily job, revocation (Art. 25) distinct from a
void, rectification (Art. 24), and the ledger's approved totals — on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checker import intake
from checker.refusals import Conflict, Forbidden, Refused
from checker.review import review
from checker.store import create_user, get_review, records, save_review
from checker.store import projects
from checker.store.deadlines import deadlines, for_user
from checker.store.models import LedgerTotal, ProjectAct, ReviewDocument

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
AS_OF = dt.date(2026, 3, 1)
ISSUED = dt.date(2026, 3, 2)
CODE = "2601-430105-04-01-412087"  # samples/food_factory.json
STOP_CODE = "2601-430105-04-02-552031"  # samples/built_before_approval.json


def number(series: str, year: int, seq: int) -> str:
    return f"测试{series}〔{year}〕{seq}号"


def stand_in_pdf(document, number_text: str, day: dt.date) -> bytes:
    return f"%PDF-1.7 {document.doc_type} {number_text} {day}".encode()


def people(engine):
    return (create_user(engine, "审查员", "审查员的密码2026"),
            create_user(engine, "发改签发人", "签发人的密码2026", "approver", "drc"),
            create_user(engine, "环境签发人", "签发人的密码2026", "approver", "ecology"))


def stored(engine, user, sample="food_factory", as_of=AS_OF, **project):
    data = json.loads((SAMPLES / f"{sample}.json").read_text(encoding="utf-8"))
    data["project"].update(project)
    return save_review(engine, review(intake.validate(data), as_of), json.dumps(data), user.id,
                       recorded_on=as_of)


def issue_main(engine, record, drafter, approver, day=ISSUED):
    document = get_review(engine, record.id).documents[0]
    records.submit(engine, document.id, drafter)
    records.issue(engine, document.id, approver, number, stand_in_pdf, issued_on=day)
    return get_review(engine, record.id)


def approved_count(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.coalesce(func.sum(LedgerTotal.count), 0))
                              .where(LedgerTotal.ledger_class == "approved"))


def test_state_follows_the_events(engine):
    drafter, drc, _ = people(engine)
    record = stored(engine, drafter)
    assert projects.project_file(engine, CODE).state == "审查中"
    issue_main(engine, record, drafter, drc)
    file = projects.project_file(engine, CODE)
    assert file.state == "已出具意见" and file.opinion.id == record.id
    assert [e.kind for e in file.events] == ["record", "issued"]
    assert file.lapse.base == ISSUED and file.lapse.last_day == dt.date(2028, 3, 2)
    assert file.lapse.lapses_on == dt.date(2028, 3, 3)
    projects.declare_start(engine, CODE, "2026-06-01", drafter, dt.date(2026, 6, 2))
    assert projects.project_file(engine, CODE).state == "已开工建设"
    assert projects.project_file(engine, "2601-430105-04-01-000000") is None
    rows = projects.list_projects(engine, "食品")
    assert [r.code for r in rows] == [CODE] and rows[0].state == "已开工建设"


def test_lapse_on_the_day_after_the_second_anniversary_once(engine):
    drafter, drc, _ = people(engine)
    issue_main(engine, stored(engine, drafter), drafter, drc)
    assert approved_count(engine) == 1
    assert projects.apply_lapses(engine, dt.date(2028, 3, 2)) == []  # the anniversary
    assert approved_count(engine) == 1
    lapsed = projects.apply_lapses(engine, dt.date(2028, 3, 3))
    assert [(x.code, x.lapses_on) for x in lapsed] == [(CODE, dt.date(2028, 3, 3))]
    assert projects.apply_lapses(engine, dt.date(2028, 3, 4)) == []  # idempotent
    file = projects.project_file(engine, CODE)
    assert file.state == "已失效" and file.lapse.applied == dt.date(2028, 3, 3)
    assert approved_count(engine) == 0  # out of the ledger's approved totals
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(ProjectAct)
                              .where(ProjectAct.kind == "lapse")) == 1
    # a lapsed opinion is not voided afterwards (it would leave the ledger twice)
    document = file.opinion.documents[0]
    with pytest.raises(records.RecordError, match="已失效"):
        records.void(engine, document.id, drc, "笔误")
    with pytest.raises(Conflict, match="已失效"):
        projects.apply_change(engine, CODE, "2028-03-04", "建设规模调整", "市场变化", drafter,
                              dt.date(2028, 3, 5))


def test_a_start_in_time_averts_the_lapse(engine):
    drafter, drc, _ = people(engine)
    issue_main(engine, stored(engine, drafter), drafter, drc)
    with pytest.raises(Refused, match="开工日期须为日期"):
        projects.declare_start(engine, CODE, "2026/06/01", drafter, dt.date(2026, 7, 1))
    with pytest.raises(Refused, match="开工日期不得早于2026-03-02"):
        projects.declare_start(engine, CODE, "2026-03-01", drafter, dt.date(2026, 7, 1))
    projects.declare_start(engine, CODE, "2028-03-02", drafter, dt.date(2028, 3, 2))
    assert projects.apply_lapses(engine, dt.date(2030, 1, 1)) == []
    assert approved_count(engine) == 1
    with pytest.raises(Conflict, match="不能重复办理"):
        projects.declare_start(engine, CODE, "2028-03-02", drafter, dt.date(2028, 3, 2))


def test_change_granted_issues_its_own_numbered_letter_and_restarts_the_period(engine):
    drafter, drc, _ = people(engine)
    issue_main(engine, stored(engine, drafter), drafter, drc)
    with pytest.raises(Refused) as refused:
        projects.apply_change(engine, CODE, "2026-05-01", "", "理由", drafter, dt.date(2026, 5, 6))
    assert refused.value.problems[0]["path"] == "change"
    with pytest.raises(Refused, match="内部核对用语"):
        projects.apply_change(engine, CODE, "2026-05-01", "规模调整（待核实）", "理由", drafter,
                              dt.date(2026, 5, 6))
    request = projects.apply_change(engine, CODE, "2026-05-01", "年产量由2万吨调整为2.5万吨",
                                    "市场需求增加", drafter, dt.date(2026, 5, 6))
    assert projects.project_file(engine, CODE).state == "变更申请中"
    act = projects.decide_change(engine, CODE, request.id, "grant", drafter, dt.date(2026, 5, 8))
    with pytest.raises(Conflict, match="已作出决定"):
        projects.decide_change(engine, CODE, request.id, "grant", drafter, dt.date(2026, 5, 8))
    with Session(engine) as session:
        letter = session.get(ReviewDocument, act.document_id)
        assert (letter.doc_type, letter.series, letter.state) == \
            ("change_consent", "change_consent", "draft")
    # drafted by the act's author, signed by an approver (not the author), like any document
    with pytest.raises(records.RecordError, match="只有签发人"):
        records.issue(engine, letter.id, drafter, number, stand_in_pdf)
    records.submit(engine, letter.id, drafter)
    issued = records.issue(engine, letter.id, drc, number, stand_in_pdf,
                           issued_on=dt.date(2026, 5, 10))
    assert issued.number == "测试change_consent〔2026〕1号"
    file = projects.project_file(engine, CODE)
    assert file.state == "已变更"
    assert file.lapse.base == dt.date(2026, 5, 10)  # Art. 19: 或同意变更决定之日起
    assert file.lapse.lapses_on == dt.date(2028, 5, 11)
    assert approved_count(engine) == 1  # a letter is not a second record in the ledger
    words = projects.act_words(engine, projects.act_of_document(engine, letter.id))
    assert words["change"] == "年产量由2万吨调整为2.5万吨" and words["received_on"] == "2026年5月1日"


def test_change_refused_as_new_review_links_the_new_record(engine):
    drafter, drc, _ = people(engine)
    first = issue_main(engine, stored(engine, drafter), drafter, drc)
    request = projects.apply_change(engine, CODE, "2026-05-01", "主要生产装置更换", "工艺升级",
                                    drafter, dt.date(2026, 5, 6))
    other = stored(engine, drafter, name="另一个项目", code="2601-430105-04-01-999999")
    with pytest.raises(Refused, match="须为本项目"):
        projects.decide_change(engine, CODE, request.id, "rereview", drafter, dt.date(2026, 5, 8),
                               new_review_id=other.id, reason="属重大变动，须重新审查")
    with pytest.raises(Refused) as refused:
        projects.decide_change(engine, CODE, request.id, "rereview", drafter, dt.date(2026, 5, 8),
                               new_review_id="abc", reason="须重新审查")
    assert refused.value.problems[0]["title"] == "新审查记录编号"
    second = stored(engine, drafter, as_of=dt.date(2026, 5, 8))
    projects.decide_change(engine, CODE, request.id, "rereview", drafter, dt.date(2026, 5, 8),
                           new_review_id=second.id, reason="属重大变动，须重新审查")
    file = projects.project_file(engine, CODE)
    assert file.state == "重新审查中" and [r.id for r in file.records] == [first.id, second.id]
    issue_main(engine, second, drafter, drc, day=dt.date(2026, 6, 1))
    file = projects.project_file(engine, CODE)
    assert file.state == "已出具意见" and file.opinion.id == second.id


def test_revocation_is_an_approvers_act_distinct_from_void(engine):
    drafter, drc, ecology = people(engine)
    record = issue_main(engine, stored(engine, drafter), drafter, drc)
    for who in (drafter, ecology):
        with pytest.raises(Forbidden):
            projects.revoke(engine, CODE, "提供虚假材料", "令2025年第31号第二十五条", who,
                            dt.date(2026, 8, 1))
    with pytest.raises(Refused) as refused:
        projects.revoke(engine, CODE, "提供虚假材料", "", drc, dt.date(2026, 8, 1))
    assert refused.value.problems[0]["path"] == "basis"
    assert approved_count(engine) == 1
    projects.revoke(engine, CODE, "以提供虚假材料的不正当手段通过节能审查",
                    "《固定资产投资项目节能审查和碳排放评价办法》第二十五条", drc, dt.date(2026, 8, 1))
    file = projects.project_file(engine, CODE)
    assert file.state == "已撤销" and approved_count(engine) == 0
    assert get_review(engine, record.id).documents[0].state == "issued"  # not voided
    assert projects.apply_lapses(engine, dt.date(2030, 1, 1)) == []  # never lapses after


def test_rectification_certificate_for_a_project_built_without_review(engine):
    drafter, drc, _ = people(engine)
    record = stored(engine, drafter, sample="built_before_approval")
    with pytest.raises(Refused, match="责令停止建设"):
        projects.rectify(engine, STOP_CODE, record.id, "2026-04-01", "已补编节能报告", drafter,
                         dt.date(2026, 4, 2))
    issue_main(engine, record, drafter, drc)
    assert projects.project_file(engine, STOP_CODE).state == "责令整改"
    act = projects.rectify(engine, STOP_CODE, record.id, "2026-04-01", "已补编节能报告并经认定",
                           drafter, dt.date(2026, 4, 2))
    records.submit(engine, act.document_id, drafter)
    certificate = records.issue(engine, act.document_id, drc, number, stand_in_pdf,
                                issued_on=dt.date(2026, 4, 3))
    assert certificate.number == "测试rectification_certificate〔2026〕1号"
    assert projects.project_file(engine, STOP_CODE).state == "已整改"


def test_deadlines_sorted_and_per_user(engine):
    drafter, drc, _ = people(engine)
    other = create_user(engine, "另一审查员", "审查员的密码2026")
    issue_main(engine, stored(engine, drafter), drafter, drc)
    stored(engine, other, name="待审项目", code="2601-430105-04-01-777777")
    items = deadlines(engine, dt.date(2026, 3, 10))
    kinds = [d.kind for d in items]
    assert kinds == ["lapse", "review_limit"]
    assert items[0].due == dt.date(2028, 3, 2)
    assert items[1].due is None and "未设置" in items[1].note  # GAP: Art. 17 limit unset
    assert [d.kind for d in for_user(items, other)] == ["review_limit"]


def test_housekeeping_command_applies_lapses_once(engine, database_url, capsys):
    from checker import cli

    drafter, drc, _ = people(engine)
    issue_main(engine, stored(engine, drafter), drafter, drc)
    assert cli.main(["housekeeping", "--database", database_url, "--date", "2028-03-02"]) == 0
    assert "0项审查意见到期失效" in capsys.readouterr().out
    assert cli.main(["housekeeping", "--database", database_url, "--date", "2028-03-03"]) == 0
    out = capsys.readouterr().out
    assert f"{CODE} 审查记录" in out and "自2028-03-03起自动失效" in out
    assert cli.main(["housekeeping", "--database", database_url, "--date", "2028-03-03"]) == 0
    assert "0项审查意见到期失效" in capsys.readouterr().out
    assert projects.project_file(engine, CODE).state == "已失效"
    with pytest.raises(SystemExit) as exited:
        cli.main(["housekeeping", "--database", database_url, "--date", "2028/03/03"])
    assert exited.value.code == 2
    assert "办理日期须为日期，格式 YYYY-MM-DD" in capsys.readouterr().err


def test_a_rebuild_of_the_ledger_leaves_lapsed_and_revoked_records_out(engine):
    from checker.store.ledger import LedgerFilters, rebuild, records as ledger_records

    drafter, drc, _ = people(engine)
    issue_main(engine, stored(engine, drafter), drafter, drc)
    other = stored(engine, drafter, name="另一个食品项目", code="2601-430105-04-01-888888")
    issue_main(engine, other, drafter, drc, day=dt.date(2026, 9, 1))
    kept = stored(engine, drafter, name="第三个食品项目", code="2601-430105-04-01-777777")
    issue_main(engine, kept, drafter, drc, day=dt.date(2026, 9, 2))
    projects.apply_lapses(engine, dt.date(2028, 3, 3))  # the first lapses
    projects.revoke(engine, "2601-430105-04-01-888888", "提供虚假材料", "第二十五条", drc,
                    dt.date(2027, 1, 5))
    assert approved_count(engine) == 1
    listed = list(ledger_records(engine, LedgerFilters(years=(2026, 2026))))
    assert [r["project_code"] for r in listed] == ["2601-430105-04-01-777777"]
    with Session(engine) as session, session.begin():
        rebuild(session)
    assert approved_count(engine) == 1


def test_a_voided_change_letter_no_longer_moves_the_period(engine):
    drafter, drc, _ = people(engine)
    issue_main(engine, stored(engine, drafter), drafter, drc)
    request = projects.apply_change(engine, CODE, "2026-05-01", "年产量调整", "市场", drafter,
                                    dt.date(2026, 5, 6))
    act = projects.decide_change(engine, CODE, request.id, "grant", drafter, dt.date(2026, 5, 8))
    records.submit(engine, act.document_id, drafter)
    records.issue(engine, act.document_id, drc, number, stand_in_pdf, issued_on=dt.date(2026, 5, 10))
    records.void(engine, act.document_id, drc, "文书差错")
    file = projects.project_file(engine, CODE)
    assert file.state == "变更决定已作废" and file.lapse.base == ISSUED
    assert approved_count(engine) == 1  # voiding a letter does not touch the ledger


def test_act_documents_match_the_rulebook():
    """Each project act that issues a document names an `acts` type of rules/documents.yaml
    whose project_act is that act (the one place the four post-opinion documents are worded)."""
    from checker import rulebook

    acts = rulebook.shipped().documents.acts
    assert {kind: acts[doc].project_act for kind, doc in projects.ACT_DOCUMENTS.items()} == {
        kind: kind for kind in projects.ACT_DOCUMENTS}
    assert {k for k, a in acts.items() if a.project_act} == set(projects.ACT_DOCUMENTS.values())
