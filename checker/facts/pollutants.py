"""Facts about new emissions of the main pollutants and their offsets (开福区方案 四（二）).

Offset ratios are plain quotients (offset ÷ new emission, when the emission is positive and
the offset declared); the required multiple is a dated rulebook parameter.
"""
from __future__ import annotations

from checker.facts import Context, declared, fact, present, ratio
from checker.values import quantity_text


def _p(c: Context, attribute: str):
    return present(c.app.pollutants, attribute)


@fact("location.kaifu_district", "项目位于长沙市开福区（本系统审查范围）", bool)
def _kaifu(c: Context):
    """Every application this checker reviews is in 开福区, 长沙市; rules that depend on a
    city-wide status (e.g. PM2.5 non-attainment) compare this with that status parameter."""
    return True


declared("pollutants.cod_t", "新增化学需氧量排放", float, "t/a")
declared("pollutants.nh3n_t", "新增氨氮排放", float, "t/a")
declared("pollutants.nox_t", "新增氮氧化物排放", float, "t/a")
declared("pollutants.so2_t", "新增二氧化硫排放", float, "t/a")
declared("pollutants.so2_offset_t", "已落实的二氧化硫削减替代量", float, "t/a")
declared("pollutants.nox_offset_t", "已落实的氮氧化物削减替代量", float, "t/a")


@fact("pollutants.so2_offset_ratio", "二氧化硫削减替代量与新增排放量之比", float)
def _so2_ratio(c: Context):
    """Offset ÷ new emission; absent without a new emission or a declared offset."""
    return ratio(_p(c, "so2_offset_t"), _p(c, "so2_t"))


@fact("pollutants.nox_offset_ratio", "氮氧化物削减替代量与新增排放量之比", float)
def _nox_ratio(c: Context):
    """Offset ÷ new emission; absent without a new emission or a declared offset."""
    return ratio(_p(c, "nox_offset_t"), _p(c, "nox_t"))


@fact("pollutants.new_emission_kinds", "有新增排放的主要污染物种数（COD、氨氮、NOx、SO₂、VOCs）",
      int, "种")
def _kinds(c: Context):
    """How many of COD, NH₃-N, NOx, SO₂ and VOCs the project newly emits (> 0)."""
    p, v = c.app.pollutants, c.app.vocs
    values = [] if p is None else [p.cod_t, p.nh3n_t, p.nox_t, p.so2_t]
    values += [] if v is None else [v.new_emissions_t]
    return sum(1 for x in values if x > 0)


def _air(c: Context) -> list[tuple[str, float]]:
    """The main air pollutants the project newly emits (> 0): SO₂, NOx, VOCs, in t/a (once
    per review: two facts read them)."""
    return c.shared("pollutants.air", _new_air)


def _new_air(c: Context) -> list[tuple[str, float]]:
    p, v = c.app.pollutants, c.app.vocs
    pairs = [] if p is None else [("二氧化硫", p.so2_t), ("氮氧化物", p.nox_t)]
    pairs += [] if v is None else [("挥发性有机物", v.new_emissions_t)]
    return [(name, value) for name, value in pairs if value is not None and value > 0]


@fact("pollutants.new_air_emission_kinds", "有新增排放的主要大气污染物种数（SO₂、NOx、VOCs）",
      int, "种")
def _air_kinds(c: Context):
    """How many of SO₂, NOx and VOCs the project newly emits: a project that emits any of
    them always has something for the ecology bureau to decide (never 不涉及)."""
    return len(_air(c))


@fact("pollutants.new_air_emissions", "新增主要大气污染物排放量", str)
def _air_text(c: Context):
    """The new SO₂ / NOx / VOCs emissions as one phrase (二氧化硫95 t/a、氮氧化物620 t/a)."""
    return "、".join(f"{name}{quantity_text(value, 't/a')}" for name, value in _air(c)) or None


declared("pollutants.total_quota_source", "已明确总量指标来源", bool)
declared("pollutants.discharge_permit", "已取得或承诺申领排污许可证", bool)
