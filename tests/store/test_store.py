"""Store: migrations, users and tokens, whole-or-nothing reviews, concurrent numbering."""
from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from checker import intake
from checker.review import review
from checker.store import (AccountError, ApiToken, DocumentCounter, Filters, authenticate,
                           count_reviews, create_token, create_user, finding_changes,
                           get_review, list_reviews, migrate, save_review, set_active,
                           user_for_token)

AS_OF = dt.date(2026, 3, 1)
ISSUED = dt.date(2026, 3, 2)


PREFIXES = {"energy_opinion": "测试", "referral_letter": "测试转", "exempt_notice": "测试告",
            "pollutant_opinion": "测试环"}


def number(series: str, year: int, seq: int) -> str:
    return f"{PREFIXES[series]}〔{year}〕{seq}号"


def make_review(sample, **changes):
    data = json.loads(json.dumps(sample))
    data["project"].update(changes)
    return review(intake.validate(data), AS_OF)


def test_migration_creates_every_table_and_is_idempotent(engine):
    names = set(inspect(engine).get_table_names())
    assert {"users", "api_tokens", "reviews", "document_counters", "review_documents",
            "alembic_version"} <= names
    assert "opinion_counters" not in names
    migrate(engine)  # a second upgrade head is a no-op
    uniques = inspect(engine).get_unique_constraints("review_documents")
    assert any(set(u["column_names"]) == {"series", "year", "seq"} for u in uniques)
    assert "outcome" in {c["name"] for c in inspect(engine).get_columns("reviews")}


def test_users_passwords_and_tokens(engine):
    user = create_user(engine, "张三", "correct horse", "reviewer")
    assert authenticate(engine, "张三", "correct horse").id == user.id
    assert authenticate(engine, "张三", "wrong password") is None
    assert authenticate(engine, "李四", "correct horse") is None
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
    assert authenticate(engine, "张三", "correct horse") is None


def test_review_is_stored_whole_with_sequential_numbers(engine, sample):
    user = create_user(engine, "审查员", "password123")
    first = save_review(engine, make_review(sample), json.dumps(sample), user.id, number,
                        issued_on=ISSUED)
    second = save_review(engine, make_review(sample, name="第二个项目"), "{}", user.id, number,
                         issued_on=ISSUED, previous_id=first.id)
    next_year = save_review(engine, make_review(sample), "{}", user.id, number,
                            issued_on=dt.date(2027, 1, 5))
    assert (first.opinion_seq, second.opinion_seq, next_year.opinion_seq) == (1, 2, 1)
    assert first.opinion_number == "测试转〔2026〕1号"  # a provincial project: 转报函 series
    stored = get_review(engine, first.id)
    assert [(d.doc_type, d.number) for d in stored.documents] == [
        ("referral_letter", "测试转〔2026〕1号")]
    assert stored.input_json == json.dumps(sample)
    assert stored.conclusion == "referred" and stored.outcome == "referral_province"
    assert stored.project_name == "测试数据中心"
    assert stored.reviewer.name == "审查员"
    assert json.loads(stored.summary_json)["input_sha256"] == stored.input_sha256
    assert get_review(engine, 9999) is None


def test_failed_store_leaves_nothing_behind(engine, sample):
    user = create_user(engine, "审查员", "password123")
    save_review(engine, make_review(sample), "{}", user.id, number, issued_on=ISSUED)
    # A clashing opinion number violates the unique constraint: the whole transaction,
    # counter increment included, is rolled back.
    with pytest.raises(IntegrityError):
        save_review(engine, make_review(sample), "{}", user.id,
                    lambda series, y, s: number(series, y, 1), issued_on=ISSUED)
    assert count_reviews(engine) == 1
    with Session(engine) as session:
        assert session.get(DocumentCounter, ("referral_letter", 2026)).last_seq == 1
    again = save_review(engine, make_review(sample), "{}", user.id, number, issued_on=ISSUED)
    assert again.opinion_seq == 2


def test_concurrent_reviews_get_consecutive_numbers(engine, sample):
    user = create_user(engine, "审查员", "password123")
    result = make_review(sample)
    numbers, errors = [], []
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait()
            record = save_review(engine, result, "{}", user.id, number, issued_on=ISSUED)
            numbers.append(record.opinion_seq)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(numbers) == list(range(1, 9))
    assert count_reviews(engine) == 8


def test_history_filters_and_paging(engine, sample):
    alice = create_user(engine, "甲", "password123")
    bob = create_user(engine, "乙", "password123")
    for i in range(23):
        data = json.loads(json.dumps(sample))
        data["project"]["name"] = f"项目{i:02d}" + ("_百分%" if i == 5 else "")
        data["project"]["industry_code"] = "3011" if i % 2 else "6450"
        save_review(engine, review(intake.validate(data), AS_OF), "{}",
                    alice.id if i < 20 else bob.id, number,
                    issued_on=ISSUED + dt.timedelta(days=i))
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
    user = create_user(engine, "审查员", "password123")
    before = save_review(engine, make_review(sample), "{}", user.id, number, issued_on=ISSUED)
    fixed = json.loads(json.dumps(sample))
    fixed["data_centre"]["design_pue"] = 1.2
    fixed["project"]["construction_started"] = False
    after = save_review(engine, review(intake.validate(fixed), AS_OF), "{}", user.id, number,
                        issued_on=ISSUED, previous_id=before.id)
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
    user = create_user(engine, "审查员", "password123")
    small = review(intake.validate(_application()), AS_OF)
    district = review(intake.validate(_application(
        energy=[{"carrier": "electricity", "quantity": 900, "unit": "万kWh"}],
        vocs={"new_emissions_t": 10, "secured_offset_t": 10})), AS_OF)
    exempt = save_review(engine, small, "{}", user.id, number, issued_on=ISSUED)
    opinion = save_review(engine, district, "{}", user.id, number, issued_on=ISSUED)
    exempt2 = save_review(engine, small, "{}", user.id, number, issued_on=ISSUED)
    assert [(d.doc_type, d.number) for d in get_review(engine, exempt.id).documents] == [
        ("exempt_notice", "测试告〔2026〕1号")]
    assert [(d.doc_type, d.number) for d in get_review(engine, opinion.id).documents] == [
        ("energy_opinion", "测试〔2026〕1号"), ("pollutant_opinion", "测试环〔2026〕1号")]
    assert get_review(engine, exempt2.id).documents[0].number == "测试告〔2026〕2号"
    assert opinion.outcome == "district" and exempt.outcome == "exempt"
    assert list_reviews(engine, Filters(outcome="exempt")).total == 2


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
            "issued_on, reviewer_id, project_name, industry_code, created_at) VALUES (1, '{}', "
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
    from alembic import command

    from checker.store.db import alembic_config

    with old.begin() as connection:  # and back down
        command.downgrade(alembic_config(connection), "0002_session_epoch")
    assert "opinion_counters" in set(inspect(old).get_table_names())
