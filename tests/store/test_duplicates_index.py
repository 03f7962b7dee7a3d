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
        statement = reviews._DUPLICATES.params(sha="0" * 64, as_of=dt.date(2026, 3, 1),
                                               other_than=0)
        sql = str(statement.compile(dialect=engine.dialect,
                                    compile_kwargs={"literal_binds": True}))
        with engine.connect() as connection:
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()
        assert any("ix_reviews_input_sha256_as_of" in row[-1] for row in plan), plan
