"""The stack's floor (benchmarks/floor.py): a bare Flask app on the project's own engine
settings (checker.store.make_engine) that does only what every review request must do —
read and parse a JSON body, store one row of FLOOR_ROW_BYTES in one short transaction, and
answer 201 with a JSON body of FLOOR_RESPONSE_BYTES.  No token, no review, no rulebook:
what is left is Flask, the WSGI server, the driver and the database, the part of a request
no change to the project can take away.  Served by gunicorn as ``benchmarks._floor_app:
create_app()`` (DATABASE_URL, FLOOR_ROW_BYTES, FLOOR_RESPONSE_BYTES from the environment)."""
from __future__ import annotations

import json
import os

from flask import Flask, request
from sqlalchemy import Column, Integer, MetaData, Table, Text, insert

from checker.store import make_engine

METADATA = MetaData()
ROWS = Table("floor_rows", METADATA, Column("id", Integer, primary_key=True),
             Column("body", Text, nullable=False), Column("payload", Text, nullable=False))
# ASCII JSON-like filler (one byte a character), cut to size per request
FILLER = ('{"rule_id": "E-0000", "outcome": "pass", "message": "filler"}, ' * 4000)


def create_app() -> Flask:
    app = Flask(__name__)
    engine = make_engine(os.environ["DATABASE_URL"])
    row_bytes = int(os.environ.get("FLOOR_ROW_BYTES", "100000"))
    response_bytes = int(os.environ.get("FLOOR_RESPONSE_BYTES", "53000"))
    head = '{"id": %d, "review": "'
    answer = head + "x" * max(0, response_bytes - len(head) - 10) + '"}\n'
    statement = insert(ROWS)

    @app.post("/floor")
    def store():
        body = request.get_data(cache=False)
        data = json.loads(body)
        if not isinstance(data, dict):
            return app.response_class('{"error": "object"}', status=422,
                                      mimetype="application/json")
        text = body.decode("utf-8")
        with engine.begin() as connection:
            new_id = connection.execute(statement, {
                "body": text, "payload": FILLER[:max(0, row_bytes - len(body))]}
            ).inserted_primary_key[0]
        return app.response_class(answer % new_id, status=201, mimetype="application/json")

    @app.get("/ready")
    def ready():
        return "ok"

    return app
