"""Facts about the project itself: nature, industry, location, procedure."""
from __future__ import annotations

from checker.facts import Context, fact


@fact("project.nature", "建设性质", str)
def _nature(c: Context):
    return c.app.project.nature


@fact("project.investment_type", "投资类型", str)
def _investment_type(c: Context):
    return c.app.project.investment_type


@fact("project.industry_code", "国民经济行业代码", str)
def _industry_code(c: Context):
    return c.app.project.industry_code


@fact("project.industry_division", "国民经济行业大类", str)
def _industry_division(c: Context):
    return c.app.project.industry_code[:2]


@fact("project.public_institution", "公共机构项目", bool)
def _public_institution(c: Context):
    return c.app.project.public_institution


@fact("project.construction_started", "已开工建设", bool)
def _construction_started(c: Context):
    return c.app.project.construction_started


@fact("procedure.has_energy_review", "已取得节能审查意见", bool)
def _has_energy_review(c: Context):
    return c.app.project.prior_review is not None


@fact("procedure.review_age_days", "节能审查意见印发至审查日的天数", int, "天")
def _review_age(c: Context):
    prior = c.app.project.prior_review
    return None if prior is None else (c.as_of - prior.issued_on).days


@fact("location.built_up_area", "位于城市建成区", bool)
def _built_up(c: Context):
    return c.app.project.location.built_up_area


@fact("location.no_burn_zone", "位于高污染燃料禁燃区", bool)
def _no_burn(c: Context):
    return c.app.project.location.no_burn_zone


@fact("location.heat_network_coverage", "位于集中供热管网覆盖范围", bool)
def _heat_network(c: Context):
    return c.app.project.location.heat_network_coverage


@fact("location.drinking_water_protection_zone", "位于饮用水水源保护区", bool)
def _water_zone(c: Context):
    return c.app.project.location.drinking_water_protection_zone


@fact("location.port_area", "位于港区", bool)
def _port(c: Context):
    return c.app.project.location.port_area
