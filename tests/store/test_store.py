"""Store: migrations, users and tokens, whole-or-nothing reviews, concurrent numbering."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from checker import intake
from checker.review import review
from checker.store import (AccountError, ApiToken, DocumentCounter, DuplicateKey, Filters,
                           authenticate, duplicates, records,
                           count_reviews, create_token, create_user, finding_changes,
                           get_review, list_reviews, migrate, save_review, set_active,
                           user_for_token)

AS_OF = dt.date(2026, 3, 1)
ISSUED = dt.date(2026, 3, 2)


PREFIXES = {"energy_opinion": "测试", "referral_letter": "测试转", "exempt_notice": "测试告",
            "pollutant_opinion": "测试环", "correction_notice": "测试补",
            "commitment_notice": "测试诺", "stop_notice": "测试改"}


def number(series: str, year: int, seq: int) -> str:
    return f"{PREFIXES[series]}〔{year}〕{seq}号"


def make_review(sample, **changes):
    data = json.loads(json.dumps(sample))
    data["project"].update(changes)
    return review(intake.validate(data), AS_OF)


@pytest.mark.empty_database
def test_migration_creates_every_table_and_is_idempotent(engine):
    migrate(engine)  # from an empty database
    names = set(inspect(engine).get_table_names())
    assert {"users", "api_tokens", "reviews", "document_counters", "review_documents",
            "alembic_version"} <= names
    assert "opinion_counters" not in names
    migrate(engine)  # a second upgrade head is a no-op
    uniques = inspect(engine).get_unique_constraints("review_documents")
    assert any(set(u["column_names"]) == {"series", "year", "seq"} for u in uniques)
    assert "outcome" in {c["name"] for c in inspect(engine).get_columns("reviews")}


def test_users_passwords_and_tokens(engine):
    user = create_user(engine, "张三", "correct horse battery", "reviewer")
    assert authenticate(engine, "张三", "correct horse battery").id == user.id
    assert authenticate(engine, "张三", "wrong password") is None
    assert authenticate(engine, "李四", "correct horse battery") is None
    with pytest.raises(AccountError):
        create_user(engine, "张三", "another password")
    with pytest.raises(AccountError):
        create_user(engine, "王五", "short")
    token = create_token(engine, "张三")
    assert user_for_token(engine, token).name == "张三"
    assert user_for_token(engine, token + "x") is None
    assert user_for_token(engine, "") is None
    with Session(engine) as session:
        hashes = list(session.scalars(select(ApiToken.token_sha256)))
    assert token not in hashes and len(hashes[0]) == 64
    set_active(engine, "张三", False)
    assert authenticate(engine, "张三", "correct horse battery") is None


def stand_in_pdf(document, number_text: str, day: dt.date) -> bytes:
    """The issued bytes for the numbering tests (the real PDF/A is tested through the web)."""
    return f"%PDF-1.7 {document.doc_type} {number_text} {day}".encode()


def people(engine):
    """A drafter and one approver per bureau."""
    return (create_user(engine, "审查员", "审查员的密码2026"),
            {"drc": create_user(engine, "发改签发人", "签发人的密码2026", "approver", "drc"),
             "ecology": create_user(engine, "环境签发人", "签发人的密码2026", "approver",
                                    "ecology")})


def issue_all(engine, record, drafter, approvers, day=ISSUED, render=stand_in_pdf):
    """Submit and issue every document of `record`; the record as stored afterwards."""
    for document in get_review(engine, record.id).documents:
        records.submit(engine, document.id, drafter)
        records.issue(engine, document.id, approvers[records.issuer_of(document.doc_type)],
                      number, render, issued_on=day)
    return get_review(engine, record.id)


def test_review_is_stored_as_drafts_and_numbered_at_issue(engine, sample):
    user, approvers = people(engine)
    first = save_review(engine, make_review(sample), json.dumps(sample), user.id)
    stored = get_review(engine, first.id)
    assert [(d.state, d.number) for d in stored.documents] == [("draft", None)]
    assert stored.opinion_number is None
    second = save_review(engine, make_review(sample, name="第二个项目"), "{}", user.id,
                         previous_id=first.id)
    next_year = save_review(engine, make_review(sample), "{}", user.id)
    first = issue_all(engine, first, user, approvers)
    second = issue_all(engine, second, user, approvers)
    next_year = issue_all(engine, next_year, user, approvers, day=dt.date(2027, 1, 5))
    assert (first.opinion_seq, second.opinion_seq, next_year.opinion_seq) == (1, 2, 1)
    assert first.opinion_number == "测试转〔2026〕1号"  # a provincial project: 转报函 series
    assert [(d.doc_type, d.number, d.state, d.issued_on) for d in first.documents] == [
        ("referral_letter", "测试转〔2026〕1号", "issued", ISSUED)]
    pdf = records.stored_pdf(engine, first.documents[0].id)
    assert first.documents[0].pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert first.input_json == json.dumps(sample)
    assert first.conclusion == "referred" and first.outcome == "referral_province"
    assert first.project_name == "测试数据中心" and first.applicant == "某公司"
    assert first.reviewer.name == "审查员"
    assert json.loads(first.summary_json)["input_sha256"] == first.input_sha256
    assert get_review(engine, 9999) is None
    assert [e.action for e in records.history(engine, first.id)] == ["create", "submit",
                                                                      "issue"]


def test_a_failed_issue_uses_no_number(engine, sample):
    user, approvers = people(engine)
    record = save_review(engine, make_review(sample), "{}", user.id)
    document = get_review(engine, record.id).documents[0]
    records.submit(engine, document.id, user)

    def broken(*_):
        raise RuntimeError("渲染失败")

    with pytest.raises(RuntimeError):
        records.issue(engine, document.id, approvers["drc"], number, broken, issued_on=ISSUED)
    with Session(engine) as session:
        counter = session.get(DocumentCounter, ("referral_letter", 2026))
        assert counter is None or counter.last_seq == 0
    assert get_review(engine, record.id).documents[0].state == "submitted"
    # the number the failed issue would have taken goes to the next document issued
    assert issue_all(engine, save_review(engine, make_review(sample), "{}", user.id), user,
                     approvers).opinion_seq == 1
    records.issue(engine, document.id, approvers["drc"], number, stand_in_pdf,
                  issued_on=ISSUED)
    assert get_review(engine, record.id).documents[0].seq == 2


def test_who_may_submit_return_issue_and_void(engine, sample):
    drafter, approvers = people(engine)
    other = create_user(engine, "另一审查员", "审查员的密码2026")
    drc_drafting_approver = create_user(engine, "起草签发人", "签发人的密码2026", "approver")
    record = save_review(engine, make_review(sample), "{}", drc_drafting_approver.id)
    document = get_review(engine, record.id).documents[0]
    with pytest.raises(records.RecordError, match="只有起草人"):
        records.submit(engine, document.id, other)
    records.submit(engine, document.id, drc_drafting_approver)
    with pytest.raises(records.RecordError, match="起草人不能签发"):
        records.issue(engine, document.id, drc_drafting_approver, number, stand_in_pdf)
    with pytest.raises(records.RecordError, match="无权办理"):  # a referral is the drc's
        records.issue(engine, document.id, approvers["ecology"], number, stand_in_pdf)
    with pytest.raises(records.RecordError, match="只有签发人"):
        records.issue(engine, document.id, drafter, number, stand_in_pdf)
    with pytest.raises(records.RecordError, match="请填写退回原因"):
        records.return_document(engine, document.id, approvers["drc"], " ")
    records.return_document(engine, document.id, approvers["drc"], "能源消费量须复核")
    with pytest.raises(records.RecordError, match="不能签发"):
        records.issue(engine, document.id, approvers["drc"], number, stand_in_pdf)
    records.submit(engine, document.id, drc_drafting_approver)
    records.issue(engine, document.id, approvers["drc"], number, stand_in_pdf,
                  issued_on=ISSUED)
    with pytest.raises(records.RecordError, match="不能提交签发"):
        records.submit(engine, document.id, drc_drafting_approver)
    records.void(engine, document.id, approvers["drc"], "建设单位撤回申请")
    voided = get_review(engine, record.id).documents[0]
    assert (voided.state, voided.number, voided.reason) == ("void", "测试转〔2026〕1号",
                                                           "建设单位撤回申请")
    # the number is never given again
    again = issue_all(engine, save_review(engine, make_review(sample), "{}", drafter.id),
                      drafter, approvers)
    assert again.documents[0].number == "测试转〔2026〕2号"
    assert [e.action for e in records.history(engine, record.id)] == [
        "create", "submit", "return", "submit", "issue", "void"]
    assert records.history(engine, record.id)[2].detail == "能源消费量须复核"


def test_concurrent_issues_get_consecutive_numbers(engine, sample):
    user, approvers = people(engine)
    result = make_review(sample)
    documents = []
    for _ in range(8):
        record = save_review(engine, result, "{}", user.id)
        document = get_review(engine, record.id).documents[0]
        records.submit(engine, document.id, user)
        documents.append(document.id)
    numbers, errors = [], []
    barrier = threading.Barrier(8)

    def worker(document_id):
        try:
            barrier.wait()
            issued = records.issue(engine, document_id, approvers["drc"], number,
                                   stand_in_pdf, issued_on=ISSUED)
            numbers.append(issued.seq)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(numbers) == list(range(1, 9))
    assert count_reviews(engine) == 8


def test_idempotency_key_gives_one_review(engine, sample):
    user, _ = people(engine)
    first = save_review(engine, make_review(sample), "{}", user.id, idempotency_key="k-1")
    with pytest.raises(DuplicateKey) as caught:
        save_review(engine, make_review(sample), "{}", user.id, idempotency_key="k-1")
    assert caught.value.review_id == first.id and count_reviews(engine) == 1
    assert duplicates(engine, save_review(engine, make_review(sample), "{}", user.id)) == [
        first.id]


def test_history_filters_and_paging(engine, sample):
    alice = create_user(engine, "甲", "审查员的密码2026")
    bob = create_user(engine, "乙", "审查员的密码2026")
    for i in range(23):
        data = json.loads(json.dumps(sample))
        data["project"]["name"] = f"项目{i:02d}" + ("_百分%" if i == 5 else "")
        data["project"]["industry_code"] = "3011" if i % 2 else "6450"
        save_review(engine, review(intake.validate(data), AS_OF), "{}",
                    alice.id if i < 20 else bob.id,
                    recorded_on=ISSUED + dt.timedelta(days=i))
    page1 = list_reviews(engine, Filters())
    assert (page1.total, page1.pages, len(page1.items)) == (23, 2, 20)
    assert page1.items[0].project_name == "项目22"
    assert len(list_reviews(engine, Filters(), page=2).items) == 3
    assert list_reviews(engine, Filters(), page=99).page == 2
    assert list_reviews(engine, Filters(q="百分%")).total == 1
    assert list_reviews(engine, Filters(q="%")).total == 1  # % is literal, not a wildcard
    assert list_reviews(engine, Filters(industry="30")).total == 11
    assert list_reviews(engine, Filters(reviewer_id=bob.id)).total == 3
    assert list_reviews(engine, Filters(conclusion="approve")).total == 0
    assert list_reviews(engine, Filters(outcome="referral_province")).total == 23
    assert list_reviews(engine, Filters(outcome="exempt")).total == 0
    window = Filters(date_from=ISSUED + dt.timedelta(days=2), date_to=ISSUED + dt.timedelta(days=4))
    assert list_reviews(engine, window).total == 3


def test_finding_changes(engine, sample):
    user = create_user(engine, "审查员", "审查员的密码2026")
    before = save_review(engine, make_review(sample), "{}", user.id, recorded_on=ISSUED)
    fixed = json.loads(json.dumps(sample))
    fixed["data_centre"]["design_pue"] = 1.2
    fixed["project"]["construction_started"] = False
    after = save_review(engine, review(intake.validate(fixed), AS_OF), "{}", user.id,
                        recorded_on=ISSUED, previous_id=before.id)
    changes = finding_changes(before, after)
    removed = {f["rule_id"] for f in changes["removed"]}
    assert "data_centre.pue" in removed
    assert not {f["rule_id"] for f in changes["added"]} & removed


def _application(**fields) -> dict:
    project = {"name": "序列测试项目", "applicant": "序列测试单位", "industry_code": "7010",
               "nature": "新建", "investment": 100}
    return {"project": project, **fields}


def test_each_document_takes_its_number_from_its_own_series(engine):
    """An exempt notice never takes a 节能审查意见 number; each series counts on its own."""
    user, approvers = people(engine)
    # declared energy below the criteria (no energy declared is not exempt: 补正通知)
    small = review(intake.validate(_application(
        energy=[{"carrier": "electricity", "quantity": 100, "unit": "万kWh"}])), AS_OF)
    district = review(intake.validate(_application(
        energy=[{"carrier": "electricity", "quantity": 900, "unit": "万kWh"}],
        vocs={"new_emissions_t": 10, "secured_offset_t": 10})), AS_OF)
    exempt = issue_all(engine, save_review(engine, small, "{}", user.id), user, approvers)
    opinion = issue_all(engine, save_review(engine, district, "{}", user.id), user, approvers)
    exempt2 = issue_all(engine, save_review(engine, small, "{}", user.id), user, approvers)
    assert [(d.doc_type, d.number) for d in exempt.documents] == [
        ("exempt_notice", "测试告〔2026〕1号")]
    assert [(d.doc_type, d.number) for d in opinion.documents] == [
        ("energy_opinion", "测试〔2026〕1号"), ("pollutant_opinion", "测试环〔2026〕1号")]
    assert exempt2.documents[0].number == "测试告〔2026〕2号"
    assert opinion.outcome == "district" and exempt.outcome == "exempt"
    assert list_reviews(engine, Filters(outcome="exempt")).total == 2
    assert list_reviews(engine, Filters(q="测试环〔2026〕1")).total == 1
    assert list_reviews(engine, Filters(q="序列测试单位")).total == 3
    assert list_reviews(engine, Filters(doc_type="pollutant_opinion")).total == 1
    assert list_reviews(engine, Filters(state="issued")).total == 3
    assert list_reviews(engine, Filters(state="draft")).total == 0


def test_upgrade_keeps_existing_numbers_as_energy_opinions(tmp_path):
    """Reviews stored before 0003 keep their numbers, as 节能审查意见 of their series."""
    from sqlalchemy import text

    from checker.store import make_engine

    old = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate(old, "0002_session_epoch")
    with old.begin() as conn:
        conn.execute(text("INSERT INTO users (id, name, password_hash, role, active, created_at, "
                          "session_epoch) VALUES (1, 'u', 'x', 'reviewer', 1, '2026-01-01', 0)"))
        conn.execute(text("INSERT INTO opinion_counters (year, last_seq) VALUES (2026, 7)"))
        conn.execute(text(
            "INSERT INTO reviews (id, input_json, input_sha256, as_of, rulebook_version, "
            "conclusion, findings_json, summary_json, opinion_number, opinion_year, opinion_seq, "
            "issued_on, reviewer_id, project_name, industry_code, created_at) VALUES (1, "
            "'{\"project\": {\"applicant\": \"老单位\", \"code\": \"2601-430105-04-01-123456\"}}', "
            "'h', '2026-01-01', 'v', 'approve', '[]', '{}', '开发改环资〔2026〕7号', 2026, 7, "
            "'2026-01-02', 1, 'p', '7010', '2026-01-02')"))
        conn.execute(text(
            "INSERT INTO reviews (id, input_json, input_sha256, as_of, rulebook_version, "
            "conclusion, findings_json, summary_json, opinion_number, opinion_year, opinion_seq, "
            "issued_on, reviewer_id, previous_id, project_name, industry_code, created_at) "
            "VALUES (2, '{}', 'h', '2026-01-01', 'v', 'approve', '[]', '{}', "
            "'开发改环资〔2026〕6号', 2026, 6, '2026-01-02', 1, 1, 'p', '7010', '2026-01-02')"))
    migrate(old)
    with Session(old) as session:
        assert session.get(DocumentCounter, ("energy_opinion", 2026)).last_seq == 7
    stored = get_review(old, 1)
    assert [(d.doc_type, d.series, d.number, d.seq) for d in stored.documents] == [
        ("energy_opinion", "energy_opinion", "开发改环资〔2026〕7号", 7)]
    assert get_review(old, 2).previous_id == 1 and get_review(old, 2).outcome == ""
    assert stored.documents[0].state == "issued"  # numbered before 0004: stays issued
    assert (stored.applicant, stored.project_code) == ("老单位", "2601-430105-04-01-123456")
    from alembic import command

    from checker.store.db import alembic_config

    with old.begin() as connection:  # and back down
        command.downgrade(alembic_config(connection), "0002_session_epoch")
    assert "opinion_counters" in set(inspect(old).get_table_names())
