"""Facts about the main energy-using equipment against the mandatory energy-efficiency standards
(令2025年第31号第十六条（二）“主要设备能效是否符合强制性能效标准要求”).

Each declared equipment line with a standard type (industrial_policy.equipment[].efficiency_type)
is read against the edition of its standard in force on the review date
(rules/tables/efficiency_standards.yaml): a declared grade worse than the grade of the 能效限定值
(or “低于能效限定值”) is below the minimum allowable value; a grade worse than the 节能评价值 grade
but within the standard is below what decisions require; no declared grade is a missing input.
Only verified editions (V1/V2) give the veto fact; an UNVERIFIED edition's line is listed apart.

Where the edition carries its grade limits by size class (`limits`) and the line declares an
efficiency value, a rated power equal to a size class of the table and the class column (极数),
the declared value is read against that row too: below the limit of the 能效限定值 grade is below
the minimum allowable value (a veto fact only when the rows are V1/V2), below the 节能评价值
grade is below what decisions require, and a declared grade other than the one the value reaches
is a declaration to correct.  The value adds to what the declared grade shows and never takes a
line out of a list the grade put it in (more information never hides a problem).

A declared model is also read against the 《高耗能落后机电设备（产品）淘汰目录》 table
(rules/tables/eliminated_equipment.yaml): a model of a listed series, or a listed model, is
equipment the catalogue eliminates — a veto fact only for verified entries (V1/V2).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from checker.facts import Context, fact, present
from checker.rulebook.efficiency import TABLE, Edition, efficiency_table
from checker.rulebook.elimination import TABLE as ELIMINATION, elimination_catalogue
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
    grade_mismatch: list[str] = field(default_factory=list)
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
        grade = listed = None
        if line.efficiency_grade is None:
            result.undeclared.append(label)
        else:
            grade = _grade(line.efficiency_grade, edition)
            listed = _bucket(grade, edition, edition.verified)
            if listed:
                _put(result, listed, label, edition.status)
        _by_value(result, line, edition, grade, listed)
    return result


def _bucket(grade: int, edition: Edition, verified: bool) -> str | None:
    """The list a line of `grade` belongs in: below the 能效限定值 (verified or not), below the
    grade the evaluation asks for, or none."""
    if grade > edition.minimum_grade:
        return "below_limit" if verified else "below_limit_unverified"
    if grade > edition.evaluation_grade:
        return "below_evaluation"
    return None


def _put(result, bucket: str, label: str, status: Status) -> None:
    """`label` into `result`'s list `bucket`, with the status of the source it rests on."""
    getattr(result, bucket).append(label)
    result.statuses.setdefault(bucket, []).append(status)


def _by_value(result: Assessment, line, edition: Edition, declared: int | None,
              listed: str | None) -> None:
    """The declared efficiency value against the limits of its size class (when the edition has
    them and the line names one row): the grade the value reaches (minimum_grade + 1 when below
    the 能效限定值) puts the line in a list the declared grade did not already put it in
    (`listed`), and a declared grade other than the one reached is a mismatch."""
    limits = edition.limits
    if limits is None or line.efficiency_value is None:
        return
    row = limits.of(line.rated_capacity, line.rated_capacity_unit, line.size_class)
    if row is None:
        return
    value = line.efficiency_value
    reached = next((g for g, limit in enumerate(row, start=1) if value >= limit),
                   edition.minimum_grade + 1)
    where = (f"{line.name}（{line.efficiency_type}，{line.rated_capacity:g} {limits.size_unit}"
             f" {line.size_class}，申报{limits.quantity}{value:g}{limits.unit}")
    tail = f"，{edition.number}）"
    bucket = _bucket(reached, edition, limits.verified)
    if bucket == "below_evaluation":
        text = f"低于{edition.evaluation_grade}级限值{row[edition.evaluation_grade - 1]:g}{limits.unit}"
    else:
        text = f"低于能效限定值{row[edition.minimum_grade - 1]:g}{limits.unit}"
    if bucket and bucket != listed:
        _put(result, bucket, f"{where}，{text}{tail}", limits.status)
    if declared is not None and reached != declared:
        said = line.efficiency_grade
        is_ = BELOW_LIMIT if reached > edition.minimum_grade else f"{reached}级"
        _put(result, "grade_mismatch", f"{where}，按所在档限值为{is_}，申报为{said}{tail}",
             limits.status)


def assessment(c: Context) -> Assessment | None:
    return c.shared("equipment.assessment", _assess)


def _weakest(statuses: list[Status]) -> str | None:
    return max(statuses, key=STATUS_ORDER.index).value if statuses else None


def _register(bucket: str, title: str, tag_title: str | None = None, *, name: str | None = None,
              found_by=None) -> None:
    """The list, count and (with `tag_title`) weakest-tag facts of one bucket of what
    `found_by` (default: the assessment against the standards) sorted the lines into."""
    name = name or f"equipment.{bucket}"
    found_by = found_by or assessment

    @fact(name, title, list)
    def _items(c: Context):
        found = found_by(c)
        return None if found is None else list(getattr(found, bucket))

    @fact(f"{name}_count", f"{title}（台套种数）", int, "种")
    def _count(c: Context):
        found = found_by(c)
        return None if found is None else len(getattr(found, bucket))

    if tag_title:
        @fact(f"{name}_status", tag_title, str, tag=True)
        def _status(c: Context):
            found = found_by(c)
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
_register("grade_mismatch", "申报能效等级与申报能效值按所在档限值对应的等级不一致的主要用能设备",
          "所依分档限值的核实状态")


# ---------------------------------------------------------------------------------------------
# 《高耗能落后机电设备（产品）淘汰目录》: the declared model against the listed series and models
# (rules/tables/eliminated_equipment.yaml; checker.rulebook.elimination says how they match).

@dataclass
class Eliminated:
    """The declared equipment lines whose model is on the catalogue, by the entries' tags."""

    modelled: int = 0
    verified: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)
    statuses: dict[str, list[Status]] = field(default_factory=dict)


def _eliminated(c: Context) -> Eliminated | None:
    equipment = present(c.app.industrial_policy, "equipment")
    if equipment is None:
        return None
    catalogue = elimination_catalogue(c.tables.get(ELIMINATION))
    result = Eliminated()
    for line in equipment:
        if not line.model:
            continue
        result.modelled += 1
        for entry in catalogue.matching(line.model):
            _put(result, "verified" if entry.verified else "unverified",
                 f"{line.name}（型号{line.model}，列入{catalogue.title}{entry.label}：{entry.reason}"
                 + (f"；{entry.condition}" if entry.condition else "") + "）", entry.status)
    return result


def eliminated(c: Context) -> Eliminated | None:
    return c.shared("equipment.eliminated", _eliminated)


@fact("equipment.modelled_count", "申报了型号的主要用能设备种数", int, "种")
def _modelled(c: Context):
    found = eliminated(c)
    return None if found is None else found.modelled


_register("verified", "型号列入《高耗能落后机电设备（产品）淘汰目录》的主要用能设备",
          "所依淘汰目录条目的核实状态", name="equipment.eliminated_models", found_by=eliminated)
_register("unverified", "型号列入《高耗能落后机电设备（产品）淘汰目录》的主要用能设备（条目待核实）",
          "所依淘汰目录条目的核实状态", name="equipment.eliminated_models_unverified",
          found_by=eliminated)
