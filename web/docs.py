"""``/api/docs``: the API documentation, readable in the browser (Swagger UI served from the
application's static files, on the generated OpenAPI document)."""
from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("docs", __name__)


@bp.get("/api/docs")
def api_docs():
    return render_template("api_docs.html")
