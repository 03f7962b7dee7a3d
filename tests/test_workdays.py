"""Working-day limits follow the State Council's arrangements: holidays do not count, the weekend
days declared working days (调休) do, and a year the calendar does not hold is reported."""
from __future__ import annotations

import datetime as dt

import pytest

from checker.workdays import (CalendarGap, add_working_days, covered_years, is_working_day,
                              working_days_between)

D = dt.date


def test_spring_festival_2026_with_its_working_saturdays():
    """国办发明电〔2025〕7号: 2月15日至23日放假，2月14日（星期六）、2月28日（星期六）上班."""
    assert is_working_day(D(2026, 2, 14)) and is_working_day(D(2026, 2, 28))
    assert not any(is_working_day(D(2026, 2, d)) for d in range(15, 24))
    # received Thursday 12 February: 13, 14 (调休), 24, 25, 26 February
    assert add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)


def test_national_day_2025_counts_the_working_sunday():
    """2025: 10月1日至8日放假，9月28日（星期日）、10月11日（星期六）上班."""
    assert is_working_day(D(2025, 9, 28)) and is_working_day(D(2025, 10, 11))
    # received Friday 26 September: 28, 29, 30 September, 9, 10 October
    assert add_working_days(D(2025, 9, 26), 5) == D(2025, 10, 10)
    assert working_days_between(D(2025, 9, 26), D(2025, 10, 10)) == 5


def test_an_ordinary_week_and_the_day_of_receipt_not_counted():
    assert add_working_days(D(2026, 3, 2), 1) == D(2026, 3, 3)       # Monday → Tuesday
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)       # Friday → Monday
    assert working_days_between(D(2026, 3, 2), D(2026, 3, 2)) == 0


def test_a_year_the_calendar_does_not_hold_is_reported_not_guessed():
    last = covered_years()[1]
    with pytest.raises(CalendarGap) as caught:
        add_working_days(D(last, 12, 28), 10)
    assert caught.value.year == last + 1 and f"{last + 1}年的节假日安排" in str(caught.value)


@pytest.mark.parametrize("count", [0, -1])
def test_a_limit_is_a_positive_number_of_days(count):
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 2), count)
