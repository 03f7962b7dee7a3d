"""Facts about new buildings (开福区方案 三（三）城镇绿色节能改造、三（六）公共机构能效提升).

All are the applicant's declarations in the ``buildings`` section, absent when not declared.
"""
from __future__ import annotations

from checker.facts import declared

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
