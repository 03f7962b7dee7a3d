"""The application form, generated from the JSON Schema of `ProjectApplication`.

Form field names are the JSON paths intake uses in its problems (``project.investment``,
``energy[1].quantity``), so each refusal is shown beside the field it names.  Top-level
objects become fieldsets (their nested objects are flattened into them); lists of objects,
top-level or inside a section (VOCs materials: ``vocs.materials[0].kind``), become tables of
rows.  A field is marked required only where the application requires it: fields of an
optional nested object (the prior review opinion) say when they are required instead.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Any

from checker.rulebook.carriers import Carrier
from checker.industries import catalogue as industry_catalogue
from checker.intake import SAMPLE_KEY
from checker.model import ProjectApplication

SPARE_ROWS = 1
MAX_SHOWN_ROWS = 500  # rows of a list section the form shows at most (the schema's longest list)
MAX_ROWS = 500  # rows of any one list the form reads at most (the schema's longest list)
MAX_NUMBER_CHARS = 100  # longer numbers stay text (int() refuses more than 4300 digits)
MIN_ROWS = {"energy": 2}
INDUSTRY_FIELD = "industry_code"
LEADING_CODE = re.compile(r"^\s*([0-9]{2,4})(?:\s.*)?$")


@dataclass
class FormField:
    """One input: relative name within its section/row, Chinese title, unit, widget."""

    name: str
    title: str
    widget: str  # text / number / integer / date / checkbox / tristate / select / choices
    unit: str | None = None
    required: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)
    datalist: str | None = None
    example: str | None = None
    required_when: str | None = None  # e.g. "填写已取得的节能审查意见时必填"


@dataclass
class FormList:
    """A list of objects inside an object section (e.g. ``vocs.materials``): a table of rows."""

    name: str
    title: str
    description: str | None
    fields: list[FormField]


@dataclass
class FormSection:
    key: str
    title: str
    kind: str  # object / list
    optional: bool
    description: str | None
    fields: list[FormField]
    lists: list[FormList] = field(default_factory=list)


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


def _fields(schema: dict, obj: dict, carriers: tuple[tuple[str, str], ...], prefix: str = "",
            title_prefix: str = "", required_when: str | None = None) -> list[FormField]:
    result = []
    required = set(obj.get("required", []))
    for name, raw in obj.get("properties", {}).items():
        node, nullable = _resolve(schema, raw)
        title = title_prefix + node.get("title", name)
        path = prefix + name
        kind = node.get("type")
        if kind == "object":
            inner_when = required_when
            if name not in required and inner_when is None:
                inner_when = f"填写“{node.get('title', name)}”时必填"
            result += _fields(schema, node, carriers, path + ".", title + " › ", inner_when)
            continue
        if kind == "array":
            item, _ = _resolve(schema, node.get("items", {}))
            if "enum" in item:  # a list of choices (重大变化): a checkbox each
                result.append(FormField(path, title, "choices",
                                        options=[(str(v), str(v)) for v in item["enum"]],
                                        required_when=required_when if name in required
                                        else None))
            continue  # lists of objects: `_lists`
        unit = node.get("unit")
        unit = None if unit and unit.startswith("见") else unit
        example = (node.get("examples") or [None])[0]
        entry = FormField(path, title, "text", unit, name in required and not prefix,
                          example=example)
        if node.get("enum_source") == "carriers":
            entry.widget = "select"
            entry.options = list(carriers)
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
        if path == INDUSTRY_FIELD:
            entry.datalist = "industries"
        entry.required = name in required and required_when is None
        entry.required_when = required_when if name in required else None
        result.append(entry)
    return result


def _lists(schema: dict, obj: dict, carriers: tuple[tuple[str, str], ...]) -> list[FormList]:
    """The lists of objects directly inside an object section, as tables of rows."""
    result = []
    for name, raw in obj.get("properties", {}).items():
        node, _ = _resolve(schema, raw)
        if node.get("type") == "array" and "items" in node:
            item, _ = _resolve(schema, node["items"])
            if item.get("type") == "object":
                result.append(FormList(name, node.get("title", name),
                                       _hint(node.get("title", name), item.get("description")),
                                       _fields(schema, item, carriers)))
    return result


def _hint(title: str, description: str | None) -> str | None:
    """A section's description, unless it only repeats the title ("数据中心" / "数据中心。");
    a description that opens with the title as a sentence ("锅炉。蒸汽锅炉按…") loses it."""
    if not description:
        return None
    description = description.strip()
    if description.startswith(f"{title}。"):
        description = description[len(title) + 1:].strip()
    bare = description.rstrip("。.")
    if not bare or bare in title or title in bare and len(bare) <= len(title) + 2:
        return None
    return description


def sections(carriers: Mapping[str, Carrier]) -> tuple[FormSection, ...]:
    """The form's sections, in the schema's order; the carrier picker offers `carriers` (the
    catalogue of the rulebook in force)."""
    return _sections(tuple((key, c.title) for key, c in carriers.items()))


def _layout() -> tuple[FormSection, ...]:
    """The form's fields and widgets (what reading a posted form needs: no carrier is
    offered here, the review's intake checks the carrier against its rulebook)."""
    return _sections(())


@functools.lru_cache(maxsize=8)
def _sections(carriers: tuple[tuple[str, str], ...]) -> tuple[FormSection, ...]:
    schema = ProjectApplication.model_json_schema()
    result = []
    for key, raw in schema["properties"].items():
        node, nullable = _resolve(schema, raw)
        if node.get("type") == "array" and "items" in node:
            item, _ = _resolve(schema, node["items"])
            title = node.get("title", key)
            result.append(FormSection(key, title, "list", True,
                                      _hint(title, item.get("description")),
                                      _fields(schema, item, carriers)))
        elif node.get("type") == "object":
            title = node.get("title", key)
            result.append(FormSection(key, title, "object",
                                      key not in schema.get("required", []),
                                      _hint(title, node.get("description")),
                                      _fields(schema, node, carriers),
                                      _lists(schema, node, carriers)))
    return tuple(result)


def industry_options() -> list[str]:
    """The values of the industry picker's datalist, e.g. "6450 互联网数据服务" (the form reads
    the code). Values only: some 1,950 entries stay near 85 kB in the page for the browser's own
    list when the script does not run; the script reads the same list from form-data.json."""
    return [entry.label for entry in industry_catalogue()]


def form_data(carriers: Mapping[str, Carrier]) -> dict[str, Any]:
    """What the form's script needs, served as JSON: carriers with their units (factor to
    the canonical unit) and 当量值 coefficients (kgce per canonical unit), and the industries."""
    return {
        "carriers": {key: {"title": c.title, "units": c.units, "canonical_unit": c.canonical_unit,
                           "kgce": c.coefficient.value, "coefficient_unit": c.coefficient.unit}
                     for key, c in carriers.items()},
        "industries": [{"code": e.code, "name": e.name, "section": e.section_name}
                       for e in industry_catalogue()],
    }


def energy_units(carriers: Mapping[str, Carrier]) -> list[str]:
    """Every unit of `carriers` (the form's datalist of energy units)."""
    units: list[str] = []
    for carrier in carriers.values():
        units += [u for u in carrier.units if u not in units]
    return units


# --- form data → application dict ------------------------------------------------------

def _coerce(entry: FormField, text: str) -> Any:
    """The typed value of a filled field; unparsable numbers stay text (intake names them)."""
    if entry.widget == "checkbox":
        return True
    if entry.widget == "tristate":
        return {"true": True, "false": False}.get(text, text)
    if entry.name == INDUSTRY_FIELD and (match := LEADING_CODE.match(text)):
        return match.group(1)  # the picker's "6450 互联网数据服务" → "6450"
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
        if entry.widget == "choices":  # in the order posted (the order the form shows them)
            chosen = [v.strip() for v in form.getlist(prefix + entry.name) if v.strip()]
            if chosen:
                _put(data, entry.name, chosen[:MAX_ROWS])
            continue
        text = (form.get(prefix + entry.name) or "").strip()
        if entry.widget == "checkbox" and not form.get(prefix + entry.name):
            continue
        if text == "":
            continue
        _put(data, entry.name, _coerce(entry, text))
    return data


def _rows(fields: list[FormField], form, key: str, places: dict) -> list[dict]:
    """The filled rows of the list `key` (``energy``, ``vocs.materials``), in index order;
    rows may have gaps (removed in the browser) and empty rows are left out.  `places`
    learns where each posted row went (``places[key][posted index] = position``)."""
    pattern = re.compile(rf"^{re.escape(key)}\[([0-9]{{1,6}})\]\.")
    indices = sorted({int(m.group(1)) for name in form.keys() if (m := pattern.match(name))})
    rows = []
    for index in indices[:MAX_ROWS]:
        row = _collect(fields, form, f"{key}[{index}].")
        if row:
            places.setdefault(key, {})[index] = len(rows)
            rows.append(row)
    return rows


def form_to_application(form) -> dict:
    """The application dict the form describes; empty optional sections and rows are left out,
    unless the application being edited gave them explicitly (see `explicit_values`)."""
    data: dict = {}
    places: dict[str, dict[int, int]] = {}
    for section in _layout():
        if section.kind == "object":
            values = _collect(section.fields, form, section.key + ".")
            for sub in section.lists:
                rows = _rows(sub.fields, form, f"{section.key}.{sub.name}", places)
                if rows:
                    values[sub.name] = rows
            if values or not section.optional:
                data[section.key] = values
        else:
            rows = _rows(section.fields, form, section.key, places)
            if rows:
                data[section.key] = rows
    _restore_explicit(data, form.get(EXPLICIT_FIELD, ""), places)
    return data


# --- what an edited application said explicitly without a value -------------------------

EXPLICIT_FIELD = "_explicit"  # hidden: {path: null / false / {} / []} of the edited application
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]{1,6})\]")


def explicit_values(data: Any, checkboxes: frozenset[str] | None = None) -> dict[str, Any]:
    """The paths an application gives explicitly with an empty value — null, {}, [] — or
    false where the form shows a checkbox (an unticked box posts nothing).  A form field
    left empty cannot say them, yet they are part of the application as filed (its
    canonical JSON and fingerprint): the form carries them in a hidden field, so editing a
    record through the form changes only what the reviewer changed."""
    checkboxes = _checkbox_names() if checkboxes is None else checkboxes
    found: dict[str, Any] = {}

    def walk(value: Any, path: str) -> None:
        if value is None or value == {} or value == [] or (
                value is False and re.sub(r"\[[0-9]+\]", "[]", path) in checkboxes):
            found[path] = value
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else key)
        elif isinstance(value, list) and not all(isinstance(v, str) for v in value):
            for index, inner in enumerate(value):
                walk(inner, f"{path}[{index}]")

    if isinstance(data, dict):
        for key, value in data.items():
            if key != SAMPLE_KEY:
                walk(value, key)
    return found


@functools.lru_cache(maxsize=1)
def _checkbox_names() -> frozenset[str]:
    """The checkbox fields' paths, rows written ``energy[]``."""
    names = set()
    for section in _layout():
        row = "[]" if section.kind == "list" else ""
        names |= {f"{section.key}{row}.{f.name}" for f in section.fields if f.widget == "checkbox"}
        names |= {f"{section.key}.{sub.name}[].{f.name}" for sub in section.lists
                  for f in sub.fields if f.widget == "checkbox"}
    return frozenset(names)


def _restore_explicit(data: dict, text: str, places: dict[str, dict[int, int]]) -> None:
    """Put back the explicit empty values of the edited application (`explicit_values`) where
    the form left nothing: in a row only if that row is still there (rows keep their posted
    index when others are removed), never over what the reviewer filled in."""
    import json

    try:
        explicit = json.loads(text) if text else {}
    except ValueError:
        return
    if not isinstance(explicit, dict):
        return
    for path, value in list(explicit.items())[:MAX_ROWS * 10]:
        if not (value is None or value is False or value == {} or value == []) \
                or not isinstance(path, str):  # only empties: never a value (0 == False)
            continue
        steps = _STEP.findall(path)
        if not steps or "".join(k or f"[{i}]" for k, i in steps) != path.replace(".", ""):
            continue
        target: Any = data
        where = ""
        for number, (key, index) in enumerate(steps):
            last = number == len(steps) - 1
            if key:
                if not isinstance(target, dict):
                    break
                where = f"{where}.{key}" if where else key
                if last:
                    target.setdefault(key, value)
                    break
                nxt = target.get(key)
                if nxt is None:
                    if key in target or steps[number + 1][1]:  # null given, or a list's row
                        break
                    nxt = target[key] = {}
                target = nxt
            else:
                position = places.get(where, {}).get(int(index))
                if not isinstance(target, list) or position is None or last:
                    break
                target = target[position]


# --- application dict → form values ----------------------------------------------------

def _flat(value: Any, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flat(inner, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        out[prefix] = list(value)  # a list of choices: one field, the boxes ticked
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _flat(inner, f"{prefix}[{index}]", out)
    elif isinstance(value, bool):
        out[prefix] = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15 and (
            value or math.copysign(1.0, value) > 0):  # -0.0 stays "-0.0": "0" would lose its sign
        out[prefix] = str(int(value))
    elif value is not None:
        out[prefix] = str(value)


def application_to_values(data: Any) -> tuple[dict[str, Any], list[str]]:
    """(form values by field name, paths the form cannot show) for a parsed application; a
    list of choices is one value (the list).  The form's metadata key (``_sample``) is not
    part of the application."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        _flat({k: v for k, v in data.items() if k != SAMPLE_KEY}, "", out)
    known = set()
    for section in _layout():
        for entry in section.fields:
            if section.kind == "object":
                known.add(f"{section.key}.{entry.name}")
    pattern = re.compile(r"^([a-z_.]+)\[\d+\]\.(.+)$")
    shown = {}
    lists = {s.key: {f.name for f in s.fields} for s in _layout() if s.kind == "list"}
    lists.update({f"{s.key}.{sub.name}": {f.name for f in sub.fields}
                  for s in _layout() for sub in s.lists})
    for path, value in out.items():
        match = pattern.match(path)
        if path in known or (match and match.group(2) in lists.get(match.group(1), ())):
            shown[path] = value
    return shown, [p for p in out if p not in shown]


def choice_order(entry: FormField, value: Any) -> list[tuple[str, str, bool]]:
    """A list of choices as the form shows it: (value, label, ticked), the ticked ones first in
    the order the application gives them — the order the form posts them back in."""
    chosen = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    labels = dict(entry.options)
    return ([(v, labels.get(v, v), True) for v in chosen] +
            [(k, label, False) for k, label in entry.options if k not in chosen])


def row_count(key: "str | FormSection", values: dict[str, str]) -> int:
    """Rows to show for the list `key` (``energy``, ``vocs.materials``): those filled plus a
    spare one (the form's script adds and removes rows)."""
    key = getattr(key, "key", key)
    pattern = re.compile(rf"^{re.escape(key)}\[([0-9]{{1,6}})\]\.")
    filled = {index for name in values
              if (m := pattern.match(name)) and (index := int(m.group(1))) < MAX_SHOWN_ROWS}
    return max(MIN_ROWS.get(key, 1), (max(filled) + 1 if filled else 0) + SPARE_ROWS)


def has_values(section: FormSection, values: dict[str, str], errors: dict) -> bool:
    """Whether an optional section has anything filled in (or an error) — shown open."""
    prefixes = (section.key + ".", section.key + "[")
    return any(k.startswith(prefixes) or k == section.key for k in [*values, *errors])


def sample_as_of(data: Any) -> str | None:
    """The review date a sample file suggests (``_sample.as_of``), if it gives a valid one."""
    meta = data.get("_sample") if isinstance(data, dict) else None
    text = meta.get("as_of") if isinstance(meta, dict) else None
    if isinstance(text, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return text
    return None
