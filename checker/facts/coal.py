"""Facts about coal and other high-pollution fuels (开福区方案 三（八）煤炭清洁高效利用).

Boilers are counted by units (an entry with ``count: 3`` is three boilers).  No threshold is
applied here: e.g. the smallest new coal boiler's capacity is exposed and the rulebook
compares it with the 35 t/h parameter.
"""
from __future__ import annotations

from checker.facts import Context, fact

HEAVY_OIL_CARRIERS = ("crude_oil", "fuel_oil")  # 原油、燃料油（重油、渣油）：高污染燃料目录三类均管控


def _units(c: Context, fuel: str, new_only: bool) -> int:
    return sum(b.count for b in c.app.boilers if b.fuel == fuel and (b.new or not new_only))


@fact("boilers.new_coal_count", "新建燃煤锅炉台数", int, "台")
def _new_coal(c: Context):
    return _units(c, "燃煤", True)


@fact("boilers.existing_coal_count", "在用（保留）燃煤锅炉台数", int, "台")
def _old_coal(c: Context):
    return sum(b.count for b in c.app.boilers if b.fuel == "燃煤" and not b.new)


@fact("boilers.coal_count", "燃煤锅炉台数（新建及在用）", int, "台")
def _coal(c: Context):
    return _units(c, "燃煤", False)


@fact("boilers.oil_count", "燃油锅炉台数（新建及在用）", int, "台")
def _oil(c: Context):
    return _units(c, "燃油", False)


@fact("boilers.biomass_count", "生物质锅炉台数（新建及在用）", int, "台")
def _biomass(c: Context):
    return _units(c, "生物质", False)


@fact("boilers.biomass_nonconforming_count",
      "非专用或未配置高效除尘设施的生物质锅炉台数", int, "台")
def _biomass_nonconforming(c: Context):
    """Biomass boilers declared as not dedicated to biomass pellets, or without bag filters or
    other high-efficiency dust removal: the fuel of such boilers is a 高污染燃料 under class Ⅲ
    of the 高污染燃料目录; a dedicated boiler with high-efficiency dust removal is allowed."""
    return sum(b.count for b in c.app.boilers if b.fuel == "生物质" and
               (b.dedicated_biomass is False or b.high_efficiency_dust_removal is False))


@fact("boilers.biomass_undeclared_count",
      "未申报是否专用锅炉或是否配置高效除尘设施的生物质锅炉台数", int, "台")
def _biomass_undeclared(c: Context):
    return sum(b.count for b in c.app.boilers if b.fuel == "生物质" and
               (b.dedicated_biomass is None or b.high_efficiency_dust_removal is None))


@fact("boilers.new_coal_min_capacity_t_h", "新建燃煤锅炉最小单台额定蒸发量", float, "t/h")
def _min_capacity(c: Context):
    """The smallest new coal steam boiler (absent when there is none): a built-up area may not
    get any new coal boiler at or below the rulebook's capacity limit (in 蒸吨/小时; hot-water
    boilers, rated in MW, are not converted)."""
    sizes = [b.capacity_t_h for b in c.app.boilers
             if b.fuel == "燃煤" and b.new and b.capacity_t_h is not None]
    return min(sizes) if sizes else None


@fact("fuels.heavy_oil_tce", "原油、燃料油消费量（当量值）", float, "吨标准煤")
def _heavy_oil(c: Context):
    """Crude and fuel oil burned (fuel/power lines only; feedstock is not burned)."""
    return round(sum(l.tce for l in c.energy.lines if l.carrier in HEAVY_OIL_CARRIERS), 4)
