"""The one strict date parser of the project (a leaf module): ``YYYY-MM-DD`` only.

Review dates, dates of prior opinions and every date a user types are written exactly as
``YYYY-MM-DD`` with ASCII digits; other spellings that ``date.fromisoformat`` would accept
(``20260115``, ``2026-W03-4``) are refused, so a typing slip is never read as another day.
"""
from __future__ import annotations

import datetime as dt
import re

MIN_DATE, MAX_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> dt.date | None:
    """The date written exactly as ``YYYY-MM-DD``, else None."""
    if not isinstance(text, str) or not _ISO.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_date(text: str, low: dt.date | None = None, high: dt.date | None = None) -> dt.date:
    """The date in `text` (``YYYY-MM-DD``, within [low, high] when given); ValueError with a
    Chinese message otherwise."""
    day = iso_date(text)
    bounds = f"（{low.year}—{high.year}年）" if low and high else ""
    if day is None or (low and day < low) or (high and day > high):
        raise ValueError(f"须为日期，格式 YYYY-MM-DD{bounds}（收到：{str(text)[:20]}）")
    return day


def parse_review_date(text: str) -> dt.date:
    """A review's as-of date (审查基准日): ``YYYY-MM-DD`` between 2000 and 2100."""
    return parse_date(text, MIN_DATE, MAX_DATE)


def _beijing() -> dt.tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo("Asia/Shanghai")
    except ZoneInfoNotFoundError:  # no time-zone database: China keeps UTC+8 all year
        return dt.timezone(dt.timedelta(hours=8), "CST")


BEIJING = _beijing()
BEIJING_LABEL = "北京时间"


def beijing_time(moment: dt.datetime | str | None, seconds: bool = False) -> str:
    """A stored moment (naive UTC, as the store writes it, or its ISO text) as Beijing time,
    ``YYYY-MM-DD HH:MM`` (``:SS`` with `seconds`); "—" for none.  The one formatter of times
    shown to people (the result page, the documents' annex)."""
    if moment is None or moment == "":
        return "—"
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment.removesuffix("Z"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S" if seconds
                                               else "%Y-%m-%d %H:%M")


def utc_now() -> dt.datetime:
    """The system clock as an aware UTC moment: the one place the project reads it."""
    return dt.datetime.now(dt.timezone.utc)


def beijing_now(now: dt.datetime | None = None) -> dt.datetime:
    """The moment `now` (aware, or naive UTC as the store writes it; default: the system
    clock) in Beijing time."""
    now = utc_now() if now is None else now
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    return now.astimezone(BEIJING)


def today(now: dt.datetime | None = None) -> dt.date:
    """The bureau's "today" (今日): the date in Beijing at `now` (default: the system clock),
    whatever the server's own time zone.  Issue dates, the year of a document number, the
    default review date and the ledger's current year all come from here, so a document
    signed at 07:30 Beijing time on 1 January is dated and numbered in the new year on a
    server that keeps UTC (where it is still 31 December, 23:30)."""
    return beijing_now(now).date()


def day_start_utc(day: dt.date) -> dt.datetime:
    """The stored moment (naive UTC) at which `day` begins in Beijing: what "made on or after
    `day`" compares the store's times with (2027-01-01 begins at 2026-12-31 16:00 UTC)."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=BEIJING)
    return start.astimezone(dt.timezone.utc).replace(tzinfo=None)


def beijing_date(moment: dt.datetime) -> dt.date:
    """The Beijing calendar day of a stored moment (naive UTC, as the store writes it): the
    date a bureau's act bears (a document voided at 2026-12-04 17:30 UTC is voided on
    2026-12-05)."""
    return beijing_now(moment).date()
