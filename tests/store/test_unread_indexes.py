"""Migration 0018: six indexes no query reads are dropped (each cost page writes in every review
stored), and the lookups they seemed to serve read the indexes that remain."""
from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from checker.store import make_engine
from checker.store.db import alembic_config

DROPPED = {"reviews": {"ix_reviews_conclusion", "ix_reviews_reviewer_id",
                       "ix_reviews_project_name", "ix_reviews_applicant",
                       "ix_reviews_industry_code"},
           "audit_events": {"ix_audit_events_at"}}


def _indexes(engine, table: str) -> set[str]:
    return {index["name"] for index in inspect(engine).get_indexes(table)}


def test_dropped_at_upgrade_and_back_at_downgrade(database_url):
    engine = make_engine(database_url)
    try:
        for table, names in DROPPED.items():
            assert not names & _indexes(engine, table)
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0017_duplicates_index")
        for table, names in DROPPED.items():
            assert names <= _indexes(engine, table)
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        for table, names in DROPPED.items():
            assert not names & _indexes(engine, table)
    finally:
        engine.dispose()


def test_the_remaining_indexes_serve_those_lookups(engine):
    """A conclusion (the history's filter) is found by ix_reviews_ledger, a reviewer by the
    unique (reviewer_id, idempotency_key): on SQLite without reading the table; on
    PostgreSQL by an index scan once a sequential scan is ruled out (a test database is too
    small for the planner to prefer an index on its own)."""
    lookups = {"SELECT count(*) FROM reviews WHERE conclusion = 'approved'": "ix_reviews_ledger",
               "SELECT count(*) FROM reviews WHERE reviewer_id = 1": "reviewer"}
    with engine.begin() as connection:
        sqlite = engine.dialect.name == "sqlite"
        if not sqlite:
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        for sql, index in lookups.items():
            plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(
                ("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + sql))
            if index == "reviewer":  # the unique constraint's index, named by each database
                index = "sqlite_autoindex_reviews" if sqlite else "uq_reviews_idempotency"
            # SQLite: "COVERING INDEX name"; PostgreSQL: "Index Only Scan using name" (or a
            # bitmap scan "on name")
            expected = f"COVERING INDEX {index}" if sqlite else f" {index} "
            assert expected in plan and "Seq Scan" not in plan, (sql, plan)
