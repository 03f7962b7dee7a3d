"""Fixtures of the evidence tests (bad input, security, faults through the web layer).

The per-test fixtures (``app``, ``engine``, ``token``, ``client``, ``logged_in``, ``sample``,
``database_url``) are the web tests' own, loaded from tests/web/conftest.py under another
module name (every conftest is imported as ``conftest``, so a plain import would not do).
The module-scoped ``shared_*`` fixtures below build one application per test module and
backend, for the long loops (229 bad-input files, the XSS matrix), where a fresh database per
case would only cost time: those tests compare review counts instead of starting empty.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

WEB_TESTS = Path(__file__).resolve().parent.parent / "web"
if str(WEB_TESTS) not in sys.path:
    sys.path.append(str(WEB_TESTS))  # web_support

_spec = importlib.util.spec_from_file_location("web_test_fixtures", WEB_TESTS / "conftest.py")
_web = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_web)

# the web tests' fixtures, re-exported for tests/evidence
BACKENDS = _web.BACKENDS
sample = _web.sample
database_url = _web.database_url
pytest_generate_tests = _web.pytest_generate_tests  # database_url's backends
app = _web.app
engine = _web.engine
token = _web.token
client = _web.client
logged_in = _web.logged_in

from web_support import add_fixture_users, login, open_app  # noqa: E402

from checker.store import create_token  # noqa: E402


@pytest.fixture(scope="module", params=BACKENDS)
def shared_app(request, tmp_path_factory, database_templates):
    """One application (with "reviewer" and "admin") per test module and backend."""
    directory = tmp_path_factory.mktemp(f"evidence-{request.param}")
    with database_templates.copy(request.param, directory / "evidence.sqlite3", "web",
                                 add_fixture_users) as url:
        application = open_app(url, str(directory), "evidence-secret")
        yield application
        application.extensions["engine"].dispose()


@pytest.fixture(scope="module")
def shared_engine(shared_app):
    return shared_app.extensions["engine"]


@pytest.fixture(scope="module")
def shared_token(shared_engine):
    return create_token(shared_engine, "reviewer")


@pytest.fixture(scope="module")
def shared_client(shared_app):
    """A client signed in as "reviewer" for the whole module."""
    signed_in = shared_app.test_client()
    assert login(signed_in).status_code == 302
    return signed_in
