"""Persistent store of the reviewer application (SQLAlchemy 2, alembic migrations)."""
from checker.store.db import make_engine, migrate
from checker.store.models import (STATE_LABELS, STATES, ApiToken, Attachment, AuditEvent, Base,
                                  DocumentCounter, ReviewDocument, ReviewRecord, User)
from checker.store import judgements, records
from checker.store.reviews import (PAGE_SIZE, DuplicateKey, Filters, Page, add_attachment,
                                   all_reviews, allocate_number, attachment_data, attachments,
                                   count_reviews, duplicates, finding_changes, findings_of,
                                   get_review, list_reviews, rereviews, save_review,
                                   summary_of)
from checker.store.users import (BUREAUS, ROLES, AccountError, Locked, authenticate,
                                 create_token, create_user, end_sessions, get_user, list_tokens,
                                 list_users, password_problem, revoke_token, set_active,
                                 set_active_id, set_password, user_for_token)

__all__ = [
    "make_engine", "migrate", "judgements", "records", "STATE_LABELS", "STATES", "ApiToken", "Attachment", "AuditEvent",
    "Base", "DocumentCounter", "ReviewDocument", "ReviewRecord", "User", "PAGE_SIZE",
    "DuplicateKey", "Filters", "Page", "add_attachment", "all_reviews", "allocate_number",
    "attachment_data", "attachments", "count_reviews", "duplicates", "finding_changes",
    "findings_of", "get_review", "list_reviews", "rereviews", "save_review", "summary_of",
    "BUREAUS",
    "ROLES", "AccountError", "Locked", "authenticate", "create_token", "create_user",
    "end_sessions", "get_user", "list_tokens", "list_users", "password_problem",
    "revoke_token", "set_active", "set_active_id", "set_password", "user_for_token",
]
