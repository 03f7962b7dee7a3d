"""The project file pages (项目档案, staff only): the list and search of projects, one project's
whole history in date order with its state now (checker.store.projects), the acts on an
issued opinion (开工日期, 变更申请 and its decision, 撤销, 整改), and the 待办 page of time
limits (checker.store.deadlines) for the signed-in user and for the bureau.

Every refusal (bad input naming the field, an act the state does not allow, a user who may
not) is raised and answered by web.errors in Chinese; nothing partial is stored."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

from checker.refusals import NotFound
from checker.store import deadlines as store_deadlines
from checker.store import projects as store
from checker.workdays import CalendarGap, covered_years
from web import books, service
from web.db import engine
from web.security import login_required

bp = Blueprint("projects", __name__)


def _file(code: str) -> store.ProjectFile:
    if store.code_problem(code):
        raise NotFound(f"项目代码“{code[:40]}”格式不符（形如 2601-430105-04-01-123456）")
    file = store.project_file(engine(), code, books.in_force())
    if file is None:
        raise NotFound(f"没有项目代码为“{code}”的审查记录")
    return file


def _form(name: str) -> str:
    return request.form.get(name, "")


def _back(code: str, anchor: str = ""):
    return redirect(url_for("projects.show", code=code) + anchor, code=303)


@bp.get("/projects")
@login_required
def index():
    """项目档案: the projects (records with a 项目代码), the latest first; search by code,
    project name or builder."""
    query = request.args.get("q", "").strip()[:100]
    return render_template("projects.html", rows=store.list_projects(
        engine(), query, book=books.in_force()), q=query)


@bp.get("/projects/<code>")
@login_required
def show(code: str):
    """One project: records, documents, acts and the events of others, in date order, with
    the state now and the Art. 19 dates."""
    file = _file(code)
    book = books.in_force()
    act_docs = {a.document_id: a for a in file.acts if a.document_id}
    documents = [(r, d, act_docs[d.id]) for r in file.records for d in r.documents
                 if d.id in act_docs]
    return render_template("project.html", file=file, today=service.today(),
                           act_documents=documents, labels=store.KIND_LABELS,
                           stop_records=[r for r in file.records if r.documents
                                         and r.documents[0].doc_type == "stop_notice"
                                         and r.documents[0].state == "issued"],
                           doc_names={k: d.name for k, d in [*book.documents.documents.items(),
                                                                  *book.documents.acts.items()]})


@bp.post("/projects/<code>/start")
@login_required
def start(code: str):
    """登记开工日期 (the builder's declared start of construction)."""
    store.declare_start(engine(), code, _form("started_on"), g.user, service.today(),
                        _form("note"), service.address(), books.in_force())
    return _back(code, "#lapse")


@bp.post("/projects/<code>/changes")
@login_required
def change(code: str):
    """登记变更申请 (Art. 18)."""
    store.apply_change(engine(), code, _form("received_on"), _form("change"), _form("reason"),
                       g.user, service.today(), service.address(), books.in_force())
    return _back(code, "#changes")


@bp.post("/projects/<code>/changes/<int:request_id>/decision")
@login_required
def decide(code: str, request_id: int):
    """变更申请的决定: 同意变更 (a 同意变更的函 drafted) or 重新审查 (the new record linked)."""
    if not 0 < request_id <= service.MAX_ID:
        raise NotFound("该变更申请不存在")
    store.decide_change(engine(), code, request_id, _form("decision"), g.user, service.today(),
                        _form("new_review_id"), _form("reason"), service.address(),
                        books.in_force())
    return _back(code, "#changes")


@bp.post("/projects/<code>/revocation")
@login_required
def revoke(code: str):
    """撤销审查意见 (Art. 25; an approver of the 发改局)."""
    store.revoke(engine(), code, _form("reason"), _form("basis"), g.user, service.today(),
                 service.address(), books.in_force())
    return _back(code)


@bp.post("/projects/<code>/rectification")
@login_required
def rectify(code: str):
    """认定完成整改 (Art. 24): the 整改证明 is drafted."""
    store.rectify(engine(), code, _form("record_id"), _form("rectified_on"), _form("note"),
                  g.user, service.today(), service.address(), books.in_force())
    return _back(code, "#documents")


@bp.get("/todo")
@login_required
def todo():
    """待办: the time limits due and overdue, earliest first — the signed-in user's own, or
    (``?scope=bureau``) all of the user's bureau."""
    today = service.today()
    scope = "bureau" if request.args.get("scope") == "bureau" else "mine"
    items = store_deadlines.deadlines(engine(), today, books.in_force())
    items = (store_deadlines.for_bureau(items, g.user.bureau) if scope == "bureau"
             else store_deadlines.for_user(items, g.user))
    first, last = covered_years()
    calendar_note = "" if first <= today.year <= last else str(CalendarGap(today.year))
    return render_template("todo.html", items=items, today=today, scope=scope,
                           calendar_years=(first, last), calendar_note=calendar_note)
