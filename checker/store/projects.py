"""The project file (项目档案): everything the bureau holds on one project, by its 项目代码.

A project is the unit the bureau works on after the review.  Its records (审查记录, linked by
the national investment platform's 项目代码 and by the re-review links) and its acts under
Order 2025 No. 31 (`ProjectAct`, rows only inserted) are gathered here, and the project's
state now is *derived* from them in date order — never stored twice:

* Art. 18 — a 重大变动 before or during construction needs a 变更申请 (`apply_change`); the
  bureau decides (`decide_change`) either 同意变更, which issues a 同意变更的函 (its own
  number series, drafted → signed → issued like any document: a ReviewDocument of the
  opinion's record, so the one numbering, signing and archiving machinery of
  checker.store.records applies), or 重新审查, which links a new review record;
* Art. 19 — the opinion (or the 同意变更决定) lapses by itself when construction has not
  started within the validity period (`procedure.review_validity_years`, 2 years) of its
  issue: `lapse_dates`; applied by the daily job (`apply_lapses`: ``checker housekeeping``,
  Celery beat), idempotent, recorded as an act; from that day the record leaves the ledger's
  approved totals;
* Art. 25 — revocation (`revoke`) of an opinion obtained by splitting the project or by false
  material: an act of its own with its reason and legal basis, not the clerical void (作废)
  of a document; the record leaves the ledger's totals the same way;
* Art. 24 — a project built without review that has rectified (`rectify`) gets a 整改证明
  instead of an opinion (its own series, signed like any document).

Periods in years follow the Civil Code (Art. 201: the day of the event does not count;
Art. 202: the period ends on the corresponding day of the last year, or the month's last day
when there is none): an opinion issued on 2026-03-02 may be acted on until 2028-03-02 and
lapses on 2028-03-03.  Art. 203 (a period ending on a statutory holiday runs to the day
after the holiday) is not applied to the automatic lapse (this rulebook's reading; see the
docs).

Others add their own kinds of event (acceptance, operating data, inspections) without
changing this module's callers: an event source is a function ``(session, file) →
iterable of ProjectEvent``; `EVENT_SOURCES` lists those of this module, and
`project_file(..., sources=EVENT_SOURCES + (theirs,))` or an edit of that tuple adds more.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, selectinload

from checker.dates import beijing_date, parse_date
from checker.intake import text_problem
from checker.refusals import Conflict, Forbidden, NotFound, Refused
from checker.store import ledger
from checker.store.audit import audit
from checker.store.db import writing
from checker.store.models import (BUREAU_LABELS, ONCE_KINDS, AuditEvent, ProjectAct,
                                  ReviewDocument, ReviewRecord, User)

# ── the event interface ──────────────────────────────────────────────────────────────────

# a Flask endpoint and its values (the web builds the URL), or a path of the application
# (checker.store.aftercare.PATHS)
Link = tuple[str, dict] | str


@dataclass(frozen=True)
class ProjectEvent:
    """One line of a project's history.

    kind:   a short key (``record``, ``issued``, ``void``, ``start``, ``change_request`` …;
            others add theirs: ``acceptance``, ``operating_data``, ``inspection``);
    on:     its legal date (Beijing);
    title:  what happened, in Chinese (签发《节能审查意见》开发改环资〔2026〕3号);
    link:   where it is shown (endpoint, values), or None;
    detail: one more line (reason, what changed, who), may be empty;
    state:  the project's state from this event on (None: the event does not change it);
    seq:    orders the events of one day (lower first)."""

    kind: str
    on: dt.date
    title: str
    link: Link | None = None
    detail: str = ""
    state: str | None = None
    seq: int = 0


@dataclass
class Lapse:
    """Art. 19 for the project's opinion: the date its validity is counted from (`base`: the
    opinion's issue, or the latest issued 同意变更的函), the last day construction may start
    (`last_day`), the day it lapses (`lapses_on`), the declared start, and whether the lapse
    has been applied (`applied`, the act's date)."""

    base: dt.date
    years: int | None
    last_day: dt.date | None
    lapses_on: dt.date | None
    started_on: dt.date | None
    applied: dt.date | None

    @property
    def averted(self) -> bool:
        """Construction started in time: the opinion no longer lapses."""
        return (self.started_on is not None and self.last_day is not None
                and self.started_on <= self.last_day)


@dataclass
class ProjectFile:
    """Everything on one project: its records (oldest first, documents loaded), its acts, the
    opinion in force (or None), the events in date order and the state they lead to."""

    code: str
    name: str
    applicant: str
    records: list[ReviewRecord]
    acts: list[ProjectAct]
    opinion: ReviewRecord | None = None
    lapse: Lapse | None = None
    events: list[ProjectEvent] = field(default_factory=list)
    state: str = "审查中"

    def act(self, kind: str, record_id: int | None = None) -> ProjectAct | None:
        return next((a for a in self.acts if a.kind == kind
                     and (record_id is None or a.record_id == record_id)), None)

    @property
    def pending_changes(self) -> list[ProjectAct]:
        """Change applications not yet decided."""
        decided = {a.request_id for a in self.acts if a.request_id}
        return [a for a in self.acts if a.kind == "change_request" and a.id not in decided]

    @property
    def ended(self) -> ProjectAct | None:
        """The lapse or revocation of the opinion in force, if any."""
        if self.opinion is None:
            return None
        return (self.act("revocation", self.opinion.id) or self.act("lapse", self.opinion.id))


EventSource = Callable[[Session, ProjectFile], Iterable[ProjectEvent]]

KIND_LABELS = {"start": "开工建设", "change_request": "变更申请", "change_granted": "同意变更",
               "change_rereview": "重新审查", "lapse": "审查意见失效", "revocation": "撤销审查意见",
               "rectification": "完成整改"}
# the main documents that are an opinion the acts of Arts. 18, 19 and 25 concern
OPINION_TYPES = ("energy_opinion", "commitment_notice")
GRANTED = ("approve", "conditional")
# the project's state after its main document is issued, by document type
ISSUED_STATE = {"energy_opinion": "已出具意见", "commitment_notice": "已出具意见",
                "correction_notice": "待补正", "referral_letter": "已转报",
                "exempt_notice": "不单独审查", "stop_notice": "责令整改"}
ENDING = ("lapse", "revocation")
ACT_DOCUMENTS = {"change_granted": "change_consent", "rectification": "rectification_certificate"}


def _record_events(session: Session, file: ProjectFile) -> Iterable[ProjectEvent]:
    """The records: made (审查中), each document issued or voided."""
    from checker.store.records import document_name, void_moments

    ids = [d.id for r in file.records for d in r.documents if d.state == "void"]
    voided = void_moments(session.get_bind(), ids)
    act_docs = {a.document_id for a in file.acts if a.document_id}
    for record in file.records:
        link = ("reviews.show", {"review_id": record.id})
        yield ProjectEvent("record", record.issued_on, f"审查记录 {record.id}（{record.as_of}审查基准日）",
                           link, f"审查人员：{record.reviewer.name}", "审查中", 0)
        for document in record.documents:
            if document.issued_on is None or document.id in act_docs:
                continue
            main = document.position == 0
            state = None
            if main:
                state = ISSUED_STATE.get(document.doc_type, "已出具文书")
                if document.doc_type in OPINION_TYPES and record.conclusion not in GRANTED:
                    state = "不予通过"
            yield ProjectEvent("issued", document.issued_on,
                               f"签发《{document_name(document.doc_type)}》{document.number or ''}",
                               link, "", state, 1)
            if document.state == "void":
                moment = voided.get(document.id)
                yield ProjectEvent("void", beijing_date(moment) if moment else document.issued_on,
                                   f"作废《{document_name(document.doc_type)}》{document.number or ''}",
                                   link, document.reason or "", "文书已作废" if main else None, 2)


def _act_events(session: Session, file: ProjectFile) -> Iterable[ProjectEvent]:
    """The acts of this module, and the documents they issued."""
    from checker.store.records import void_moments

    documents = {d.id: d for r in file.records for d in r.documents}
    voided = void_moments(session.get_bind(), [a.document_id for a in file.acts
                                               if a.document_id in documents
                                               and documents[a.document_id].state == "void"])
    link = ("projects.show", {"code": file.code})
    for act in file.acts:
        label = KIND_LABELS.get(act.kind, act.kind)
        if act.kind == "start":
            yield ProjectEvent("start", act.act_on, "开工建设（建设单位申报的开工日期）", link,
                               act.subject, "已开工建设", 3)
        elif act.kind == "change_request":
            yield ProjectEvent("change_request", act.act_on, f"收到变更申请：{act.subject}", link,
                               f"理由：{act.reason}" if act.reason else "", "变更申请中", 3)
        elif act.kind == "change_rereview":
            target = ("reviews.show", {"review_id": act.linked_review_id})
            yield ProjectEvent("change_rereview", act.act_on,
                               f"变更申请决定：重新审查（审查记录 {act.linked_review_id}）", target,
                               act.reason, "重新审查中", 4)
        elif act.kind in ("change_granted", "rectification"):
            document = documents.get(act.document_id)
            what = "同意变更" if act.kind == "change_granted" else "认定完成整改"
            yield ProjectEvent(act.kind, act.act_on, f"{what}（{_document_state(document)}）", link,
                               act.subject, None, 4)
            if document is not None and document.issued_on is not None:
                from checker.store.records import document_name

                yield ProjectEvent(f"{act.kind}_issued", document.issued_on,
                                   f"签发《{document_name(document.doc_type)}》{document.number}",
                                   ("reviews.show", {"review_id": document.review_id}), "",
                                   "已变更" if act.kind == "change_granted" else "已整改", 5)
                if document.state == "void":
                    moment = voided.get(document.id)
                    yield ProjectEvent("void", beijing_date(moment) if moment else document.issued_on,
                                       f"作废《{document_name(document.doc_type)}》{document.number}",
                                       link, document.reason or "",
                                       "变更决定已作废" if act.kind == "change_granted"
                                       else "整改证明已作废", 6)
        elif act.kind == "lapse":
            yield ProjectEvent("lapse", act.act_on, "审查意见自动失效（第十九条：期限内未开工建设）",
                               link, act.reason, "已失效", 7)
        elif act.kind == "revocation":
            yield ProjectEvent("revocation", act.act_on, "撤销审查意见（第二十五条）", link,
                               f"理由：{act.reason}；依据：{act.basis}", "已撤销", 7)
        else:  # a kind added later without its own line here
            yield ProjectEvent(act.kind, act.act_on, label, link, act.subject, None, 8)


def _document_state(document: ReviewDocument | None) -> str:
    if document is None:
        return "无文书"
    return f"文书{document.state_label}"


def _aftercare_events(session: Session, file: ProjectFile) -> Iterable[ProjectEvent]:
    """The acceptances (Art. 21), operating years and rectification notices (Arts. 23, 26) and
    inspections (Art. 22) of checker.store.aftercare; an issued acceptance opinion of the
    whole project that passed makes the project 已验收."""
    from checker.store import aftercare

    for event in aftercare.project_events(session.get_bind(), file.code):
        yield ProjectEvent(event.kind, event.date, event.title, event.link, event.detail,
                           event.state, 9)


# The event sources of the project page; add yours here (or pass `sources`).
EVENT_SOURCES: tuple[EventSource, ...] = (_record_events, _act_events, _aftercare_events)


# ── reading a project ────────────────────────────────────────────────────────────────────

def code_problem(code: str) -> str | None:
    """Why `code` is not a 项目代码 (the platform's format), else None."""
    import re

    from checker.model import PROJECT_CODE_PATTERN

    if not isinstance(code, str) or not re.fullmatch(PROJECT_CODE_PATTERN, code):
        return "格式不符：项目代码形如 2601-430105-04-01-123456"
    return None


# the columns a project file never reads (the review's JSON): not loaded
LIGHT = (defer(ReviewRecord.input_json), defer(ReviewRecord.findings_json),
         defer(ReviewRecord.summary_rest))


def _load_many(session: Session, codes: list[str]) -> dict[str, ProjectFile]:
    """The project files of `codes` (those with at least one record), in three queries."""
    if not codes:
        return {}
    acts = list(session.scalars(select(ProjectAct).where(ProjectAct.project_code.in_(codes))
                                .order_by(ProjectAct.act_on, ProjectAct.id)))
    linked = {a.linked_review_id: a.project_code for a in acts if a.linked_review_id}
    query = select(ReviewRecord).where(ReviewRecord.project_code.in_(codes))
    if linked:
        query = select(ReviewRecord).where(or_(ReviewRecord.project_code.in_(codes),
                                               ReviewRecord.id.in_(list(linked))))
    rows = session.scalars(query.options(*LIGHT, selectinload(ReviewRecord.documents),
                                         selectinload(ReviewRecord.reviewer))
                           .order_by(ReviewRecord.id))
    by_code: dict[str, list[ReviewRecord]] = {}
    for record in rows:
        code = record.project_code if record.project_code in codes else linked[record.id]
        by_code.setdefault(code, []).append(record)
    files = {}
    for code, records in by_code.items():
        latest = records[-1]
        files[code] = ProjectFile(code=code, name=latest.project_name, applicant=latest.applicant,
                                  records=records,
                                  acts=[a for a in acts if a.project_code == code])
    return files


def _load(session: Session, code: str) -> ProjectFile | None:
    return _load_many(session, [code]).get(code)


def _opinion(file: ProjectFile) -> ReviewRecord | None:
    """The record whose opinion is in force: the latest with an issued (not voided) opinion
    that agrees to the project."""
    for record in reversed(file.records):
        main = record.documents[0] if record.documents else None
        if (main is not None and main.doc_type in OPINION_TYPES and main.state == "issued"
                and record.conclusion in GRANTED):
            return record
    return None


def add_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day `years` later (Civil Code Art. 202: the last day of the month
    when there is none, 2028-02-29 + 1 year → 2029-02-28)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def validity_years(book, day: dt.date) -> int | None:
    """The validity period of an opinion issued on `day` (procedure.review_validity_years,
    the parameter the opinion's wording states), None when it is not set."""
    value = book.parameters["procedure.review_validity_years"].at(day)
    return None if value is None or value.unset else int(value.value)


def lapse_dates(file: ProjectFile, book) -> Lapse | None:
    """Art. 19 for the opinion in force (None without one): counted from its issue, or from
    the latest issued 同意变更的函 on it (“节能审查意见或同意变更决定之日起”)."""
    record = file.opinion
    if record is None:
        return None
    base = record.documents[0].issued_on
    consents = {a.document_id for a in file.acts if a.kind == "change_granted"}
    for document in record.documents:
        if document.id in consents and document.state == "issued" and document.issued_on:
            base = max(base, document.issued_on)
    years = validity_years(book, base)
    last = add_years(base, years) if years is not None else None
    start = file.act("start", record.id)
    applied = file.act("lapse", record.id)
    return Lapse(base=base, years=years, last_day=last,
                 lapses_on=last + dt.timedelta(days=1) if last else None,
                 started_on=start.act_on if start else None,
                 applied=applied.act_on if applied else None)


def project_file(engine: Engine, code: str, book=None,
                 sources: tuple[EventSource, ...] = EVENT_SOURCES) -> ProjectFile | None:
    """The project file of `code` (None when no record carries it): records, acts, the
    opinion in force, its lapse dates, the events in date order and the state now."""
    from checker.store.book import or_shipped

    with Session(engine, expire_on_commit=False) as session:
        file = _load(session, code)
        if file is None:
            return None
        return _derive(session, file, or_shipped(book), sources)


def _derive(session: Session, file: ProjectFile, book, sources) -> ProjectFile:
    file.opinion = _opinion(file)
    file.lapse = lapse_dates(file, book)
    events = [e for source in sources for e in source(session, file)]
    file.events = sorted(events, key=lambda e: (e.on, e.seq))
    state = "审查中"
    for event in file.events:
        state = event.state or state
    file.state = state
    return file


@dataclass(frozen=True)
class ProjectRow:
    code: str
    name: str
    applicant: str
    records: int
    last_on: dt.date
    state: str


def list_projects(engine: Engine, query: str = "", limit: int = 100, book=None
                  ) -> list[ProjectRow]:
    """The projects (records with a 项目代码), the latest first; `query` matches the code,
    the project's name or the builder's (a substring)."""
    from checker.store.book import or_shipped
    from checker.store.reviews import _escape_like

    r = ReviewRecord
    q = select(r.project_code, func.count(r.id), func.max(r.issued_on), func.max(r.id)) \
        .where(r.project_code != "").group_by(r.project_code)
    if query:
        pattern = f"%{_escape_like(query)}%"
        q = q.where(or_(r.project_code.like(pattern, escape="\\"),
                        r.project_name.like(pattern, escape="\\"),
                        r.applicant.like(pattern, escape="\\")))
    q = q.order_by(func.max(r.id).desc()).limit(limit)
    book = or_shipped(book)
    rows = []
    with Session(engine, expire_on_commit=False) as session:
        found = session.execute(q).all()
        files = _load_many(session, [code for code, *_ in found])
        for code, count, last_on, _ in found:
            file = _derive(session, files[code], book, EVENT_SOURCES)
            rows.append(ProjectRow(code, file.name, file.applicant, count, last_on, file.state))
    return rows


# ── the acts ─────────────────────────────────────────────────────────────────────────────

class ActRefused(Refused):
    """A project act refused for bad input (the field named), nothing stored."""


def _field(path: str, title: str, message: str) -> ActRefused:
    return ActRefused(f"{title}{message}", 400,
                      problems=[{"path": path, "title": title, "message": f"{title}{message}"}])


def _date(text, path: str, title: str, today: dt.date, low: dt.date | None = None) -> dt.date:
    if isinstance(text, dt.date):
        day = text
    else:
        try:
            day = parse_date((text or "").strip())
        except ValueError as exc:
            raise _field(path, title, str(exc)) from None
    if day > today:
        raise _field(path, title, f"不得晚于今天（{today.isoformat()}）")
    if low is not None and day < low:
        raise _field(path, title, f"不得早于{low.isoformat()}")
    return day


def _text(text, path: str, title: str, limit: int = 500, required: bool = True,
          issued: bool = False) -> str:
    """A free text of an act; `issued`: it is printed in an issued document, so it may hold
    no verification language (checker.opinion.document.issuable would drop it)."""
    text = (text or "").strip() if isinstance(text, str) else ""
    if required and not text:
        raise _field(path, title, "不能为空")
    if len(text) > limit:
        raise _field(path, title, f"不得超过{limit}字")
    if (problem := text_problem(text, multiline=not issued)) is not None:
        raise _field(path, title, problem)
    if issued and text:
        from checker.opinion.document import issuable

        kept, removed = issuable(text)
        if removed:
            raise _field(path, title, f"将写入对外文书，不得含内部核对用语或编号（“{removed[0][:30]}”）")
    return text


def _file_for_update(session: Session, code: str, book) -> ProjectFile:
    if code_problem(code):
        raise NotFound(f"项目代码“{str(code)[:40]}”不存在")
    file = _load(session, code)
    if file is None:
        raise NotFound(f"没有项目代码为“{code}”的审查记录")
    return _derive(session, file, book, EVENT_SOURCES)


def _live_opinion(file: ProjectFile, what: str) -> ReviewRecord:
    if file.opinion is None:
        raise Conflict(f"该项目没有已签发的节能审查意见，不能{what}")
    if (ended := file.ended) is not None:
        raise Conflict(f"该项目的节能审查意见已{'撤销' if ended.kind == 'revocation' else '失效'}，"
                       f"不能{what}")
    return file.opinion


def _act(session: Session, file: ProjectFile, kind: str, on: dt.date, user: User | None,
         address: str, **values) -> ProjectAct:
    act = ProjectAct(project_code=file.code, kind=kind, act_on=on,
                     created_by_id=user.id if user else None,
                     created_by=user.name if user else "系统（每日任务）", **values)
    session.add(act)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"该记录已有“{KIND_LABELS.get(kind, kind)}”，不能重复办理") from None
    audit(session, user, f"project_{kind}"[:30], review_id=values.get("record_id"),
          document_id=values.get("document_id"),
          detail=f"{file.code} {KIND_LABELS.get(kind, kind)} {on.isoformat()} "
                 f"{values.get('subject') or values.get('reason') or ''}".strip(),
          address=address)
    return act


def _staff(user: User) -> None:
    if user.bureau != "drc":
        raise Forbidden(f"项目档案的行为由{BUREAU_LABELS['drc']}办理，"
                        f"您所在单位（{user.bureau_label}）无权办理")


def declare_start(engine: Engine, code: str, started_on, user: User, today: dt.date,
                  note: str = "", address: str = "", book=None) -> ProjectAct:
    """Record the builder's declared start of construction (开工日期) on the opinion in
    force: from then on the opinion no longer lapses (when it is within the period)."""
    from checker.store.book import or_shipped

    _staff(user)
    note = _text(note, "note", "说明", 200, required=False)
    with writing(engine, expire_on_commit=False) as session:
        file = _file_for_update(session, code, or_shipped(book))
        record = _live_opinion(file, "登记开工日期")
        day = _date(started_on, "started_on", "开工日期", today, file.lapse.base)
        if file.lapse.last_day and day > file.lapse.last_day:
            raise _field("started_on", "开工日期",
                         f"晚于审查意见的有效期（{file.lapse.last_day.isoformat()}止），审查意见已失效")
        return _act(session, file, "start", day, user, address, record_id=record.id,
                    subject=note)


def apply_change(engine: Engine, code: str, received_on, change: str, reason: str,
                 user: User, today: dt.date, address: str = "", book=None) -> ProjectAct:
    """Record a change application (变更申请, Art. 18) against the opinion in force: what
    changed (printed in the 同意变更的函 if granted), the builder's reason, the day received."""
    from checker.store.book import or_shipped

    _staff(user)
    change = _text(change, "change", "变更事项", 500, issued=True)
    reason = _text(reason, "reason", "变更理由", 500)
    with writing(engine, expire_on_commit=False) as session:
        file = _file_for_update(session, code, or_shipped(book))
        record = _live_opinion(file, "申请变更")
        day = _date(received_on, "received_on", "收到申请日期", today,
                    record.documents[0].issued_on)
        return _act(session, file, "change_request", day, user, address, record_id=record.id,
                    subject=change, reason=reason)


def decide_change(engine: Engine, code: str, request_id: int, decision: str, user: User,
                  today: dt.date, new_review_id=None, reason: str = "", address: str = "",
                  book=None) -> ProjectAct:
    """Decide a change application: ``grant`` (同意变更: a 同意变更的函 drafted on the
    opinion's record in its own series, to be submitted and signed like any document) or
    ``rereview`` (重新审查: the new review record of the same project, `new_review_id`,
    linked to the project)."""
    from checker.store.book import or_shipped

    _staff(user)
    book = or_shipped(book)
    if decision not in ("grant", "rereview"):
        raise _field("decision", "决定", "须为“同意变更”或“重新审查”")
    reason = _text(reason, "reason", "决定理由", 500, required=decision == "rereview")
    with writing(engine, expire_on_commit=False) as session:
        file = _file_for_update(session, code, book)
        request = next((a for a in file.pending_changes if a.id == request_id), None)
        if request is None:
            raise Conflict("该变更申请不存在或已作出决定")
        record = _live_opinion(file, "决定变更申请")
        if decision == "rereview":
            try:
                linked = int(str(new_review_id).strip())
            except ValueError:
                raise _field("new_review_id", "新审查记录编号", "须为审查记录的编号（整数）") from None
            new = session.get(ReviewRecord, linked) if 0 < linked < 2**31 else None
            if new is None:
                raise _field("new_review_id", "新审查记录编号", f"{linked}不存在")
            if new.project_code != code or new.id <= record.id:
                raise _field("new_review_id", "新审查记录编号",
                             "须为本项目（同一项目代码）在原审查记录之后的新审查记录")
            return _act(session, file, "change_rereview", today, user, address,
                        record_id=record.id, request_id=request.id, linked_review_id=linked,
                        reason=reason)
        document = _draft(session, record, ACT_DOCUMENTS["change_granted"], book, user)
        return _act(session, file, "change_granted", today, user, address, record_id=record.id,
                    request_id=request.id, document_id=document.id, subject=request.subject,
                    reason=reason)


def _draft(session: Session, record: ReviewRecord, doc_type: str, book,
           user: User) -> ReviewDocument:
    """A draft document of an act (rules/documents.yaml ``acts``), on `record`, after its
    other documents, drafted by `user` (who may then not sign it: checker.store.records)."""
    spec = book.documents.acts[doc_type]
    position = 1 + (session.scalar(select(func.max(ReviewDocument.position))
                                   .where(ReviewDocument.review_id == record.id)) or 0)
    document = ReviewDocument(review_id=record.id, position=position, doc_type=doc_type,
                              series=spec.series, state="draft", drafter_id=user.id)
    session.add(document)
    session.flush()
    return document


def revoke(engine: Engine, code: str, reason: str, basis: str, user: User, today: dt.date,
           address: str = "", book=None) -> ProjectAct:
    """Revoke the opinion in force (撤销, Art. 25: obtained by splitting the project or by
    false material) — an approver of the 发改局 only, with the reason and the legal basis.
    Distinct from a void (作废, a clerical act on a document): the document stays issued and
    numbered; the record leaves the ledger's approved totals from today."""
    from checker.store.book import or_shipped

    if user.role != "approver":
        raise Forbidden("只有签发人可以撤销审查意见")
    _staff(user)
    reason = _text(reason, "reason", "撤销理由", 500)
    basis = _text(basis, "basis", "法律依据", 200)
    with writing(engine, expire_on_commit=False) as session:
        file = _file_for_update(session, code, or_shipped(book))
        record = _live_opinion(file, "撤销")
        act = _act(session, file, "revocation", today, user, address, record_id=record.id,
                   reason=reason, basis=basis)
        ledger.post_record(session, session.get(ReviewRecord, record.id),
                           record.documents[0].issued_on, -1)
        return act


def rectify(engine: Engine, code: str, record_id, rectified_on, note: str, user: User,
            today: dt.date, address: str = "", book=None) -> ProjectAct:
    """Record that a project built without review (its record's main document: the issued
    责令停止建设、限期整改通知书) has rectified (Art. 24), and draft its 整改证明 (own series,
    signed like any document)."""
    from checker.store.book import or_shipped

    _staff(user)
    book = or_shipped(book)
    note = _text(note, "note", "整改情况", 500)
    with writing(engine, expire_on_commit=False) as session:
        file = _file_for_update(session, code, book)
        try:
            wanted = int(str(record_id).strip())
        except ValueError:
            raise _field("record_id", "审查记录编号", "须为整数") from None
        record = next((r for r in file.records if r.id == wanted), None)
        main = record.documents[0] if record and record.documents else None
        if main is None or main.doc_type != "stop_notice" or main.state != "issued":
            raise _field("record_id", "审查记录编号",
                         "须为本项目已签发《责令停止建设、限期整改通知书》的审查记录")
        day = _date(rectified_on, "rectified_on", "完成整改日期", today, main.issued_on)
        document = _draft(session, record, ACT_DOCUMENTS["rectification"], book, user)
        return _act(session, file, "rectification", day, user, address, record_id=record.id,
                    document_id=document.id, subject=note)


def act_of_document(engine: Engine, document_id: int) -> ProjectAct | None:
    """The act that drafted this document (a 同意变更的函 or 整改证明), else None."""
    with Session(engine, expire_on_commit=False) as session:
        return session.scalar(select(ProjectAct).where(ProjectAct.document_id == document_id))


def act_words(engine: Engine, act: ProjectAct) -> dict[str, str]:
    """What an act's document says besides the project (rules/documents.yaml placeholders)."""
    from checker.opinion.document import chinese_date

    with Session(engine) as session:
        record = session.get(ReviewRecord, act.record_id)
        main = session.scalar(select(ReviewDocument).where(
            ReviewDocument.review_id == record.id, ReviewDocument.position == 0))
        words = {"opinion": main.number or "",
                 "opinion_date": chinese_date(main.issued_on) if main.issued_on else ""}
        if act.kind == "change_granted":
            request = session.get(ProjectAct, act.request_id)
            words.update(change=request.subject, received_on=chinese_date(request.act_on))
        if act.kind == "rectification":
            words.update(rectified_on=chinese_date(act.act_on))
        return words


def act_draft(engine: Engine, document: ReviewDocument):
    """What the document of a project act says (checker.opinion.acts.ActDraft, the same draft
    the acceptance opinion and the rectification notice render through), worded on the act's
    date."""
    from checker.opinion.acts import ActDraft

    act = act_of_document(engine, document.id)
    if act is None:
        raise ActRefused("该文书不是项目档案行为出具的文书")
    with Session(engine) as session:
        record = session.get(ReviewRecord, act.record_id)
        words = {"project": record.project_name, "applicant": record.applicant or "建设单位",
                 "code": record.project_code or "—", **act_words(engine, act)}
        facts = [("项目名称", record.project_name), ("项目代码", record.project_code or "—"),
                 ("建设单位", record.applicant)]
    return ActDraft(kind=document.doc_type, conclusion="default", words=words, facts=facts,
                    items=[], as_of=act.act_on)


# ── the daily job ────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class Lapsed:
    code: str
    record_id: int
    lapses_on: dt.date


def due_lapses(engine: Engine, today: dt.date, book=None) -> list[Lapsed]:
    """The opinions that have lapsed by `today` (Art. 19) and are not yet recorded so.

    Read in SQL first: the issued opinions that agree to the project, issued at least the
    shortest validity period ago (a 同意变更的函 only moves the start later), with neither a
    declared start nor a lapse or revocation; only their projects are then derived."""
    from checker.store.book import or_shipped

    book = or_shipped(book)
    years = [int(v.value) for v in book.parameters["procedure.review_validity_years"].values
             if not v.unset]
    if not years:
        return []  # no validity period set: nothing lapses
    cutoff = add_years(today, -min(years))
    r, d, a = ReviewRecord, ReviewDocument, ProjectAct
    acted = select(a.id).where(a.record_id == r.id, a.kind.in_(("start",) + ENDING)).exists()
    codes = select(r.project_code).join(d, (d.review_id == r.id) & (d.position == 0)) \
        .where(r.project_code != "", d.doc_type.in_(OPINION_TYPES), d.state == "issued",
               r.conclusion.in_(GRANTED), d.issued_on <= cutoff, ~acted).distinct()
    out = []
    with Session(engine, expire_on_commit=False) as session:
        files = _load_many(session, [code for (code,) in session.execute(codes).all()])
        for file in files.values():
            file = _derive(session, file, book, ())
            lapse = file.lapse
            if (lapse is None or file.ended is not None or lapse.lapses_on is None
                    or lapse.averted or lapse.lapses_on > today):
                continue
            out.append(Lapsed(file.code, file.opinion.id, lapse.lapses_on))
    return sorted(out, key=lambda x: (x.lapses_on, x.code))


def apply_lapses(engine: Engine, today: dt.date, book=None) -> list[Lapsed]:
    """Record every lapse due by `today` (idempotent: a lapse is recorded once per opinion,
    a second run records nothing) and take those records out of the ledger's approved
    totals.  Each project in its own transaction: one refusal does not stop the others."""
    from checker.store.book import or_shipped

    book = or_shipped(book)
    done = []
    for due in due_lapses(engine, today, book):
        try:
            with writing(engine, expire_on_commit=False) as session:
                file = _derive(session, _load(session, due.code), book, ())
                if file.opinion is None or file.opinion.id != due.record_id or file.ended:
                    continue  # changed since it was read
                _act(session, file, "lapse", due.lapses_on, None, "",
                     record_id=due.record_id,
                     reason=f"自{file.lapse.base.isoformat()}起{file.lapse.years}年内"
                            f"（至{file.lapse.last_day.isoformat()}）未申报开工建设")
                ledger.post_record(session, session.get(ReviewRecord, due.record_id),
                                   file.opinion.documents[0].issued_on, -1)
            done.append(due)
        except Conflict:
            continue  # recorded meanwhile by another run
    return done


__all__ = ["ACT_DOCUMENTS", "EVENT_SOURCES", "ActRefused", "EventSource", "KIND_LABELS", "Lapse",
           "Lapsed", "ONCE_KINDS", "ProjectEvent", "ProjectFile", "ProjectRow", "AuditEvent",
           "act_draft", "act_of_document", "act_words", "add_years", "apply_change",
           "apply_lapses", "code_problem", "decide_change", "declare_start", "due_lapses",
           "lapse_dates", "list_projects", "project_file", "rectify", "revoke",
           "validity_years"]
