"""Facts from the energy account (GB/T 2589-2020, 当量值 unless the name says 等价值)."""
from __future__ import annotations

from checker.facts import Context, fact


def _accounted(name: str, title: str, kind: type, unit: str | None = None) -> None:
    """A figure of the energy account, by name: ``energy.total_tce`` is ``account.total_tce``."""
    attribute = name.split(".", 1)[1]

    def derive(c: Context):
        return getattr(c.energy, attribute)

    derive.accounted_attribute = attribute  # derive_all reads it in place
    fact(name, title, kind, unit)(derive)


_accounted("energy.total_tce", "年综合能源消费量（当量值）", float, "吨标准煤")
_accounted("energy.total_equivalent_tce", "年综合能源消费量（等价值）", float, "吨标准煤")
# 令2023年第2号：改建项目（建设地点、主要生产工艺和设备未改变）按增量计算，其他项目按总量。
_accounted("energy.review_tce", "审查口径年综合能源消费量（当量值；改建按增量）", float, "吨标准煤")
_accounted("energy.review_electricity_kwh", "审查口径年电力消费量（改建按增量）", float, "千瓦时")
_accounted("energy.electricity_kwh", "年电力消费量", float, "千瓦时")
_accounted("energy.feedstock_tce", "原料用能（当量值）", float, "吨标准煤")
_accounted("energy.renewable_tce", "自发自用可再生能源电力（当量值）", float, "吨标准煤")
_accounted("energy.coal_tce", "煤炭消费量（当量值）", float, "吨标准煤")
_accounted("energy.coal_t", "年煤炭消费量（实物量）", float, "吨")
# 令2025年第31号第八条、第九条：年煤炭消费量（原煤、洗精煤、焦炭实物量；改建按增量）。
_accounted("energy.review_coal_t", "审查口径年煤炭消费量（实物量；改建按增量）", float, "吨")
_accounted("energy.increment_basis", "按改建增量计算", bool)


@fact("energy.declared", "已申报能源消费", bool)
def _declared(c: Context):
    return bool(c.app.energy or c.app.feedstock)


@fact("energy.review_tce_higher", "审查口径年综合能源消费量（电力取当量值、等价值中较高者）", float, "吨标准煤")
def _review_tce_higher(c: Context):
    """令2025年第31号第九条：判断是否由国家发展改革委审查时，电力按当量值和等价值中较高者计算
    （改建按增量：当量值与等价值之差按总量计，改建前等价值未单独核算）."""
    if c.energy.review_tce is None:
        return None
    extra = max(0.0, c.energy.total_equivalent_tce - c.energy.total_tce)
    return round(c.energy.review_tce + extra, 4)
