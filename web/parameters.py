"""参数设置: the administrator sets the GAP parameters and the district's base figures in the
database; every web worker layers them over the rulebook, seeing a change on its next request
(one indexed query per request, in autocommit on PostgreSQL, compares the settings'
version), without a restart.

Precedence: shipped rulebook < local YAML file ($CHECKER_PARAMETERS, also read by the CLI) <
these settings.  Every change is audited (who, when, old → new) and changes the rulebook
version.
"""
from __future__ import annotations

import datetime as dt
import json

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from checker import rulebook
from checker.dates import parse_date
from checker.store.parameters import (ParameterError, changes, clear_value, local_values,
                                      set_value, settings_version)
from checker.rulebook.sources import Status
from web import service
from web.db import engine, reader
from web.security import login_required

bp = Blueprint("parameters", __name__)
_SEEN = {"version": None}


def refresh() -> None:
    """Layer the database settings over the rulebook when their version changed."""
    if request.endpoint in (None, "static"):
        return
    seen = (str(engine().url), settings_version(reader()))
    if seen != _SEEN["version"]:
        rulebook.set_local_values(f"db{seen[1]}", local_values(engine()))
        _SEEN["version"] = seen


def forget() -> None:
    """Drop the layered settings of this process (tests switching databases)."""
    _SEEN["version"] = None
    rulebook.set_local_values("", {})


def init_app(app) -> None:
    app.before_request(refresh)
    app.register_blueprint(bp)


def _editable() -> list:
    """The parameters an administrator sets: every GAP parameter and the district figures."""
    book = rulebook.current()
    return [p for p in book.parameters.values()
            if p.name.startswith("impact.") or any(v.status == Status.GAP for v in p.values)]


def _admin() -> None:
    if g.user.role != "admin":
        abort(403, description="只有管理员可以设置参数")


@bp.get("/admin/parameters")
@login_required
def index():
    _admin()
    today = service.today()
    return render_template("parameters.html", parameters=_editable(), local=local_values(engine()),
                           changes=changes(engine()), today=today,
                           version=rulebook.current().version,
                           titles={p.name: p.title for p in rulebook.current().parameters.values()},
                           saved=_saved_title(request.args.get("saved", "")))


def _saved_title(name: str) -> str:
    """The title of the parameter just saved (the redirect says which), for 已保存."""
    parameter = rulebook.current().parameters.get(name)
    return parameter.title if parameter else ""


@bp.post("/admin/parameters")
@login_required
def save():
    _admin()
    name = request.form.get("name", "")
    if name not in {p.name for p in _editable()}:
        abort(400, description="参数名称不在可设置的参数之列")
    if request.form.get("action") == "clear":
        clear_value(engine(), name, g.user.name)
        return redirect(url_for("parameters.index") + "#p-" + name)
    text = request.form.get("value", "").strip()
    try:
        value = json.loads(text)
    except ValueError:
        value = text  # plain text
    try:
        since = parse_date(request.form.get("since", ""), dt.date(1900, 1, 1), dt.date(2100, 12, 31))
        set_value(engine(), rulebook.base().parameters, name, value, since,
                  request.form.get("source", ""), g.user.name)
    except (ParameterError, ValueError) as exc:
        abort(400, description=f"参数“{name}”未保存：{exc}")
    return redirect(url_for("parameters.index", saved=name) + "#p-" + name)
