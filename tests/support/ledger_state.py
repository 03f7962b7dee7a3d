"""A stand-in for the document life cycle's sign-off in tests: set a main document's state
directly, keeping the ledger in step (checker.store.records does it with authorization and the
audit log; this does neither, so it lives with the tests, not in the store)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from checker.store.ledger import ISSUED, post_record
from checker.store.models import ReviewDocument, ReviewRecord


def set_document_state(engine: Engine, review_id: int, state: str,
                       issued_on: dt.date | None = None) -> None:
    """Set the state (draft / submitted / returned / issued / void) of a review's main document,
    with its issue date when issued, keeping the ledger in step.  A stand-in for the document
    life cycle's own sign-off (checker.store.records) in tests."""
    with Session(engine) as session, session.begin():
        session.connection(execution_options={"sqlite_immediate": True})
        document = session.scalars(select(ReviewDocument).where(
            ReviewDocument.review_id == review_id, ReviewDocument.position == 0)
            .with_for_update()).one()
        record = session.get(ReviewRecord, review_id)
        if document.state == ISSUED and document.issued_on is not None:
            post_record(session, record, document.issued_on, -1)
        document.state = state
        if issued_on is not None:
            document.issued_on = issued_on
            record.opinion_year = issued_on.year
        if state == ISSUED and document.issued_on is not None:
            post_record(session, record, document.issued_on, 1)
