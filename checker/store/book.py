"""The rulebook a store function works with (a leaf of the store package)."""
from __future__ import annotations


def or_shipped(book=None):
    """The rulebook the caller passes (the one a review was made under); the shipped one for
    callers without an installation's values (the CLI, tests): document types, series,
    issuers and the citation library come from rules/, which no administrator's value
    changes."""
    if book is not None:
        return book
    from checker import rulebook

    return rulebook.shipped()
