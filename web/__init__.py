"""The reviewer web application (审查人员使用的网页与 JSON API).

``make serve`` runs it under gunicorn (``make dev``: ``flask --app web run`` with the reloader);
the schema is migrated beforehand by ``flask --app web db upgrade``, never here. Configuration
comes from the environment: DATABASE_URL (default: SQLite file in the instance folder),
SECRET_KEY (default: a random key generated once and kept in the instance folder),
OPINION_AUTHORITY, ECOLOGY_AUTHORITY and a number prefix per document series
(OPINION_NUMBER_PREFIX, REFERRAL_NUMBER_PREFIX, NOTICE_NUMBER_PREFIX, ECOLOGY_NUMBER_PREFIX),
DATABASE_CONNECT_TIMEOUT and DATABASE_STATEMENT_TIMEOUT (seconds; PostgreSQL),
SESSION_COOKIE_SECURE (1 behind HTTPS), SESSION_IDLE_TIMEOUT (seconds, default 1800),
LOGIN_RATE_LIMIT (default "20 per minute" per address), REDIS_URL (the limiter's shared
storage; batches on Celery workers, else a local process pool) and PROXY_FIX (1 behind a reverse proxy that sets
X-Forwarded-For/-Proto/-Host).
"""
from __future__ import annotations

import functools
import os
import secrets
from pathlib import Path

from celery import Celery, Task
from flask import Flask, g, redirect, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

from checker import rulebook
from checker.dates import utc_now
from checker.intake import MAX_REQUEST_BYTES
from checker.store.db import CONNECT_TIMEOUT, STATEMENT_TIMEOUT
from web import (admin, aftercare, api, auth, batches, books, db, docs, errors, housekeeping,
                 jobs, ledger, parameters, pool, projects, records, reviews, rules, security,
                 tasks)
from web.common import PRODUCT_NAME
from web.rawquery import RawQueryFix

TRUE = {"1", "true", "yes", "on"}


def _flag(name: str) -> bool:
    """An on/off setting from the environment (1/true/yes/on)."""
    return os.environ.get(name, "").strip().lower() in TRUE


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else one persisted in the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = instance / "secret_key"
    if not path.exists():
        # several workers may start at once: each writes a complete key to its own temporary
        # file and links it in only if no key is there yet, so nobody reads a partial key
        temp = instance / f".secret_key.{os.getpid()}.{secrets.token_hex(8)}"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(temp, path)
            except FileExistsError:
                pass  # another worker won: use its key
        finally:
            temp.unlink(missing_ok=True)
    return path.read_text().strip()


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application (the schema must have been migrated: ``flask db upgrade``)."""
    app = Flask(__name__, instance_relative_config=True)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    test_config = dict(test_config or {})
    app.config.update(
        DATABASE_URL=os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'checker.sqlite3'}",
        # Issuing bureaus and number prefixes per series (rules/documents.yaml names the
        # settings and their defaults): OPINION_AUTHORITY, ECOLOGY_AUTHORITY,
        # OPINION_NUMBER_PREFIX, REFERRAL_NUMBER_PREFIX, NOTICE_NUMBER_PREFIX,
        # ECOLOGY_NUMBER_PREFIX.
        **{setting: os.environ.get(setting) or default
           for setting, default in rulebook.shipped().documents.settings().items()},
        DATABASE_CONNECT_TIMEOUT=int(os.environ.get("DATABASE_CONNECT_TIMEOUT") or
                                     CONNECT_TIMEOUT),
        DATABASE_STATEMENT_TIMEOUT=int(os.environ.get("DATABASE_STATEMENT_TIMEOUT") or
                                       STATEMENT_TIMEOUT),
        # intake.MAX_BYTES is the one size limit of an application, however it comes; the
        # server lets through a request of one application plus the form's other fields, and
        # a form field (pasted JSON) of that size too — Werkzeug's own default for a field is
        # 500 KB, which refused pastes of 0.5–2 MB naming the 2 MB limit
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_REQUEST_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=_flag("SESSION_COOKIE_SECURE"),
        # a signed-in session ends after this many seconds without a request
        SESSION_IDLE_TIMEOUT=int(os.environ.get("SESSION_IDLE_TIMEOUT") or 1800),
        # sign-in attempts per client address (Flask-Limiter; Redis when REDIS_URL is set)
        LOGIN_RATE_LIMIT=os.environ.get("LOGIN_RATE_LIMIT") or "20 per minute",
        PROXY_FIX=_flag("PROXY_FIX"),
        # the limiter's shared storage, and background work (batches): Celery workers on this
        # Redis, else a local process pool
        REDIS_URL=os.environ.get("REDIS_URL") or "",
        # the clock (an aware moment): a test passes a fixed one (dates.today reads Beijing
        # time from it)
        CLOCK=utc_now,
    )
    if "SECRET_KEY" not in test_config:
        app.config["SECRET_KEY"] = _secret_key(instance)
    app.config.update(test_config)
    app.json.ensure_ascii = False  # Chinese stays readable in JSON
    app.jinja_env.globals["product_name"] = PRODUCT_NAME
    app.wsgi_app = RawQueryFix(app.wsgi_app)
    if app.config["PROXY_FIX"]:  # one trusted proxy in front: its X-Forwarded-* are believed
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    db.init_app(app)
    books.init_app(app)  # the rulebook in force: app.extensions["rulebook"]
    pool.init_app(app, create_app)  # the local pool's processes make their apps with it
    celery_init_app(app)  # app.extensions["celery"]: batches on Celery workers
    app.before_request(batches.raise_upload_limit)  # before any hook reads the form
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(reviews.bp)
    app.register_blueprint(rules.bp)
    app.register_blueprint(records.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(docs.bp)
    app.register_blueprint(ledger.bp)
    app.register_blueprint(parameters.bp)
    app.register_blueprint(batches.bp)
    app.register_blueprint(projects.bp)
    app.register_blueprint(aftercare.bp)
    auth.register_cli(app)
    auth.init_limiter(app)

    @app.get("/")
    def index():
        """Each user's start page (reviews.landing): an approver's documents to sign, the
        ecology bureau's 待办, a drafter's new review."""
        return redirect(reviews.landing(g.get("user")))

    @app.get("/favicon.ico")
    def favicon():
        return redirect(url_for("static", filename="favicon.svg"), code=301)

    return app


def celery_init_app(app: Flask) -> Celery:
    """The app's Celery application (Flask's Celery pattern), ``app.extensions["celery"]``:
    every task (web.tasks, shared tasks) runs in an application context of `app`. Its
    configuration (web.jobs.celery_settings: Redis at REDIS_URL, the queue CELERY_QUEUE) is
    read when Celery is first used, not here — an app without REDIS_URL never uses it."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery("checker", task_cls=FlaskTask, set_as_current=False)

    def configure(sender, **_):
        sender.config_from_object(jobs.celery_settings(app.config.get("REDIS_URL") or ""))

    celery.on_configure.connect(configure, weak=False)
    housekeeping.register(celery)  # the daily job (Art. 19 lapses) and its beat schedule
    app.extensions["celery"] = celery
    return celery


@functools.cache
def _worker_celery() -> Celery:
    """The Celery application of ``celery -A web worker`` (make worker): an app made by
    create_app (DATABASE_URL, REDIS_URL and the other settings from the environment), shared
    by the worker's processes, each of which warms up when it starts (web.tasks.warm)."""
    from celery.signals import worker_process_init

    app = create_app()
    if not app.config["REDIS_URL"]:
        raise RuntimeError("celery -A web worker: set REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    worker_process_init.connect(lambda **_: tasks.warm(app), weak=False)
    return app.extensions["celery"]


def __getattr__(name: str):
    """``celery -A web worker`` (make worker) finds its Celery application as ``web.celery``."""
    if name == "celery":
        return _worker_celery()
    raise AttributeError(name)
