"""Engines for the store tests: a temporary SQLite file, and PostgreSQL when
TEST_DATABASE_URL is set (a fresh schema per test, dropped afterwards)."""
from __future__ import annotations

import json
import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from checker.store import make_engine, migrate

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def postgres_url_with_schema(base_url: str, schema: str) -> str:
    """`base_url` with the search_path set to `schema` (libpq ``options``)."""
    sep = "&" if "?" in base_url else "?"
    return f"{base_url}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def database_url(request, tmp_path):
    """A database URL with an empty schema, for the backend `request.param`."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    base = os.environ["TEST_DATABASE_URL"]
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield postgres_url_with_schema(base, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


def pytest_generate_tests(metafunc):
    if "database_url" in metafunc.fixturenames:
        metafunc.parametrize("database_url", BACKENDS, indirect=True)


SAMPLE = {
    "project": {"name": "测试数据中心", "applicant": "某公司", "industry_code": "6450",
                "nature": "新建", "investment": 50000, "construction_started": True},
    "energy": [{"carrier": "electricity", "quantity": 30000, "unit": "万kWh"},
               {"carrier": "natural_gas", "quantity": 10, "unit": "万m³"}],
    "data_centre": {"standard_racks": 3000, "design_pue": 1.3},
}


@pytest.fixture
def sample():
    """The sample application (a large data centre, already under construction)."""
    return json.loads(json.dumps(SAMPLE))
