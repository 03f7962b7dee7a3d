"""Helpers and sample data shared by the web tests."""
from __future__ import annotations

import functools
import re

from checker.store import count_reviews

PASSWORD = "审查专用密码2026abc"
AS_OF = "2026-03-01"

SAMPLE = {
    "project": {"name": "测试数据中心", "applicant": "某公司", "industry_code": "6450",
                "nature": "新建", "investment": 50000, "construction_started": True},
    # About 3,820 tce: within district authority, so the district decides (and rejects).
    "energy": [{"carrier": "electricity", "quantity": 3000, "unit": "万kWh"},
               {"carrier": "natural_gas", "quantity": 10, "unit": "万m³"}],
    "data_centre": {"standard_racks": 3000, "design_pue": 1.3},
}


FIXTURE_USERS = [("reviewer", "reviewer", "drc"), ("admin", "admin", "drc"),
                 ("approver", "approver", "drc"), ("eco-approver", "approver", "ecology")]


def make_app(database_url: str, instance: str, secret: str):
    """The web app on `database_url`, an empty database: migrated explicitly (as ``flask db
    upgrade`` does) and given the users "reviewer" and "admin" (发展和改革局), and the
    approvers (签发人) "approver" (发展和改革局) and "eco-approver" (生态环境局开福分局)."""
    from checker.store import make_engine, migrate

    engine = make_engine(database_url)
    try:
        migrate(engine)
        add_fixture_users(engine)
    finally:
        engine.dispose()
    return open_app(database_url, instance, secret)


def open_app(database_url: str, instance: str, secret: str):
    """The web app on `database_url`, a database already prepared as make_app prepares one
    (the web fixtures' copies of a template: tests/support/databases.py)."""
    from web import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": secret})
    app.instance_path = instance
    return app


def add_fixture_users(engine) -> None:
    """The four accounts of make_app, all with PASSWORD."""
    add_users(engine, FIXTURE_USERS)


@functools.lru_cache(maxsize=1)
def password_hash() -> str:
    """PASSWORD hashed once per test process: a scrypt hash costs ~80 ms of CPU, and four of
    them per test were most of the web fixtures' time (tests/test_accounts.py covers
    `create_user` itself, hashing included)."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash(PASSWORD)


def add_users(engine, users: list[tuple[str, str, str]]) -> None:
    """The fixture accounts (name, role, bureau), active, all with PASSWORD."""
    from checker.store.db import writing
    from checker.store.models import User

    with writing(engine) as session:
        session.add_all(User(name=name, password_hash=password_hash(), role=role, bureau=bureau,
                             active=True) for name, role, bureau in users)


APPROVERS = {"drc": "approver", "ecology": "eco-approver"}


def issue_review(client, engine, review_id: int, drafter_token: str) -> dict:
    """Submit (as the drafter) and issue (as the approver of each document's bureau) every
    document of a review through the API; the review as the API then returns it."""
    from checker.store import create_token

    tokens = {bureau: create_token(engine, name) for bureau, name in APPROVERS.items()}
    body = client.get(f"/api/v1/reviews/{review_id}",
                      headers={"Authorization": f"Bearer {drafter_token}"}).json
    for document in body["documents"]:
        actions = document["actions"]
        response = client.post(actions["submit"],
                               headers={"Authorization": f"Bearer {drafter_token}"})
        assert response.status_code == 200, response.json
        response = client.post(actions["issue"], headers={
            "Authorization": f"Bearer {tokens[document['issuer']]}"})
        assert response.status_code == 200, response.json
        body = response.json
    return body


def wait_for_batch(client, batch_id: int, seconds: float = 90) -> dict:
    """The batch's progress (its page's JSON) once it is no longer running."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = client.get(f"/batches/{batch_id}/progress.json").get_json()
        if data["state"] != "running":
            return data
        time.sleep(0.3)
    raise AssertionError(f"batch {batch_id} still running: {data}")


def csrf_of(response) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert match, "page has no CSRF field"
    return match.group(1)


def login(client, name="reviewer", password=PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf_token": csrf_of(page)})


def sign_in(page, server: str, name: str = "reviewer") -> None:
    """Sign `name` in through the login form of a real browser page; returns on the user's
    start page (the reviewer's is /reviews/new), loaded."""
    page.goto(server + "/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.wait_for_load_state()


def new_form_token(client) -> str:
    return csrf_of(client.get("/reviews/new"))


def reviews_count(engine) -> int:
    return count_reviews(engine)


def pdf_file(padding: int = 0) -> bytes:
    """A real one-page PDF (pypdf), `padding` random bytes larger (an embedded file)."""
    import io
    import os

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if padding:
        writer.add_attachment("padding.bin", os.urandom(padding))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
