"""Facts about industrial policy (《产业结构调整指导目录》; 令2023年第2号第十四条; 开福区方案 四（三）).

The applicant declares the catalogue category of the project and its main energy-using
equipment.  Whether an equipment type is an eliminated (淘汰类) item is decided by the rule,
against the rulebook's dated list of eliminated items; the list is never kept here.
"""
from __future__ import annotations

from checker.facts import Context, declared, fact, present

declared("industrial_policy.catalogue_category", "《产业结构调整指导目录》类别", str)
declared("industrial_policy.catalogue_item", "所属目录条目", str)


@fact("industrial_policy.equipment_count", "申报的主要用能设备种数", int, "种")
def _equipment_count(c: Context):
    """How many equipment lines are declared; absent without the section."""
    equipment = present(c.app.industrial_policy, "equipment")
    return None if equipment is None else len(equipment)


@fact("industrial_policy.equipment_kinds", "申报的主要用能设备类型", list)
def _equipment_kinds(c: Context):
    """The declared equipment types, in order, without repeats (compared with the list of
    eliminated items by the rule)."""
    equipment = present(c.app.industrial_policy, "equipment")
    return None if equipment is None else list(dict.fromkeys(e.kind for e in equipment))
