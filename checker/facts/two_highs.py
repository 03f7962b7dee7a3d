"""Facts for the "两高" gate (开福区方案 四（三）；环环评〔2021〕45号；发改环资〔2021〕1310号).

Whether a project is "两高" is decided in the rulebook (predicate ``two_highs_project``): by
the product/process classes (GB/T 4754-2017 小类) of the six industries, for classes that
also hold gas-fired plants (4411, 4412, 4430) by coal among the declared fuels, and by the
flag declared from the provincial catalogue (省级目录认定).  A declared "两高" always counts;
a declared "not 两高" against a "两高" class counts only with the catalogue document named
(``project.two_highs_basis``), and is shown to the reviewer either way (令2025年第31号第八条
forbids county-level review of "两高" projects: an applicant's word alone must not move one
to the district).  A division or group code (2 or 3 digits) is expanded to the classes under
it, so that "31" is seen to hold 3110 炼铁.  The classes are rulebook parameters.
"""
from __future__ import annotations

from checker.facts import Context, declared, fact
from checker.industries import classes_under


@fact("project.industry_class", "国民经济行业小类（四位代码）", str)
def _industry_class(c: Context):
    """The 4-digit GB/T 4754-2017 class (小类), absent when only a division or group is given.

    "两高" is identified by product/process classes, not whole divisions: a concrete plant
    (3021) or a rolling mill (3130) is in a "两高" division but is not a "两高" project.
    """
    code = c.app.project.industry_code
    return code if len(code) == 4 else None


@fact("project.classes_under_code", "申报的行业大类或中类所含小类", list)
def _classes_under(c: Context):
    """The GB/T 4754-2017 classes under a declared 2- or 3-digit code (absent for a class):
    the rulebook tests whether any of them is a "两高" class (the project may be one)."""
    code = c.app.project.industry_code
    return classes_under(code) if len(code) < 4 else None


declared("project.two_highs_basis", "省级“两高”项目目录认定文件（申报）", str)


@fact("project.two_highs_declined_with_basis", "申报不属“两高”并附省级目录认定文件", bool)
def _declined_with_basis(c: Context):
    """True when the applicant declares "not 两高" and names the provincial catalogue document;
    absent otherwise — a bare "not 两高" does not override the code mapping (令2025年第31号
    第八条: the applicant's word alone must not move a "两高" project to the district)."""
    project = c.app.project
    return True if project.two_highs is False and project.two_highs_basis else None


@fact("project.two_highs_declared", "省级目录认定为“两高”项目（申报或审查认定）", bool)
def _declared(c: Context):
    """The provincial-catalogue determination, when declared; it overrides the code mapping."""
    return c.app.project.two_highs


@fact("two_highs.basis", "“两高”认定依据", str)
def _basis(c: Context):
    """Which basis decides: the declared catalogue determination, or the industry code (and,
    for classes that also hold gas-fired plants, the declared fuels)."""
    project = c.app.project
    if project.two_highs:
        return "省级目录认定（申报/审查认定，优先于行业代码）：属“两高”"
    if project.two_highs is False and project.two_highs_basis:
        return f"省级目录认定（申报，依据：{project.two_highs_basis}）：不属“两高”"
    if project.two_highs is False:
        return (f"按行业代码{project.industry_code}及申报燃料判定（申报不属“两高”，"
                "未提供省级目录认定文件，不采信）")
    return f"按行业代码{project.industry_code}及申报燃料判定（未申报省级目录认定）"


@fact("fuels.coal_declared", "申报燃料中有煤炭（煤炭类能源或燃煤锅炉）", bool)
def _coal_declared(c: Context):
    """Coal among the declared fuels: a coal carrier with a positive quantity, or a coal-fired
    boiler.  Decides "两高" for 4411 火力发电 / 4412 热电联产 / 4430 热力生产和供应, which
    also hold gas-fired plants (煤电 is "两高", gas power is not)."""
    return c.energy.coal_tce > 0 or any(b.fuel == "燃煤" for b in c.app.boilers)


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
