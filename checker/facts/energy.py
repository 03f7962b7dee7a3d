"""Facts from the energy account (GB/T 2589-2020, 当量值 unless the name says 等价值)."""
from __future__ import annotations

from checker.facts import Context, fact


def _accounted(name: str, title: str, kind: type, unit: str | None = None) -> None:
    """A figure of the energy account, by name: ``energy.total_tce`` is ``account.total_tce``."""
    attribute = name.split(".", 1)[1]
    fact(name, title, kind, unit)(lambda c: getattr(c.energy, attribute))


_accounted("energy.total_tce", "年综合能源消费量（当量值）", float, "吨标准煤")
_accounted("energy.total_equivalent_tce", "年综合能源消费量（等价值）", float, "吨标准煤")
# 令2023年第2号：改建项目（建设地点、主要生产工艺和设备未改变）按增量计算，其他项目按总量。
_accounted("energy.review_tce", "审查口径年综合能源消费量（当量值；改建按增量）", float, "吨标准煤")
_accounted("energy.review_electricity_kwh", "审查口径年电力消费量（改建按增量）", float, "千瓦时")
_accounted("energy.electricity_kwh", "年电力消费量", float, "千瓦时")
_accounted("energy.feedstock_tce", "原料用能（当量值）", float, "吨标准煤")
_accounted("energy.renewable_tce", "自发自用可再生能源电力（当量值）", float, "吨标准煤")
_accounted("energy.coal_tce", "煤炭消费量（当量值）", float, "吨标准煤")
_accounted("energy.increment_basis", "按改建增量计算", bool)


@fact("energy.declared", "已申报能源消费", bool)
def _declared(c: Context):
    return bool(c.app.energy or c.app.feedstock)
