"""Facts about new boilers' design emissions (GB 13271-2014 锅炉大气污染物排放标准).

For each fuel the standard has its own limits, so the largest design concentration among the
*new* boilers of that fuel is exposed (absent when no new boiler of that fuel declares it);
the rulebook compares it with the dated limit.  Biomass-pellet boilers have their own facts
(GB 13271 sends them to the coal-boiler limits; the rulebook does so).  Electric boilers emit
nothing and are left out.  GB 13271 covers steam boilers up to 65 t/h and hot-water boilers of
any size.  The scope is per boiler (one steam boiler above 65 t/h takes only itself out of the
standard): the concentration facts are computed over the new boilers within the scope (the
limit is the rulebook parameter ``boilers.gb13271_max_steam_t_h`` as of the review date), and
the largest new steam boiler and the count of those beyond the scope are exposed for the
advisory on the boilers that are not assessed.
"""
from __future__ import annotations

from checker.facts import Context, fact

FUELS = {"coal": "燃煤", "oil": "燃油", "gas": "燃气", "biomass": "生物质"}
POLLUTANTS = {"nox": ("nox_mg_m3", "NOx"), "so2": ("so2_mg_m3", "SO₂"), "pm": ("pm_mg_m3", "颗粒物")}


SCOPE_PARAMETER = "boilers.gb13271_max_steam_t_h"


def beyond_scope(c: Context, boiler) -> bool:
    """A steam boiler rated above GB 13271's limit (单台出力65t/h) is outside the standard;
    hot-water and thermal-oil boilers are covered at any size.  Without the parameter (unset)
    every boiler is taken to be in scope."""
    limit = c.value_of(SCOPE_PARAMETER)
    return (limit is not None and boiler.kind == "蒸汽锅炉" and boiler.capacity_t_h is not None
            and boiler.capacity_t_h > limit)


def _new(c: Context, fuel: str):
    """The new boilers burning `fuel` that GB 13271 covers (each boiler judged by itself)."""
    return c.shared("boilers.new_in_scope", _new_in_scope).get(fuel, ())


def _new_in_scope(c: Context) -> dict[str, list]:
    """The new boilers GB 13271 covers by fuel, in the order declared (once per review: twelve
    facts read them)."""
    found: dict[str, list] = {}
    for boiler in c.app.boilers:
        if boiler.new and not beyond_scope(c, boiler):
            found.setdefault(boiler.fuel, []).append(boiler)
    return found


def _register_max(key: str, fuel: str, pkey: str, attribute: str, label: str) -> None:
    @fact(f"boilers.{key}_max_{pkey}_mg_m3",
          f"新建{fuel}锅炉设计{label}排放浓度（最大值，GB 13271适用范围内的锅炉）",
          float, "mg/m³")
    def _max(c: Context):
        values = [getattr(b, attribute) for b in _new(c, fuel) if getattr(b, attribute) is not None]
        return max(values) if values else None


for _key, _fuel in FUELS.items():
    for _pkey, (_attribute, _label) in POLLUTANTS.items():
        _register_max(_key, _fuel, _pkey, _attribute, _label)


@fact("boilers.new_max_steam_t_h", "新建燃烧类蒸汽锅炉最大单台额定蒸发量", float, "t/h")
def _max_steam(c: Context):
    """The largest new fuel-burning steam boiler (GB 13271's scope ends at 65 t/h for steam
    boilers; hot-water and thermal-oil boilers are covered at any size)."""
    sizes = [b.capacity_t_h for b in c.app.boilers
             if b.new and b.fuel != "电" and b.kind == "蒸汽锅炉" and b.capacity_t_h is not None]
    return max(sizes) if sizes else None


@fact("boilers.new_beyond_scope_count", "超出GB 13271适用范围的新建燃烧类蒸汽锅炉台数", int, "台")
def _beyond(c: Context):
    """New fuel-burning steam boilers rated above the standard's limit (not assessed by it)."""
    return sum(b.count for b in c.app.boilers
               if b.new and b.fuel != "电" and beyond_scope(c, b))


@fact("boilers.new_combustion_count", "新建燃烧类锅炉台数（燃煤、燃油、燃气、生物质）", int, "台")
def _new_combustion(c: Context):
    return sum(b.count for b in c.app.boilers if b.new and b.fuel != "电")


@fact("boilers.new_without_design_count", "未申报设计排放浓度的新建燃烧类锅炉台数", int, "台")
def _without_design(c: Context):
    """New fuel-burning boilers lacking any of the NOx, SO₂ or particulate design values."""
    return sum(b.count for b in c.app.boilers if b.new and b.fuel != "电" and None in
               (b.nox_mg_m3, b.so2_mg_m3, b.pm_mg_m3))


@fact("boilers.gas_count", "燃气锅炉台数（新建及在用）", int, "台")
def _gas(c: Context):
    return sum(b.count for b in c.app.boilers if b.fuel == "燃气")


@fact("boilers.gas_without_low_nox_count", "未采用低氮燃烧的燃气锅炉台数", int, "台")
def _gas_no_low_nox(c: Context):
    """Gas boilers (new or kept) declared *without* low-NOx combustion (low_nox_burner false)."""
    return sum(b.count for b in c.app.boilers if b.fuel == "燃气" and b.low_nox_burner is False)


@fact("boilers.gas_low_nox_undeclared_count", "未申报是否低氮燃烧的燃气锅炉台数", int, "台")
def _gas_unknown(c: Context):
    return sum(b.count for b in c.app.boilers if b.fuel == "燃气" and b.low_nox_burner is None)
