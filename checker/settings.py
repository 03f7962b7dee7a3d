"""Local configuration of the rulebook: values an administrator sets for GAP parameters.

Where regulations.md marks a value as a GAP (searched, nothing found), the parameter ships
unset and the rules that need it report "未评估".  An administrator who has the official
value can set it in a YAML file named by $CHECKER_PARAMETERS::

    parameters:
      energy.district_intensity_reference:
        value: 0.35
        since: 2026-01-01
        source: 开福区统计局 2025年公报
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import yaml


def apply_overrides(parameters: dict) -> dict:
    """Parameters with the locally configured values added (flagged as configured)."""
    path = os.environ.get("CHECKER_PARAMETERS")
    if not path:
        return parameters
    from checker.rulebook import ParameterValue, RulebookError

    source = Path(path)
    data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    result = dict(parameters)
    for name, body in (data.get("parameters") or {}).items():
        if name not in result:
            raise RulebookError(source, name, "本地配置了规则库中不存在的参数")
        if not isinstance(body, dict) or "value" not in body or "source" not in body:
            raise RulebookError(source, name, "本地配置须给出 value 与 source")
        since = body.get("since") or dt.date(1900, 1, 1)
        parameter = result[name]
        previous = parameter.values[-1]
        shipped = next((v.value for v in reversed(parameter.values) if v.value is not None), None)
        if shipped is not None and _kind(body["value"]) != _kind(shipped):
            raise RulebookError(source, name, f"本地配置的值 {body['value']!r} 与规则库中该参数的类型"
                                              f"（{_kind(shipped)}）不符")
        value = ParameterValue(since=since, value=body["value"], status=previous.status,
                               source=f"本地配置：{body['source']}", configured=True)
        values = sorted([v for v in parameter.values if v.since != value.since] + [value],
                        key=lambda v: v.since)
        result[name] = parameter.model_copy(update={"values": values})
    return result


def _kind(value) -> str:
    """数值 / 文本 / 是否 / 列表 — the kinds a parameter value may have."""
    if isinstance(value, bool):
        return "是否"
    if isinstance(value, (int, float)):
        return "数值"
    return "列表" if isinstance(value, list) else "文本"


def overrides_bytes() -> bytes:
    """The local configuration file's content (part of the rulebook version), or b""."""
    path = os.environ.get("CHECKER_PARAMETERS")
    return Path(path).read_bytes() if path else b""
