"""Instances of frozen pydantic models made from values that already are of their declared
types, without validating them again (issue 29: a review makes some forty such instances, and
a declaration for every shortcut the application answers)."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def trusted(cls: type[BaseModel], fields: dict[str, Any]) -> Any:
    """An instance of the frozen model `cls` from values that already are of its declared
    types (made by the review itself from the loaded rulebook and the validated
    application), without validating them again: what validation would give for them, every
    field given (the differential and golden tests compare the results).  `fields` and its
    lists are the caller's own, new for each instance (it becomes the instance's __dict__;
    a dict, not keyword arguments: one dict fewer per instance, issue 29).

    Every field being given, the set of fields set is the model's own: one set per model,
    shared by its trusted instances (a frozen model's fields set never changes; a copy,
    ``model_copy``, gets a set of its own), and the slots are set through their descriptors,
    fetched once (issue 29: a review makes some forty such instances)."""
    instance = _new(cls)
    _set_dict(instance, fields)
    fields_set = _FIELDS_SET.get(cls)
    if fields_set is None:
        fields_set = _FIELDS_SET[cls] = set(cls.__pydantic_fields__)
    _set_fields_set(instance, fields_set)
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance


_new = object.__new__  # BaseModel does not override it
_set_dict, _set_fields_set, _set_extra, _set_private = (
    BaseModel.__dict__[name].__set__ for name in
    ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"))
_FIELDS_SET: dict[type, set[str]] = {}
