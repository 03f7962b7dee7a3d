"""Rulebook-change impact: which stored reviews would conclude differently under a candidate.

Before the bureau adopts a change (a GAP value set, a benchmark table updated, a new rule in
force), every stored review (or a filtered set) is evaluated again at its own as-of date twice:
under the current rulebook and under the candidate (the current one plus a local-parameters
file in the $CHECKER_PARAMETERS format, or another rules directory). The report names what the
candidate changes — outcome, the conclusion of each part, findings appearing or disappearing —
grouped by rule and by industry, and lists apart the records whose stored result already
differs from the current rulebook (they were made under an earlier rulebook). Nothing stored is
read for writing: the store is only queried.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from checker import batch, exports, intake, rulebook
from checker.dates import day_start_utc, iso_date
from checker.exports import CODE, COUNT, DATE, Column, Sheet
from checker.industries import industry_name
from checker.severity import Severity
from checker.values import number_text
from checker.store.models import ReviewRecord


@dataclass(frozen=True)
class Candidate:
    """The rulebook to compare with the current one: another rules directory and/or a
    local-parameters file applied over the current configuration."""

    rules_dir: str | None = None
    overrides: str | None = None

    def load(self) -> rulebook.Rulebook:
        return _candidate_book(self.rules_dir, self.overrides)


@functools.lru_cache(maxsize=4)
def _candidate_book(rules_dir: str | None, overrides: str | None) -> rulebook.Rulebook:
    return rulebook.load(Path(rules_dir) if rules_dir else None,
                         Path(overrides) if overrides else None)


@dataclass(frozen=True)
class Stored:
    """What the comparison needs of one stored review (read-only copy of its row)."""

    id: int
    project: str
    industry: str
    as_of: dt.date
    input_json: str
    outcome: str
    conclusion: str
    findings: tuple[str, ...]


COLUMNS = (ReviewRecord.id, ReviewRecord.project_name, ReviewRecord.industry_code,
           ReviewRecord.as_of, ReviewRecord.input_json, ReviewRecord.outcome,
           ReviewRecord.conclusion, ReviewRecord.findings_json)


def _selection(query, since: dt.date | None, industry: str):
    if since is not None:
        query = query.where(ReviewRecord.created_at >= day_start_utc(since))
    if industry:
        query = query.where(ReviewRecord.industry_code.startswith(industry))
    return query


def count_reviews(engine: Engine, since: dt.date | None = None, industry: str = "") -> int:
    """How many stored reviews `stored_reviews` would yield (for a progress bar)."""
    with engine.connect() as connection:
        return connection.execute(_selection(select(func.count(ReviewRecord.id)), since,
                                             industry)).scalar_one()


def stored_reviews(engine: Engine, since: dt.date | None = None, industry: str = "",
                   limit: int | None = None, chunk: int = 1000) -> Iterator[Stored]:
    """The stored reviews to assess, oldest first: made on or after `since`, of an industry
    code prefix; read `chunk` rows at a time by id (keyset pages: no ORM object per row, no
    transaction held open for the whole run, and a large store never in memory at once)."""
    after, left = 0, limit
    while left is None or left > 0:
        size = chunk if left is None else min(chunk, left)
        query = _selection(select(*COLUMNS), since, industry).where(
            ReviewRecord.id > after).order_by(ReviewRecord.id).limit(size)
        with engine.connect() as connection:
            rows = connection.execute(query).all()
        for row in rows:
            yield Stored(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                         _finding_keys(json.loads(row[7] or "[]")))
        if len(rows) < size:
            return
        after = rows[-1][0]
        left = None if left is None else left - len(rows)


def _finding_keys(findings: Iterable[dict]) -> tuple[str, ...]:
    """A finding as compared: its rule and the case that fired."""
    return tuple(sorted({f"{f['rule_id']}:{f['outcome']}" for f in findings}))


def _state(result) -> dict[str, Any]:
    """What a review is compared by: its outcome and conclusions, its findings (all, and those
    that weigh on the decision: every severity but 说明), and its CO₂ (None: not accounted)."""
    return {"outcome": result.outcome.value, "outcome_label": result.outcome.label,
            "energy": result.energy_part.conclusion.label,
            "pollutant": result.pollutant_part.conclusion.label,
            "conclusion": result.conclusion.value,
            "findings": _finding_keys({"rule_id": f.rule_id, "outcome": f.outcome}
                                      for f in result.findings),
            "weighing": _finding_keys({"rule_id": f.rule_id, "outcome": f.outcome}
                                      for f in result.findings if f.severity is not Severity.INFO),
            "co2_t": result.carbon.total_tco2}


def compare(stored: Stored, candidate: Candidate,
            current: rulebook.Rulebook | None = None) -> dict[str, Any]:
    """One stored review under the current rulebook (`current`: the one in force where the
    comparison runs; default the shipped one) and under the candidate."""
    from checker.review import review

    base = {"id": stored.id, "project": stored.project, "industry": stored.industry,
            "as_of": stored.as_of.isoformat()}
    try:
        data = intake.parse_json(stored.input_json)
        books = (current or rulebook.shipped(), candidate.load())
        # each book reviews the application as it would check it (its own carriers)
        now, then = (_state(review(intake.validate(data, book.carriers), stored.as_of, book))
                     for book in books)
    except intake.InputError as exc:
        return {**base, "error": str(exc)}
    drift = (stored.outcome != now["outcome"] or stored.conclusion != now["conclusion"]
             or stored.findings != now["findings"])
    appeared = sorted(set(then["findings"]) - set(now["findings"]))
    gone = sorted(set(now["findings"]) - set(then["findings"]))
    # a change is what the decision or the CO₂ figure reads differently: a finding of 说明
    # appearing or going alone (e.g. the district's allowance now known) is listed, not counted
    changed = (set(now["weighing"]) != set(then["weighing"])
               or any(now[k] != then[k] for k in ("outcome", "energy", "pollutant", "co2_t")))
    return {**base, "error": None, "changed": changed, "drift": drift, "current": now,
            "candidate": then, "appeared": appeared, "disappeared": gone,
            "stored": {"outcome": stored.outcome, "conclusion": stored.conclusion,
                       "findings": list(stored.findings)}}


def _compare_chunk(args) -> list[dict[str, Any]]:
    records, candidate = args
    return [compare(record, candidate) for record in records]


def run(records: Iterable[Stored], candidate: Candidate, jobs: int = 1,
        chunk: int = 50, current: rulebook.Rulebook | None = None) -> Iterator[dict[str, Any]]:
    """Compare every record (jobs > 1: in that many processes, against the shipped
    rulebook; `current`, the rulebook in force of a web request, only in this process)."""
    candidate.load()  # a malformed candidate is refused before anything runs
    if jobs <= 1 or current is not None:
        for record in records:
            yield compare(record, candidate, current)
        return
    yield from batch.pmap(_compare_chunk, ((c, candidate) for c in batch.chunks(records, chunk)),
                          jobs)


@dataclass
class Report:
    """What the candidate changes, and what already differs from the stored results."""

    assessed: int
    changed: list[dict[str, Any]]
    drift: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    by_rule: list[dict[str, Any]]
    by_industry: list[dict[str, Any]]

    def totals(self) -> list[tuple[str, Any]]:
        return [("已评估的审查记录", self.assessed), ("候选规则下结果变化", len(self.changed)),
                ("其中审查结果变化", sum(1 for r in self.changed if r["current"]["outcome"]
                                  != r["candidate"]["outcome"])),
                ("其中二氧化碳排放量变化", sum(1 for r in self.changed if r["current"]["co2_t"]
                                     != r["candidate"]["co2_t"])),
                ("存储结果与当前规则库已不一致", len(self.drift)),
                ("无法重新审查", len(self.errors))]


def report(comparisons: Iterable[dict[str, Any]],
           book: rulebook.Rulebook | None = None) -> Report:
    """Group the comparisons: changed records, drift, by rule and by industry (rule titles
    of `book`, default the shipped rulebook)."""
    book = book or rulebook.shipped()
    titles = {rule.id: rule.title for rule in book.rules}
    assessed, changed, drift, errors = 0, [], [], []
    appeared, gone = Counter(), Counter()
    industries: dict[str, Counter] = {}
    for row in comparisons:
        assessed += 1
        if row["error"]:
            errors.append(row)
            continue
        counter = industries.setdefault(row["industry"], Counter())
        counter["assessed"] += 1
        if row["drift"]:
            drift.append(row)
        if row["changed"]:
            changed.append(row)
            counter["changed"] += 1
            counter["outcome"] += row["current"]["outcome"] != row["candidate"]["outcome"]
            appeared.update({key.split(":")[0] for key in row["appeared"]})
            gone.update({key.split(":")[0] for key in row["disappeared"]})
    by_rule = [{"rule": rule, "title": titles.get(rule, ""), "appeared": appeared[rule],
                "disappeared": gone[rule]} for rule in sorted(set(appeared) | set(gone))]
    by_industry = [{"industry": code, "name": industry_name(code) or "",
                    "assessed": c["assessed"], "changed": c["changed"],
                    "outcome_changed": c["outcome"]} for code, c in sorted(industries.items())]
    return Report(assessed, changed, drift, errors, by_rule, by_industry)


# the report's sheets (checker.exports writes them)
CHANGE_COLUMNS = [
    Column("审查记录编号", "id"), Column("项目名称", "project"), Column("行业代码", "industry", CODE),
    Column("审查基准日", "as_of", DATE), Column("当前审查结果", "outcome_now"),
    Column("候选规则下审查结果", "outcome_then"), Column("当前节能审查结论", "energy_now"),
    Column("候选规则下节能审查结论", "energy_then"), Column("当前污染物控制结论", "pollutant_now"),
    Column("候选规则下污染物控制结论", "pollutant_then"),
    Column("当前年二氧化碳排放量（吨）", "co2_now"),
    Column("候选规则下年二氧化碳排放量（吨）", "co2_then"), Column("新出现的审查发现", "appeared"),
    Column("消失的审查发现", "disappeared")]
DRIFT_COLUMNS = [
    Column("审查记录编号", "id"), Column("项目名称", "project"), Column("审查基准日", "as_of", DATE),
    Column("存储的审查结果", "stored_outcome"), Column("当前规则下审查结果", "outcome_now"),
    Column("存储的审查发现", "stored_findings"), Column("当前规则下审查发现", "findings_now")]
RULE_COLUMNS = [Column("规则编号", "rule"), Column("规则名称", "title"),
                Column("新出现（记录数）", "appeared", COUNT),
                Column("消失（记录数）", "disappeared", COUNT)]
INDUSTRY_COLUMNS = [Column("行业代码", "industry", CODE), Column("行业名称", "name"),
                    Column("评估记录数", "assessed", COUNT), Column("结果变化记录数", "changed", COUNT),
                    Column("审查结果变化记录数", "outcome_changed", COUNT)]
ERROR_COLUMNS = [Column("审查记录编号", "id"), Column("项目名称", "project"), Column("原因", "error")]


def change_row(row: dict[str, Any]) -> dict[str, Any]:
    now, then = row["current"], row["candidate"]
    return {"id": row["id"], "project": row["project"], "industry": row["industry"],
            "as_of": iso_date(row["as_of"]), "outcome_now": now["outcome_label"],
            "outcome_then": then["outcome_label"], "energy_now": now["energy"],
            "energy_then": then["energy"], "pollutant_now": now["pollutant"],
            "pollutant_then": then["pollutant"], "co2_now": co2_text(now["co2_t"]),
            "co2_then": co2_text(then["co2_t"]), "appeared": "；".join(row["appeared"]),
            "disappeared": "；".join(row["disappeared"])}


def co2_text(tco2: float | None) -> str:
    """A CO₂ figure as the report shows it (thousands separators; 未核算 when a factor or
    figure it needs is unset)."""
    return "未核算" if tco2 is None else number_text(tco2)


def drift_row(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "project": row["project"], "as_of": iso_date(row["as_of"]),
            "stored_outcome": row["stored"]["outcome"], "outcome_now": row["current"]["outcome"],
            "stored_findings": "；".join(row["stored"]["findings"]),
            "findings_now": "；".join(row["current"]["findings"])}


def xlsx_bytes(result: Report) -> bytes:
    """The report as a workbook: totals, changes, by rule, by industry, drift, errors."""
    return exports.xlsx_bytes([
        Sheet("汇总", batch.TOTAL_COLUMNS, [{"item": k, "value": v} for k, v in result.totals()]),
        Sheet("结果变化", CHANGE_COLUMNS, [change_row(r) for r in result.changed]),
        Sheet("按规则", RULE_COLUMNS, result.by_rule),
        Sheet("按行业", INDUSTRY_COLUMNS, result.by_industry),
        Sheet("存储结果已不一致", DRIFT_COLUMNS, [drift_row(r) for r in result.drift]),
        Sheet("无法重新审查", ERROR_COLUMNS, result.errors)])


def csv_bytes(result: Report) -> bytes:
    """The changed records as CSV (UTF-8 with BOM)."""
    return exports.csv_bytes(CHANGE_COLUMNS, [change_row(r) for r in result.changed])
