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
import heapq
import json
import math
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from sqlalchemy import case, func, select
from sqlalchemy.engine import Engine

from checker import batch, exports, intake, rulebook
from checker.dates import day_start_utc, iso_date
from checker.exports import CODE, COUNT, DATE, Column, Sheet
from checker.findings import finding_key
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
           ReviewRecord.conclusion, ReviewRecord.finding_keys, ReviewRecord.findings_json)


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
    # the findings JSON is read only for rows stored without their keys (NULL)
    findings_json = case((ReviewRecord.finding_keys.is_(None), ReviewRecord.findings_json),
                         else_=None)
    while left is None or left > 0:
        size = chunk if left is None else min(chunk, left)
        query = _selection(select(*COLUMNS[:-1], findings_json), since, industry).where(
            ReviewRecord.id > after).order_by(ReviewRecord.id).limit(size)
        with engine.connect() as connection:
            rows = connection.execute(query).all()
        for row in rows:
            keys = (tuple(row[7].split()) if row[7] is not None
                    else _finding_keys(json.loads(row[8] or "[]")))
            yield Stored(row[0], row[1], row[2], row[3], row[4], row[5], row[6], keys)
        if len(rows) < size:
            return
        after = rows[-1][0]
        left = None if left is None else left - len(rows)


def _finding_keys(findings: Iterable[dict]) -> tuple[str, ...]:
    """A finding as compared: its rule and the case that fired."""
    return tuple(sorted({finding_key(f["rule_id"], f["outcome"]) for f in findings}))


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


def _decided_state(decision) -> dict[str, Any]:
    """`_state` of the review whose decision (checker.review.Decision) this is."""
    keys = [b.key for b in decision.briefs]
    return {"outcome": decision.outcome.value, "outcome_label": decision.outcome.label,
            "energy": decision.energy.label, "pollutant": decision.pollutant.label,
            "conclusion": decision.energy.value,
            "findings": tuple(sorted(set(keys))),
            "weighing": tuple(sorted({k for k, b in zip(keys, decision.briefs)
                                      if b.severity is not Severity.INFO})),
            "co2_t": decision.co2_t}


def compare(stored: Stored, candidate: Candidate,
            current: rulebook.Rulebook | None = None) -> dict[str, Any]:
    """One stored review under the current rulebook (`current`: the one in force where the
    comparison runs; default the shipped one) and under the candidate, each a full review
    on durable-rules (the engine of record: what the sample of each run is checked by)."""
    from checker.review import review

    return _compared(stored, current, candidate,
                     lambda app, book: _state(review(app, stored.as_of, book)))


def assess(stored: Stored, candidate: Candidate,
           current: rulebook.Rulebook | None = None) -> dict[str, Any]:
    """`compare`, computing only what the comparison reads (checker.review.decide: no
    findings texts, documents or sentences) with the compiled evaluator
    (checker.evaluation.compiled, differentially tested against durable-rules); each run
    checks a random sample against `compare` (see `run`)."""
    from checker.evaluation import compiled
    from checker.review import decide

    return _compared(stored, current, candidate, lambda app, book: _decided_state(
        decide(app, stored.as_of, book, compiled.fired)))


def _compared(stored: Stored, current: rulebook.Rulebook | None, candidate: Candidate,
              state) -> dict[str, Any]:
    base = {"id": stored.id, "project": stored.project, "industry": stored.industry,
            "as_of": stored.as_of.isoformat()}
    try:
        data = intake.parse_json(stored.input_json)
        now_book, then_book = current or rulebook.shipped(), candidate.load()
        # each book checks the application as it would itself (its own carriers)
        application = intake.validate(data, now_book.carriers)
        now = state(application, now_book)
        if then_book.carriers != now_book.carriers:
            application = intake.validate(data, then_book.carriers)
        then = state(application, then_book)
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
    return [assess(record, candidate) for record in records]


SAMPLE_MIN = 200       # each run checks at least this many records against durable-rules …
SAMPLE_SHARE = 0.01    # … or this share of them, whichever is larger (all when fewer)
_KEPT_SHARE = 0.02     # records kept as sample candidates while the run streams


@dataclass
class SampleCheck:
    """The random sample of a run re-reviewed in full on durable-rules: how many, and the
    records whose comparison differed from the bulk one (ids)."""

    checked: int
    mismatched: list[int]

    def text(self) -> str:
        """抽样复核 N 份，与 durable-rules 一致 / 不一致 k 份."""
        if not self.mismatched:
            return f"抽样复核 {self.checked} 份，与 durable-rules 一致"
        return f"抽样复核 {self.checked} 份，与 durable-rules 不一致 {len(self.mismatched)} 份"


def sample_size(total: int) -> int:
    """≥ 1 % or 200 records, whichever is larger, and never more than there are."""
    return min(total, max(SAMPLE_MIN, math.ceil(total * SAMPLE_SHARE)))


class Run:
    """The comparisons of a run, made as they are iterated (`assess`: the compiled evaluator,
    only what the comparison reads); once the last is given, a uniformly random sample of
    `sample_size(n)` records is compared again in full on durable-rules (`compare`) and the
    result is in `check`.  Each record gets a random priority; the records of the smallest
    priorities are the sample (kept while streaming: the 200 smallest, and every one below
    2 %, which holds the 1 % smallest but for a vanishing chance; then the smallest are
    taken)."""

    def __init__(self, records: Iterable[Stored], candidate: Candidate, jobs: int,
                 chunk: int, current: rulebook.Rulebook | None, rng: random.Random | None):
        self.records, self.candidate, self.jobs, self.chunk = records, candidate, jobs, chunk
        self.current = current
        self.rng = rng or random.Random()
        self.check: SampleCheck | None = None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        candidate, current = self.candidate, self.current
        smallest: list[tuple[float, int]] = []     # max-heap (negated) of SAMPLE_MIN
        kept: dict[int, tuple[float, Stored]] = {}  # candidates of the sample, by id
        rows: dict[int, dict[str, Any]] = {}
        count = 0

        def offer(stored: Stored) -> Stored:
            nonlocal count
            count += 1
            priority = self.rng.random()
            if priority < _KEPT_SHARE or len(smallest) < SAMPLE_MIN \
                    or priority < -smallest[0][0]:
                kept[stored.id] = (priority, stored)
            if len(smallest) < SAMPLE_MIN:
                heapq.heappush(smallest, (-priority, stored.id))
            elif priority < -smallest[0][0]:
                _, out = heapq.heapreplace(smallest, (-priority, stored.id))
                if kept.get(out, (1.0,))[0] >= _KEPT_SHARE:
                    kept.pop(out, None)
                    rows.pop(out, None)
            return stored

        records = (offer(r) for r in self.records)
        if self.jobs <= 1 or current is not None:
            comparisons = (assess(record, candidate, current) for record in records)
        else:
            comparisons = batch.pmap(
                _compare_chunk, ((c, candidate) for c in batch.chunks(records, self.chunk)),
                self.jobs)
        for row in comparisons:
            if row["id"] in kept:
                rows[row["id"]] = row
            yield row
        chosen = sorted(kept.values(), key=lambda item: item[0])[:sample_size(count)]
        mismatched = [stored.id for _, stored in chosen
                      if compare(stored, candidate, current) != rows.get(stored.id)]
        self.check = SampleCheck(len(chosen), sorted(mismatched))


def run(records: Iterable[Stored], candidate: Candidate, jobs: int = 1,
        chunk: int = 50, current: rulebook.Rulebook | None = None,
        rng: random.Random | None = None) -> Run:
    """Compare every record (jobs > 1: in that many processes, against the shipped
    rulebook; `current`, the rulebook in force of a web request, only in this process), and
    check a random sample on durable-rules (`Run`; `rng`: a seeded generator in tests)."""
    candidate.load()  # a malformed candidate is refused before anything runs
    return Run(records, candidate, jobs, chunk, current, rng)


@dataclass
class Report:
    """What the candidate changes, and what already differs from the stored results."""

    assessed: int
    changed: list[dict[str, Any]]
    drift: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    by_rule: list[dict[str, Any]]
    by_industry: list[dict[str, Any]]
    check: SampleCheck | None = None  # the run's sample re-reviewed on durable-rules

    def totals(self) -> list[tuple[str, Any]]:
        return [("已评估的审查记录", self.assessed), ("候选规则下结果变化", len(self.changed)),
                ("其中审查结果变化", sum(1 for r in self.changed if r["current"]["outcome"]
                                  != r["candidate"]["outcome"])),
                ("其中二氧化碳排放量变化", sum(1 for r in self.changed if r["current"]["co2_t"]
                                     != r["candidate"]["co2_t"])),
                ("存储结果与当前规则库已不一致", len(self.drift)),
                ("无法重新审查", len(self.errors))]


def report(comparisons: Iterable[dict[str, Any]],
           book: rulebook.Rulebook | None = None, source: Run | None = None) -> Report:
    """Group the comparisons: changed records, drift, by rule and by industry (rule titles
    of `book`, default the shipped rulebook); the sample check of the `Run` they come from
    (`source`, default `comparisons` itself)."""
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
    check = getattr(source if source is not None else comparisons, "check", None)
    return Report(assessed, changed, drift, errors, by_rule, by_industry, check)


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
        Sheet("汇总", batch.TOTAL_COLUMNS, [{"item": k, "value": v} for k, v in result.totals()]
              + ([{"item": "durable-rules 抽样复核", "value": result.check.text()}]
                 if result.check else [])),
        Sheet("结果变化", CHANGE_COLUMNS, [change_row(r) for r in result.changed]),
        Sheet("按规则", RULE_COLUMNS, result.by_rule),
        Sheet("按行业", INDUSTRY_COLUMNS, result.by_industry),
        Sheet("存储结果已不一致", DRIFT_COLUMNS, [drift_row(r) for r in result.drift]),
        Sheet("无法重新审查", ERROR_COLUMNS, result.errors)])


def csv_bytes(result: Report) -> bytes:
    """The changed records as CSV (UTF-8 with BOM)."""
    return exports.csv_bytes(CHANGE_COLUMNS, [change_row(r) for r in result.changed])
