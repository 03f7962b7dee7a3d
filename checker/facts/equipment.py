"""Facts about the main energy-using equipment against the mandatory energy-efficiency standards
(令2025年第31号第十六条（二）“主要设备能效是否符合强制性能效标准要求”).

Each declared equipment line with a standard type (industrial_policy.equipment[].efficiency_type)
is read against the edition of its standard in force on the review date
(rules/tables/efficiency_standards.yaml): a declared grade worse than the grade of the 能效限定值
(or “低于能效限定值”) is below the minimum allowable value; a grade worse than the 节能评价值 grade
but within the standard is below what decisions require; no declared grade is a missing input.
Only verified editions (V1/V2) give the veto fact; an UNVERIFIED edition's line is listed apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from checker.facts import Context, fact, present
from checker.rulebook.efficiency import TABLE, Edition, efficiency_table
from checker.rulebook.sources import Status

BELOW_LIMIT = "低于能效限定值"
STATUS_ORDER = [Status.V1, Status.V2, Status.UNVERIFIED, Status.GAP]


@dataclass
class Assessment:
    """The typed equipment lines sorted by what the standard says of them."""

    typed: int = 0
    below_limit: list[str] = field(default_factory=list)
    below_limit_unverified: list[str] = field(default_factory=list)
    below_evaluation: list[str] = field(default_factory=list)
    undeclared: list[str] = field(default_factory=list)
    statuses: dict[str, list[Status]] = field(default_factory=dict)


def _grade(text: str, edition: Edition) -> int:
    """The declared grade as a number; below the limit is one worse than the minimum grade."""
    return edition.minimum_grade + 1 if text == BELOW_LIMIT else int(text.rstrip("级"))


def _assess(c: Context) -> Assessment | None:
    equipment = present(c.app.industrial_policy, "equipment")
    if equipment is None:
        return None
    types = efficiency_table(c.tables.get(TABLE)).by_title()
    result = Assessment()
    for line in equipment:
        kind = types.get(line.efficiency_type) if line.efficiency_type else None
        edition = kind.in_force(c.as_of) if kind else None
        if edition is None:
            continue
        result.typed += 1
        label = f"{line.name}（{line.efficiency_type}，{line.efficiency_grade or '未申报能效等级'}，{edition.number}）"
        if line.efficiency_grade is None:
            result.undeclared.append(label)
            continue
        grade = _grade(line.efficiency_grade, edition)
        if grade > edition.minimum_grade:
            bucket = "below_limit" if edition.verified else "below_limit_unverified"
        elif grade > edition.evaluation_grade:
            bucket = "below_evaluation"
        else:
            continue
        getattr(result, bucket).append(label)
        result.statuses.setdefault(bucket, []).append(edition.status)
    return result


def assessment(c: Context) -> Assessment | None:
    return c.shared("equipment.assessment", _assess)


def _weakest(statuses: list[Status]) -> str | None:
    return max(statuses, key=STATUS_ORDER.index).value if statuses else None


def _register(bucket: str, title: str, tag_title: str | None = None) -> None:
    name = f"equipment.{bucket}"

    @fact(name, title, list)
    def _items(c: Context):
        found = assessment(c)
        return None if found is None else list(getattr(found, bucket))

    @fact(f"{name}_count", f"{title}（台套种数）", int, "种")
    def _count(c: Context):
        found = assessment(c)
        return None if found is None else len(getattr(found, bucket))

    if tag_title:
        @fact(f"{name}_status", tag_title, str, tag=True)
        def _status(c: Context):
            found = assessment(c)
            return None if found is None else _weakest(found.statuses.get(bucket, []))


@fact("equipment.typed_count", "申报了强制性能效标准设备类别的主要用能设备种数", int, "种")
def _typed(c: Context):
    found = assessment(c)
    return None if found is None else found.typed


_register("below_limit", "低于能效限定值的主要用能设备", "所依能效标准的核实状态")
_register("below_limit_unverified", "低于能效限定值的主要用能设备（所依标准版次待核实）",
          "所依能效标准的核实状态")
_register("below_evaluation", "未达节能评价值（2级）的主要用能设备", "所依能效标准的核实状态")
_register("undeclared", "未申报能效等级的主要用能设备")
