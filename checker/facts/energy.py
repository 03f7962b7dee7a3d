"""Facts from the energy account (GB/T 2589-2020, 当量值 unless the name says 等价值)."""
from __future__ import annotations

from checker.facts import Context, fact


@fact("energy.total_tce", "年综合能源消费量（当量值）", float, "吨标准煤")
def _total(c: Context):
    return c.energy.total_tce


@fact("energy.total_equivalent_tce", "年综合能源消费量（等价值）", float, "吨标准煤")
def _total_equivalent(c: Context):
    return c.energy.total_equivalent_tce


@fact("energy.review_tce", "审查口径年综合能源消费量（当量值；改建按增量）", float, "吨标准煤")
def _review(c: Context):
    return c.energy.review_tce


@fact("energy.review_electricity_kwh", "审查口径年电力消费量（改建按增量）", float, "千瓦时")
def _review_kwh(c: Context):
    return c.energy.review_electricity_kwh


@fact("energy.electricity_kwh", "年电力消费量", float, "千瓦时")
def _electricity(c: Context):
    return c.energy.electricity_kwh


@fact("energy.feedstock_tce", "原料用能（当量值）", float, "吨标准煤")
def _feedstock(c: Context):
    return c.energy.feedstock_tce


@fact("energy.renewable_tce", "自发自用可再生能源电力（当量值）", float, "吨标准煤")
def _renewable(c: Context):
    return c.energy.renewable_tce


@fact("energy.coal_tce", "煤炭消费量（当量值）", float, "吨标准煤")
def _coal(c: Context):
    return c.energy.coal_tce


@fact("energy.increment_basis", "按改建增量计算", bool)
def _increment(c: Context):
    return c.energy.increment_basis


@fact("energy.declared", "已申报能源消费", bool)
def _declared(c: Context):
    return bool(c.app.energy or c.app.feedstock)
