"""Facts about an energy-review opinion already obtained (令2023年第2号: validity and change).

``project.prior_review`` is the opinion the project already holds.  Its age in complete
years decides whether it has lapsed (2 years from issue without start of construction: Order
2025 No. 31 art. 19, V2; UNVERIFIED for Order No. 2);
actual against approved consumption decides whether a change application is due (10% or
more above the approved level, V2).  The thresholds are rulebook parameters.
"""
from __future__ import annotations

import calendar

from checker.facts import Context, fact, ratio


def _prior(c: Context):
    return c.app.project.prior_review


@fact("procedure.review_full_years", "节能审查意见印发后已届满的整年数（届满日当日仍在期限内）",
      int, "年")
def _full_years(c: Context):
    """Complete years of the opinion's period that have *ended* before the review date.

    A period counted in years ends on the corresponding day of the last year (民法典第二百零一条、
    第二百零二条 reading: the anniversary itself is still within the period), so "2年内" holds
    on the second anniversary and lapses the day after: an opinion issued 2024-06-01 is valid on
    2026-06-01 and counts 2 full years from 2026-06-02.  A 29 February issue date has its
    anniversary on 28 February in common years (月末日, 民法典第二百零二条).
    """
    prior = _prior(c)
    if prior is None:
        return None
    issued, day = prior.issued_on, c.as_of
    years = day.year - issued.year
    leap_day = (issued.month, issued.day) == (2, 29) and not calendar.isleap(day.year)
    anniversary = (issued.month, 28 if leap_day else issued.day)
    if (day.month, day.day) <= anniversary:
        years -= 1
    return max(years, 0)


@fact("procedure.approved_tce", "节能审查批复年综合能源消费量（当量值）", float, "吨标准煤")
def _approved(c: Context):
    prior = _prior(c)
    return None if prior is None else prior.approved_tce


@fact("procedure.actual_tce", "实际年综合能源消费量（当量值）", float, "吨标准煤")
def _actual(c: Context):
    prior = _prior(c)
    return None if prior is None else prior.actual_tce


@fact("procedure.overrun_ratio", "实际年综合能源消费量超出批复水平的比例", float, "%")
def _overrun(c: Context):
    """(实际 − 批复) ÷ 批复 × 100, in percent; negative when below the approved level.

    Absent unless both figures are declared and the approved figure is positive.  Rounded to
    six decimals so that exactly 10% above reads as 10, not 9.999999….
    """
    prior = _prior(c)
    if prior is None or prior.actual_tce is None or prior.approved_tce is None:
        return None
    return ratio((prior.actual_tce - prior.approved_tce) * 100, prior.approved_tce, 6)


@fact("procedure.major_changes", "申报的重大变动（令2025年第31号第十八条）", list)
def _major_changes(c: Context):
    """The listed major changes declared since the opinion (absent without an opinion)."""
    prior = _prior(c)
    return None if prior is None else list(prior.major_changes)


@fact("procedure.major_change_declared", "申报发生重大变动", bool)
def _major_change_declared(c: Context):
    prior = _prior(c)
    return None if prior is None else bool(prior.major_changes)
