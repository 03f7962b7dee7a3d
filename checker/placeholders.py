"""Placeholders in rule messages (a leaf module): ``{fact.name}`` shows a fact as displayed,
``{p:name}`` shows a parameter's value in force with its unit."""
from __future__ import annotations

import re
from typing import Iterable

PLACEHOLDER = re.compile(r"\{(p:)?([a-z][a-z0-9_.]*)\}")


def placeholders(texts: Iterable[str | None]) -> list[tuple[bool, str]]:
    """(is a parameter, name) of every placeholder in `texts`, in order, without repeats."""
    found = [(bool(p), name) for text in texts if text for p, name in PLACEHOLDER.findall(text)]
    return list(dict.fromkeys(found))


def fact_placeholders(texts: Iterable[str | None]) -> list[str]:
    """The facts named by ``{fact.name}`` placeholders in `texts`."""
    return [name for is_param, name in placeholders(texts) if not is_param]


def parameter_placeholders(texts: Iterable[str | None]) -> list[str]:
    """The parameters named by ``{p:name}`` placeholders in `texts`."""
    return [name for is_param, name in placeholders(texts) if is_param]
