"""Local configuration of the rulebook: values an administrator sets for GAP parameters.

Two places hold local values, with one precedence: the shipped rulebook < the local YAML file
($CHECKER_PARAMETERS, read by the CLI and the web app) < the administrator's settings in the
database (the web app's 参数设置 page; checker/store/parameters.py), which every web worker
reads.  Each layer changes the rulebook version.

Where a value is a GAP (searched, nothing found), the parameter ships
unset and the rules that need it report "未评估".  An administrator who has the official
value can set it in a YAML file named by $CHECKER_PARAMETERS::

    parameters:
      energy.district_intensity_reference:
        value: 0.35
        since: 2026-01-01
        source: 开福区统计局 2025年公报

A value that is a year's statistic names the year (`year: 2025`), as the electricity
等价值 coefficient does (the year's national average coal consumption of thermal power supply).

Any mistake in that file (YAML syntax, an unknown parameter, a wrong type) is refused with
the file, the line and the entry named.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.rulebook.errors import RulebookError, key_lines, read_yaml, validate_entry
from checker.rulebook.parameters import Parameter, ParameterValue

DEFAULT_SINCE = dt.date(1900, 1, 1)


def apply_overrides(parameters: dict[str, Parameter],
                    path: str | Path | None = None) -> dict[str, Parameter]:
    """Parameters with the locally configured values added (flagged as configured): those of
    $CHECKER_PARAMETERS, or of the file `path` in the same format (a candidate set of values
    whose impact is assessed before adopting it)."""
    path = path or os.environ.get("CHECKER_PARAMETERS")
    if not path:
        return parameters
    source = Path(path)
    data = read_yaml(source) or {}
    entries = data.get("parameters") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise RulebookError(source, None, "本地配置文件须包含 parameters: 映射（参数名: 取值）", line=1)
    return apply_entries(parameters, entries, source, key_lines(source, "parameters"))


def apply_entries(parameters: dict[str, Parameter], entries: dict, source,
                  lines: dict | None = None) -> dict[str, Parameter]:
    """Parameters with local entries {name: {value, since, source}} added; `source` names
    where they come from in an error (the file, or 参数设置)."""
    result = dict(parameters)
    for name, body in entries.items():
        result[name] = _override(result, source, str(name), body, (lines or {}).get(name))
    return result


@dataclass(frozen=True)
class IgnoredValue:
    """A stored administrator's value the rulebook refuses — stored by an older version that
    did not check types, or written into the database by hand: it is reported (参数设置
    page, log) and left out, so that reviews go on with the shipped or file value."""

    name: str
    value: Any
    problem: str


def usable_entries(parameters: dict[str, Parameter], entries: dict, source
                   ) -> tuple[dict, list[IgnoredValue]]:
    """The entries {name: {value, since, source}} the rulebook accepts, and those it refuses
    (each checked on its own: one bad value never drops another)."""
    usable: dict = {}
    ignored: list[IgnoredValue] = []
    for name, body in sorted(entries.items()):
        if isinstance(body, dict) and "unreadable" in body:
            ignored.append(IgnoredValue(name, body["unreadable"], "存储的值无法读取（不是有效的 JSON）"))
            continue
        try:
            apply_entries(parameters, {name: body}, source)
        except RulebookError as exc:
            value = body.get("value") if isinstance(body, dict) else body
            ignored.append(IgnoredValue(name, value, exc.problem))
        else:
            usable[name] = body
    return usable, ignored


def _override(parameters: dict[str, Parameter], source, name: str, body,
              line: int | None) -> Parameter:
    """`name` with the locally configured value `body` added."""

    def fail(problem: str):
        raise RulebookError(source, name, problem, line=line)

    if name not in parameters:
        fail("本地配置了规则库中不存在的参数")
    if not isinstance(body, dict) or "value" not in body or "source" not in body:
        fail("本地配置须给出 value 与 source")
    parameter = parameters[name]
    if (problem := parameter.problem(body["value"])) is not None:
        fail(f"本地配置的值 {body['value']!r} {problem}")
    value = validate_entry(ParameterValue, {
        "since": body.get("since") or DEFAULT_SINCE, "value": body["value"],
        "status": parameter.values[-1].status, "source": f"本地配置：{body['source']}",
        "configured": True, "year": body.get("year")}, source, name, line)
    values = sorted([v for v in parameter.values if v.since != value.since] + [value],
                    key=lambda v: v.since)
    return parameter.model_copy(update={"values": values})


def parameters_file(path: str | Path | None = None) -> str:
    """The local parameters file in use: `path`, else $CHECKER_PARAMETERS ("" for none)."""
    return str(path or os.environ.get("CHECKER_PARAMETERS") or "")


def overrides_bytes(path: str | Path | None = None) -> bytes:
    """The local configuration file's content (part of the rulebook version), or b""."""
    path = path or os.environ.get("CHECKER_PARAMETERS")
    if not path:
        return b""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise RulebookError(path, None, f"无法读取本地参数配置文件：{exc.strerror or exc}") from None
