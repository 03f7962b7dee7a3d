"""The bureau's time limits (待办): what is due, by when, for whom — sorted by deadline.

Each source yields `Deadline`s from the store; the limits come from the rulebook's dated
parameters and are counted in working days by checker.workdays (the State Council's holiday
arrangements, 调休 included; a year the installed calendar does not cover is reported on the
line, never guessed):

* 补正通知 (Order 2025 No. 31 Art. 14): material that does not meet the requirements is
  notified once, completely, within `procedure.correction_notice_working_days` (5) working
  days of receipt; otherwise the report counts as accepted on receipt.  The receipt date is
  the day the record was made (the application data carry no date of receipt);
* the review's own time limit (Art. 17): `procedure.review_time_limit_working_days`, unset
  (GAP: the number was not found in the sources) — each open review is listed with the limit
  “未设置” until an administrator sets it;
* the start of construction (Art. 19): the last day before the opinion lapses;
* change applications not yet decided (Art. 18 sets no time limit: listed without one).

Others add their own (acceptance within 6 months of trial operation, Art. 21): a source is a
function ``(session, today, book) → iterable of Deadline``; `deadlines(..., sources=SOURCES +
(theirs,))` or an edit of `SOURCES` adds it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from checker.store.models import ProjectAct, ReviewDocument, ReviewRecord
from checker.store.projects import LIGHT
from checker.workdays import CalendarGap, add_working_days

Link = tuple[str, dict] | str  # an endpoint and its values, or a path (aftercare.PATHS)


@dataclass(frozen=True)
class Deadline:
    """One thing due: what (`title`), by when (`due`, None when no limit can be computed —
    `note` says why), on which project and record, for whom (`owner_id`: a user; None: the
    bureau), of which bureau, and where it is handled (`link`)."""

    kind: str
    title: str
    due: dt.date | None
    project_code: str
    project_name: str
    link: Link | None
    owner_id: int | None = None
    bureau: str = "drc"
    note: str = ""

    def overdue(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today

    def days_left(self, today: dt.date) -> int | None:
        return None if self.due is None else (self.due - today).days


Source = Callable[[Session, dt.date, object], Iterable[Deadline]]
OPEN = ("draft", "submitted", "returned")


def _parameter(book, name: str, day: dt.date) -> int | None:
    value = book.parameters[name].at(day)
    return None if value is None or value.unset else int(value.value)


def _working(start: dt.date, count: int) -> tuple[dt.date | None, str]:
    try:
        return add_working_days(start, count), ""
    except CalendarGap as gap:
        return None, str(gap)


def _open_records(session: Session) -> list[ReviewRecord]:
    """Records whose main document is not yet issued (nor voided)."""
    d = ReviewDocument
    return list(session.scalars(
        select(ReviewRecord).join(d, (d.review_id == ReviewRecord.id) & (d.position == 0))
        .where(d.state.in_(OPEN)).options(*LIGHT, selectinload(ReviewRecord.documents))
        .order_by(ReviewRecord.id)))


def _record_limits(session: Session, today: dt.date, book) -> Iterable[Deadline]:
    """补正通知 within n working days of receipt; the review time limit (GAP when unset)."""
    for record in _open_records(session):
        received = record.issued_on
        link = ("reviews.show", {"review_id": record.id})
        main = record.documents[0]
        if main.doc_type == "correction_notice":
            days = _parameter(book, "procedure.correction_notice_working_days", received)
            if days is None:
                yield Deadline("correction", "发出补正通知", None, record.project_code,
                               record.project_name, link, record.reviewer_id,
                               note="收件日施行的办法未规定以工作日计的补正告知期限")
                continue
            due, note = _working(received, days)
            yield Deadline("correction", f"发出补正通知（收件后{days}个工作日内）", due,
                           record.project_code, record.project_name, link, record.reviewer_id,
                           note=note)
            continue
        days = _parameter(book, "procedure.review_time_limit_working_days", received)
        if days is None:
            yield Deadline("review_limit", "完成审查", None, record.project_code,
                           record.project_name, link, record.reviewer_id,
                           note="审查时限未设置（参数 procedure.review_time_limit_working_days，"
                                "依据条文的天数未找到）")
            continue
        due, note = _working(received, days)
        yield Deadline("review_limit", f"完成审查（{days}个工作日内）", due, record.project_code,
                       record.project_name, link, record.reviewer_id, note=note)


def _project_limits(session: Session, today: dt.date, book) -> Iterable[Deadline]:
    """The last day to start construction before the opinion lapses; undecided changes."""
    from checker.store.projects import _derive, _load_many

    codes = {c for (c,) in session.execute(
        select(ReviewRecord.project_code).join(
            ReviewDocument, (ReviewDocument.review_id == ReviewRecord.id)
            & (ReviewDocument.position == 0))
        .where(ReviewRecord.project_code != "", ReviewDocument.state == "issued")).all()}
    files = _load_many(session, sorted(codes))
    for code in sorted(files):
        file = _derive(session, files[code], book, ())
        link = ("projects.show", {"code": code})
        lapse = file.lapse
        if (lapse is not None and file.ended is None and not lapse.averted
                and lapse.started_on is None):
            yield Deadline("lapse", "开工建设（逾期审查意见自动失效）", lapse.last_day, code,
                           file.name, link,
                           note="" if lapse.last_day else "有效期参数未设置")
        for request in file.pending_changes:
            yield Deadline("change", f"决定变更申请（{request.act_on.isoformat()}收到）", None,
                           code, file.name, link, request.created_by_id,
                           note="办法未规定决定期限")


def _acceptance_limits(session: Session, today: dt.date, book) -> Iterable[Deadline]:
    """Each acceptance whose trial operation began and whose acceptance opinion is not yet
    issued: due 6 months after (Art. 21; checker.store.aftercare.deadlines)."""
    from checker.store import aftercare

    for due in aftercare.deadlines(session.get_bind()):
        yield Deadline("acceptance", due.title, due.due, due.project_code, due.project_name,
                       due.link, due.owner_id)


SOURCES: tuple[Source, ...] = (_record_limits, _project_limits, _acceptance_limits)


def deadlines(engine: Engine, today: dt.date, book=None,
              sources: tuple[Source, ...] = SOURCES) -> list[Deadline]:
    """Everything due, earliest deadline first (those without one last)."""
    from checker.store.book import or_shipped

    book = or_shipped(book)
    with Session(engine, expire_on_commit=False) as session:
        items = [d for source in sources for d in source(session, today, book)]
    return sorted(items, key=lambda d: (d.due is None, d.due or dt.date.max, d.project_code,
                                        d.title))


def for_user(items: list[Deadline], user) -> list[Deadline]:
    """A user's own: those they are responsible for (the drafter of the record)."""
    return [d for d in items if d.owner_id == user.id]


def for_bureau(items: list[Deadline], bureau: str) -> list[Deadline]:
    return [d for d in items if d.bureau == bureau]


__all__ = ["Deadline", "SOURCES", "Source", "deadlines", "for_bureau", "for_user", "ProjectAct"]
