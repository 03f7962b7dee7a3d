"""Shared fixtures for the unit tests."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def minimal_application(**project) -> dict:
    """A small valid application (an office project) as the applicant would submit it."""
    return {
        "project": {"name": "开福区某办公楼项目", "applicant": "长沙某置业有限公司",
                    "industry_code": "7010", "nature": "新建", "investment": 20000, **project},
        "energy": [{"carrier": "electricity", "quantity": 150, "unit": "万kWh"}],
    }


@pytest.fixture
def rules_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of rules/ that a test may edit; CHECKER_RULES_DIR points at it."""
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    monkeypatch.setenv("CHECKER_RULES_DIR", str(target))
    return target


@pytest.fixture(scope="session")
def database_templates():
    """Migrated template databases of this test process (per xdist worker), copied per test
    (tests/support/databases.py): SQLite, and PostgreSQL when TEST_DATABASE_URL is set."""
    from tests.support.databases import Templates

    templates = Templates(os.environ.get("TEST_DATABASE_URL"))
    yield templates
    templates.close()


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.json"))


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# Markers (registered in pyproject.toml) given from what a test needs, so that a new test is
# marked without anyone remembering to: `postgres` — runs on PostgreSQL (a database_url
# parameter); `browser` — it takes the `browser` fixture (tests/web/conftest.py: contexts in the
# session's one chromium, driven through Playwright); `celery` — it starts a
# Celery worker (the `queue` fixture). `slow` is set by hand on the few long tests.
def _drives_a_browser(item) -> bool:
    """The test takes the `browser` fixture (every browser test does: none launches its own)
    or the `server` fixture (the app served on a port, for a browser to open)."""
    return bool({"browser", "server"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "postgresql" in params.values():
            item.add_marker(pytest.mark.postgres)
        if _drives_a_browser(item):
            item.add_marker(pytest.mark.browser)
        if "queue" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.celery)
