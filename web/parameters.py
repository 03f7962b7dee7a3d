"""参数设置: the administrator sets the GAP parameters and the district's base figures in the
database; the app's rulebook provider (web.books) layers them over the rulebook, every worker
seeing a change on its next request (one indexed query of the settings' version), without a
restart.

Precedence: shipped rulebook < local YAML file ($CHECKER_PARAMETERS, also read by the CLI) <
these settings.  Every change is audited (who, when, old → new) and changes the rulebook
version.  A value is read by the parameter's declared type (rules/parameters/*.yaml: type,
unit, range) and refused, naming the expected form, when it is not one; a stored value the
rulebook refuses is listed here and left out of the reviews.  Records made before a change
keep their rulebook (see web.service: a record renders and issues from its own).
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from checker.dates import parse_date
from checker.store.parameters import (ParameterError, changes, clear_value, local_values,
                                      set_value)
from checker.rulebook.sources import Status
from web import books, service
from web.db import engine
from web.security import login_required

bp = Blueprint("parameters", __name__)


def _editable() -> list:
    """The parameters an administrator sets: every GAP parameter and the district figures."""
    book = books.provider().shipped()
    return [p for p in book.parameters.values()
            if p.name.startswith("impact.") or any(v.status == Status.GAP for v in p.values)]


def _admin() -> None:
    if g.user.role != "admin":
        abort(403, description="只有管理员可以设置参数")


@bp.get("/admin/parameters")
@login_required
def index():
    _admin()
    provider = books.provider()
    book = books.in_force()
    return render_template("parameters.html", parameters=_editable(), local=local_values(engine()),
                           changes=changes(engine()), today=service.today(), version=book.version,
                           titles={p.name: p.title for p in book.parameters.values()},
                           ignored={v.name: v for v in provider.ignored()},
                           saved=_saved_title(request.args.get("saved", "")))


def _saved_title(name: str) -> str:
    """The title of the parameter just saved (the redirect says which), for 已保存."""
    parameter = books.in_force().parameters.get(name)
    return parameter.title if parameter else ""


@bp.post("/admin/parameters")
@login_required
def save():
    _admin()
    name = request.form.get("name", "")
    parameters = {p.name: p for p in _editable()}
    if name not in parameters:
        abort(400, description="参数名称不在可设置的参数之列")
    if request.form.get("action") == "clear":
        clear_value(engine(), name, g.user.name)
        return redirect(url_for("parameters.index", saved=name) + "#p-" + name)
    parameter = parameters[name]
    try:
        value = parameter.parse(request.form.get("value", ""))
        since = parse_date(request.form.get("since", ""), dt.date(1900, 1, 1), dt.date(2100, 12, 31))
        set_value(engine(), books.provider().shipped().parameters, name, value, since,
                  request.form.get("source", ""), g.user.name)
    except (ParameterError, ValueError) as exc:
        abort(400, description=f"参数“{parameter.title}”未保存：{exc}")
    return redirect(url_for("parameters.index", saved=name) + "#p-" + name)
