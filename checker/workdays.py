"""Working days (工作日) as the State Council's holiday arrangements define them.

Order 2025 No. 31 and the Administrative Licensing Law count the bureau's time limits in
working days (e.g. Art. 14: missing material is notified once, completely, within 5 working days
of receipt). A working day is a Monday to Friday that is not a statutory holiday, plus the
weekend days the State Council's annual notice declares working days (调休). No hand-written
rule gets those right, so the arrangement comes from the maintained `chinese-calendar` package;
a year it does not cover (the notice is published each November for the next year) is reported
as such (`CalendarGap`), never guessed.

A limit of n working days from an event runs from the next day (the day of the event does not
count) and ends at the end of the n-th working day after it.
"""
from __future__ import annotations

import datetime as dt

import chinese_calendar


class CalendarGap(ValueError):
    """The holiday arrangement of a year is not in the installed calendar (Chinese message)."""

    def __init__(self, year: int):
        first, last = covered_years()
        super().__init__(f"{year}年的节假日安排（国务院办公厅通知）尚未收录（已收录{first}—{last}年），"
                         "无法按工作日计算期限，请更新 chinese-calendar 或人工核定")
        self.year = year


def covered_years() -> tuple[int, int]:
    """The first and last year whose arrangement the installed calendar holds."""
    years = sorted({day.year for day in chinese_calendar.holidays})
    return years[0], years[-1]


def is_working_day(day: dt.date) -> bool:
    """Whether `day` is a working day (调休 weekend days included, statutory holidays not)."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarGap(day.year) from None


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The last day of a limit of `count` working days running from the day after `start`."""
    if count < 1:
        raise ValueError("工作日数须为正整数")
    day, left = start, count
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days run from the day after `start` up to and including `end`."""
    return sum(1 for n in range(1, (end - start).days + 1)
               if is_working_day(start + dt.timedelta(days=n)))
