"""The rulebook in force of the web application: one provider per app
(``app.extensions["rulebook"]``, checker.rulebook.provider.RulebookProvider) over the shipped
rules, the local parameters file and the administrator's values in the app's database.

A request (or a batch task in a worker's app context) takes its book once, from `in_force()`,
and passes it on to the review, the store and the documents; nothing is set per request in
any module.  A stored record is rendered and issued from the book it was reviewed under
(`of_record`), rebuilt from the kept values of its settings version.
"""
from __future__ import annotations

from flask import current_app, g

from checker.rulebook import Rulebook, RulebookProvider
from checker.store.parameters import StoredSettings


def init_app(app) -> None:
    """The app's provider, over its database (web.db.init_app must have run)."""
    app.extensions["rulebook"] = RulebookProvider(
        settings=StoredSettings(app.extensions["engine"], app.extensions["reader"]))


def provider() -> RulebookProvider:
    return current_app.extensions["rulebook"]


def in_force() -> Rulebook:
    """The rulebook in force for this request or task: read once per app context (one query
    of the settings' version), so that every part of a request uses the same book."""
    if "rulebook_in_force" in g:
        return g.rulebook_in_force
    book = provider().in_force()
    g.rulebook_in_force = book
    return book


def read_with(settings_version: int) -> Rulebook:
    """The rulebook in force for this request, the settings' version having been read with
    the API token (checker.store.user_and_settings_version: one query instead of two)."""
    book = provider().in_force(StoredSettings.version_text(settings_version))
    g.rulebook_in_force = book
    return book


def of_version(version: str) -> Rulebook | None:
    """The rulebook a stored review was made under, or None when it cannot be rebuilt (the
    shipped rules or the local parameters file changed since)."""
    return provider().of_version(version)
