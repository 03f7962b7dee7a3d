"""The web application on a fresh database (SQLite file; also PostgreSQL when
TEST_DATABASE_URL is set), with a reviewer, an administrator and an API token."""
from __future__ import annotations

import json
import os

import pytest
from web_support import SAMPLE, add_fixture_users, login, open_app

from checker.store import create_token

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture
def sample():
    """The sample application (a large data centre, already under construction)."""
    return json.loads(json.dumps(SAMPLE))


def pytest_generate_tests(metafunc):
    """Every test on a database runs on SQLite, and on PostgreSQL too (TEST_DATABASE_URL)
    unless it is marked ``sqlite_only``: a page whose rendering no SQL of the backend's own
    can change (docs/development.md, "哪些测试在两种数据库上运行")."""
    if "database_url" in metafunc.fixturenames:
        one = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("database_url", BACKENDS[:1] if one else BACKENDS, indirect=True)


@pytest.fixture
def database_url(request, tmp_path, database_templates):
    """A database of this test's own, migrated, with the fixture accounts (make_app's): a
    copy of this process's template (tests/support/databases.py)."""
    with database_templates.copy(request.param, tmp_path / "web.sqlite3", "web",
                                 add_fixture_users) as url:
        yield url


@pytest.fixture
def app(database_url, tmp_path):
    app = open_app(database_url, str(tmp_path), "test-secret")
    yield app
    app.extensions["engine"].dispose()


@pytest.fixture
def engine(app):
    return app.extensions["engine"]


@pytest.fixture
def token(engine):
    return create_token(engine, "reviewer")


@pytest.fixture
def client(app):
    return app.test_client()



@pytest.fixture
def logged_in(client):
    assert login(client).status_code == 302
    return client


@pytest.fixture
def server(app):
    """The app served on a free local port in a thread (for the browser tests)."""
    import threading

    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(10)
