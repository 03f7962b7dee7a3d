"""Migration 0017: the possible duplicates of a review (checker.store.reviews.duplicates, read
by the API on every review it stores) are found by one index of (input_sha256, as_of), which
replaced the index of input_sha256 alone — the as-of date is not read from each candidate row."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect

from checker.store import reviews


def test_one_index_of_the_digest_and_the_date(engine):
    indexes = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("reviews")}
    assert indexes["ix_reviews_input_sha256_as_of"] == ["input_sha256", "as_of"]
    assert "ix_reviews_input_sha256" not in indexes
    if engine.dialect.name == "sqlite":  # the plan reads the date from the index
        statement = reviews._DUPLICATES.params(dup_sha="0" * 64, dup_as_of=dt.date(2026, 3, 1),
                                               dup_other_than=0)
        sql = str(statement.compile(dialect=engine.dialect,
                                    compile_kwargs={"literal_binds": True}))
        with engine.connect() as connection:
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()
        assert any("ix_reviews_input_sha256_as_of" in row[-1] for row in plan), plan


def test_duplicates_are_the_same_input_and_date_still_in_draft(engine, sample):
    """What the compiled statement reads (store.duplicates): the same canonical application
    and as-of date, with a document not yet issued — on either database."""
    from sqlalchemy import update

    from checker import intake
    from checker.review import review
    from checker.store import create_user, duplicates, save_review
    from checker.store.models import ReviewDocument

    user = create_user(engine, "审查员", "审查员的密码2026")
    application = intake.validate(sample)

    def stored(day: dt.date):
        return save_review(engine, review(application, day), "{}", user.id)

    first, issued = stored(dt.date(2026, 3, 1)), stored(dt.date(2026, 3, 1))
    other_day = stored(dt.date(2026, 3, 2))
    with engine.begin() as connection:  # every document of `issued` issued: no longer a draft
        connection.execute(update(ReviewDocument).where(ReviewDocument.review_id == issued.id)
                           .values(state="issued"))
    latest = stored(dt.date(2026, 3, 1))
    assert duplicates(engine, latest) == [first.id]
    assert duplicates(engine, other_day) == []
    assert duplicates(engine, first) == [latest.id]
