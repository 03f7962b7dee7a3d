"""The dates the rulebook covers: the plan's period and the energy-review measure in force.

Read from rules/rulebook.yaml (dated data, not code).  A review dated before the plan's rules
are in force, after its period, or under a measure the rulebook does not encode gets a notice
that every renderer shows, so no such review reads as a silent approval.
"""

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from checker.rulebook.errors import RulebookError, read_yaml, unfold, validate_entry


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Notice(_Strict):
    """A notice about the review date: `warning` (the result is not a conclusion) or `info`."""

    level: str = Field(pattern=r"^(warning|info)$")
    text: str


class Plan(_Strict):
    title: str
    period: str
    in_force_from: dt.date
    period_end: dt.date
    before_in_force: str
    after_period: str


class Measure(_Strict):
    """One energy-review measure (节能审查办法) and the day it took effect."""

    key: str
    title: str
    since: dt.date
    encoded: bool
    carbon_evaluation: bool = False  # reviews under it carry the 碳排放评价 (result and opinion)


class MeasureNotices(_Strict):
    before_first: str
    not_encoded: str


class Calendar(_Strict):
    plan: Plan
    measures: list[Measure] = Field(min_length=1)
    measure_notices: MeasureNotices

    def measure_on(self, day: dt.date) -> Measure | None:
        """The measure in force on `day` (None before the first)."""
        current = None
        for measure in self.measures:
            if measure.since <= day:
                current = measure
        return current

    def encoded_measure(self, day: dt.date) -> Measure:
        """The latest measure the rulebook encodes that is in force on `day` (else the first)."""
        encoded = [m for m in self.measures if m.encoded and m.since <= day]
        return encoded[-1] if encoded else next(m for m in self.measures if m.encoded)

    def notices(self, day: dt.date) -> list[Notice]:
        """What a review dated `day` must tell its reader about the rules applied."""
        plan, words = self.plan, self.measure_notices
        fields = {"as_of": _date(day), "plan": plan.title, "period": plan.period,
                  "in_force_from": _date(plan.in_force_from), "period_end": _date(plan.period_end)}
        notices = []
        if day < plan.in_force_from:
            notices.append(Notice(level="warning", text=plan.before_in_force.format(**fields)))
        elif day > plan.period_end:
            notices.append(Notice(level="info", text=plan.after_period.format(**fields)))
        measure = self.measure_on(day)
        first = self.measures[0]
        if measure is None:
            notices.append(Notice(level="warning", text=words.before_first.format(
                **fields, measure=first.title, since=_date(first.since))))
        elif not measure.encoded:
            notices.append(Notice(level="warning", text=words.not_encoded.format(
                **fields, measure=measure.title, since=_date(measure.since),
                encoded=self.encoded_measure(day).title)))
        return notices


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def load_calendar(path: Path) -> Calendar:
    """The calendar part of rules/rulebook.yaml, validated (RulebookError naming the file)."""

    def error(entry: str | None, problem: str):
        raise RulebookError(path, entry, problem)

    data = read_yaml(path) or {}
    body = {k: data.get(k) for k in ("plan", "measures", "measure_notices")}
    for key in ("plan", "measure_notices"):
        if isinstance(body[key], dict):
            body[key] = {k: unfold(v) if isinstance(v, str) else v for k, v in body[key].items()}
    calendar = validate_entry(Calendar, body, path, "plan")
    if not any(m.encoded for m in calendar.measures):
        error("measures", "至少须有一个本规则库已编码的节能审查办法（encoded: true）")
    days = [m.since for m in calendar.measures]
    if days != sorted(days):
        error("measures", "measures 须按 since 日期升序")
    return calendar
