"""Persistent store of the reviewer application (SQLAlchemy 2, alembic migrations)."""
from checker.store.db import make_engine, migrate
from checker.store.models import (ApiToken, Base, DocumentCounter, ReviewDocument, ReviewRecord,
                                  User)
from checker.store.reviews import (PAGE_SIZE, Filters, Page, allocate_number, count_reviews,
                                   finding_changes,
                                   findings_of, get_review, list_reviews, save_review,
                                   summary_of)
from checker.store.ledger import set_document_state
from checker.store.users import (AccountError, authenticate, create_token, create_user,
                                 end_sessions, get_user, list_users, set_active, user_for_token)

__all__ = [
    "make_engine", "migrate", "ApiToken", "Base", "DocumentCounter", "ReviewDocument",
    "ReviewRecord", "User", "allocate_number",
    "PAGE_SIZE", "Filters", "Page", "count_reviews", "finding_changes", "findings_of",
    "get_review", "list_reviews", "save_review", "summary_of", "AccountError", "authenticate",
    "create_token", "create_user", "end_sessions", "get_user", "list_users", "set_active",
    "user_for_token", "set_document_state",
]
