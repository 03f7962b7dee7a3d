"""The life cycle of a review's documents, and the append-only audit log.

A document is a *draft* when its review is stored (no number; its PDF is rendered from the
review on demand, watermarked 草稿).  Its drafter *submits* it; an approver (签发人) of the
bureau that issues that document type (rules/documents.yaml, ``issuer``), never the drafter,
either *returns* it with a reason (退回, back to the drafter, who may submit again) or
*issues* it: only then is the number of its series taken (`allocate_number`, gap-free per
series and year), the PDF rendered once as PDF/A and its bytes and SHA-256 stored, all in one
transaction — a failed render leaves no number used.  An issued document can be *voided*
(作废) by such an approver with a reason; it keeps its number, which is never given again.

Issuing or voiding a record's main document (position 0) adds it to or takes it from the
district ledger's totals (checker.store.ledger.post) in the same transaction.

Every transition is written to `audit_events` in the same transaction (who, when, what, from
which address); rows of that table are only ever inserted.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import time
from collections.abc import Iterator
from typing import Callable

from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from checker.dates import today
from checker.intake import text_problem
from checker.refusals import Conflict
from checker.store import ledger
from checker.store.audit import audit
from checker.store.db import sqlite_file, writing
from checker.store.models import (AuditEvent, BUREAU_LABELS, DocumentCounter, ProjectAct,
                                  ReviewDocument, ReviewRecord, User)
from checker.store.reviews import NumberFormat, allocate_number
from checker.store.writers import queue_for

# (from, to) → action name in the audit log
TRANSITIONS = {("draft", "submitted"): "submit", ("returned", "submitted"): "submit",
               ("submitted", "returned"): "return", ("submitted", "issued"): "issue",
               ("issued", "void"): "void"}
ACTION_LABELS = {"create": "创建审查记录（文书草稿）", "submit": "提交签发", "return": "退回",
                 "issue": "签发", "void": "作废", "attach": "上传附件",
                 "login_failed": "登录失败", "account": "账户变更",
                 "judge": "人工复核", "judge_withdraw": "撤回人工复核",
                 # the acts of the project file (checker.store.projects)
                 "project_start": "登记开工日期", "project_change_request": "登记变更申请",
                 "project_change_granted": "同意变更", "project_change_rereview": "变更申请决定重新审查",
                 "project_lapse": "审查意见自动失效", "project_revocation": "撤销审查意见",
                 "project_rectification": "认定完成整改",
                 "acceptance_open": "受理节能审查验收", "acceptance_report": "上传验收自查报告",
                 "acceptance_decide": "作出验收结论", "operating_import": "导入运行数据",
                 "inspection_draw": "双随机抽取", "inspection_result": "登记检查结果"}
# Renders the issued PDF: (document, number, issue date) → PDF/A bytes.
Renderer = Callable[[ReviewDocument, str, dt.date], bytes]
# Renders the review's 审查工作底稿 (internal working paper) → PDF bytes.
PaperRenderer = Callable[[], bytes]


class RecordError(Conflict):
    """A refused transition (message in Chinese); `status` is the HTTP status to answer."""


def log_event(engine: Engine, user: User | None, action: str, detail: str = "",
              address: str = "") -> None:
    """Append one event outside a review (a refused sign-in, an account change)."""
    with Session(engine) as session, session.begin():
        audit(session, user, action, detail=detail, address=address)


def history(engine: Engine, review_id: int) -> list[AuditEvent]:
    """The audit events of a review, oldest first."""
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.review_id == review_id)
                                    .order_by(AuditEvent.id)))


def events(engine: Engine, limit: int = 200) -> list[AuditEvent]:
    """The latest audit events of all kinds, newest first."""
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())
                                    .limit(limit)))


def document_name(doc_type: str) -> str:
    """The Chinese name of a document type (节能审查意见); an unknown key stays as it is."""
    from checker.store.book import or_shipped

    book = or_shipped().documents
    entry = book.documents.get(doc_type) or book.acts.get(doc_type)
    return entry.name if entry else doc_type


def event_detail(detail: str | None) -> str:
    """An audit line's detail as staff read it: records made before the names were written
    there carry the document's type key (``exempt_notice``), shown by its name."""
    return document_name(detail) if detail else ""


def issuer_of(doc_type: str, book=None) -> str:
    """The bureau (drc / ecology) that issues a document type (rules/documents.yaml of
    `book`, the shipped one by default: no administrator's value changes it)."""
    from checker.store.book import or_shipped

    return or_shipped(book).documents.kind(doc_type).issuer


def _may_sign(user: User, document: ReviewDocument, record: ReviewRecord) -> None:
    """Only an active approver of the issuing bureau, other than the drafter, signs."""
    bureau = issuer_of(document.doc_type)
    if user.role != "approver":
        raise RecordError("只有签发人可以签发、退回或作废文书", 403)
    if user.bureau != bureau:
        raise RecordError(f"该文书由{BUREAU_LABELS.get(bureau, bureau)}签发，"
                          f"您所在单位（{user.bureau_label}）无权办理", 403)
    if user.id == drafter_of(document, record):
        raise RecordError("起草人不能签发或退回自己起草的文书", 403)


def drafter_of(document: ReviewDocument, record: ReviewRecord) -> int:
    """Who drafted the document: the review's reviewer, or for a document issued after the
    opinion or besides it (a 同意变更的函, 整改证明, acceptance opinion, rectification notice)
    whoever drafted that act (review_documents.drafter_id)."""
    return document.drafter_id or record.reviewer_id


def _locked(session: Session, document_id: int) -> tuple[ReviewDocument, ReviewRecord]:
    document = session.scalars(select(ReviewDocument).where(ReviewDocument.id == document_id)
                               .with_for_update()).first()
    if document is None:
        raise RecordError("文书不存在", 404)
    return document, session.get(ReviewRecord, document.review_id)


def _move(session: Session, document: ReviewDocument, to: str, user: User,
          address: str, detail: str = "") -> None:
    action = TRANSITIONS.get((document.state, to))
    if action is None:
        raise RecordError(f"文书当前状态为“{document.state_label}”，不能{_verb(to)}")
    document.state = to
    audit(session, user, action, review_id=document.review_id, document_id=document.id,
          detail=detail, address=address)


def _verb(to: str) -> str:
    return {"submitted": "提交签发", "returned": "退回", "issued": "签发", "void": "作废"}[to]


def _reason(reason: str | None, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise RecordError(f"请填写{what}原因", 400)
    if len(reason) > 500:
        raise RecordError(f"{what}原因不得超过500字", 400)
    if (problem := text_problem(reason, multiline=True)) is not None:
        raise RecordError(f"{what}原因{problem}", 400)
    return reason


def submit(engine: Engine, document_id: int, user: User, address: str = "") -> ReviewDocument:
    """The drafter submits a draft (or a returned document) for issue."""
    with writing(engine, expire_on_commit=False) as session:
        document, record = _locked(session, document_id)
        if user.id != drafter_of(document, record):
            raise RecordError("只有起草人可以提交签发", 403)
        # the audit line names the document as staff read it (豁免告知书), not its type key
        _move(session, document, "submitted", user, address, document_name(document.doc_type))
        return document


def return_document(engine: Engine, document_id: int, user: User, reason: str,
                    address: str = "") -> ReviewDocument:
    """An approver of the issuing bureau returns a submitted document with a reason (退回)."""
    reason = _reason(reason, "退回")
    with writing(engine, expire_on_commit=False) as session:
        document, record = _locked(session, document_id)
        _may_sign(user, document, record)
        _move(session, document, "returned", user, address, reason)
        document.reason = reason
        return document


def issue(engine: Engine, document_id: int, user: User, number_format: NumberFormat,
          render: Renderer, address: str = "", issued_on: dt.date | None = None,
          paper: PaperRenderer | None = None) -> ReviewDocument:
    """An approver of the issuing bureau issues a submitted document: the next number of its
    series, the PDF/A rendered once, its bytes and SHA-256 stored — all or nothing.  With
    `paper`, the review's 审查工作底稿 as it stands now is archived beside the document (what
    the signer relied on; internal, never numbered or sent).

    Issues take their turn one after another (`issuing_turn`, a lock of its own, not the
    database's): with the turn, the number the series gives next cannot change, so the PDF
    (seconds for a long record) is rendered with it before the write transaction, which
    then only takes that number and stores the PDF.  Nobody else's review, judgement or
    sign-in waits for a rendering on SQLite's write lock; a failed render leaves no number
    used."""
    issued_on = issued_on or today()
    with issuing_turn(engine):
        with Session(engine, expire_on_commit=False) as session:  # a read: no write lock
            document, record = _issuable(session, document_id, user)
            seq = 1 + (session.scalar(select(DocumentCounter.last_seq).where(
                DocumentCounter.series == document.series,
                DocumentCounter.year == issued_on.year)) or 0)
        number = number_format(document.series, issued_on.year, seq)
        pdf = render(document, number, issued_on)
        working = paper() if paper is not None else None
        return _issue(engine, document_id, user, (seq, number, pdf, working), issued_on,
                      address)


ISSUE_TURN_TIMEOUT = 60  # s: waiting for the issues ahead (each renders one PDF)


@contextlib.contextmanager
def issuing_turn(engine: Engine) -> Iterator[None]:
    """The turn to issue a document in this database, across threads and processes: on
    SQLite a queue of its own beside the database file (store.writers: ``<db>-issue``),
    on PostgreSQL an advisory lock; RecordError when the turn does not come within
    ISSUE_TURN_TIMEOUT seconds."""
    busy = RecordError("其他文书正在签发，请稍后重试")
    if engine.dialect.name != "postgresql":
        queue = queue_for(sqlite_file(engine.url.database), "issue")
        if not queue.acquire(ISSUE_TURN_TIMEOUT):
            raise busy
        try:
            yield
        finally:
            queue.release()
        return
    with engine.connect() as connection:
        # the key: "kaifu-issue" as a number; a lock of the session, released below (or
        # with the session if the process dies); tried, not waited for in the server, so
        # that the wait is bounded here and not by the statement timeout
        deadline = time.monotonic() + ISSUE_TURN_TIMEOUT
        while not connection.scalar(text("SELECT pg_try_advisory_lock(:key)"),
                                    {"key": ISSUE_LOCK_KEY}):
            connection.commit()
            if time.monotonic() > deadline:
                raise busy
            time.sleep(0.05)
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ISSUE_LOCK_KEY})
            connection.commit()


ISSUE_LOCK_KEY = int.from_bytes(hashlib.sha256(b"kaifu-issue").digest()[:7], "big")


def _issuable(session: Session, document_id: int, user: User
              ) -> tuple[ReviewDocument, ReviewRecord]:
    """The document and its record, if `user` may issue it now (RecordError otherwise)."""
    document, record = _locked(session, document_id)
    _may_sign(user, document, record)
    if document.state != "submitted":
        raise RecordError(f"文书当前状态为“{document.state_label}”，不能签发")
    return document, record


def _issue(engine: Engine, document_id: int, user: User,
           rendered: tuple[int, str, bytes, bytes | None], issued_on: dt.date,
           address: str) -> ReviewDocument:
    """The write transaction of `issue`: the number, the PDF rendered with it (and the
    working paper, when there is one), the ledger."""
    seq, number, pdf, working = rendered
    with writing(engine, expire_on_commit=False) as session:
        document, record = _issuable(session, document_id, user)
        if allocate_number(session, document.series, issued_on.year) != seq:
            # only an issue outside issuing_turn could take it: nothing is kept
            raise RecordError("文书编号已被占用，请重新签发")
        document.number, document.year, document.seq = number, issued_on.year, seq
        document.issued_on, document.issued_by_id = issued_on, user.id
        document.pdf, document.pdf_sha256 = pdf, hashlib.sha256(pdf).hexdigest()
        if working is not None:
            document.working_paper = working
            document.working_paper_sha256 = hashlib.sha256(working).hexdigest()
        document.reason = None
        if document.position == 0:
            record.opinion_number, record.opinion_year, record.opinion_seq = \
                number, issued_on.year, seq
        _move(session, document, "issued", user, address, number)
        if document.position == 0:  # the record enters the district ledger
            ledger.post_record(session, record, issued_on, 1)
        return document


def void(engine: Engine, document_id: int, user: User, reason: str,
         address: str = "") -> ReviewDocument:
    """An approver of the issuing bureau voids an issued document (作废); the number stays
    with it and is never given again."""
    reason = _reason(reason, "作废")
    with writing(engine, expire_on_commit=False) as session:
        document, record = _locked(session, document_id)
        _may_sign(user, document, record)
        if document.position == 0 and (ended := session.scalar(select(ProjectAct.kind).where(
                ProjectAct.record_id == record.id, ProjectAct.kind.in_(("lapse", "revocation"))))):
            # it already left the ledger (Art. 19 / 25): a void would take it out twice
            raise RecordError(f"该审查意见已{'撤销' if ended == 'revocation' else '失效'}，"
                              "不能再作废")
        _move(session, document, "void", user, address, f"{document.number}：{reason}")
        document.reason = reason
        if document.position == 0:  # the record leaves the district ledger
            ledger.post_record(session, record, document.issued_on, -1)
        return document


def archive_pdf(engine: Engine, document_id: int, pdf: bytes) -> bytes:
    """Archive the PDF of a document issued before PDFs were stored (migration 0004): the
    first stored bytes win, so every later download is identical."""
    with writing(engine, expire_on_commit=False) as session:
        document, _ = _locked(session, document_id)
        if document.pdf_sha256 is None:
            document.pdf, document.pdf_sha256 = pdf, hashlib.sha256(pdf).hexdigest()
        return document.pdf


def void_moments(engine: Engine, document_ids: list[int]) -> dict[int, dt.datetime]:
    """When each of these documents was voided (naive UTC, the audit log's 作废 event): the
    void date printed on a voided document and shown on the record and history pages."""
    if not document_ids:
        return {}
    with Session(engine) as session:
        rows = session.execute(select(AuditEvent.document_id, AuditEvent.at)
                               .where(AuditEvent.action == "void",
                                      AuditEvent.document_id.in_(document_ids))
                               .order_by(AuditEvent.id))
        return {document_id: at for document_id, at in rows}


def stored_pdf(engine: Engine, document_id: int) -> bytes | None:
    """The archived bytes of an issued (or voided) document, else None."""
    with Session(engine) as session:
        return session.scalar(select(ReviewDocument.pdf).where(ReviewDocument.id == document_id))


def archived_working_paper(engine: Engine, document_id: int) -> bytes | None:
    """The 审查工作底稿 archived when the document was issued, else None."""
    with Session(engine) as session:
        return session.scalar(select(ReviewDocument.working_paper)
                              .where(ReviewDocument.id == document_id))
