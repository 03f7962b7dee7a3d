"""Facts about an energy-review opinion already obtained (令2023年第2号: validity and change).

``project.prior_review`` is the opinion the project already holds.  Its age in complete
years decides whether it has lapsed (valid 2 years from issue, UNVERIFIED for Order No. 2);
actual against approved consumption decides whether a change application is due (10% or
more above the approved level, V2).  The thresholds are rulebook parameters.
"""
from __future__ import annotations

from checker.facts import Context, fact, ratio


def _prior(c: Context):
    return c.app.project.prior_review


@fact("procedure.review_full_years", "节能审查意见印发至审查日已满年数", int, "年")
def _full_years(c: Context):
    """Complete years from the opinion's issue date to the review date (anniversary-based).

    "自印发之日起2年内有效" read as: on the second anniversary of issue two full years have
    passed and the opinion is no longer valid.  A 29 February issue date has its anniversary
    on 28 February in common years.
    """
    prior = _prior(c)
    if prior is None:
        return None
    issued, day = prior.issued_on, c.as_of
    years = day.year - issued.year
    anniversary = (issued.month, min(issued.day, 28) if (issued.month, issued.day) == (2, 29)
                   else issued.day)
    if (day.month, day.day) < anniversary:
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
