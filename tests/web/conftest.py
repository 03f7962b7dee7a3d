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


# ------------------------------------------------------------------ a real browser

CHROMIUM = "/usr/bin/chromium"  # Debian's chromium (apt-get install chromium), via Playwright
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]


class Contexts:
    """What a browser test is given: fresh browser contexts (own cookies, storage, viewport)
    in the session's one chromium, all closed when the test ends."""

    def __init__(self, chromium):
        self._chromium = chromium
        self._open: list = []

    def new_context(self, **options):
        context = self._chromium.new_context(**options)
        self._open.append(context)
        return context

    def new_page(self, **options):
        """A page in a context of its own (Browser.new_page's options: viewport,
        accept_downloads, java_script_enabled …)."""
        return self.new_context(**options).new_page()

    def close(self) -> None:
        for context in self._open:
            context.close()


@pytest.fixture(scope="session")
def chromium():
    """The one chromium of the test session (launched by the first browser test, about a
    second; skipped when chromium is not installed)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"未安装浏览器 {CHROMIUM}（apt-get install chromium）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def browser(chromium):
    """A browser test's own contexts and pages in the session's chromium (tests/conftest.py
    marks every test that takes it `browser`)."""
    contexts = Contexts(chromium)
    yield contexts
    contexts.close()
