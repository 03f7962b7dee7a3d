"""Storing and finding reviews; document numbers allocated without gaps or duplicates.

Each document of a review (Review.documents(): 节能审查意见, 转报函, 告知书, 补正通知 …) takes
its number from its own series (rules/documents.yaml), counted per year: an exempt notice
never takes a 节能审查意见 number.  A review is stored whole or not at all: the counter
updates, the review row and its document rows are written in one transaction.  Each counter
row is locked first (``SELECT … FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so
concurrent requests get consecutive numbers; the unique constraint on (series, year, seq) is
the backstop.  Numbers are allocated in one function, `allocate_number`, called only when a document is
issued (checker.store.records): a review is stored with its documents as drafts.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import bindparam, func, insert, literal_column, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload, undefer

from checker.dates import today
from checker.findings import finding_key, keys_text
from checker.refusals import Refused
from checker.store.audit import audit, audit_row
from checker.store.book import or_shipped
from checker.store.db import Precompiled, utf8_text
from checker.store.ledger import ledger_figures
from checker.store.models import (Attachment, AuditEvent, DocumentCounter, ReviewDocument,
                                  ReviewRecord, User, detached, utcnow)
from checker.store.summaries import findings_texts, findings_texts_utf8

NumberFormat = Callable[[str, int, int], str]  # (series, year, seq) → 开发改环资〔2026〕3号
PAGE_SIZE = 20


def allocate_number(session: Session, series: str, year: int) -> int:
    """Lock the counter row of (series, year), creating it if needed, and take the next
    sequence number: numbers of one series and year are consecutive and never reused."""
    locked = (select(DocumentCounter).where(DocumentCounter.series == series,
                                            DocumentCounter.year == year).with_for_update())
    counter = session.scalars(locked).first()
    if counter is None:
        try:
            with session.begin_nested():
                session.add(DocumentCounter(series=series, year=year, last_seq=0))
        except IntegrityError:
            pass  # another transaction created it first; the lock below waits for it
        counter = session.scalars(locked.execution_options(populate_existing=True)).one()
    counter.last_seq += 1
    return counter.last_seq


def _document_rows(result, book=None) -> list[dict[str, Any]]:
    """One draft row per document of the review, each in its own series (rules/documents.yaml
    of `book`, the rulebook it was reviewed under; numbered at issue, see
    checker.store.records), by column (review_id set once the review has its id)."""
    specs = or_shipped(book).documents.documents
    return [dict(position=i, doc_type=k, series=specs[k].series, state="draft", number=None,
                 year=None, seq=None, issued_on=None, issued_by_id=None, pdf_sha256=None,
                 reason=None, drafter_id=None)
            for i, k in enumerate(result.documents())]


class DuplicateKey(Exception):
    """The reviewer already stored a review of the same request under this Idempotency-Key
    (`review_id`): the retry is answered with it."""

    def __init__(self, review_id: int):
        super().__init__(review_id)
        self.review_id = review_id


class KeyReused(Refused):
    """The reviewer's Idempotency-Key was used for another request (another application or
    another as-of date): the key may only replay the same request, never stand for a new
    one — the new application would be lost and another project's review answered."""

    status = 422
    code = "idempotency_key_reused"

    def __init__(self, key: str, review_id: int):
        super().__init__(
            f"Idempotency-Key“{key}”已用于另一份申报（审查记录 {review_id}，申报数据或审查基准日"
            "不同）。同一个键只能用于重复提交完全相同的请求，提交新的申报请使用新的键。",
            problems=[{"path": "Idempotency-Key", "title": "Idempotency-Key 请求头",
                       "message": "已用于另一份申报，请使用新的键"}])
        self.review_id = review_id


def review_row(result, input_json: str, reviewer_id: int, previous_id: int | None = None,
               idempotency_key: str | None = None, recorded_on: dt.date | None = None,
               batch_item_id: int | None = None, book=None,
               rules_page: str | None = None) -> tuple[dict[str, Any], bytes | None]:
    """The reviews row of a `checker.review.Review` by column (the findings stored once, in
    findings_json; summary_json holds the rest, see summaries), and — with `rules_page` —
    the compact text of its findings for the API's answer, in UTF-8; then findings_json and
    summary_json are in UTF-8 too (bytes: the precompiled INSERT stores them as text, see
    `_compiled_inserts`; the answer writes them as they are)."""
    summary = result.summary_json(findings=False)
    project = result.application.project
    utf8 = rules_page is not None
    findings_text, compact = (findings_texts_utf8 if utf8 else findings_texts)(
        result, book, rules_page)
    summary_text = _encode(summary)
    return dict(
        input_json=input_json, input_sha256=result.input_sha256,
        as_of=result.as_of, rulebook_version=result.rulebook_version,
        conclusion=result.conclusion.value, outcome=result.outcome.value,
        findings_json=findings_text,
        summary_json=summary_text.encode() if utf8 else summary_text,
        finding_keys=keys_text(finding_key(f.rule_id, f.outcome) for f in result.findings),
        issued_on=recorded_on or today(), reviewer_id=reviewer_id,
        previous_id=previous_id, project_name=project.name,
        applicant=project.applicant, project_code=project.code or "",
        industry_code=project.industry_code, idempotency_key=idempotency_key,
        batch_item_id=batch_item_id, opinion_number=None, opinion_year=None, opinion_seq=None,
        created_at=utcnow(), **ledger_figures(summary)), compact


def review_record(result, input_json: str, reviewer_id: int, previous_id: int | None = None,
                  idempotency_key: str | None = None, recorded_on: dt.date | None = None,
                  batch_item_id: int | None = None, book=None) -> ReviewRecord:
    """The row of a `checker.review.Review` with its documents as drafts, as new ORM objects
    (not yet in a session): what a batch stores many of in one transaction
    (checker.store.batches.store_results).  `book`: the rulebook it was reviewed under."""
    row, _ = review_row(result, input_json, reviewer_id, previous_id, idempotency_key,
                        recorded_on, batch_item_id, book)
    row["summary_rest"] = row.pop("summary_json")
    return ReviewRecord(**row, documents=[ReviewDocument(**d)
                                          for d in _document_rows(result, book)])


def save_review(engine: Engine, result, input_json: str, reviewer_id: int,
                previous_id: int | None = None, idempotency_key: str | None = None,
                address: str = "", recorded_on: dt.date | None = None,
                batch_item_id: int | None = None, reviewer_name: str | None = None,
                find_duplicates: bool = False, book=None,
                rules_page: str | None = None) -> ReviewRecord:
    """Store a `checker.review.Review` with its documents as drafts (no numbers yet) and its
    audit event, in one short write transaction (everything is prepared before it begins).

    With `idempotency_key`, a second review under the same key of the same reviewer is not
    stored: DuplicateKey names the first when it is the same request (the same canonical
    application — its SHA-256, stored with the key — and the same as-of date), KeyReused
    (422) refuses another request under a used key (the unique constraint decides, also
    when two requests race). `batch_item_id`: the batch application it was made for, unique — a
    second save for the same item raises IntegrityError and stores nothing.
    `reviewer_name` (the reviewer's name, known to the caller) saves reading the user row for
    the audit log; with `find_duplicates`, ``record.duplicate_ids`` is set to `duplicates`
    of the new review (read just before it is stored, on the same connection — on
    PostgreSQL in the write transaction); with
    `rules_page` (the rule explorer's URL), ``record.compact_findings`` is the compact text of
    its findings in UTF-8 (checker.store.summaries), else None, and the stored texts of the
    findings and the rest of the summary come in UTF-8 as ``record.findings_utf8`` and
    ``record.summary_utf8`` instead of ``findings_json`` and ``summary_rest`` (which the
    record then has not loaded: reading them raises, as for any column a detached record
    did not load)."""
    row, compact = review_row(result, input_json, reviewer_id, previous_id, idempotency_key,
                              recorded_on, batch_item_id, book, rules_page)
    documents = _document_rows(result, book)
    detail = f"重新审查 #{previous_id}" if previous_id else ""
    try:
        with engine.connect() as connection:
            found, reviewer_name = _before_insert(connection, result, find_duplicates,
                                                  reviewer_id, reviewer_name)
            if connection.dialect.name != "postgresql":
                # SQLite: the read ends before the write transaction (BEGIN IMMEDIATE, at the
                # first INSERT), which holds the database's write lock only for the inserts and
                # their commit; PostgreSQL has no such lock: the read and the inserts are one
                # transaction
                connection.rollback()
            _insert(connection, row, documents, reviewer_id, reviewer_name, address, detail)
            connection.commit()  # (an error before it: the connection's close rolls back)
    except IntegrityError:
        found = idempotency_key and _by_key(engine, reviewer_id, idempotency_key)
        if found:
            if (found.input_sha256, found.as_of) != (result.input_sha256, result.as_of):
                raise KeyReused(idempotency_key, found.id) from None
            raise DuplicateKey(found.id) from None
        raise
    if rules_page is not None:  # in UTF-8: given beside the record's columns
        utf8 = {"findings_utf8": row.pop("findings_json"), "summary_utf8": row.pop("summary_json")}
    else:
        utf8 = {"findings_utf8": None, "summary_utf8": None}
        row["summary_rest"] = row.pop("summary_json")
    record = detached(ReviewRecord, row)
    record.__dict__.update(utf8)
    record.__dict__["documents"] = [detached(ReviewDocument, d) for d in documents]
    record.duplicate_ids = found
    record.compact_findings = compact
    return record


_REVIEWS, _DOCUMENTS, _EVENTS = (ReviewRecord.__table__, ReviewDocument.__table__,
                                 AuditEvent.__table__)
# what a document has only once issued (its archived PDFs), never in a new review's draft row
_ISSUED_ONLY = frozenset({"pdf", "working_paper", "working_paper_sha256"})
# the columns a review's row gives (review_row), a document's (_document_rows) and its audit
# event's (audit_row): every column of the table but the id, the new review's id (bound once
# for all) and, for a document, what issue adds — so a column added to a table must be given
# by its row function: the precompiled INSERT fills in no column default, and a missing value
# fails at once
REVIEW_COLUMNS = tuple(column.name for column in _REVIEWS.columns if column.name != "id")
_DOCUMENT_BINDS = tuple(column.name for column in _DOCUMENTS.columns
                        if column.name not in {"id", "review_id", *_ISSUED_ONLY})
_EVENT_BINDS = tuple(column.name for column in _EVENTS.columns
                     if column.name not in ("id", "review_id"))
_EVENT_KEYS = tuple((name, f"e_{name}") for name in _EVENT_BINDS)
_encode = json.JSONEncoder(ensure_ascii=False).encode  # = json.dumps(…, ensure_ascii=False)
# the texts bound in UTF-8, as the API makes them (the findings: tens of KB, mostly Chinese;
# checker.store.summaries): the driver would otherwise encode them once more
_UTF8_COLUMNS = ("findings_json", "summary_json")


def _values(row: dict[str, Any], documents: list[dict[str, Any]],
            event: dict[str, Any]) -> dict[str, Any]:
    """The values of `_compiled_inserts`' binds."""
    values = {name: row[name] for name in REVIEW_COLUMNS}
    for name in _UTF8_COLUMNS:  # bound in UTF-8 (see _compiled_inserts)
        if type(values[name]) is str:
            values[name] = values[name].encode()
    for i, document in enumerate(documents):
        for name, key in _document_keys(i):
            values[key] = document[name]
    for name, key in _EVENT_KEYS:
        values[key] = event[name]
    return values


@functools.cache
def _document_keys(position: int) -> tuple[tuple[str, str], ...]:
    """(column, bind name) of the document at `position` of a review's documents INSERT."""
    return tuple((name, f"d{position}_{name}") for name in _DOCUMENT_BINDS)


@functools.lru_cache(maxsize=None)
def _compiled_inserts(count: int, returning_id: bool
                      ) -> tuple[Precompiled, Precompiled | None, Precompiled]:
    """The INSERTs of a review with `count` documents, compiled once: the review's (binds
    named by column; returning its id where the driver has no last row id: PostgreSQL), its
    documents' (binds ``d{i}_{column}``, returning their ids and positions) and its audit
    event's (binds ``e_{column}``), the documents and the event of the review bound as
    ``review_id``."""
    def bind(table, name, key):  # typed: SQLAlchemy types only the first of several rows
        return bindparam(key, type_=table.c[name].type)

    review_id = bindparam("review_id")
    review = insert(_REVIEWS).values({name: utf8_text(name) if name in _UTF8_COLUMNS
                                      else bind(_REVIEWS, name, name)
                                      for name in REVIEW_COLUMNS})
    if returning_id:
        review = review.returning(_REVIEWS.c.id)
    documents = insert(_DOCUMENTS).values(
        [{"review_id": review_id, **{name: bind(_DOCUMENTS, name, f"d{i}_{name}")
                                     for name in _DOCUMENT_BINDS}}
         for i in range(count)]).returning(_DOCUMENTS.c.id, _DOCUMENTS.c.position) \
        if count else None
    event = insert(_EVENTS).values({"review_id": review_id,
                                    **{name: bind(_EVENTS, name, f"e_{name}")
                                       for name in _EVENT_BINDS}})
    return tuple(Precompiled(statement) if statement is not None else None
                 for statement in (review, documents, event))


def _insert(connection, row: dict[str, Any], documents: list[dict[str, Any]],
            reviewer_id: int, reviewer_name: str, address: str, detail: str) -> None:
    """The review, its documents and its audit event: three INSERTs on `connection` from
    plain rows (no ORM object, no unit of work), each compiled once; sets the ids into `row`
    and `documents`."""
    returning_id = connection.dialect.name == "postgresql"
    review, several, event = _compiled_inserts(len(documents), returning_id)
    row_event = audit_row(reviewer_id, reviewer_name, "create", address=address, detail=detail)
    values = _values(row, documents, row_event)
    review_id = (review.rows(connection, values)[0][0] if returning_id
                 else review.execute(connection, values))
    row["id"] = values["review_id"] = review_id
    if several is not None:
        ids = {position: document_id for document_id, position in
               several.rows(connection, values)}
        for document in documents:
            document["review_id"], document["id"] = review_id, ids[document["position"]]
    event.execute(connection, values)


def _before_insert(connection, result, find_duplicates: bool, reviewer_id: int,
                   reviewer_name: str | None) -> tuple[list[int] | None, str]:
    """What a review's INSERTs need read first: its duplicates (`duplicates`, when asked)
    and the reviewer's name for the audit log (when the caller did not give it)."""
    found = _duplicates(connection, result.input_sha256, result.as_of) \
        if find_duplicates else None
    if reviewer_name is None:
        reviewer_name = _reviewer_name(connection, reviewer_id)
    return found, reviewer_name


_REVIEWER_NAME = Precompiled(select(User.name).where(User.id == bindparam("id")))


def _reviewer_name(connection, reviewer_id: int) -> str:
    """The name of the reviewer `reviewer_id` for the audit log ("" when there is none)."""
    found = _REVIEWER_NAME.rows(connection, {"id": reviewer_id})
    return (found[0][0] if found else None) or ""


def _by_key(engine: Engine, reviewer_id: int, key: str):
    """(id, input_sha256, as_of) of the review stored under the reviewer's key, or None."""
    with engine.connect() as connection:
        return connection.execute(select(
            ReviewRecord.id, ReviewRecord.input_sha256, ReviewRecord.as_of).where(
            ReviewRecord.reviewer_id == reviewer_id,
            ReviewRecord.idempotency_key == key)).first()


def duplicates(engine: Engine, record: ReviewRecord) -> list[int]:
    """Other reviews of the same canonical input (SHA-256) and as-of date that still have a
    document in draft (not yet issued): probably the same case stored twice."""
    with engine.connect() as connection:
        return _duplicates(connection, record.input_sha256, record.as_of, record.id)


# built once (the API reads it on every review it stores); ids start at 1, so other_than=0
# excludes nothing.  The states are literals, not an expanding IN parameter, which
# SQLAlchemy would otherwise render anew for every execution.
_PENDING = [literal_column(f"'{state}'") for state in ("draft", "submitted", "returned")]
_DUPLICATES = (select(ReviewRecord.id).join(ReviewDocument)
               .where(ReviewRecord.input_sha256 == bindparam("dup_sha"),
                      ReviewRecord.as_of == bindparam("dup_as_of"),
                      ReviewRecord.id != bindparam("dup_other_than"),
                      ReviewDocument.state.in_(_PENDING))
               .distinct().order_by(ReviewRecord.id))
_DUPLICATES_TEXT = Precompiled(_DUPLICATES)


def _duplicates(connection, input_sha256: str, as_of: dt.date,
                other_than: int | None = None) -> list[int]:
    """The ids of `duplicates`, by the statement compiled once per database dialect (the read
    the API makes on every review it stores: the statement's compilation-cache lookup and
    result set-up cost more than the query)."""
    values = {"dup_sha": input_sha256, "dup_as_of": as_of, "dup_other_than": other_than or 0}
    return [row[0] for row in _DUPLICATES_TEXT.rows(connection, values)]


def add_attachment(engine: Engine, review_id: int, filename: str, data: bytes,
                   user, address: str = "") -> Attachment:
    """Keep one of the applicant's own documents with a review (checked by the caller)."""
    digest = hashlib.sha256(data).hexdigest()
    with Session(engine, expire_on_commit=False) as session, session.begin():
        row = Attachment(review_id=review_id, filename=filename[:200], size=len(data),
                         sha256=digest, data=data, uploaded_by_id=user.id)
        session.add(row)
        session.flush()
        audit(session, user, "attach", review_id=review_id, address=address,
              detail=f"{filename[:200]}（{len(data)}字节，SHA-256 {digest}）")
    return row


def attachments(engine: Engine, review_id: int) -> list[Attachment]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(Attachment).where(Attachment.review_id == review_id)
                                    .order_by(Attachment.id)))


def attachment_data(engine: Engine, review_id: int, attachment_id: int) -> Attachment | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(Attachment).options(undefer(Attachment.data))
                               .where(Attachment.id == attachment_id,
                                      Attachment.review_id == review_id)).first()


def get_review(engine: Engine, review_id: int) -> ReviewRecord | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(ReviewRecord)
                               .options(joinedload(ReviewRecord.reviewer),
                                        joinedload(ReviewRecord.documents))
                               .where(ReviewRecord.id == review_id)).unique().first()


def count_reviews(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(ReviewRecord)) or 0


@dataclass
class Filters:
    """History filters: a search of project name, applicant, project code and document number
    (文号); conclusion, outcome, industry prefix, dates, reviewer; a document state (one of
    records.STATES) and a document type (a review with such a document)."""

    q: str = ""
    conclusion: str = ""
    outcome: str = ""
    industry: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    reviewer_id: int | None = None
    state: str = ""  # one of STATES, or TODO: not yet done (draft, returned or submitted)
    doc_type: str = ""
    bureau: str = ""  # a review with a document this bureau issues (drc / ecology): its 待办


TODO = "todo"
TODO_STATES = ("draft", "returned", "submitted")


def documents_of(bureau: str) -> list[str]:
    """The document types a bureau issues (rules/documents.yaml: issuer), the acts issued
    after the opinion (验收意见, 限期整改通知) included: they wait for its signature too."""
    from checker.store.book import or_shipped

    book = or_shipped().documents
    return [key for key, document in [*book.documents.items(), *book.acts.items()]
            if document.issuer == bureau]


@dataclass
class Page:
    items: list[ReviewRecord]
    total: int
    page: int
    pages: int


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(filters: Filters):
    """The query of the reviews matching `filters`."""
    query = select(ReviewRecord)
    if filters.q:
        pattern = f"%{_escape_like(filters.q)}%"
        numbered = select(ReviewDocument.review_id).where(
            ReviewDocument.number.like(pattern, escape="\\"))
        query = query.where(or_(ReviewRecord.project_name.like(pattern, escape="\\"),
                                ReviewRecord.applicant.like(pattern, escape="\\"),
                                ReviewRecord.project_code.like(pattern, escape="\\"),
                                ReviewRecord.id.in_(numbered)))
    if filters.state or filters.doc_type or filters.bureau:
        # one document meets all three: the bureau's document in that state
        documents = select(ReviewDocument.review_id)
        if filters.state:
            documents = documents.where(ReviewDocument.state.in_(
                TODO_STATES if filters.state == TODO else (filters.state,)))
        if filters.doc_type:
            documents = documents.where(ReviewDocument.doc_type == filters.doc_type)
        if filters.bureau:
            documents = documents.where(ReviewDocument.doc_type.in_(documents_of(filters.bureau)))
        query = query.where(ReviewRecord.id.in_(documents))
    if filters.conclusion:
        query = query.where(ReviewRecord.conclusion == filters.conclusion)
    if filters.outcome:
        query = query.where(ReviewRecord.outcome == filters.outcome)
    if filters.industry:
        query = query.where(ReviewRecord.industry_code.like(
            f"{_escape_like(filters.industry)}%", escape="\\"))
    if filters.date_from:
        query = query.where(ReviewRecord.issued_on >= filters.date_from)
    if filters.date_to:
        query = query.where(ReviewRecord.issued_on <= filters.date_to)
    if filters.reviewer_id:
        query = query.where(ReviewRecord.reviewer_id == filters.reviewer_id)
    return query


def list_reviews(engine: Engine, filters: Filters, page: int = 1,
                 per_page: int = PAGE_SIZE) -> Page:
    """Reviews newest first, filtered and paged."""
    query = _filtered(filters)
    with Session(engine, expire_on_commit=False) as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        pages = max(1, -(-total // per_page))
        page = min(max(1, page), pages)
        items = list(session.scalars(
            query.options(joinedload(ReviewRecord.reviewer), selectinload(ReviewRecord.documents))
            .order_by(ReviewRecord.id.desc()).offset((page - 1) * per_page).limit(per_page)))
    return Page(items=items, total=total, page=page, pages=pages)


def all_reviews(engine: Engine, filters: Filters, limit: int = 10000) -> list[ReviewRecord]:
    """Every review matching `filters` (newest first, at most `limit`), for an export."""
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(
            _filtered(filters).options(joinedload(ReviewRecord.reviewer),
                                       selectinload(ReviewRecord.documents))
            .order_by(ReviewRecord.id.desc()).limit(limit)))


def findings_of(record: ReviewRecord) -> list[dict[str, Any]]:
    return json.loads(record.findings_json)


def summary_of(record: ReviewRecord) -> dict[str, Any]:
    return json.loads(record.summary_json)


def rereviews(engine: Engine, review_id: int) -> list[ReviewRecord]:
    """The records made by reviewing `review_id` again (previous_id), oldest first."""
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(ReviewRecord).where(
            ReviewRecord.previous_id == review_id).order_by(ReviewRecord.id)))


def finding_changes(previous: ReviewRecord, current: ReviewRecord) -> dict[str, list[dict]]:
    """What a re-review changed: the outcome and each part's conclusion (before → after, when
    they differ), findings added and removed (by rule id) and those whose outcome or severity
    changed."""
    before = {f["rule_id"]: f for f in findings_of(previous)}
    after = {f["rule_id"]: f for f in findings_of(current)}
    old, new = summary_of(previous), summary_of(current)
    conclusions = [{"part": part["part_label"], "before": part["label"],
                    "after": new["parts"][key]["label"]}
                   for key, part in old.get("parts", {}).items()
                   if key in new.get("parts", {}) and part["label"] != new["parts"][key]["label"]]
    outcome = ([{"before": old.get("outcome_label"), "after": new.get("outcome_label")}]
               if old.get("outcome") != new.get("outcome") else [])
    return {
        "outcome": outcome,
        "conclusions": conclusions,
        "added": [after[r] for r in after if r not in before],
        "removed": [before[r] for r in before if r not in after],
        "changed": [after[r] for r in after if r in before and
                    (after[r]["outcome"], after[r]["severity"]) !=
                    (before[r]["outcome"], before[r]["severity"])],
    }
