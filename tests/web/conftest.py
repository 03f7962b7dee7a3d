"""The web application on a fresh database (SQLite file; also PostgreSQL when
TEST_DATABASE_URL is set), with a reviewer, an administrator and an API token."""
from __future__ import annotations

import json
import os

import pytest
from web_support import SAMPLE, login, make_app

from checker.store import create_token
from checker.store.scratch import scratch_schema

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture
def sample():
    """The sample application (a large data centre, already under construction)."""
    return json.loads(json.dumps(SAMPLE))


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'web.sqlite3'}"
        return
    with scratch_schema(os.environ["TEST_DATABASE_URL"], "w") as url:
        yield url


@pytest.fixture
def app(database_url, tmp_path):
    app = make_app(database_url, str(tmp_path), "test-secret")
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
