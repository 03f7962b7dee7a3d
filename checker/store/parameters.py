"""The administrator's parameter values (参数设置) in the database, with their audit.

Precedence (checker/rulebook/settings.py): shipped rulebook < local YAML file < these settings.  Every
change is one transaction writing the value and an audit row (who, when, old → new); the
largest audit id is the settings' version, one indexed query that the web app's rulebook
provider (checker.rulebook.provider) makes per request to see a change without a restart.  A
value is validated against the rulebook (the parameter exists, the value has the parameter's
declared type and range, a source is given) before it is stored; a stored value the rulebook
refuses (an older version stored it, or the database was edited) is left out by the provider.

`StoredSettings` is the provider's view of this table: the version, the values, and the
snapshots of the values of every version a review was made under (parameter_snapshots).
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from checker.rulebook.errors import RulebookError
from checker.rulebook.parameters import Parameter
from checker.rulebook.settings import apply_entries
from checker.store.db import writing
from checker.store.models import LocalParameter, ParameterChange, ParameterSnapshot


class ParameterError(ValueError):
    """A value the administrator entered that the rulebook refuses (Chinese message)."""


_VERSION = select(func.max(ParameterChange.id))  # built once: read on every request


def settings_version(engine: Engine) -> int:
    """The settings' version: the id of the latest change (0 when none)."""
    with engine.connect() as connection:
        return connection.scalar(_VERSION) or 0


def _entry(row: LocalParameter) -> dict[str, Any]:
    """A stored value as {value, since, source}; a value that is not JSON (edited by hand) as
    {unreadable: its text} (the rulebook provider reports and ignores it)."""
    entry = {"since": row.since.isoformat(), "source": row.source}
    try:
        return {"value": json.loads(row.value_json), **entry}
    except ValueError:
        return {"unreadable": row.value_json, "value": None, **entry}


def local_values(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every value set on the 参数设置 page: {name: {value, since, source}}."""
    with Session(engine) as session:
        return {row.name: _entry(row) for row in session.scalars(select(LocalParameter))}


class StoredSettings:
    """The administrator's values in the database of `engine`, as the rulebook provider reads
    them (checker.rulebook.provider.SettingsStore); `reader`: the engine for the version's
    one-statement read (store.db.reader)."""

    def __init__(self, engine: Engine, reader: Engine | None = None):
        self.engine, self.reader = engine, reader or engine

    def version(self) -> str:
        return self.version_text(settings_version(self.reader))

    @staticmethod
    def version_text(number: int) -> str:
        """The provider's version of the settings' version `number` (settings_version)."""
        return f"db{number}"

    def entries(self) -> dict[str, dict[str, Any]]:
        return local_values(self.engine)

    def snapshot(self, digest: str) -> dict[str, dict[str, Any]] | None:
        with Session(self.engine) as session:
            row = session.get(ParameterSnapshot, digest)
            return json.loads(row.values_json) if row is not None else None

    def keep(self, digest: str, entries_json: str) -> None:
        with Session(self.engine) as session:
            if session.get(ParameterSnapshot, digest) is not None:
                return
            session.add(ParameterSnapshot(digest=digest, values_json=entries_json))
            try:
                session.commit()
            except IntegrityError:  # another worker kept it first
                session.rollback()


def changes(engine: Engine, limit: int = 200) -> list[ParameterChange]:
    """The audit, newest first."""
    with Session(engine) as session:
        return list(session.scalars(select(ParameterChange)
                                    .order_by(ParameterChange.id.desc()).limit(limit)))


def set_value(engine: Engine, parameters: dict[str, Parameter], name: str, value: Any,
              since: dt.date, source: str, user: str) -> None:
    """Set (or replace) the value of `name`, audited; refused with a Chinese message when the
    rulebook would not accept it."""
    if not (source or "").strip():
        raise ParameterError("请填写数值的来源（文件名称、文号或统计公报）")
    entry = {"value": value, "since": since.isoformat(), "source": source.strip()}
    try:
        apply_entries(parameters, {name: entry}, "参数设置")
    except RulebookError as exc:
        raise ParameterError(exc.problem) from None
    _write(engine, name, entry, user)


def clear_value(engine: Engine, name: str, user: str) -> None:
    """Remove the administrator's value of `name` (back to the file or the shipped value)."""
    _write(engine, name, None, user)


def _write(engine: Engine, name: str, entry: dict | None, user: str) -> None:
    with writing(engine) as session:
        row = session.get(LocalParameter, name, with_for_update=True)
        old = _entry(row) if row else None
        if entry is None and row is None:
            return
        if entry is None:
            session.delete(row)
        elif row is None:
            session.add(LocalParameter(name=name, value_json=json.dumps(entry["value"]),
                                       since=dt.date.fromisoformat(entry["since"]),
                                       source=entry["source"], updated_by=user))
        else:
            row.value_json = json.dumps(entry["value"])
            row.since = dt.date.fromisoformat(entry["since"])
            row.source, row.updated_by = entry["source"], user
            row.updated_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        session.add(ParameterChange(
            name=name, changed_by=user,
            old_json=json.dumps(old, ensure_ascii=False) if old else None,
            new_json=json.dumps(entry, ensure_ascii=False) if entry else None))
