"""Facts about new buildings (开福区方案 三（三）城镇绿色节能改造、三（六）公共机构能效提升).

All are the applicant's declarations in the ``buildings`` section, absent when not declared.
"""
from __future__ import annotations

from checker.facts import Context, declared, fact, present, ratio
from checker.rulebook.building_energy import TABLE, IntensityRow, building_energy_table

declared("buildings.new_floor_area_m2", "新建建筑面积", float, "m²")
# 三（三）：新建建筑100%执行绿色建筑标准。
declared("buildings.green_building_standard", "新建建筑执行绿色建筑标准", bool)
declared("buildings.factory_roof_area_m2", "新建厂房屋顶面积", float, "m²")
declared("buildings.rooftop_pv", "建设屋顶光伏", bool, no="申报不建设")
declared("buildings.pv_with_storage", "建设“光伏+储能”", bool, no="申报不建设")
declared("buildings.prefabricated", "采用装配式建筑", bool, no="申报不采用")
declared("buildings.steel_structure", "采用钢结构", bool, no="申报不采用")
declared("buildings.parking_spaces", "停车位", int, "个")
declared("buildings.charging_spaces", "配建或预留充电设施车位", int, "个")
declared("buildings.urban_renewal", "属老旧小区改造、城市更新等专项改造", bool)
declared("buildings.existing_floor_area_m2", "改建涉及的既有建筑面积", float, "m²")
declared("buildings.existing_retrofit", "同步开展既有建筑节能改造", bool, no="申报不开展")

# Public buildings against GB/T 51161-2016 民用建筑能耗标准 (夏热冬冷): the design energy-use
# intensity of the declared use against the 约束值 / 引导值 of rules/tables/building_energy.yaml.
declared("buildings.public_use", "公共建筑主要使用功能", str)
declared("buildings.public_floor_area_m2", "该使用功能的建筑面积", float, "m²")
declared("buildings.public_building_class", "公共建筑分类（A类/B类）", str)
# 湖南省、长沙市对公共建筑绿色建筑星级的要求（参数 buildings.public_green_star_minimum）
declared("buildings.green_building_star", "绿色建筑设计星级", str)

STARS = {"基本级": 0, "一星级": 1, "二星级": 2, "三星级": 3}


@fact("buildings.green_building_star_level", "绿色建筑设计星级（数值：基本级0，一星级1…）", int, "星")
def _star_level(c: Context):
    star = present(c.app.buildings, "green_building_star")
    return None if star is None else STARS[star]


def _row(c: Context) -> IntensityRow | None:
    """The table row of the declared public building use and class (None: no public use
    declared), looked up once per review: nine facts read it (issue 29)."""
    return c.shared("buildings.intensity_row", _find_row)


def _find_row(c: Context) -> IntensityRow | None:
    buildings = c.app.buildings
    use = present(buildings, "public_use")
    if use is None:
        return None
    table = building_energy_table(c.tables.get(TABLE))
    return table.row(use, buildings.public_building_class)


@fact("buildings.design_intensity_kwh_m2", "设计单位建筑面积年能耗（非供暖）", float, "kWh/(m²·a)")
def _intensity(c: Context):
    """The declared design intensity; else the year's electricity over the use's floor area
    (GB/T 51161 counts the building's non-heating energy; electricity is its main carrier)."""
    buildings = c.app.buildings
    if buildings is None or buildings.public_use is None:
        return None
    if buildings.design_intensity_kwh_m2 is not None:
        return buildings.design_intensity_kwh_m2
    if not c.energy.electricity_kwh:
        return None
    return ratio(c.energy.electricity_kwh, buildings.public_floor_area_m2, digits=1)


@fact("buildings.intensity_class_required", "所报使用功能须申报A类或B类", bool)
def _class_required(c: Context):
    use = present(c.app.buildings, "public_use")
    return None if use is None else building_energy_table(c.tables.get(TABLE)).divided(use)


@fact("buildings.intensity_covered", "GB/T 51161-2016 列有该使用功能的指标", bool)
def _covered(c: Context):
    row = _row(c)
    return None if row is None else row.covered


@fact("buildings.intensity_constraint_kwh_m2", "GB/T 51161-2016 约束值（夏热冬冷）", float,
      "kWh/(m²·a)")
def _constraint(c: Context):
    row = _row(c)
    return None if row is None else row.constraint


@fact("buildings.intensity_guide_kwh_m2", "GB/T 51161-2016 引导值（夏热冬冷）", float, "kWh/(m²·a)")
def _guide(c: Context):
    row = _row(c)
    return None if row is None else row.guide


@fact("buildings.intensity_verified", "所依建筑能耗指标已核实（V1/V2）", bool)
def _verified(c: Context):
    row = _row(c)
    return None if row is None else row.verified


@fact("buildings.intensity_status", "所依建筑能耗指标的核实状态", str, tag=True)
def _status(c: Context):
    row = _row(c)
    return None if row is None else row.status.value


@fact("buildings.intensity_row", "所对照的建筑类别", str)
def _label(c: Context):
    row = _row(c)
    return None if row is None else row.label


@fact("buildings.intensity_above_constraint", "设计能耗强度高于约束值", bool)
def _above_constraint(c: Context):
    intensity, row = _intensity(c), _row(c)
    if intensity is None or row is None or row.constraint is None:
        return None
    return intensity > row.constraint


@fact("buildings.intensity_above_guide", "设计能耗强度高于引导值", bool)
def _above_guide(c: Context):
    intensity, row = _intensity(c), _row(c)
    if intensity is None or row is None or row.guide is None:
        return None
    return intensity > row.guide


@fact("buildings.intensity_valued", "规则库已录入该类建筑的约束值", bool)
def _valued(c: Context):
    row = _row(c)
    return None if row is None or not row.covered else row.constraint is not None
