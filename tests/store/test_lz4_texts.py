"""Migration 0019: on PostgreSQL (built with LZ4) a review's large texts are compressed with LZ4;
what is read back is what was stored, also for a value stored with pglz before the upgrade;
on SQLite the migration does nothing."""
from __future__ import annotations

import importlib

from alembic import command
from sqlalchemy import text

from checker.store import create_user, make_engine
from checker.store.db import alembic_config

lz4 = importlib.import_module("checker.store.migrations.versions.0019_lz4_texts")

COLUMNS = {column for _table, column in lz4.COLUMNS}


def _methods(connection) -> dict[str, str]:
    """The compression method of each of the columns ('l': LZ4, '': the server's default)."""
    rows = connection.execute(text(
        "SELECT attname, attcompression FROM pg_attribute "
        "WHERE attrelid = 'reviews'::regclass AND attname = ANY(:names)"),
        {"names": sorted(COLUMNS)})
    return {name: method for name, method in rows}


def _store(connection, findings: str) -> int:
    return connection.execute(text(
        "INSERT INTO reviews (input_json, input_sha256, as_of, rulebook_version, conclusion, "
        "findings_json, summary_json, issued_on, reviewer_id, project_name, industry_code, "
        "created_at, outcome, applicant, project_code) VALUES ('{}', 'h', '2026-03-01', 'v', "
        "'c', :findings, :findings, '2026-03-01', (SELECT min(id) FROM users), "
        "'p', '4411', now(), 'o', 'a', '') RETURNING id"), {"findings": findings}).scalar_one()


def _read(connection, review_id: int) -> tuple[str, str, str]:
    return connection.execute(text(
        "SELECT findings_json, summary_json, pg_column_compression(findings_json) FROM reviews "
        "WHERE id = :id"), {"id": review_id}).one()


def test_lz4_on_postgresql_and_back_at_downgrade(database_url):
    engine = make_engine(database_url)
    findings = "[" + ",".join(f'{{"规则":"节能审查第{i}条","理由":"能耗超过限额"}}'
                              for i in range(2000)) + "]"
    try:
        create_user(engine, "压缩测试", "压缩测试专用密码-1", "reviewer")
        with engine.begin() as connection:
            available = lz4.lz4_available(connection)
            if engine.dialect.name == "postgresql":
                assert available == bool(connection.exec_driver_sql(
                    "SELECT count(*) FROM pg_settings WHERE name = "
                    "'default_toast_compression' AND 'lz4' = ANY(enumvals)").scalar())
            else:
                assert not available
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0018_unread_indexes")
        if not available:
            with engine.begin() as connection:
                command.upgrade(alembic_config(connection), "head")
            return
        with engine.begin() as connection:
            assert set(_methods(connection).values()) == {""}
            before = _store(connection, findings)
            assert _read(connection, before) == (findings, findings, "pglz")
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        with engine.begin() as connection:
            assert set(_methods(connection).values()) == {"l"}
            after = _store(connection, findings)
            assert _read(connection, after) == (findings, findings, "lz4")
            assert _read(connection, before) == (findings, findings, "pglz")
    finally:
        engine.dispose()
