"""ORM tables of the reviewer application: users, API tokens, reviews, their documents and
the document-number counters (one per numbering series and year)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary,
                        String, Text, UniqueConstraint, text)
from sqlalchemy.orm import (DeclarativeBase, Mapped, make_transient_to_detached,
                            mapped_column, relationship)


class Base(DeclarativeBase):
    """Declarative base of every table the store owns."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def detached(cls, values: dict):
    """A detached instance of the stored row `values` (by attribute), as a session would leave
    it after the commit, made without the attribute events of a new object."""
    instance = cls.__mapper__.class_manager.new_instance()
    instance.__dict__.update(values)
    make_transient_to_detached(instance)
    return instance


ROLE_LABELS = {"reviewer": "审查人员", "approver": "签发人", "admin": "管理员"}
# the bureaus by their full names (what staff read on pages and in messages)
BUREAU_LABELS = {"drc": "长沙市开福区发展和改革局", "ecology": "长沙市生态环境局开福分局"}


class User(Base):
    """A reviewer (审查人员, drafts), an approver (签发人, issues the documents of their
    bureau) or an administrator (管理员, manages accounts), of one bureau (drc / ecology)."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), default="reviewer")  # see ROLE_LABELS
    bureau: Mapped[str] = mapped_column(String(20), default="drc", server_default="drc")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # raised at sign-out: a session cookie is valid only for the epoch it was issued in
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # no longer read or written (migration 0009: the back-off is per name and address,
    # SignInFailure); kept so that an older version can still run on the database
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def bureau_label(self) -> str:
        return BUREAU_LABELS.get(self.bureau, self.bureau)


class SignInFailure(Base):
    """Failed sign-ins in a row under one name from one address, and how long that pair is
    locked (checker.store.users): kept in the database so that every worker sees it; per
    address, so that nobody can lock an account out from everywhere; per name whether or
    not an account of that name exists, so that the answer does not tell."""

    __tablename__ = "sign_in_failures"
    name_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class ApiToken(Base):
    """An API bearer token; only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    label: Mapped[str] = mapped_column(String(80), default="", server_default="")
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    user: Mapped[User] = relationship()


class DocumentCounter(Base):
    """The last sequence number given in a numbering series (rules/documents.yaml) and year."""

    __tablename__ = "document_counters"
    series: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


# The position of a document issued after the opinion on the same record (节能审查验收意见,
# 限期整改通知: checker.store.aftercare); the review's own documents are 0, 1 …, and the
# documents of the project file's acts (同意变更的函, 整改证明: checker.store.projects) follow
# them below ACT_POSITION (listed with the record's documents); every act document records its
# drafter (drafter_id).
ACT_POSITION = 100
STATES = ("draft", "submitted", "returned", "issued", "void")
STATE_LABELS = {"draft": "草稿", "submitted": "待签发", "returned": "已退回", "issued": "已签发",
                "void": "已作废"}


class ReviewDocument(Base):
    """One document of a stored review (节能审查意见, 转报函, 告知书, 补正通知 …): its life cycle
    state (STATES), and from its issue on its number, date and archived PDF/A bytes, with the
    review's 审查工作底稿 archived beside it (internal: never numbered or sent).

    The number is null until issue; (series, year, seq) is unique, so a series never gives a
    number twice; a voided document keeps its number (never reused).
    """

    __tablename__ = "review_documents"
    __table_args__ = (UniqueConstraint("series", "year", "seq", name="uq_documents_series_year_seq"),
                      Index("ix_review_documents_ledger", "state", "issued_on", "position",
                            "review_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)          # 0 = the main document
    doc_type: Mapped[str] = mapped_column(String(40))
    series: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20), default="draft")  # draft / issued
    number: Mapped[str | None] = mapped_column(String(80), nullable=True, unique=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    issued_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # last return / void reason
    # the 审查工作底稿 as it stood when this document was issued (internal, never sent)
    working_paper: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    working_paper_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # a document issued after the opinion (position ACT_POSITION): who drafted it (the
    # review's reviewer drafted the others)
    drafter_id: Mapped[int | None] = mapped_column(Integer, nullable=True)

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


class AuditEvent(Base):
    """One entry of the append-only audit log: who did what, when, from which address
    (document transitions, review creation, sign-ins refused, account changes)."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)  # not indexed (0018)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    user_name: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(30), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"), nullable=True,
                                                  index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("review_documents.id"),
                                                    nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(64), default="")


class Attachment(Base):
    """A document of the applicant's own (the energy report PDF …) kept with a review."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


def join_summary(rest: str, findings: str) -> str:
    """A summary's text from its text without the findings (`rest`, a JSON object) and the
    findings' text: the findings as its last member."""
    return "".join((summary_head(rest), findings, "}"))


def summary_head(rest: str | bytes) -> str | bytes:
    """What comes before the findings' text in `join_summary` (the findings' text and "}"
    follow): for a writer that joins the pieces itself (the API's answer, in UTF-8) instead
    of copying the findings' text into a joined text first); `rest` in UTF-8 gives it in
    UTF-8."""
    if type(rest) is bytes:
        return (rest[:-1] + b', "findings": ') if rest != b"{}" else b'{"findings": '
    return (rest[:-1] + ', "findings": ') if rest != "{}" else '{"findings": '


class ReviewRecord(Base):
    """One stored review: the input as received, the result, its outcome and documents
    (opinion_number/year/seq repeat the main document's number once it is issued; issued_on
    is the date the record was made)."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    input_json: Mapped[str] = mapped_column(Text)
    input_sha256: Mapped[str] = mapped_column(String(64))  # indexed with as_of (below)
    as_of: Mapped[dt.date] = mapped_column(Date)
    rulebook_version: Mapped[str] = mapped_column(String(80))
    conclusion: Mapped[str] = mapped_column(String(20))  # indexed first in ix_reviews_ledger
    outcome: Mapped[str] = mapped_column(String(30), index=True, default="",
                                         server_default="")
    findings_json: Mapped[str] = mapped_column(Text)
    # the summary without its findings, which are stored once, in findings_json (migration
    # 0015_findings_once): `summary_json` is the whole summary, the two joined
    summary_rest: Mapped[str] = mapped_column("summary_json", Text)
    # the findings' keys ("rule_id:case", sorted, space-separated; checker.findings.keys_text):
    # what the rulebook-change impact compares, without parsing findings_json (NULL: rows
    # written without it, read from findings_json instead)
    finding_keys: Mapped[str | None] = mapped_column(Text, nullable=True)
    opinion_number: Mapped[str | None] = mapped_column(String(80), unique=True, nullable=True)
    opinion_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    opinion_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    # indexed first in uq_reviews_idempotency; the name, applicant and industry are only
    # searched by LIKE, which no index here serves (migration 0018_unread_indexes)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"), nullable=True)
    project_name: Mapped[str] = mapped_column(String(200))
    industry_code: Mapped[str] = mapped_column(String(8))
    applicant: Mapped[str] = mapped_column(String(200), default="", server_default="")
    project_code: Mapped[str] = mapped_column(String(40), default="", server_default="",
                                              index=True)
    # the API client's Idempotency-Key: one review per (reviewer, key)
    idempotency_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # the ledger's figures (能耗台账, summed in SQL): annual energy 当量值, new energy on the
    # dual-control basis 等价值, CO₂ (from the carbon account, when there is one), added value
    energy_tce: Mapped[float | None] = mapped_column(Float, nullable=True)
    energy_equivalent_tce: Mapped[float | None] = mapped_column(Float, nullable=True,
                                                                index=True)  # largest projects
    co2_t: Mapped[float | None] = mapped_column(Float, nullable=True)
    added_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    # the batch application this review was made for (unique: a retried task finds it)
    batch_item_id: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)
    reviewer: Mapped[User] = relationship()
    # the review's own documents (the acts issued after the opinion are read by
    # checker.store.aftercare)
    documents: Mapped[list[ReviewDocument]] = relationship(
        order_by=ReviewDocument.position, viewonly=False,
        primaryjoin=lambda: (ReviewRecord.id == ReviewDocument.review_id)
        & (ReviewDocument.position < ACT_POSITION))
    # not a column: the ids of the probable duplicates, when save_review was asked to find them
    duplicate_ids = None

    @property
    def summary_json(self) -> str:
        """The review's whole summary as stored (the CLI/API JSON of checker.review.Review),
        findings last: the stored summary text and the stored findings text joined, byte for
        byte the text stored before the findings were stored once."""
        return join_summary(self.summary_rest, self.findings_json)
    __table_args__ = (UniqueConstraint("reviewer_id", "idempotency_key",
                                       name="uq_reviews_idempotency"),
                      Index("ix_reviews_ledger", "conclusion", "outcome", "industry_code"),
                      # the possible duplicates of a review (store.duplicates), and any lookup
                      # by input_sha256 alone (migration 0017)
                      Index("ix_reviews_input_sha256_as_of", "input_sha256", "as_of"),
                      # the ledger's largest projects of a year, read from the largest down
                      Index("ix_reviews_ledger_largest", "opinion_year", "energy_equivalent_tce",
                            "id"))


class JudgementRecord(Base):
    """A reviewer's judgement (人工复核) on a stored review: a finding set aside (set_aside),
    re-graded (severity) or added (added: part, severity, title, text, a clause of the
    citation library), with the written reason, who and when (checker.judgement).  A
    withdrawn judgement keeps its row (withdrawn_at / withdrawn_by) and no longer counts."""

    __tablename__ = "judgements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    rule_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    severity: Mapped[str | None] = mapped_column(String(20), nullable=True)
    part: Mapped[str | None] = mapped_column(String(20), nullable=True)
    title: Mapped[str | None] = mapped_column(String(100), nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    citation: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    withdrawn_by: Mapped[str | None] = mapped_column(String(80), nullable=True)


class LocalParameter(Base):
    """A parameter value an administrator set on the 参数设置 page (over the shipped rulebook
    and the local file); the value is JSON (a number, text, list or true/false)."""

    __tablename__ = "local_parameters"
    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
    since: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ParameterChange(Base):
    """The audit of the 参数设置 page: who changed which parameter when, old → new (JSON of
    {value, since, source}; empty when set the first time or cleared).  The largest id is the
    settings' version, which every web worker compares on each request."""

    __tablename__ = "parameter_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    old_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    changed_by: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ParameterSnapshot(Base):
    """The administrator's values of one settings version, kept under the digest that ends the
    rulebook version of the reviews made with them (``{shipped version}.{digest}``), so that
    the rulebook of a stored review can be rebuilt after the values changed (its drafts are
    rendered and issued under the values they were reviewed with).  Rows are only inserted."""

    __tablename__ = "parameter_snapshots"
    digest: Mapped[str] = mapped_column(String(16), primary_key=True)
    values_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Batch(Base):
    """One batch upload: its applications are reviewed in the background (see batch_items);
    progress is counted from the items, so every browser and reload sees the same state."""

    __tablename__ = "batches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    total: Mapped[int] = mapped_column(Integer)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    first_result_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    creator: Mapped[User] = relationship()


class BatchItem(Base):
    """One application of a batch: pending → done | error | cancelled, with its summary row
    (checker.batch row) and, once reviewed, the review made for it (reviews.batch_item_id)."""

    __tablename__ = "batch_items"
    __table_args__ = (UniqueConstraint("batch_id", "position", name="uq_batch_items_position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    input_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    read_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(12), index=True, default="pending")
    row_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class LedgerFinding(Base):
    """One finding of an issued record (its main document issued), for the ledger's counts by
    rule family: written when the record's main document is issued, deleted when it is voided
    (the record keeps its findings in reviews.findings_json).  `issued_year`/`issued_month`
    are those of the main document's issue date."""

    __tablename__ = "ledger_findings"
    __table_args__ = (Index("ix_ledger_findings_period_family", "issued_year", "issued_month",
                            "family"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    rule_id: Mapped[str] = mapped_column(String(120), index=True)
    family: Mapped[str] = mapped_column(String(60))
    part: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(60), default="")  # the rule's case that fired
    issued_year: Mapped[int] = mapped_column(Integer)
    issued_month: Mapped[int] = mapped_column(Integer)


class LedgerTotal(Base):
    """The ledger's monthly totals of the issued records, one row per (issue year, month,
    ledger class, conclusion, outcome, industry code): maintained in the transaction that
    issues or voids a main document (checker.store.ledger.post), so the ledger page sums a
    table whose size is bounded by months × classes × industries, not by the reviews.
    `co2_count` counts the records with a carbon account (co2_t is empty when it is 0),
    `energy_count`, `equivalent_count` and `added_count` those that declared the energy, the
    new energy and the added value (a sum of none is "—", not 0);
    `valued_*` are the energy and added value of the records with an added value > 0."""

    __tablename__ = "ledger_totals"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    month: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ledger_class: Mapped[str] = mapped_column(String(30), primary_key=True)
    conclusion: Mapped[str] = mapped_column(String(20), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(30), primary_key=True)
    industry_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    energy_tce: Mapped[float] = mapped_column(Float, default=0.0)
    energy_equivalent_tce: Mapped[float] = mapped_column(Float, default=0.0)
    co2_t: Mapped[float] = mapped_column(Float, default=0.0)
    co2_count: Mapped[int] = mapped_column(Integer, default=0)
    added_value: Mapped[float] = mapped_column(Float, default=0.0)
    valued_energy: Mapped[float] = mapped_column(Float, default=0.0)
    valued_added: Mapped[float] = mapped_column(Float, default=0.0)
    energy_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    equivalent_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    added_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class LedgerFamilyTotal(Base):
    """The ledger's monthly counts by rule family and severity: `findings` is the number of
    findings, `records` the number of issued records with at least one finding of that family
    and severity; maintained with LedgerTotal, in the same transaction."""

    __tablename__ = "ledger_family_totals"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    month: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ledger_class: Mapped[str] = mapped_column(String(30), primary_key=True)
    industry_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    family: Mapped[str] = mapped_column(String(60), primary_key=True)
    severity: Mapped[str] = mapped_column(String(20), primary_key=True)
    findings: Mapped[int] = mapped_column(Integer, default=0)
    records: Mapped[int] = mapped_column(Integer, default=0)


# the acts a record has at most once (a partial unique index: the daily job may run twice)
ONCE_KINDS = ("start", "lapse", "revocation", "rectification")
ONCE_WHERE = "kind IN ('start', 'lapse', 'revocation', 'rectification')"


class ProjectAct(Base):
    """One act of the bureau on a project after (or instead of) its opinion, under Order 2025
    No. 31 (checker.store.projects): the declared start of construction (开工), a change
    application (变更申请, Art. 18) and its decision (同意变更, with its own 同意变更的函, or
    重新审查, linked to the new review record), the opinion's lapse (失效, Art. 19), its
    revocation (撤销, Art. 25: obtained by splitting or false material — not a clerical void)
    and the rectification of a project built without review (整改, Art. 24, with its 整改证明).

    Rows are only inserted: the project's state is derived from them and its records, never
    stored twice.  `record_id` is the record the act is on (the opinion's, or for a
    rectification the record that found the project built without review); `document_id` the
    document the act issues (a ReviewDocument of that record, numbered in its own series and
    signed like any other); `linked_review_id` the new review record of a 重新审查;
    `request_id` the change application a decision answers."""

    __tablename__ = "project_acts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_code: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    act_on: Mapped[dt.date] = mapped_column(Date)      # the legal date of the act
    record_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"), nullable=True,
                                                  index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("review_documents.id"),
                                                    nullable=True)
    linked_review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"),
                                                         nullable=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("project_acts.id"),
                                                   nullable=True)
    subject: Mapped[str] = mapped_column(Text, default="")   # what changed / what was done
    reason: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")     # legal basis (revocation)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (
        # one start, lapse, revocation, rectification per record: the daily job may run twice
        Index("uq_project_acts_once", "record_id", "kind", unique=True,
              sqlite_where=text(ONCE_WHERE), postgresql_where=text(ONCE_WHERE)),
    )


class Acceptance(Base):
    """A 节能审查验收 (令2025年第31号第二十一条) of an issued record: the whole project or one
    named phase (分期验收), the date trial operation began (the acceptance is due within 6
    months of it), the checklist (items_json: each item of the opinion's requirements and the
    report's key figures, 落实/未落实 with its evidence), the builder's 自查报告 (stored
    bytes), and once decided its result (passed 验收合格 / failed 不合格) with the acceptance
    opinion drafted as a document of the record (document_id, numbered at issue)."""

    __tablename__ = "acceptances"
    __table_args__ = (UniqueConstraint("review_id", "phase", name="uq_acceptances_phase"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    project_code: Mapped[str] = mapped_column(String(40), default="", index=True)
    phase: Mapped[str] = mapped_column(String(100), default="")
    trial_operation_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    items_json: Mapped[str] = mapped_column(Text)
    report_filename: Mapped[str | None] = mapped_column(String(200), nullable=True)
    report_type: Mapped[str | None] = mapped_column(String(80), nullable=True)
    report_size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    report_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    report_data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    result: Mapped[str | None] = mapped_column(String(20), nullable=True)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("review_documents.id"),
                                                    nullable=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class OperatingYear(Base):
    """One project's operating data of one year (令2025年第31号第二十三条), imported from the
    bureau's XLSX template, compared with the approved levels of its issued opinion
    (approved_json) and the overruns found (overruns_json, 第二十六条); a 限期整改通知 is
    drafted as a document of the record when there is one (document_id)."""

    __tablename__ = "operating_years"
    __table_args__ = (UniqueConstraint("review_id", "year", name="uq_operating_years"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    project_code: Mapped[str] = mapped_column(String(40), index=True)
    year: Mapped[int] = mapped_column(Integer)
    energy_tce: Mapped[float | None] = mapped_column(Float, nullable=True)
    energy_equivalent_tce: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit_consumption: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit_basis: Mapped[str] = mapped_column(String(20), default="")
    co2_t: Mapped[float | None] = mapped_column(Float, nullable=True)
    approved_json: Mapped[str] = mapped_column(Text)
    overruns_json: Mapped[str] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("review_documents.id"),
                                                    nullable=True)
    import_sha256: Mapped[str] = mapped_column(String(64))
    imported_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Inspector(Base):
    """An account on the inspectors' list: it may be drawn as an inspector in a 双随机一公开
    inspection (令2025年第31号第二十二条); an administrator adds and removes it."""

    __tablename__ = "inspectors"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    added_by: Mapped[str] = mapped_column(String(80))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class InspectionDraw(Base):
    """A 双随机一公开 draw (令2025年第31号第二十二条): N projects from the eligible pool and M
    inspectors from the eligible staff, by `random.Random(seed)` over both pools sorted
    canonically; the pools and the result are recorded, so anyone re-running the draw with
    the seed gets the same result (checker.aftercare.draw)."""

    __tablename__ = "inspection_draws"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    seed: Mapped[str] = mapped_column(String(64))
    planned_on: Mapped[dt.date] = mapped_column(Date)
    projects: Mapped[int] = mapped_column(Integer)
    inspectors: Mapped[int] = mapped_column(Integer)
    pool_json: Mapped[str] = mapped_column(Text)
    result_json: Mapped[str] = mapped_column(Text)
    drawn_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    drawn_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class InspectionResult(Base):
    """What an inspection of one drawn project found: the public result (published on the
    双随机一公开 page with the project name, code and date) and internal notes (staff only)."""

    __tablename__ = "inspection_results"
    __table_args__ = (UniqueConstraint("draw_id", "review_id", name="uq_inspection_results"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("inspection_draws.id"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    project_code: Mapped[str] = mapped_column(String(40), default="", index=True)
    project_name: Mapped[str] = mapped_column(String(200))
    inspected_on: Mapped[dt.date] = mapped_column(Date)
    result: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
