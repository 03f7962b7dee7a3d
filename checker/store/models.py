"""ORM tables of the reviewer application: users, API tokens, reviews, their documents and
the document-number counters (one per numbering series and year)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (Boolean, Date, DateTime, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every table the store owns."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class User(Base):
    """A reviewer (审查人员) or administrator (管理员)."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), default="reviewer")  # reviewer / admin
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # raised at sign-out: a session cookie is valid only for the epoch it was issued in
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def role_label(self) -> str:
        return "管理员" if self.role == "admin" else "审查人员"


class ApiToken(Base):
    """An API bearer token; only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user: Mapped[User] = relationship()


class DocumentCounter(Base):
    """The last sequence number given in a numbering series (rules/documents.yaml) and year."""

    __tablename__ = "document_counters"
    series: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class ReviewDocument(Base):
    """One document of a stored review (节能审查意见, 转报函, 告知书, 合规意见) and its number.

    The number is nullable: a document may be a draft; (series, year, seq) is unique, so a
    series never gives a number twice.
    """

    __tablename__ = "review_documents"
    __table_args__ = (UniqueConstraint("series", "year", "seq", name="uq_documents_series_year_seq"),)
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


class ReviewRecord(Base):
    """One stored review: the input as received, the result, its outcome and documents
    (opinion_number/year/seq repeat the main document's number for existing callers)."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    input_json: Mapped[str] = mapped_column(Text)
    input_sha256: Mapped[str] = mapped_column(String(64), index=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    rulebook_version: Mapped[str] = mapped_column(String(80))
    conclusion: Mapped[str] = mapped_column(String(20), index=True)
    outcome: Mapped[str] = mapped_column(String(30), index=True, default="",
                                         server_default="")
    findings_json: Mapped[str] = mapped_column(Text)
    summary_json: Mapped[str] = mapped_column(Text)
    opinion_number: Mapped[str] = mapped_column(String(80), unique=True)
    opinion_year: Mapped[int] = mapped_column(Integer)
    opinion_seq: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"), nullable=True)
    project_name: Mapped[str] = mapped_column(String(200), index=True)
    industry_code: Mapped[str] = mapped_column(String(8), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # the batch application this review was made for (unique: a retried task finds it)
    batch_item_id: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)
    reviewer: Mapped[User] = relationship()
    documents: Mapped[list[ReviewDocument]] = relationship(order_by=ReviewDocument.position)


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
