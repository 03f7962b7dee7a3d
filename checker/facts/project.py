"""Facts about the project itself: nature, industry, location, procedure."""
from __future__ import annotations

from checker.facts import Context, declared, fact

declared("project.nature", "建设性质", str)
declared("project.investment_type", "投资类型", str)
declared("project.industry_code", "国民经济行业代码", str)
declared("project.public_institution", "公共机构项目", bool)
declared("project.construction_started", "已开工建设", bool)
declared("location.built_up_area", "位于城市建成区", bool, path="project.location.built_up_area")
declared("location.no_burn_zone", "位于高污染燃料禁燃区", bool, path="project.location.no_burn_zone")
declared("location.heat_network_coverage", "位于集中供热管网覆盖范围", bool,
         path="project.location.heat_network_coverage")


declared("location.drinking_water_protection_zone", "位于饮用水水源保护区", bool,
         path="project.location.drinking_water_protection_zone")


declared("location.port_area", "位于港区", bool, path="project.location.port_area")
declared("location.urban_development_boundary", "位于城镇开发边界内", bool,
         path="project.location.urban_development_boundary")
declared("project.state_secret", "申报涉及国家秘密", bool)
declared("project.exempt_industry", "申报属用能工艺简单、节能潜力小的行业目录", bool)
declared("project.exemption_basis", "不单独编制节能报告的依据", str)
declared("project.sintered_brick", "烧结砖瓦企业", bool)


@fact("project.industry_division", "国民经济行业大类", str)
def _industry_division(c: Context):
    """GB/T 4754-2017 大类: the first two digits of the industry code."""
    return c.app.project.industry_code[:2]


@fact("procedure.has_energy_review", "已取得节能审查意见", bool)
def _has_energy_review(c: Context):
    return c.app.project.prior_review is not None


@fact("procedure.review_age_days", "节能审查意见印发至审查日的天数", int, "天")
def _review_age(c: Context):
    """Days from the opinion's issue to the review date (for the 2-year validity)."""
    prior = c.app.project.prior_review
    return None if prior is None else (c.as_of - prior.issued_on).days
declared("project.regional_review_zone", "位于已实施区域节能审查的区域范围内", bool,
         no="申报不在区域节能审查范围内")
declared("project.approval_level", "项目审批（核准、备案）机关层级", str)
