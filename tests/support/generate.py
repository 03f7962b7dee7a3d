"""Hypothesis strategies that generate valid applications across every section.

Used by the differential tests (durable-rules vs the reference evaluator) and the bench.
Numbers are drawn both freely and from values at and around the rulebook's thresholds,
so both sides of every boundary are exercised.
"""
from __future__ import annotations

from typing import get_args

from hypothesis import strategies as st

from checker.model import BuildingUse, EfficiencyGrade, EfficiencyType, GreenStar
from checker.rulebook.carriers import carrier_catalogue

EDGE_TCE = [0, 999.99, 1000, 2999.99, 3000, 4999.99, 5000, 9999.99, 10000, 50000]


def _quantity(scale: float = 1e6):
    return st.one_of(st.floats(0, scale, allow_nan=False, allow_infinity=False),
                     st.sampled_from([0.0, 1.0, 35.0, 100.0, 1e-07]))


def energy_line():
    """One carrier line; carriers with kinds (natural gas) get a declared kind or none."""
    catalogue = carrier_catalogue()

    def line(key):
        kinds = sorted(catalogue[key].kinds)
        optional = {"kind": st.sampled_from(kinds)} if kinds else {}
        return st.fixed_dictionaries({
            "carrier": st.just(key),
            "unit": st.sampled_from(sorted(catalogue[key].units)),
            "quantity": _quantity(),
        }, optional=optional)

    return st.sampled_from(sorted(catalogue)).flatmap(line)


def energy_lines():
    """Up to four carrier lines."""
    return st.lists(energy_line(), max_size=4)


def boiler():
    """One steam boiler (t/h, around the 35 and 65 t/h edges) or hot-water boiler (MW)."""
    common = {"fuel": st.sampled_from(["燃煤", "燃气", "燃油", "生物质", "电"])}
    optional = {"new": st.booleans(), "nox_mg_m3": _quantity(500), "so2_mg_m3": _quantity(500),
                "pm_mg_m3": _quantity(100), "low_nox_burner": st.booleans(),
                "dedicated_biomass": st.booleans(), "high_efficiency_dust_removal": st.booleans()}
    steam = st.fixed_dictionaries({
        **common, "capacity_t_h": st.sampled_from([1.0, 10.0, 35.0, 35.01, 65.0, 65.01, 130.0])},
        optional={**optional, "kind": st.just("蒸汽锅炉")})
    hot_water = st.fixed_dictionaries({
        **common, "kind": st.sampled_from(["热水锅炉", "有机热载体锅炉"]),
        "capacity_mw": st.sampled_from([0.7, 14.0, 70.0])}, optional=optional)
    return st.one_of(steam, hot_water)


def _boilers():
    return st.lists(boiler(), max_size=3)


def voc_material():
    """One VOC-bearing material: a kind of the rulebook's limit table with its category and
    the unit of its limits, or (now and then) a kind the table does not list."""
    from checker import rulebook

    table = rulebook.shipped().tables["voc_limits"]
    rows = sorted((kind, row["category"], row["limits"][0]["unit"])
                  for kind, row in table["kinds"].items())
    listed = st.sampled_from(rows)
    unlisted = st.tuples(st.just("unlisted_kind"),
                         st.sampled_from(["涂料", "油墨", "胶粘剂", "清洗剂"]),
                         st.sampled_from(["g/L", "g/kg", "%"]))
    return st.one_of(listed, unlisted).flatmap(lambda r: st.fixed_dictionaries({
        "category": st.just(r[1]), "kind": st.just(r[0]), "content_unit": st.just(r[2]),
        "voc_content": st.sampled_from([0.0, 2.0, 30.0, 100.0, 300.0, 600.0, 950.0])},
        optional={"annual_use_t": _quantity(100)}))


def _edge_energy():
    """A single natural-gas line worth exactly one of the threshold totals."""
    gas = carrier_catalogue()["natural_gas"].coefficient.value
    return st.sampled_from(EDGE_TCE).map(
        lambda tce: [{"carrier": "natural_gas", "quantity": tce * 1000 / gas, "unit": "m³"}])


def _optional(strategy):
    return st.one_of(st.none(), strategy)


def _bools():
    return st.one_of(st.none(), st.booleans())


def applications():
    """Valid application dicts (JSON-shaped), with optional sections present or absent."""
    project = st.fixed_dictionaries({
        "name": st.just("生成项目"), "applicant": st.just("生成单位"),
        "industry_code": st.sampled_from(["7010", "3011", "3110", "2110", "2319", "2614", "4411",
                                          "4413", "6450", "5990", "1391", "3130", "2710", "26",
                                          "3021", "4430", "4417", "3216", "2231", "4412"]),
        "nature": st.sampled_from(["新建", "扩建", "改建"]),
        "investment": _quantity(),
        "construction_started": st.booleans(),
        "public_institution": st.booleans(),
        "investment_type": st.sampled_from(["企业投资", "政府投资"]),
        "energy_separately_listed": st.booleans(),
        "location": st.fixed_dictionaries({
            "built_up_area": st.booleans(), "no_burn_zone": st.booleans(),
            "heat_network_coverage": st.booleans(), "port_area": st.booleans(),
            "drinking_water_protection_zone": st.booleans()}),
    }, optional={
        "two_highs": st.booleans(),
        "regional_review_zone": st.booleans(),
        "annual_added_value": _quantity(1e5),
        "separate_listing_basis": st.just("国家重大项目清单"),
        "prior_review": st.fixed_dictionaries({
            "number": st.just("开发改环资〔2023〕1号"),
            "issued_on": st.dates(min_value=__import__("datetime").date(2020, 1, 1),
                                  max_value=__import__("datetime").date(2026, 12, 31)),
        }, optional={"approved_tce": _quantity(1e5), "actual_tce": _quantity(1e5),
                     "major_changes": st.lists(st.sampled_from(
                         ["建设单位变化", "建设地点变化", "主要产品品种变化"]), max_size=2, unique=True)}),
    })
    sections = {
        "energy": st.one_of(energy_lines(), _edge_energy()),
        "feedstock": energy_lines(),
        "products": st.lists(st.fixed_dictionaries({
            "code": st.sampled_from(["cement_clinker", "steel_blast_furnace", "steel_bof",
                                     "flat_glass", "ferrosilicon", "unknown_widget"]),
            "name": st.just("产品")}, optional={"unit_energy": st.floats(-50, 2000)}),
            max_size=2),
        "data_centre": st.fixed_dictionaries({
            "standard_racks": st.sampled_from([0, 100, 101, 2999, 3000, 9999, 10000, 20000])},
            optional={"design_pue": st.sampled_from([1.1, 1.25, 1.29, 1.3, 1.31, 1.5, 1.51, 1.6]),
                      "renewable_energy_plan": st.booleans()}),
        "vocs": st.fixed_dictionaries({"new_emissions_t": _quantity(100)}, optional={
            "secured_offset_t": _quantity(300), "full_low_voc_substitution": st.booleans(),
            "key_polluter": st.booleans(), "online_monitoring": st.booleans(),
            "whole_process_control": st.booleans()}),
        "pollutants": st.fixed_dictionaries({}, optional={
            "cod_t": _quantity(100), "nox_t": _quantity(100), "so2_t": _quantity(100),
            "so2_offset_t": _quantity(300), "nox_offset_t": _quantity(300),
            "total_quota_source": st.booleans(), "discharge_permit": st.booleans(),
            "regional_reduction_plan": st.booleans()}),
        "boilers": _boilers(),
        "emission_class": st.fixed_dictionaries({}, optional={
            "performance_grade": st.sampled_from(["A", "B", "C", "D", "引领性", "行业未分级"])}),
        "buildings": st.fixed_dictionaries({"new_floor_area_m2": _quantity()}, optional={
            "green_building_standard": st.booleans(), "rooftop_pv": st.booleans(),
            "pv_with_storage": st.booleans(), "parking_spaces": st.integers(0, 500),
            "charging_spaces": st.integers(0, 500),
            "public_use": st.sampled_from(list(get_args(BuildingUse))),
            "public_floor_area_m2": _quantity(), "public_building_class": st.sampled_from(["A类", "B类"]),
            "design_intensity_kwh_m2": _quantity(300),
            "green_building_star": st.sampled_from(list(get_args(GreenStar)))}),
        "vehicles": st.integers(0, 20).flatmap(lambda buses: st.integers(0, 20).flatmap(
            lambda official: st.fixed_dictionaries({
                "new_buses": st.just(buses), "new_electric_buses": st.integers(0, buses),
                "new_official_vehicles": st.just(official),
                "new_official_nev": st.integers(0, official)}))),
    }
    sections.update(_policy_sections())
    optional = {name: strategy for name, strategy in sections.items()}
    return st.fixed_dictionaries({"project": project}, optional=optional)


EQUIPMENT_KINDS = ["高效电机", "示例淘汰设备甲", "示例淘汰设备乙"]
EFFICIENCY_TYPES = list(get_args(EfficiencyType))
EFFICIENCY_GRADES = list(get_args(EfficiencyGrade))


def _policy_sections():
    """Industrial policy, metering, EIA, government investment, resources, agriculture."""
    return {
        "industrial_policy": st.fixed_dictionaries({
            "catalogue_category": st.sampled_from(["鼓励类", "允许类", "限制类", "淘汰类"])},
            optional={"catalogue_item": st.just("示例条目"),
                      "equipment": st.lists(st.fixed_dictionaries({
                          "name": st.just("设备"), "kind": st.sampled_from(EQUIPMENT_KINDS)},
                          optional={"efficiency_type": st.sampled_from(EFFICIENCY_TYPES),
                                    "efficiency_grade": st.sampled_from(EFFICIENCY_GRADES),
                                    # a motor row of GB 18613-2020 表1 (75 kW) or none (76 kW)
                                    "rated_capacity": st.sampled_from([75, 76]),
                                    "rated_capacity_unit": st.just("kW"),
                                    "size_class": st.sampled_from(["2极", "4极"]),
                                    "efficiency_value": st.sampled_from([94.9, 95.0, 96.0, 96.7]),
                                    # a model of a series on the 淘汰目录 table, or not
                                    "model": st.sampled_from(["JZR2-31-6", "YE3-160M-4"])}),
                          max_size=3)}),
        "metering": st.fixed_dictionaries({}, optional={"gb17167_compliant": st.booleans()}),
        "energy_management": st.fixed_dictionaries({}, optional={
            "system": st.booleans(), "manager": st.booleans(),
            "online_monitoring": st.booleans()}),
        "environment": st.fixed_dictionaries({}, optional={
            "eia_document": st.sampled_from(["报告书", "报告表", "登记表", "不纳入环评管理"]),
            "eia_approved": st.booleans(), "key_polluter": st.booleans(),
            "full_time_env_staff": st.booleans()}),
        "government_investment": st.fixed_dictionaries({}, optional={
            "green_procurement": st.booleans(), "green_products": st.booleans()}),
        "resources": st.fixed_dictionaries({}, optional={
            "construction_waste_recycling": st.booleans(),
            "industrial_water_m3": _quantity(1e5), "reclaimed_water": st.booleans()}),
        "agriculture": st.fixed_dictionaries({}, optional={
            "livestock_farm": st.booleans(), "scale_farm": st.booleans(),
            "manure_facilities": st.booleans(), "manure_to_field": st.booleans(),
            "biogas": st.booleans(), "rural_tourism": st.booleans(),
            "wastewater": st.sampled_from(["接入污水管网", "自建处理设施", "无"])}),
    }
