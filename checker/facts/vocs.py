"""Facts about VOCs: new emissions, offsets, and raw materials against the low-VOC limit tables.

Material limits live in rules/tables/voc_limits.yaml: each material kind has one row per
edition of its mandatory product standard (GB 38507 油墨, GB 30981 / GB 30981.2 涂料,
GB 33372 胶粘剂, GB 38508 清洗剂), each standard with its effective date.  For a review date
the edition in force is picked (the latest whose effective date has come and which has not
been replaced).  A material is then, per category:

- 超过限值 — its declared VOC content exceeds the limit (the limit is a "≤" value);
- 未评估   — its kind is not in the table, no edition is in force, the edition's value is
  unset (GAP, e.g. GB 30981.2-2025, whose limit values were not found), or its unit
  cannot be matched.  Never guessed.

Counts and a readable detail (material, content, limit, standard, tag) are exposed as facts;
the counts are what rules compare, the details what messages show.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from checker.facts import Context, declared, fact, ratio
from checker.model import VocMaterial
from checker.values import quantity_text

CATEGORIES = {"ink": "油墨", "coating": "涂料", "adhesive": "胶粘剂", "cleaner": "清洗剂"}



declared("vocs.new_emissions_t", "新增VOCs排放量", float, "t/a")
declared("vocs.secured_offset_t", "已落实的VOCs削减替代量", float, "t/a")


@fact("vocs.offset_ratio", "VOCs削减替代量与新增排放量之比", float)
def _ratio(c: Context):
    """secured_offset_t ÷ new_emissions_t, only when new emissions are positive and the offset
    is declared (倍量削减 is checked against this ratio)."""
    v = c.app.vocs
    return None if v is None else ratio(v.secured_offset_t, v.new_emissions_t)


declared("vocs.full_low_voc_substitution", "全部使用低VOCs含量原辅材料", bool)
declared("vocs.key_polluter", "属（或将列入）重点排污单位", bool)
declared("vocs.online_monitoring", "安装VOCs在线监测设施", bool)
declared("vocs.whole_process_control", "落实VOCs全过程控制措施", bool)


def _materials(c: Context) -> list[VocMaterial]:
    """The declared VOC materials, listed once per review (several facts read them; none
    changes the list)."""
    return c.shared("vocs.materials", _list_materials)


def _list_materials(c: Context) -> list[VocMaterial]:
    vocs = c.app.vocs
    return [] if vocs is None else list(vocs.materials)


def _register_count(key: str, category: str) -> None:
    @fact(f"vocs.{key}_material_count", f"申报的{category}种数", int, "种")
    def _count(c: Context):
        return sum(1 for m in _materials(c) if m.category == category)


for _key, _category in CATEGORIES.items():
    _register_count(_key, _category)


# --- the limit table -------------------------------------------------------------------

def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def edition_in_force(table: dict, standard_ids: list[str], day: dt.date) -> str | None:
    """Of the given standards, the one in force on `day` (latest effective date wins).

    A standard whose effective date was not found (``effective: null``) is
    treated as in force: those editions date from 2020 and every rule using them starts in
    2023; the table notes this.
    """
    best, best_date = None, None
    for sid in standard_ids:
        standard = table["standards"][sid]
        start, until = _date(standard.get("effective")), _date(standard.get("until"))
        if (start is None or start <= day) and (until is None or day < until):
            key = start or dt.date.min
            if best_date is None or key > best_date:
                best, best_date = sid, key
    return best


def _convert(value: float, unit: str, target: str) -> float | None:
    """Mass fractions only: 1 % = 10 g/kg.  g/L is never converted to a mass fraction."""
    if unit == target:
        return value
    if {unit, target} == {"%", "g/kg"}:
        return value * 10 if unit == "%" else value / 10
    return None


def assess(material: VocMaterial, table: dict, day: dt.date) -> dict[str, Any]:
    """One material against the table: {"outcome": 超过限值|不超过限值|未评估, ...}."""
    label = material.name or material.kind
    row = (table.get("kinds") or {}).get(material.kind)
    if row is None or row.get("category") != material.category:
        return {"outcome": "未评估", "text": f"{label}（{material.category}，类型“{material.kind}”未纳入限值表）"}
    limits = {l["standard"]: l for l in row["limits"]}
    sid = edition_in_force(table, list(limits), day)
    if sid is None:
        return {"outcome": "未评估", "text": f"{label}（{row['title']}：审查日无有效的限值标准版本）"}
    standard, limit = table["standards"][sid], limits[sid]
    if limit.get("value") is None:
        return {"outcome": "未评估", "text": f"{label}（{row['title']}：{standard['number']}的限值未设置，"
                                            f"状态{limit['status']}）", "standard": standard["number"]}
    declared = _convert(material.voc_content, material.content_unit, limit["unit"])
    if declared is None:
        return {"outcome": "未评估", "text": f"{label}（{row['title']}：申报单位{material.content_unit}"
                                            f"与限值单位{limit['unit']}不一致）", "standard": standard["number"]}
    tag = "" if limit["status"] == "V1" else f"，限值{limit['status']}待核实"
    text = (f"{label}（{row['title']}）VOCs含量{quantity_text(float(declared), limit['unit'])}，"
            f"{standard['number']}限值≤{quantity_text(float(limit['value']), limit['unit'])}{tag}")
    outcome = "超过限值" if declared > limit["value"] else "不超过限值"
    return {"outcome": outcome, "text": text, "standard": standard["number"]}


def _assessed(c: Context) -> list[tuple[VocMaterial, dict[str, Any]]]:
    """Each declared material with its assessment (computed once per review)."""
    return c.shared("vocs.assessed", _assess_all)


def _assess_all(c: Context) -> list[tuple[VocMaterial, dict[str, Any]]]:
    table = c.tables.get("voc_limits") or {}
    return [(m, assess(m, table, c.as_of)) for m in _materials(c)]


def _register_limits(key: str, category: str) -> None:
    @fact(f"vocs.{key}_over_limit_count", f"VOCs含量超过限值的{category}种数", int, "种")
    def _over(c: Context):
        mats = [r for m, r in _assessed(c) if m.category == category]
        return sum(1 for r in mats if r["outcome"] == "超过限值") if mats else None

    @fact(f"vocs.{key}_over_limit_detail", f"超过限值的{category}", str)
    def _detail(c: Context):
        texts = [r["text"] for m, r in _assessed(c)
                 if m.category == category and r["outcome"] == "超过限值"]
        return "；".join(texts) or None


for _key, _category in CATEGORIES.items():
    _register_limits(_key, _category)


@fact("vocs.unassessed_material_count", "未能对照限值表评估的含VOCs材料种数", int, "种")
def _unassessed(c: Context):
    results = _assessed(c)
    return sum(1 for _, r in results if r["outcome"] == "未评估") if results else None


@fact("vocs.unassessed_material_detail", "未评估的含VOCs材料及原因", str)
def _unassessed_detail(c: Context):
    return "；".join(r["text"] for _, r in _assessed(c) if r["outcome"] == "未评估") or None


@fact("vocs.coating_standard_in_force", "审查日适用的工业涂料VOCs限量标准", str)
def _coating_standard(c: Context):
    """The coating edition in force on the review date (GB 30981-2020 until 2026-05-31,
    GB 30981.2-2025 from 2026-06-01), shown only when the project declares coatings."""
    if not any(m.category == "涂料" for m in _materials(c)):
        return None
    table = c.tables.get("voc_limits") or {}
    ids = [sid for sid, s in (table.get("standards") or {}).items() if s.get("category") == "涂料"]
    sid = edition_in_force(table, ids, c.as_of)
    return None if sid is None else table["standards"][sid]["number"]
