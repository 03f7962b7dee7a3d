"""The statements of every API request compiled once per dialect and executed as their SQL text
(checker.store.db.Precompiled): the rows stored are those SQLAlchemy itself stores, byte for
byte (SQLite's dates and times included), nothing is stored when a part fails, and a review
is written by its three INSERTs in one transaction (on PostgreSQL with the duplicates read in
it)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, insert
from sqlalchemy.exc import DBAPIError, IntegrityError

from checker import intake
from checker.review import review
from checker.store import audit, create_token, create_user, get_user, reviews, save_review
from checker.store.users import user_and_settings_version

AS_OF = dt.date(2026, 3, 1)
AT = dt.datetime(2026, 3, 1, 8, 9, 10, 123456)  # microseconds: stored to the microsecond


def _stored(connection, table: str, key: str, value: int) -> list[tuple]:
    """The rows of `table` with `key` = `value` as the driver reads them (without their id
    and review id), each value with its type: text is text, a number a number."""
    cursor = connection.exec_driver_sql(f"SELECT * FROM {table} WHERE {key} = {int(value)} "
                                        "ORDER BY id")
    names = [column[0] for column in cursor.cursor.description]
    return [tuple((name, type(v).__name__, v) for name, v in zip(names, row)
                  if name not in ("id", "review_id")) for row in cursor.fetchall()]


@pytest.mark.parametrize("rules_page", [None, "/rules"])
def test_the_rows_stored_are_those_sqlalchemy_stores(engine, sample, monkeypatch, rules_page):
    """Also the API's (`rules_page`), whose findings are bound in UTF-8 and stored as text."""
    monkeypatch.setattr(reviews, "utcnow", lambda: AT)
    monkeypatch.setattr(audit, "utcnow", lambda: AT)
    user = create_user(engine, "审查员", "审查员的密码2026")
    result = review(intake.validate(sample), AS_OF)
    record = save_review(engine, result, '{"输入": 1}', user.id, address="10.0.0.1",
                         recorded_on=dt.date(2026, 3, 2), previous_id=None,
                         idempotency_key="键-1", find_duplicates=True, rules_page=rules_page)
    # the same rows stored by SQLAlchemy's own INSERTs
    row, _ = reviews.review_row(result, '{"输入": 1}', user.id, idempotency_key="键-2",
                                recorded_on=dt.date(2026, 3, 2))
    with engine.begin() as connection:
        other = connection.execute(insert(reviews._REVIEWS), row).inserted_primary_key[0]
        connection.execute(insert(reviews._DOCUMENTS),
                           [{**d, "review_id": other}
                            for d in reviews._document_rows(result)])
        connection.execute(insert(reviews._EVENTS), audit.audit_row(
            user.id, user.name, "create", review_id=other, address="10.0.0.1"))
    with engine.connect() as connection:
        mine, theirs = (_stored(connection, "reviews", "id", i) for i in (record.id, other))
        assert [c for c in mine[0] if c[0] != "idempotency_key"] == \
            [c for c in theirs[0] if c[0] != "idempotency_key"]
        for table in ("review_documents", "audit_events"):
            assert _stored(connection, table, "review_id", record.id) == \
                _stored(connection, table, "review_id", other)
    assert [d.id for d in record.documents] == sorted(d.id for d in record.documents)
    assert all(d.review_id == record.id for d in record.documents)
    assert record.duplicate_ids == []
    if rules_page is not None:  # the texts stored, in UTF-8, come with the record
        assert record.findings_utf8 == row["findings_json"].encode()
        assert record.summary_utf8 == row["summary_json"].encode()
        assert "findings_json" not in record.__dict__ and "summary_rest" not in record.__dict__


def test_nothing_is_stored_when_a_part_fails(engine, sample, monkeypatch):
    """The audit event, written last, names no existing user: the review and its documents
    are not stored either."""
    user = create_user(engine, "审查员", "审查员的密码2026")
    result = review(intake.validate(sample), AS_OF)
    counts = _counts(engine)
    monkeypatch.setattr(reviews, "audit_row",
                        lambda *a, **k: {**audit.audit_row(*a, **k), "user_id": user.id + 99})
    with pytest.raises(IntegrityError):
        save_review(engine, result, "{}", user.id, reviewer_name="审查员", find_duplicates=True)
    assert _counts(engine) == counts
    monkeypatch.undo()
    stored = save_review(engine, result, "{}", user.id, find_duplicates=True)
    assert _counts(engine) == tuple(n + k for n, k in zip(counts, (1, len(result.documents()), 1)))
    assert stored.duplicate_ids == []


def _counts(engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return tuple(connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
                     for table in ("reviews", "review_documents", "audit_events"))


def test_statements_per_review(engine, sample):
    """The duplicates read, then the three INSERTs and the commit. (On PostgreSQL the four
    were once one statement of data-modifying CTEs: one round trip, but under 16 clients
    fewer reviews per second and a higher p99 than separate statements, issue 29.)"""
    user = create_user(engine, "审查员", "审查员的密码2026")
    application = intake.validate(sample)
    first = save_review(engine, review(application, AS_OF), "{}", user.id)
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2].split()[0]))
    event.listen(engine, "commit", lambda *a: seen.append("COMMIT"))
    record = save_review(engine, review(application, AS_OF), "{}", user.id,
                         reviewer_name="审查员", find_duplicates=True)
    assert seen == ["SELECT", "INSERT", "INSERT", "INSERT", "COMMIT"]
    assert record.duplicate_ids == [first.id]


def test_the_token_query_reads_the_user_as_the_orm_does(engine):
    user = create_user(engine, "审查员", "审查员的密码2026")
    token = create_token(engine, "审查员")
    found, version = user_and_settings_version(engine, token)
    expected = get_user(engine, user.id)
    for column in found.__table__.columns:
        mine, theirs = getattr(found, column.key), getattr(expected, column.key)
        assert (type(mine), mine) == (type(theirs), theirs), column.key
    assert version == 0
    assert user_and_settings_version(engine, token + "x") == (None, None)


def test_a_statement_runs_on_the_drivers_cursor_with_the_connections_events(engine):
    """A precompiled statement runs on the driver's cursor, not through SQLAlchemy's execution
    context, yet as SQLAlchemy runs one: the transaction begun (its ``begin`` event), the
    cursor listeners called around it with the statement as sent, a driver error raised as
    SQLAlchemy's own (on PostgreSQL the failed transaction is then refused by the server until
    it is rolled back, as with SQLAlchemy's own execution)."""
    from checker.store.db import Precompiled
    from checker.store.models import User

    user = create_user(engine, "审查员", "审查员的密码2026")
    by_id = Precompiled(reviews.select(User.name).where(User.id == reviews.bindparam("id")))
    seen: list[str] = []
    event.listen(engine, "begin", lambda *a: seen.append("BEGIN"))
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    event.listen(engine, "after_cursor_execute", lambda *a: seen.append("after"))
    with engine.connect() as connection:
        assert by_id.rows(connection, {"id": user.id}) == [("审查员",)]
        assert seen == ["BEGIN", by_id.text(connection.dialect).sql, "after"]
        assert connection.in_transaction()
        duplicate = Precompiled(insert(User.__table__).values(
            {c.name: reviews.bindparam(c.name, type_=c.type)
             for c in User.__table__.columns if c.name != "id"}))
        row = {c.name: getattr(get_user(engine, user.id), c.name)
               for c in User.__table__.columns if c.name != "id"}
        with pytest.raises(IntegrityError):  # the name is unique
            duplicate.execute(connection, row)
        if engine.dialect.name == "postgresql":  # the server refuses until the rollback
            with pytest.raises(DBAPIError, match="InFailedSqlTransaction"):
                by_id.rows(connection, {"id": user.id})
        connection.rollback()
        assert by_id.rows(connection, {"id": user.id}) == [("审查员",)]


def test_a_token_read_on_sqlite_is_one_statement_without_begin(engine):
    """The reader engine (store.db.reader) reads a token in one statement: on SQLite without
    a BEGIN (the statement is its own transaction: the driver's connection is in none when it
    runs), on PostgreSQL in autocommit; any other connection still begins its reads."""
    from checker.store.db import reader

    create_user(engine, "审查员", "审查员的密码2026")
    token = create_token(engine, "审查员")
    sqlite = engine.dialect.name == "sqlite"
    seen: list[tuple[str, bool | None]] = []
    event.listen(engine, "before_cursor_execute", lambda _c, cursor, statement, *a: seen.append(
        (statement.split()[0], cursor.connection.in_transaction if sqlite else None)))
    user, _ = user_and_settings_version(reader(engine), token)
    assert user.name == "审查员"
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    assert seen == ([("SELECT", False), ("SELECT", True)] if sqlite
                    else [("SELECT", None), ("SELECT", None)])
