"""The application form, generated from the JSON Schema of `ProjectApplication`.

Form field names are the JSON paths intake uses in its problems (``project.investment``,
``energy[1].quantity``), so each refusal is shown beside the field it names.  Top-level
objects become fieldsets (their nested objects are flattened into them); top-level lists of
objects become tables of rows.  Lists nested deeper (e.g. VOCs materials) are not in the form:
such applications are edited as JSON.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from checker.carriers import carrier_catalogue
from checker.model import ProjectApplication

SPARE_ROWS = 2
MAX_SHOWN_ROWS = 500  # rows of a list section the form shows at most (the schema's longest list)
MAX_NUMBER_CHARS = 100  # longer numbers stay text (int() refuses more than 4300 digits)
MIN_ROWS = {"energy": 4}


@dataclass
class FormField:
    """One input: relative name within its section/row, Chinese title, unit, widget."""

    name: str
    title: str
    widget: str  # text / number / integer / date / checkbox / tristate / select
    unit: str | None = None
    required: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)
    datalist: str | None = None
    example: str | None = None


@dataclass
class FormSection:
    key: str
    title: str
    kind: str  # object / list
    optional: bool
    description: str | None
    fields: list[FormField]


def _resolve(schema: dict, node: dict) -> tuple[dict, bool]:
    """(the node with $ref and Optional[...] resolved, whether null is allowed)."""
    nullable = False
    if "anyOf" in node:
        variants = [v for v in node["anyOf"] if v.get("type") != "null"]
        nullable = len(variants) < len(node["anyOf"])
        merged = {k: v for k, v in node.items() if k != "anyOf"}
        node = {**variants[0], **merged} if len(variants) == 1 else merged
    if "$ref" in node:
        target = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, nullable


def _fields(schema: dict, obj: dict, prefix: str = "", title_prefix: str = "") -> list[FormField]:
    result = []
    required = set(obj.get("required", []))
    for name, raw in obj.get("properties", {}).items():
        node, nullable = _resolve(schema, raw)
        title = title_prefix + node.get("title", name)
        path = prefix + name
        kind = node.get("type")
        if kind == "object":
            result += _fields(schema, node, path + ".", title + " › ")
            continue
        if kind == "array":
            continue  # nested lists: JSON only
        unit = node.get("unit")
        unit = None if unit and unit.startswith("见") else unit
        example = (node.get("examples") or [None])[0]
        entry = FormField(path, title, "text", unit, name in required and not prefix,
                          example=example)
        if node.get("enum_source") == "carriers":
            entry.widget = "select"
            entry.options = [(k, c.title) for k, c in carrier_catalogue().items()]
        elif "enum" in node:
            entry.widget = "select"
            entry.options = [(str(v), str(v)) for v in node["enum"]]
        elif kind == "boolean":
            entry.widget = "checkbox" if node.get("default") is False else "tristate"
        elif node.get("format") == "date":
            entry.widget = "date"
        elif kind in ("number", "integer"):
            entry.widget = kind
        if path.endswith("unit") and obj.get("title") == "EnergyUse":
            entry.datalist = "energy-units"
        entry.required = name in required
        result.append(entry)
    return result


@functools.lru_cache(maxsize=1)
def sections() -> tuple[FormSection, ...]:
    """The form's sections, in the schema's order."""
    schema = ProjectApplication.model_json_schema()
    result = []
    for key, raw in schema["properties"].items():
        node, nullable = _resolve(schema, raw)
        if node.get("type") == "array" and "items" in node:
            item, _ = _resolve(schema, node["items"])
            result.append(FormSection(key, node.get("title", key), "list", True,
                                      item.get("description"), _fields(schema, item)))
        elif node.get("type") == "object":
            result.append(FormSection(key, node.get("title", key), "object",
                                      key not in schema.get("required", []),
                                      node.get("description"), _fields(schema, node)))
    return tuple(result)


def energy_units() -> list[str]:
    units: list[str] = []
    for carrier in carrier_catalogue().values():
        units += [u for u in carrier.units if u not in units]
    return units


# --- form data → application dict ------------------------------------------------------

def _coerce(entry: FormField, text: str) -> Any:
    """The typed value of a filled field; unparsable numbers stay text (intake names them)."""
    if entry.widget == "checkbox":
        return True
    if entry.widget == "tristate":
        return {"true": True, "false": False}.get(text, text)
    if entry.widget in ("number", "integer"):
        cleaned = text.replace(",", "").replace("，", "").replace(" ", "")
        if len(cleaned) > MAX_NUMBER_CHARS:  # int() refuses > 4300 digits: intake names it
            return text
        if re.fullmatch(r"[+-]?\d+", cleaned):
            return int(cleaned)
        if entry.widget == "number" and re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?",
                                                     cleaned):
            return float(cleaned)
        return text
    return text


def _put(target: dict, dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _collect(fields: list[FormField], form, prefix: str) -> dict:
    data: dict = {}
    for entry in fields:
        text = (form.get(prefix + entry.name) or "").strip()
        if entry.widget == "checkbox" and not form.get(prefix + entry.name):
            continue
        if text == "":
            continue
        _put(data, entry.name, _coerce(entry, text))
    return data


def form_to_application(form) -> dict:
    """The application dict the form describes; empty optional sections and rows are left out."""
    data: dict = {}
    for section in sections():
        if section.kind == "object":
            values = _collect(section.fields, form, section.key + ".")
            if values or not section.optional:
                data[section.key] = values
        else:
            rows, index = [], 0
            indices = sorted({int(m.group(1)) for name in form.keys()
                              if (m := re.match(rf"^{section.key}\[([0-9]{{1,6}})\]\.", name))})
            for index in indices[:200]:
                row = _collect(section.fields, form, f"{section.key}[{index}].")
                if row:
                    rows.append(row)
            if rows:
                data[section.key] = rows
    return data


# --- application dict → form values ----------------------------------------------------

def _flat(value: Any, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flat(inner, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _flat(inner, f"{prefix}[{index}]", out)
    elif isinstance(value, bool):
        out[prefix] = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        out[prefix] = str(int(value))
    elif value is not None:
        out[prefix] = str(value)


def application_to_values(data: Any) -> tuple[dict[str, str], list[str]]:
    """(form values by field name, paths the form cannot show) for a parsed application."""
    out: dict[str, str] = {}
    if isinstance(data, dict):
        _flat(data, "", out)
    known = set()
    for section in sections():
        for entry in section.fields:
            if section.kind == "object":
                known.add(f"{section.key}.{entry.name}")
    pattern = re.compile(r"^([a-z_]+)\[\d+\]\.(.+)$")
    shown = {}
    lists = {s.key: {f.name for f in s.fields} for s in sections() if s.kind == "list"}
    for path, value in out.items():
        match = pattern.match(path)
        if path in known or (match and match.group(2) in lists.get(match.group(1), ())):
            shown[path] = value
    return shown, [p for p in out if p not in shown]


def row_count(section: FormSection, values: dict[str, str]) -> int:
    """Rows to show for a list section: those filled plus spare ones."""
    filled = {index for name in values
              if (m := re.match(rf"^{section.key}\[([0-9]{{1,6}})\]\.", name))
              and (index := int(m.group(1))) < MAX_SHOWN_ROWS}
    return max(MIN_ROWS.get(section.key, 1), (max(filled) + 1 if filled else 0) + SPARE_ROWS)


def has_values(section: FormSection, values: dict[str, str], errors: dict) -> bool:
    """Whether an optional section has anything filled in (or an error) — shown open."""
    prefixes = (section.key + ".", section.key + "[")
    return any(k.startswith(prefixes) or k == section.key for k in [*values, *errors])
