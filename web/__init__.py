"""The reviewer web application (审查人员使用的网页与 JSON API).

``flask --app web run`` serves it; configuration comes from the environment:
DATABASE_URL (default: SQLite file in the instance folder), SECRET_KEY (default: a random key
generated once and kept in the instance folder), OPINION_AUTHORITY, ECOLOGY_AUTHORITY and a
number prefix per document series (OPINION_NUMBER_PREFIX, REFERRAL_NUMBER_PREFIX,
NOTICE_NUMBER_PREFIX, ECOLOGY_NUMBER_PREFIX).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, redirect, url_for

from checker import rulebook
from checker.store import make_engine, migrate

MAX_CONTENT_LENGTH = 2 * 1024 * 1024
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'")


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
    """Build the application; the database schema is upgraded to head on start."""
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
           for setting, default in rulebook.current().documents.settings().items()},
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    if "SECRET_KEY" not in test_config:
        app.config["SECRET_KEY"] = _secret_key(instance)
    app.config.update(test_config)
    app.json.ensure_ascii = False  # JSON_AS_ASCII False (Flask ≥ 2.3 spelling)
    app.config["JSON_AS_ASCII"] = False

    engine = make_engine(app.config["DATABASE_URL"])
    migrate(engine)
    app.extensions["engine"] = engine

    from web import api, auth, errors, reviews, rules, security

    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(reviews.bp)
    app.register_blueprint(rules.bp)
    app.register_blueprint(api.bp)
    auth.register_cli(app)

    @app.get("/")
    def index():
        return redirect(url_for("reviews.new"))

    return app
