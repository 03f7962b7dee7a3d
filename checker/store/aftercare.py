"""After the opinion, stored (令2025年第31号第二十一条至第二十六条): acceptances, operating years,
双随机一公开 draws and inspection results, each keyed by the issued record and its 项目代码.

The documents these acts end in — the 节能审查验收意见 and the 限期整改通知 — are documents of
the issued record (review_documents, position ACT_POSITION, the drafter recorded): they are
submitted, returned, issued (numbered in their own series, the PDF/A stored once, never
altered) and voided by checker.store.records like every other document.

For the project page and the 待办 page: `project_events` (kind, date, title, link, detail)
and `deadlines` (due, title, link) — the links are the paths of the web pages (PATHS).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, undefer

from checker import aftercare
from checker.aftercare import AftercareError
from checker.intake import text_problem
from checker.store.audit import audit
from checker.store.book import or_shipped
from checker.store.db import writing
from checker.store.models import (ACT_POSITION, Acceptance, InspectionDraw, InspectionResult,
                                  Inspector, OperatingYear, ReviewDocument, ReviewRecord, User)

# the documents whose issue makes a record a project's opinion (the main document)
OPINIONS = ("energy_opinion", "commitment_notice")
APPROVED = ("approve", "conditional")  # a rejection approves nothing: no acceptance, no data
ACCEPTANCE, RECTIFICATION = "acceptance_opinion", "rectification_notice"
# the web pages the events and deadlines link to
PATHS = {"acceptance": "/acceptances/{id}", "operating": "/operating#year-{id}",
         "inspection": "/inspections/{id}"}
RESULT_MAX = 100
NOTES_MAX = 2000
TITLE_MAX = 100


# --------------------------------------------------------------------- the issued record

def _issued(session: Session, review_id: int) -> ReviewRecord:
    """The record, if its main document (节能审查意见 / 告知承诺书) is issued (not voided)."""
    record = session.get(ReviewRecord, review_id)
    main = session.scalars(select(ReviewDocument).where(
        ReviewDocument.review_id == review_id, ReviewDocument.position == 0)).first()
    if record is None or main is None:
        raise AftercareError(["审查记录不存在"])
    if main.doc_type not in OPINIONS or main.state != "issued" \
            or record.conclusion not in APPROVED:
        raise AftercareError(["该审查记录没有已签发的节能审查意见（或告知承诺书），不能办理验收、运行数据或检查"])
    return record


def opinion_of(engine: Engine, review_id: int) -> ReviewDocument | None:
    """The issued main document of a record (None: not issued, or voided)."""
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(ReviewDocument).where(
            ReviewDocument.review_id == review_id, ReviewDocument.position == 0,
            ReviewDocument.state == "issued",
            ReviewDocument.doc_type.in_(OPINIONS))).first()


def issued_records(engine: Engine, exclude: Iterable[int] = ()) -> list[ReviewRecord]:
    """The records whose opinion is issued and in force (voided ones are not; `exclude`: the
    ids of records lapsed or revoked, which the project file knows), by project code."""
    excluded = set(exclude)
    with Session(engine, expire_on_commit=False) as session:
        rows = session.scalars(select(ReviewRecord).join(ReviewDocument, (
            ReviewDocument.review_id == ReviewRecord.id) & (ReviewDocument.position == 0))
            .where(ReviewDocument.state == "issued", ReviewDocument.doc_type.in_(OPINIONS),
                   ReviewRecord.conclusion.in_(APPROVED))
            .order_by(ReviewRecord.project_code, ReviewRecord.id))
        return [r for r in rows if r.id not in excluded]


def act_documents(engine: Engine, review_id: int) -> list[ReviewDocument]:
    """The documents issued (or drafted) after the opinion on this record."""
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(ReviewDocument).where(
            ReviewDocument.review_id == review_id, ReviewDocument.position >= ACT_POSITION)
            .order_by(ReviewDocument.id)))


def act_document(engine: Engine, document_id: int) -> ReviewDocument | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(ReviewDocument).where(
            ReviewDocument.id == document_id,
            ReviewDocument.position >= ACT_POSITION)).first()


def _draft(session: Session, record: ReviewRecord, kind: str, user: User) -> ReviewDocument:
    spec = or_shipped().documents.acts[kind]
    document = ReviewDocument(review_id=record.id, position=ACT_POSITION, doc_type=kind,
                              series=spec.series, state="draft", drafter_id=user.id)
    session.add(document)
    session.flush()
    return document


# ------------------------------------------------------------------ acceptance (Art. 21)

def open_acceptance(engine: Engine, review_id: int, phase: str,
                    trial_operation_on: dt.date | None, items: list[aftercare.CheckItem],
                    user: User, address: str = "") -> Acceptance:
    """Open the acceptance of an issued record (a named phase, or the whole project) with
    its checklist; one acceptance per record and phase."""
    phase = aftercare.phase_name(phase)
    try:
        with writing(engine, expire_on_commit=False) as session:
            record = _issued(session, review_id)
            row = Acceptance(review_id=record.id, project_code=record.project_code,
                             phase=phase, trial_operation_on=trial_operation_on,
                             items_json=aftercare.checklist_json(items),
                             created_by_id=user.id)
            session.add(row)
            session.flush()
            audit(session, user, "acceptance_open", review_id=record.id, address=address,
                  detail=f"节能审查验收{('（' + phase + '）') if phase else ''}")
            return row
    except IntegrityError:
        raise AftercareError([f"该项目{('“' + phase + '”阶段') if phase else ''}已有验收记录"
                              "（分期验收请填写不同的验收阶段）"]) from None


def get_acceptance(engine: Engine, acceptance_id: int) -> Acceptance | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.get(Acceptance, acceptance_id)


def _rows(engine: Engine, model, order: tuple, review_id: int | None,
          project_code: str | None) -> list:
    """The rows of `model` in `order`, of one record and/or one project when given."""
    query = select(model).order_by(*order)
    if review_id is not None:
        query = query.where(model.review_id == review_id)
    if project_code is not None:
        query = query.where(model.project_code == project_code)
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(query))


def acceptances(engine: Engine, review_id: int | None = None,
                project_code: str | None = None) -> list[Acceptance]:
    return _rows(engine, Acceptance, (Acceptance.id,), review_id, project_code)


def items_of(acceptance: Acceptance) -> list[dict[str, Any]]:
    return json.loads(acceptance.items_json)


def _document_state(session: Session, document_id: int | None) -> str | None:
    if document_id is None:
        return None
    return session.scalar(select(ReviewDocument.state).where(ReviewDocument.id == document_id))


def _editable(session: Session, acceptance: Acceptance) -> None:
    state = _document_state(session, acceptance.document_id)
    if state not in (None, "draft", "returned"):
        raise AftercareError(["验收意见已提交签发或已签发，验收记录不能再修改"])


def _locked_acceptance(session: Session, acceptance_id: int) -> Acceptance:
    row = session.scalars(select(Acceptance).where(Acceptance.id == acceptance_id)
                          .with_for_update()).first()
    if row is None:
        raise AftercareError(["验收记录不存在"])
    return row


def attach_report(engine: Engine, acceptance_id: int, filename: str, data: bytes,
                  user: User, address: str = "") -> Acceptance:
    """Keep the builder's 自查报告 with the acceptance (PDF or Word/WPS, ≤ 20 MB; a later
    upload replaces it until the acceptance opinion is submitted)."""
    checked = aftercare.report_problem(filename, data)
    if isinstance(checked, str):
        raise AftercareError([checked])
    name, mime = checked
    digest = hashlib.sha256(data).hexdigest()
    with writing(engine, expire_on_commit=False) as session:
        row = _locked_acceptance(session, acceptance_id)
        _editable(session, row)
        row.report_filename, row.report_type, row.report_size = name, mime, len(data)
        row.report_sha256, row.report_data = digest, data
        audit(session, user, "acceptance_report", review_id=row.review_id, address=address,
              detail=f"{name}（{len(data)}字节，SHA-256 {digest}）")
        return row


def report(engine: Engine, acceptance_id: int) -> Acceptance | None:
    """The acceptance with its 自查报告 bytes loaded."""
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(Acceptance).options(undefer(Acceptance.report_data))
                               .where(Acceptance.id == acceptance_id)).first()


def decide(engine: Engine, acceptance_id: int, form: dict[str, str], user: User,
           decided_on: dt.date, address: str = "") -> Acceptance:
    """Mark every item 落实 / 未落实 with its evidence and decide: 验收合格 when every item is
    落实, else 不合格; the acceptance opinion is drafted (or, while still a draft or returned,
    follows the new decision).  Refused (nothing stored) without the 自查报告 or with an
    item unmarked."""
    with writing(engine, expire_on_commit=False) as session:
        row = _locked_acceptance(session, acceptance_id)
        _editable(session, row)
        if not row.report_sha256:
            raise AftercareError(["请先上传建设单位的节能审查验收自查报告"])
        items = aftercare.marked(items_of(row), form)
        record = _issued(session, row.review_id)
        row.items_json = json.dumps(items, ensure_ascii=False)
        row.result = aftercare.acceptance_result(items)
        row.decided_on = decided_on
        if row.document_id is None:
            row.document_id = _draft(session, record, ACCEPTANCE, user).id
        audit(session, user, "acceptance_decide", review_id=row.review_id,
              document_id=row.document_id, address=address,
              detail=aftercare.RESULTS[row.result] + (f"（{row.phase}）" if row.phase else ""))
        return row


def acceptance_of_document(engine: Engine, document_id: int) -> Acceptance | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(Acceptance).where(
            Acceptance.document_id == document_id)).first()


# ----------------------------------------------------------- operating data (Arts. 23, 26)

@dataclass(frozen=True)
class Imported:
    years: list[OperatingYear]
    notices: int


def import_operating(engine: Engine, rows: list[aftercare.OperatingRow], threshold: float,
                     user: User, file_sha256: str, address: str = "",
                     exclude: Iterable[int] = ()) -> Imported:
    """Store the rows of an import, each compared with the approved levels of its project's
    issued opinion; a 限期整改通知 drafted for each row above them by more than `threshold`
    percent.  All or nothing: a project code without an issued opinion, or a year already
    imported, refuses the whole file (naming the row)."""
    by_code: dict[str, ReviewRecord] = {}
    for record in issued_records(engine, exclude):  # the latest issued record of each code
        if record.project_code:
            by_code[record.project_code] = record
    problems = []
    for row in rows:
        if row.project_code not in by_code:
            problems.append(f"第{row.row}行 A列（项目代码）：项目代码{row.project_code}"
                            "没有已签发的节能审查意见")
    if problems:
        raise AftercareError(problems)
    with writing(engine, expire_on_commit=False) as session:
        taken = {(r, y) for r, y in session.execute(select(
            OperatingYear.review_id, OperatingYear.year).where(
            OperatingYear.review_id.in_({by_code[r.project_code].id for r in rows})))}
        for row in rows:
            if (by_code[row.project_code].id, row.year) in taken:
                problems.append(f"第{row.row}行 B列（年度）：项目代码{row.project_code}的"
                                f"{row.year}年度数据已导入")
        if problems:
            raise AftercareError(problems)
        stored, notices = [], 0
        for row in rows:
            record = _issued(session, by_code[row.project_code].id)
            levels = aftercare.approved_levels(
                record.energy_tce, record.energy_equivalent_tce, record.co2_t,
                record.added_value, json.loads(record.input_json))
            found = aftercare.overruns(row.figures, levels, threshold)
            year = OperatingYear(
                review_id=record.id, project_code=record.project_code, year=row.year,
                energy_tce=row.figures.get("energy_tce"),
                energy_equivalent_tce=row.figures.get("energy_equivalent_tce"),
                unit_consumption=(row.figures.get("unit_product")
                                  if row.figures.get("unit_product") is not None
                                  else row.figures.get("unit_added_value")),
                unit_basis=("product" if row.figures.get("unit_product") is not None
                            else "added_value" if row.figures.get("unit_added_value")
                            is not None else ""),
                co2_t=row.figures.get("co2_t"),
                approved_json=json.dumps({"levels": levels, "figures": row.figures,
                                          "threshold": threshold}, ensure_ascii=False),
                overruns_json=json.dumps(found, ensure_ascii=False),
                import_sha256=file_sha256, imported_by_id=user.id)
            if found:
                year.document_id = _draft(session, record, RECTIFICATION, user).id
                notices += 1
            session.add(year)
            session.flush()
            audit(session, user, "operating_import", review_id=record.id,
                  document_id=year.document_id, address=address,
                  detail=f"{row.year}年度运行数据" + ("，超出批复水平，起草限期整改通知"
                                                     if found else ""))
            stored.append(year)
        return Imported(stored, notices)


def operating_years(engine: Engine, review_id: int | None = None,
                    project_code: str | None = None) -> list[OperatingYear]:
    return _rows(engine, OperatingYear, (OperatingYear.project_code, OperatingYear.year),
                 review_id, project_code)


def operating_of_document(engine: Engine, document_id: int) -> OperatingYear | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(OperatingYear).where(
            OperatingYear.document_id == document_id)).first()


def approved_vs_actual(engine: Engine, year: int | None = None) -> list[dict[str, Any]]:
    """The ledger's 批复与实际: one row per project and year imported, each indicator's
    approved level, actual figure and the percentage above it."""
    query = (select(OperatingYear, ReviewRecord.project_name).join(
        ReviewRecord, ReviewRecord.id == OperatingYear.review_id)
        .order_by(OperatingYear.year.desc(), OperatingYear.project_code))
    if year:
        query = query.where(OperatingYear.year == year)
    out = []
    with Session(engine) as session:
        for row, name in session.execute(query):
            data = json.loads(row.approved_json)
            over = {o["key"] for o in json.loads(row.overruns_json)}
            figures = []
            for indicator in aftercare.INDICATORS:
                actual = data["figures"].get(indicator.key)
                level = data["levels"].get(indicator.key)
                if actual is None and level is None:
                    continue
                ratio = (float(round(aftercare.overrun_ratio(actual, level["value"]), 2))
                         if actual is not None and level is not None else None)
                figures.append({"label": indicator.label,
                                "unit": (level or {}).get("unit", indicator.unit),
                                "approved": level["value"] if level else None,
                                "actual": actual, "ratio": ratio,
                                "overrun": indicator.key in over})
            out.append({"id": row.id, "review_id": row.review_id, "year": row.year,
                        "project_code": row.project_code, "project_name": name,
                        "figures": figures, "overrun": bool(over),
                        "document_id": row.document_id})
    return out


# --------------------------------------------------------------- inspections (Art. 22)

def set_inspector(engine: Engine, user_id: int, inspector: bool, admin: User,
                  address: str = "") -> None:
    """Mark an account as one that may (or may no longer) be drawn as an inspector."""
    with writing(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise AftercareError(["账户不存在"])
        listed = session.get(Inspector, user_id)
        if inspector and listed is None:
            session.add(Inspector(user_id=user_id, added_by=admin.name))
        elif not inspector and listed is not None:
            session.delete(listed)
        audit(session, admin, "account", address=address,
              detail=f"{user.name}：{'列入' if inspector else '移出'}双随机检查人员名录")


def inspector_ids(engine: Engine) -> set[int]:
    """The ids of the accounts on the inspectors' list."""
    with Session(engine) as session:
        return set(session.scalars(select(Inspector.user_id)))


def project_pool(engine: Engine, exclude: Iterable[int] = ()) -> list[dict[str, Any]]:
    """The projects that may be drawn: issued opinions in force (`exclude`: lapsed or
    revoked records)."""
    return [{"review_id": r.id, "project_code": r.project_code or "",
             "project_name": r.project_name} for r in issued_records(engine, exclude)]


def inspector_pool(engine: Engine) -> list[dict[str, Any]]:
    """The staff who may be drawn: active accounts on the inspectors' list."""
    with Session(engine) as session:
        return [{"id": i, "name": n} for i, n in session.execute(
            select(User.id, User.name).join(Inspector, Inspector.user_id == User.id)
            .where(User.active.is_(True)).order_by(User.name, User.id))]


def record_draw(engine: Engine, title: str, seed: str, planned_on: dt.date, n: int, m: int,
                user: User, address: str = "", exclude: Iterable[int] = ()) -> InspectionDraw:
    """Draw and record: the pools as they are now, the seed, the result."""
    title = (title or "").strip()
    if not title:
        raise AftercareError(["请填写检查任务名称"])
    if len(title) > TITLE_MAX or (problem := text_problem(title)) is not None:
        raise AftercareError([f"检查任务名称{problem or f'不得超过{TITLE_MAX}字'}"])
    projects, inspectors = project_pool(engine, exclude), inspector_pool(engine)
    result = aftercare.draw(seed, projects, inspectors, n, m)
    with writing(engine, expire_on_commit=False) as session:
        row = InspectionDraw(title=title, seed=seed, planned_on=planned_on, projects=n,
                             inspectors=m, drawn_by_id=user.id,
                             pool_json=json.dumps({"projects": projects,
                                                   "inspectors": inspectors},
                                                  ensure_ascii=False),
                             result_json=json.dumps(result, ensure_ascii=False))
        session.add(row)
        session.flush()
        audit(session, user, "inspection_draw", address=address,
              detail=f"{title}：种子 {seed}，抽取项目{n}个、检查人员{m}名")
        return row


def redraw(draw: InspectionDraw) -> dict[str, Any]:
    """The draw re-run from its recorded seed and pools (equal to its result)."""
    pools = json.loads(draw.pool_json)
    return aftercare.draw(draw.seed, pools["projects"], pools["inspectors"], draw.projects,
                          draw.inspectors)


def draws(engine: Engine) -> list[InspectionDraw]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(InspectionDraw).order_by(InspectionDraw.id.desc())))


def get_draw(engine: Engine, draw_id: int) -> InspectionDraw | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.get(InspectionDraw, draw_id)


def results_of(engine: Engine, draw_id: int) -> list[InspectionResult]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(InspectionResult).where(
            InspectionResult.draw_id == draw_id).order_by(InspectionResult.id)))


def record_result(engine: Engine, draw_id: int, review_id: int, inspected_on: dt.date,
                  result: str, notes: str, user: User, address: str = "") -> InspectionResult:
    """What the inspection of one drawn project found: the public result and internal
    notes.  Only a project of this draw, once."""
    result, notes = (result or "").strip(), (notes or "").strip()
    problems = []
    if not result:
        problems.append("请填写检查结果")
    elif len(result) > RESULT_MAX or (p := text_problem(result)) is not None:
        problems.append(f"检查结果{p if len(result) <= RESULT_MAX else f'不得超过{RESULT_MAX}字'}")
    if len(notes) > NOTES_MAX:
        problems.append(f"内部记录不得超过{NOTES_MAX}字")
    elif notes and (p := text_problem(notes, multiline=True)) is not None:
        problems.append(f"内部记录{p}")
    if problems:
        raise AftercareError(problems)
    try:
        with writing(engine, expire_on_commit=False) as session:
            draw = session.get(InspectionDraw, draw_id)
            if draw is None:
                raise AftercareError(["抽查任务不存在"])
            drawn = {p["review_id"]: p for p in json.loads(draw.result_json)["projects"]}
            if review_id not in drawn:
                raise AftercareError(["该项目不在本次抽取结果中"])
            row = InspectionResult(draw_id=draw_id, review_id=review_id,
                                   project_code=drawn[review_id]["project_code"],
                                   project_name=drawn[review_id]["project_name"],
                                   inspected_on=inspected_on, result=result, notes=notes,
                                   recorded_by_id=user.id)
            session.add(row)
            session.flush()
            audit(session, user, "inspection_result", review_id=review_id, address=address,
                  detail=f"{draw.title}：{result}")
            return row
    except IntegrityError:
        raise AftercareError(["该项目的检查结果已登记"]) from None


# what the public page shows: project name, code, inspection date, result (and the task)
PUBLIC_FIELDS = ("title", "project_name", "project_code", "inspected_on", "result")


def public_results(engine: Engine) -> list[dict[str, Any]]:
    """The inspection results as published (双随机一公开): only PUBLIC_FIELDS, newest first."""
    with Session(engine) as session:
        rows = session.execute(select(
            InspectionDraw.title, InspectionResult.project_name, InspectionResult.project_code,
            InspectionResult.inspected_on, InspectionResult.result).join(
            InspectionDraw, InspectionDraw.id == InspectionResult.draw_id).order_by(
            InspectionResult.inspected_on.desc(), InspectionResult.id.desc()))
        return [dict(zip(PUBLIC_FIELDS, row)) for row in rows]


# ------------------------------------------------------------ the documents' contents

def act_draft(engine: Engine, document: ReviewDocument):
    """What an act document says (checker.opinion.acts.ActDraft), from its acceptance or
    operating year, its record and the record's issued opinion."""
    from checker.opinion.acts import ActDraft
    from checker.opinion.document import chinese_date

    with Session(engine, expire_on_commit=False) as session:
        record = session.get(ReviewRecord, document.review_id)
        opinion = session.scalars(select(ReviewDocument).where(
            ReviewDocument.review_id == record.id, ReviewDocument.position == 0)).first()
        acceptance = session.scalars(select(Acceptance).where(
            Acceptance.document_id == document.id)).first()
        year = session.scalars(select(OperatingYear).where(
            OperatingYear.document_id == document.id)).first()
    words = {"project": record.project_name, "applicant": record.applicant or "建设单位",
             "code": record.project_code or "—", "phase": "", "year": "",
             "opinion": opinion.number or "", "opinion_date":
             chinese_date(opinion.issued_on) if opinion.issued_on else ""}
    facts = [("项目名称", record.project_name), ("项目代码", record.project_code),
             ("建设单位", record.applicant),
             ("节能审查意见", f"{opinion.number}（{words['opinion_date']}）")]
    if acceptance is not None:
        items = items_of(acceptance)
        words["phase"] = acceptance.phase
        if acceptance.phase:
            facts.append(("验收阶段", acceptance.phase))
        if acceptance.trial_operation_on:
            facts.append(("试运行日期", chinese_date(acceptance.trial_operation_on)))
        listed = items if acceptance.result == "passed" else \
            [i for i in items if i["status"] != aftercare.DONE]
        shown = "已落实" if acceptance.result == "passed" else "未落实"
        return ActDraft(kind=ACCEPTANCE, conclusion=acceptance.result or "failed", words=words,
                        facts=facts, items=[(i["group"], f"{i['text'].rstrip('。')}。{shown}。")
                                            for i in listed],
                        as_of=acceptance.decided_on or record.as_of)
    if year is not None:
        words["year"] = str(year.year)
        return ActDraft(kind=RECTIFICATION, conclusion="default", words=words, facts=facts,
                        items=aftercare.overrun_items(json.loads(year.overruns_json)),
                        as_of=year.imported_at.date())
    raise AftercareError(["该文书不是验收意见或限期整改通知"])


# ------------------------------------------------- the project page and the 待办 page

@dataclass(frozen=True)
class Event:
    """One event of a project's history (the project page)."""

    kind: str
    date: dt.date
    title: str
    link: str
    detail: str = ""
    state: str | None = None  # the project's state from this event on (None: unchanged)


@dataclass(frozen=True)
class Deadline:
    """Something due (the 待办 page): its last day, what, where."""

    due: dt.date
    title: str
    link: str
    project_code: str = ""
    project_name: str = ""
    owner_id: int | None = None  # who opened the acceptance


def _states(engine: Engine, ids: list[int]) -> dict[int, ReviewDocument]:
    if not ids:
        return {}
    with Session(engine, expire_on_commit=False) as session:
        return {d.id: d for d in session.scalars(select(ReviewDocument).where(
            ReviewDocument.id.in_(ids)))}


def acceptance_events(engine: Engine, project_code: str) -> list[Event]:
    """The project's acceptances: each opened, and each decided (with its opinion's number
    and state)."""
    found: list[Event] = []
    rows = acceptances(engine, project_code=project_code)
    documents = _states(engine, [a.document_id for a in rows if a.document_id])
    for row in rows:
        phase = f"（{row.phase}）" if row.phase else ""
        link = PATHS["acceptance"].format(id=row.id)
        found.append(Event("acceptance", row.created_at.date(), f"节能审查验收{phase}受理", link,
                           f"试运行日期 {row.trial_operation_on}" if row.trial_operation_on
                           else ""))
        if row.result:
            document = documents.get(row.document_id)
            number = f" {document.number}" if document and document.number else ""
            # the whole project accepted once its acceptance opinion is issued (Art. 21)
            accepted = (row.result == "passed" and not row.phase and document is not None
                        and document.state == "issued")
            found.append(Event("acceptance", (document.issued_on if document and
                                              document.issued_on else row.decided_on),
                               f"{aftercare.RESULTS[row.result]}{phase}", link,
                               f"验收意见{number}（{document.state_label if document else ''}）",
                               "已验收" if accepted else None))
    return found


def operating_events(engine: Engine, project_code: str) -> list[Event]:
    """The project's operating years (compared with the approved levels) and the
    rectification notices drafted for them."""
    found: list[Event] = []
    years = operating_years(engine, project_code=project_code)
    documents = _states(engine, [y.document_id for y in years if y.document_id])
    for row in years:
        over = json.loads(row.overruns_json)
        detail = "；".join(f"{o['label']}高出批复水平{o['ratio']}%" for o in over) or "未超出批复水平"
        found.append(Event("operating", row.imported_at.date(), f"{row.year}年度运行数据",
                           PATHS["operating"].format(id=row.id), detail))
        if row.document_id and (document := documents.get(row.document_id)):
            found.append(Event("rectification", document.issued_on or row.imported_at.date(),
                               "限期整改通知", PATHS["operating"].format(id=row.id),
                               f"{document.number or '草稿'}（{document.state_label}）"))
    return found


def inspection_events(engine: Engine, project_code: str) -> list[Event]:
    """The project's 双随机 inspections with their (public) results."""
    with Session(engine) as session:
        return [Event("inspection", r.inspected_on, "双随机检查",
                      PATHS["inspection"].format(id=r.draw_id), r.result)
                for r in session.scalars(select(InspectionResult).where(
                    InspectionResult.project_code == project_code))]


def project_events(engine: Engine, project_code: str) -> list[Event]:
    """A project's acceptances, operating years, rectification notices and inspections,
    oldest first (each kind also on its own: acceptance_events, operating_events,
    inspection_events)."""
    found = [*acceptance_events(engine, project_code), *operating_events(engine, project_code),
             *inspection_events(engine, project_code)]
    return sorted(found, key=lambda e: (e.date, e.kind))


def deadlines(engine: Engine, project_code: str | None = None) -> list[Deadline]:
    """What is due after the opinion: each acceptance whose trial operation date is known
    and whose acceptance opinion is not yet issued, due 6 months after (acceptance_due).
    Sorted by due date."""
    due = []
    rows = acceptances(engine, project_code=project_code)
    documents = _states(engine, [a.document_id for a in rows if a.document_id])
    names = {}
    with Session(engine) as session:
        ids = [a.review_id for a in rows]
        if ids:
            names = dict(session.execute(select(ReviewRecord.id, ReviewRecord.project_name)
                                         .where(ReviewRecord.id.in_(ids))).all())
    for row in rows:
        document = documents.get(row.document_id)
        if row.trial_operation_on is None or (document and document.state == "issued"):
            continue
        phase = f"（{row.phase}）" if row.phase else ""
        due.append(Deadline(aftercare.acceptance_due(row.trial_operation_on),
                            f"{names.get(row.review_id, '')}{phase}节能审查验收",
                            PATHS["acceptance"].format(id=row.id), row.project_code,
                            names.get(row.review_id, ""), row.created_by_id))
    return sorted(due, key=lambda d: d.due)


def count_acceptances(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Acceptance)) or 0
