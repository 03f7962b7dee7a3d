"""Facts of the impact analysis (checker/impact.py): the indices m and n and their grades.

Absent when not computed (a district figure unset); `impact.missing` then names the missing
figures, so the informational finding can say which one."""
from __future__ import annotations

from checker.facts import Context, fact


def _index(c: Context, which: str):
    return None if c.impact is None else getattr(c.impact, which)


@fact("impact.m_percent", "影响指数m（项目新增能耗占规划期全区能耗增量控制额度）", float, "%")
def _m(c: Context):
    index = _index(c, "m")
    return None if index is None else index.value


@fact("impact.n_percent", "影响指数n（项目对全区单位地区生产总值能耗的影响）", float, "%")
def _n(c: Context):
    index = _index(c, "n")
    return None if index is None else index.value


@fact("impact.m_grade", "影响指数m的影响程度", str)
def _m_grade(c: Context):
    index = _index(c, "m")
    return None if index is None else index.grade


@fact("impact.n_grade", "影响指数n的影响程度", str)
def _n_grade(c: Context):
    index = _index(c, "n")
    return None if index is None else index.grade


@fact("impact.missing", "影响指数未计算所缺的数据", str)
def _missing(c: Context):
    if c.impact is None:
        return None
    missing = list(dict.fromkeys(c.impact.m.missing + c.impact.n.missing))
    return "、".join(missing) or None


@fact("impact.period", "规划期", str)
def _period(c: Context):
    return None if c.impact is None else f"“{c.impact.period}”（{c.impact.period_years}）"
