"""Facts for the "两高" gate (开福区方案 四（三）；环环评〔2021〕45号；发改环资〔2021〕1310号).

Whether a project is "两高" is decided in the rulebook (predicate ``two_highs_project``) from
the GB/T 4754-2017 industry code; the divisions and the excluded classes are parameters.
"""
from __future__ import annotations

from checker.facts import Context, fact


@fact("project.industry_class", "国民经济行业小类（四位代码）", str)
def _industry_class(c: Context):
    """The 4-digit GB/T 4754-2017 class (小类), absent when only a division or group is given.

    Needed because in power (division 44) only coal power classes are two-high (4411, 4412, 4417).
    """
    code = c.app.project.industry_code
    return code if len(code) == 4 else None


@fact("two_highs.regional_reduction_plan", "已有配套区域污染物削减方案", bool)
def _reduction_plan(c: Context):
    """环环评〔2021〕45号: each new two-high project needs a 配套区域污染物削减方案."""
    pollutants = c.app.pollutants
    return None if pollutants is None else pollutants.regional_reduction_plan


@fact("two_highs.performance_grade", "环保绩效等级（设计目标）", str)
def _grade(c: Context):
    """环办大气函〔2020〕340号 grade the project is designed to reach (A/B/C/D/引领性/非引领性)."""
    section = c.app.emission_class
    return None if section is None else section.performance_grade
