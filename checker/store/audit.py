"""The append-only audit log: one row per event (who, when, what, from which address);
rows are only ever inserted, in the transaction of the change they record."""
from __future__ import annotations

from sqlalchemy.orm import Session

from checker.store.models import AuditEvent, User, utcnow


def audit(session: Session, user: User | None, action: str, *, review_id: int | None = None,
          document_id: int | None = None, detail: str = "", address: str = "") -> None:
    """Append one event to the audit log (in the caller's transaction)."""
    session.add(audit_event(user.id if user else None, user.name if user else "", action,
                            review_id=review_id, document_id=document_id, detail=detail,
                            address=address))


def audit_event(user_id: int | None, user_name: str, action: str, *,
                review_id: int | None = None, document_id: int | None = None,
                detail: str = "", address: str = "") -> AuditEvent:
    """One event of the audit log, to be added in the transaction of the change it records."""
    return AuditEvent(**audit_row(user_id, user_name, action, review_id=review_id,
                                  document_id=document_id, detail=detail, address=address))


def audit_row(user_id: int | None, user_name: str, action: str, *,
              review_id: int | None = None, document_id: int | None = None,
              detail: str = "", address: str = "") -> dict:
    """The row of one audit event by column, for an INSERT in the transaction of the change
    it records."""
    return dict(at=utcnow(), user_id=user_id, user_name=user_name, action=action,
                review_id=review_id, document_id=document_id, detail=detail[:2000],
                address=(address or "")[:64])
