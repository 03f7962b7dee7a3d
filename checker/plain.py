"""Plain data of the review's own dataclasses, for its JSON.

`plain` is `dataclasses.asdict` for dataclasses whose leaves are numbers, texts and frozen
models, without asdict's deep copy of every leaf (each leaf is used as it is: none is
mutable, and the result is serialised, not kept): the same dict, at a fraction of the cost
(issue 29: the summary of every stored review holds the energy account and the impact).

`leaf_text` is a plain JSON leaf's text as the standard library's JSON encoder writes it
(for the texts the store and the API write piece by piece)."""
from __future__ import annotations

import dataclasses
import functools
import math
from json.encoder import encode_basestring
from typing import Any

_LEAVES = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """`value` with each dataclass instance in it as a dict of its fields (in their order),
    lists, tuples and dicts rebuilt around them, every other value as it is."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if kind is list:
        return [plain(v) for v in value]
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple, as asdict
        return kind(*[plain(v) for v in value])
    if isinstance(value, (list, tuple)):
        return kind(plain(v) for v in value)
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    return value


@functools.cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type, None for any other type."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


def leaf_text(value: Any) -> str | None:
    """A plain JSON leaf — a text, an integer, a truth value, None, a finite number — as
    ``json.dumps(value, ensure_ascii=False)`` writes it; None for anything else (a container,
    Infinity or NaN, a subclass), which the caller serialises whole."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is float:
        return float.__repr__(value) if math.isfinite(value) else None
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    return None

