"""Facts about new buildings (开福区方案 三（三）城镇绿色节能改造、三（六）公共机构能效提升).

All are the applicant's declarations in the ``buildings`` section, absent when not declared.
"""
from __future__ import annotations

from checker.facts import Context, fact, present


def _b(c: Context, attribute: str):
    return present(c.app.buildings, attribute)


@fact("buildings.new_floor_area_m2", "新建建筑面积", float, "m²")
def _area(c: Context):
    return _b(c, "new_floor_area_m2")


@fact("buildings.green_building_standard", "新建建筑执行绿色建筑标准", bool)
def _green(c: Context):
    """三（三）：新建建筑100%执行绿色建筑标准。"""
    return _b(c, "green_building_standard")


@fact("buildings.factory_roof_area_m2", "新建厂房屋顶面积", float, "m²")
def _roof(c: Context):
    return _b(c, "factory_roof_area_m2")


@fact("buildings.rooftop_pv", "建设屋顶光伏", bool)
def _pv(c: Context):
    return _b(c, "rooftop_pv")


@fact("buildings.pv_with_storage", "建设“光伏+储能”", bool)
def _pv_storage(c: Context):
    return _b(c, "pv_with_storage")


@fact("buildings.prefabricated", "采用装配式建筑", bool)
def _prefab(c: Context):
    return _b(c, "prefabricated")


@fact("buildings.steel_structure", "采用钢结构", bool)
def _steel(c: Context):
    return _b(c, "steel_structure")


@fact("buildings.parking_spaces", "停车位", int, "个")
def _parking(c: Context):
    return _b(c, "parking_spaces")


@fact("buildings.charging_spaces", "配建或预留充电设施车位", int, "个")
def _charging(c: Context):
    return _b(c, "charging_spaces")
