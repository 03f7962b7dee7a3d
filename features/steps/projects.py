"""Steps of the project file (项目档案): the acts on an issued opinion under Order 2025 No. 31
(change Art. 18, lapse Art. 19, rectification Art. 24, revocation Art. 25) and the time limits
in working days, on a real store (a SQLite file of the scenario) through checker.store."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checker import intake, rulebook
from checker.opinion import document_number
from checker.refusals import Refused
from checker.review import review
from checker.store import create_user, get_review, make_engine, migrate, records, save_review
from checker.store import projects
from checker.store.deadlines import deadlines
from checker.store.models import LedgerTotal, ProjectAct, ReviewDocument

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _number(series: str, year: int, seq: int) -> str:
    """The number as the bureau would give it, with the series' default prefix."""
    return document_number(rulebook.shipped().documents.series[series].default, year, seq)


def _pdf(document, number: str, day: dt.date) -> bytes:
    return f"%PDF-1.7 {document.doc_type} {number} {day}".encode()


class Desk:
    """The bureau's store for one scenario: a drafter, an approver, the project."""

    def __init__(self, path: Path):
        self.engine = make_engine(f"sqlite:///{path / 'desk.sqlite3'}")
        migrate(self.engine)
        self.drafter = create_user(self.engine, "审查员", "审查员的密码2026")
        self.approver = create_user(self.engine, "签发人", "签发人的密码2026", "approver", "drc")
        self.code = ""
        self.record = None
        self.request = None
        self.act = None
        self.refusal: Refused | None = None

    def store(self, sample: str, as_of: dt.date):
        data = json.loads((SAMPLES / f"{sample}.json").read_text(encoding="utf-8"))
        self.code = data["project"]["code"]
        return save_review(self.engine, review(intake.validate(data), as_of), json.dumps(data),
                           self.drafter.id, recorded_on=as_of)

    def issue(self, document_id: int, day: dt.date):
        records.submit(self.engine, document_id, self.drafter)
        return records.issue(self.engine, document_id, self.approver, _number, _pdf,
                             issued_on=day)

    def file(self):
        return projects.project_file(self.engine, self.code)


@pytest.fixture
def desk(tmp_path):
    desk = Desk(tmp_path)
    yield desk
    desk.engine.dispose()


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@given(parsers.parse('项目档案中有一个于"{day}"签发节能审查意见的项目'))
def opinion_issued(desk, day):
    record = desk.store("food_factory", _day(day) - dt.timedelta(days=1))
    desk.issue(get_review(desk.engine, record.id).documents[0].id, _day(day))
    desk.record = get_review(desk.engine, record.id)


@given(parsers.parse('项目档案中有一个于"{day}"签发责令停止建设、限期整改通知书的项目'))
def stop_notice_issued(desk, day):
    record = desk.store("built_before_approval", _day(day) - dt.timedelta(days=1))
    desk.issue(get_review(desk.engine, record.id).documents[0].id, _day(day))
    desk.record = get_review(desk.engine, record.id)


@when(parsers.parse('于"{day}"收到变更申请"{change}"'))
def change_received(desk, day, change):
    desk.request = projects.apply_change(desk.engine, desk.code, day, change, "建设单位申请",
                                         desk.drafter, _day(day))


@when(parsers.parse('于"{day}"决定同意变更'))
def change_granted(desk, day):
    desk.act = projects.decide_change(desk.engine, desk.code, desk.request.id, "grant",
                                      desk.drafter, _day(day))


@when(parsers.parse('于"{day}"决定重新审查'))
def change_rereview(desk, day):
    data = json.loads((SAMPLES / "food_factory.json").read_text(encoding="utf-8"))
    new = save_review(desk.engine, review(intake.validate(data), _day(day)), json.dumps(data),
                      desk.drafter.id, recorded_on=_day(day))
    desk.act = projects.decide_change(desk.engine, desk.code, desk.request.id, "rereview",
                                      desk.drafter, _day(day), new_review_id=new.id,
                                      reason="属重大变动，须重新审查")


@when(parsers.parse('{name}于"{day}"签发'))
def act_document_issued(desk, name, day):
    desk.issued = desk.issue(desk.act.document_id, _day(day))
    assert records.document_name(desk.issued.doc_type) == name


@when(parsers.parse('每日任务于"{day}"运行'))
def housekeeping(desk, day):
    projects.apply_lapses(desk.engine, _day(day))


@when(parsers.parse('建设单位申报于"{day}"开工'))
def started(desk, day):
    projects.declare_start(desk.engine, desk.code, day, desk.drafter, _day(day))


@when(parsers.parse('签发人于"{day}"以"{reason}"为由、依据"{basis}"撤销审查意见'))
def revoked(desk, day, reason, basis):
    projects.revoke(desk.engine, desk.code, reason, basis, desk.approver, _day(day))


@when(parsers.parse('审查人员于"{day}"撤销审查意见'))
def revoked_by_reviewer(desk, day):
    try:
        projects.revoke(desk.engine, desk.code, "提供虚假材料", "第二十五条", desk.drafter, _day(day))
    except Refused as refusal:
        desk.refusal = refusal


@when(parsers.parse('于"{day}"认定完成整改'))
def rectified(desk, day):
    desk.act = projects.rectify(desk.engine, desk.code, desk.record.id, day, "已补编节能报告并经认定",
                                desk.drafter, _day(day))


@then(parsers.parse('项目状态为"{state}"'))
def state_is(desk, state):
    assert desk.file().state == state


@then(parsers.parse('{name}的文号为"{number}"'))
def act_number(desk, name, number):
    with Session(desk.engine) as session:
        document = session.get(ReviewDocument, desk.act.document_id)
        assert records.document_name(document.doc_type) == name
        assert document.number == number


@then(parsers.parse('审查意见于"{day}"起失效'))
def lapses_on(desk, day):
    assert desk.file().lapse.lapses_on == _day(day)


@then(parsers.parse('开工期限为"{day}"'))
def last_day(desk, day):
    assert desk.file().lapse.last_day == _day(day)


@then(parsers.parse("项目档案有{count:d}份审查记录"))
def record_count(desk, count):
    assert len(desk.file().records) == count


@then(parsers.parse("失效记录{count:d}次"))
def lapse_count(desk, count):
    with Session(desk.engine) as session:
        assert session.scalar(select(func.count()).select_from(ProjectAct)
                              .where(ProjectAct.kind == "lapse")) == count


@then(parsers.parse("能耗台账审查通过的项目数为{count:d}"))
def ledger_count(desk, count):
    with Session(desk.engine) as session:
        assert session.scalar(select(func.coalesce(func.sum(LedgerTotal.count), 0))
                              .where(LedgerTotal.ledger_class == "approved")) == count


@then(parsers.parse('审查意见仍为"{label}"'))
def opinion_state(desk, label):
    assert get_review(desk.engine, desk.record.id).documents[0].state_label == label


@then(parsers.parse('办理被拒绝，提示"{message}"'))
def refused(desk, message):
    assert desk.refusal is not None and message in str(desk.refusal)


# ── time limits in working days ─────────────────────────────────────────────────────────

@when(parsers.parse('于"{day}"收到须补正的申报材料'))
def received_incomplete(desk, day):
    data = {"project": {"name": "待补正项目", "applicant": "某建设单位", "industry_code": "7010",
                        "nature": "新建", "investment": 10000,
                        "code": "2601-430105-04-01-000001"}, "energy": []}
    result = review(intake.validate(data), _day(day))
    assert result.documents() == ["correction_notice"]
    save_review(desk.engine, result, json.dumps(data), desk.drafter.id, recorded_on=_day(day))


@then(parsers.parse('补正通知的期限为"{day}"'))
def correction_due(desk, day):
    items = [d for d in deadlines(desk.engine, dt.date(2026, 1, 1)) if d.kind == "correction"]
    assert [d.due for d in items] == [_day(day)], items


@then(parsers.parse('补正通知的期限无法计算，提示"{text}"'))
def correction_gap(desk, text):
    items = [d for d in deadlines(desk.engine, dt.date(2026, 1, 1)) if d.kind == "correction"]
    assert len(items) == 1 and items[0].due is None and text in items[0].note, items
