"""Facts for the 能效标杆/基准 check (开福区方案 三（一）、四（一）；能效标杆水平和基准水平2021年版、2023年版).

Each declared product (``products[]``) is looked up by its code in the reference table
rules/tables/benchmarks.yaml (``context.tables["benchmarks"]``), in the rows of the edition in
force on the review date (its ``in_force`` list: 2021年版 from 2022-01-01, 2023年版 from
2023-07-04).  The numbers stay in that
table with their unit, status and source; here they are only read.  Because a rule condition
can only compare a fact with a literal or parameter, the comparison of a design value with
the table is made here and exposed as a *position* naming the table row:

* ``标杆及以上``     design value ≤ 标杆 (lower is better for every row, incl. negative BOF values);
* ``标杆与基准之间`` 标杆 < design value ≤ 基准 (reaching 基准 exactly is not below it);
* ``劣于基准``       design value > 基准.

A product whose code is not in the table, or whose row has no 标杆/基准 (a GAP row), is
"未纳入对标表" and is never assessed.  A listed product without a design value, without a
unit, or with a unit other than the table's, cannot be compared and is reported as
incomplete.  Where several products are assessed, the worst position is exposed, with the
numbers of that product's row.
"""
from __future__ import annotations

from checker.facts import Context, fact, ratio
from checker.rulebook.sources import Status

POSITIONS = ("标杆及以上", "标杆与基准之间", "劣于基准")


def edition_in_force(table: dict, day) -> dict | None:
    """The entry of the table's `in_force` list in force on `day` (the latest `since` not
    after it): the edition and the key of its rows.  None before the first edition."""
    current = None
    for entry in table.get("in_force") or []:
        if entry["since"] <= day:
            current = entry
    return current


def _rows(c: Context) -> dict:
    """The rows of the edition in force on the review date (2021年版 before 2023-07-04):
    never a later edition's figures for a day it did not exist."""
    table = c.tables.get("benchmarks") or {}
    entry = edition_in_force(table, c.as_of)
    return (table.get(entry["products"]) or {}) if entry else {}


@fact("benchmark.edition", "对标表版次（审查基准日适用）", str)
def _edition(c: Context):
    entry = edition_in_force(c.tables.get("benchmarks") or {}, c.as_of)
    return entry["edition"] if entry else None


def _usable(row: dict | None) -> bool:
    return bool(row) and row.get("benchmark") is not None and row.get("baseline") is not None


def position(value: float, row: dict) -> str:
    """Where a design value stands against one table row (lower is better)."""
    if value <= row["benchmark"]:
        return POSITIONS[0]
    if value <= row["baseline"]:
        return POSITIONS[1]
    return POSITIONS[2]


def _classified(c: Context):
    """(assessed [(product, row, position)], unlisted [product], incomplete [product]),
    computed once per review."""
    return c.shared("benchmark.classified", _classify)


def _classify(c: Context):
    rows = _rows(c)
    assessed, unlisted, incomplete = [], [], []
    for product in c.app.products:
        row = rows.get(product.code)
        if not _usable(row):
            unlisted.append(product)
        elif product.unit_energy is None or product.unit_energy_unit != row["unit"]:
            incomplete.append(product)
        else:
            assessed.append((product, row, position(product.unit_energy, row)))
    return assessed, unlisted, incomplete


def _worst(c: Context):
    assessed, _, _ = _classified(c)
    if not assessed:
        return None
    return max(assessed, key=lambda item: POSITIONS.index(item[2]))  # first of the worst


def _names(products) -> str | None:
    return "、".join(f"{p.name}（{p.code}）" for p in products) or None


@fact("benchmark.products_declared", "申报的主要产品数", int, "项")
def _declared(c: Context):
    return len(c.app.products)


@fact("benchmark.assessed_count", "已对照标杆/基准评估的产品数", int, "项")
def _assessed(c: Context):
    return len(_classified(c)[0])


@fact("benchmark.worst_position", "单位产品能耗对标结果（最不利产品）", str)
def _worst_position(c: Context):
    worst = _worst(c)
    return None if worst is None else worst[2]


@fact("benchmark.worst_product", "对标最不利产品", str)
def _worst_product(c: Context):
    worst = _worst(c)
    return None if worst is None else f"{worst[0].name}（{worst[1]['title']}）"


@fact("benchmark.worst_unit_energy", "最不利产品单位产品能耗设计值", float)
def _worst_value(c: Context):
    worst = _worst(c)
    return None if worst is None else worst[0].unit_energy


@fact("benchmark.worst_benchmark_value", "最不利产品能效标杆水平（对标表）", float)
def _worst_benchmark(c: Context):
    worst = _worst(c)
    return None if worst is None else worst[1]["benchmark"]


@fact("benchmark.worst_baseline_value", "最不利产品能效基准水平（对标表）", float)
def _worst_baseline(c: Context):
    worst = _worst(c)
    return None if worst is None else worst[1]["baseline"]


@fact("benchmark.worst_unit", "最不利产品能耗单位", str)
def _worst_unit(c: Context):
    worst = _worst(c)
    return None if worst is None else worst[1]["unit"]


@fact("benchmark.worst_row_status", "对标表该行数值核实状态", str, tag=True)
def _worst_status(c: Context):
    """Whether the row's values are verified, in words (已核实 / 待核实): the row's tag
    (V1/V2/UNVERIFIED) itself stays in the table; anything but V1 reads 待核实."""
    worst = _worst(c)
    if worst is None:
        return None
    return Status(worst[1].get("status", "UNVERIFIED")).short_label


@fact("benchmark.worst_row_sourced", "对标表该行数值有来源（V1或V2）", bool)
def _worst_sourced(c: Context):
    """Whether the row's figures were seen in a source (V1 or V2): only then may a veto rest
    on them (severity policy: an unverified number is no ground for refusal)."""
    worst = _worst(c)
    return None if worst is None else worst[1].get("status") in ("V1", "V2")


@fact("benchmark.unlisted_count", "未纳入对标表（或对标值缺失）的产品数", int, "项")
def _unlisted_count(c: Context):
    return len(_classified(c)[1])


@fact("benchmark.unlisted_products", "未纳入对标表（或对标值缺失）的产品", str)
def _unlisted(c: Context):
    return _names(_classified(c)[1])


@fact("benchmark.incomplete_count", "已纳入对标表但缺少能耗设计值或单位不符的产品数", int, "项")
def _incomplete_count(c: Context):
    return len(_classified(c)[2])


@fact("benchmark.incomplete_products", "已纳入对标表但缺少能耗设计值或单位不符的产品", str)
def _incomplete(c: Context):
    """Each with the unit the table expects, so the applicant knows what to supply."""
    rows = _rows(c)
    products = _classified(c)[2]
    return "、".join(f"{p.name}（{p.code}，须按{rows[p.code]['unit']}申报）"
                     for p in products) or None


@fact("project.annual_added_value", "达产后年工业增加值", float, "万元")
def _added_value(c: Context):
    return c.app.project.annual_added_value


@fact("project.industry_division_number", "国民经济行业大类（数值）", int)
def _division_number(c: Context):
    return int(c.app.project.industry_code[:2])


@fact("benchmark.added_value_intensity", "单位工业增加值能耗（当量值）", float, "吨标准煤/万元")
def _intensity(c: Context):
    """年综合能源消费量（当量值）÷ 达产后年工业增加值 (令2023年第2号第十一条 报告内容).

    Absent without a positive added value.  Rounded to four decimals for display.
    """
    return ratio(c.energy.total_tce, c.app.project.annual_added_value)
