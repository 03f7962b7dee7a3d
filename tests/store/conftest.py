"""Engines for the store tests: a temporary SQLite file, and PostgreSQL when
TEST_DATABASE_URL is set (a database per test, dropped afterwards), migrated: a copy of this
process's template (tests/support/databases.py). A test marked ``empty_database`` gets an
empty one instead (the migration tests)."""
from __future__ import annotations

import json
import os

import pytest

from checker.store import make_engine
from checker.store.scratch import scratch_schema

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture
def database_url(request, tmp_path, database_templates):
    """A database URL of this test's own, for the backend `request.param`: migrated to head,
    or empty when the test is marked ``empty_database``."""
    backend = getattr(request, "param", "sqlite")
    if request.node.get_closest_marker("empty_database") is None:
        with database_templates.copy(backend, tmp_path / "store.sqlite3") as url:
            yield url
    elif backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        with scratch_schema(os.environ["TEST_DATABASE_URL"]) as url:
            yield url


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def pytest_generate_tests(metafunc):
    if "database_url" in metafunc.fixturenames:
        metafunc.parametrize("database_url", BACKENDS, indirect=True)


SAMPLE = {
    "project": {"name": "测试数据中心", "applicant": "某公司", "industry_code": "6450",
                "nature": "新建", "investment": 50000, "construction_started": False},
    "energy": [{"carrier": "electricity", "quantity": 30000, "unit": "万kWh"},
               {"carrier": "natural_gas", "quantity": 10, "unit": "万m³"}],
    "data_centre": {"standard_racks": 3000, "design_pue": 1.3},
}


@pytest.fixture
def sample():
    """The sample application (a large data centre, already under construction)."""
    return json.loads(json.dumps(SAMPLE))
