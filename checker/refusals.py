"""Refusals: the one exception hierarchy of the service layer.

A refusal is the answer the bureau's software gives to a request it will not carry out — bad
input, a record that does not exist, an action the user may not take, a document whose state
does not allow it — never a fault of the software.  Each carries its message in Chinese (what
the user reads), the HTTP status the web answers with, and, for bad input, the problems
field by field ({path, title, message}).  The web maps every refusal to its response in one
handler per family of pages (web.errors: an HTML page, or the API's JSON error); nothing
else maps a refusal to HTTP.  A refusal never leaves anything partial in the store: it is
raised before, or rolls back, the transaction it concerns.
"""
from __future__ import annotations


class Refused(ValueError):
    """A request refused (message in Chinese).

    `status`: the HTTP status to answer; `code`: the API's machine-readable error code
    (None: the status's own, web.errors.CODES); `problems`: the fields at fault;
    `headline`: the API's one-line message (the message itself by default)."""

    status = 400
    code: str | None = None

    def __init__(self, message: str, status: int | None = None, *, code: str | None = None,
                 problems: list[dict[str, str]] | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        self.problems = problems or []

    @property
    def headline(self) -> str:
        return str(self)


class NotFound(Refused):
    """The record (or its document, attachment, batch …) does not exist — or is not the
    user's to see, which the answer does not distinguish."""

    status = 404


class Forbidden(Refused):
    """The user may not do this (their role, their bureau, not their record)."""

    status = 403


class Conflict(Refused):
    """The record's state does not allow it now (a document already issued …)."""

    status = 409
