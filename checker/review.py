"""One review: application → energy account → facts → engine → findings → outcome and parts.

`Review` is the one result model every renderer (text, JSON, HTML, PDF) and the store use.
A review is evaluated *as of* a date given as input (today when the caller gives none); the
date used is recorded in the review, so the same review can always be evaluated again.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict

from checker import carbon, energy, findings, impact, intake, rulebook
from checker.dates import today
from checker.evaluation import compiler
from checker.evaluation.compiler import Entry
from checker.rulebook.calendar import Notice
from checker.rulebook.declarations import Declaration
from checker.evaluation.engine import ENGINE
from checker.facts import Context, derive_all
from checker.findings import Finding
from checker.judgement import Judgement, Kind, Reviewed, apply as apply_judgements
from checker.model import ProjectApplication
from checker.outcome import (EnergyConclusion, PartResult, PollutantConclusion, energy_decision,
                             parts_of, pollutant_conclusion)
from checker.plain import plain
from checker.severity import Outcome, Part
from checker.rulebook.sources import public_source

Evaluator = Callable[[compiler.Plan, dict[str, Any]], set[str]]


class Review(BaseModel):
    """The complete, reproducible result of reviewing one application on one date."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True, defer_build=True)
    application: ProjectApplication
    input_sha256: str
    as_of: dt.date
    rulebook_version: str
    energy: energy.EnergyAccount
    carbon: carbon.CarbonAccount   # CO₂ beside the energy account (checker/carbon.py)
    impact: impact.Impact          # indicators and impact on the district's targets
    facts: dict[str, Any]
    findings: list[Finding]
    parts: dict[Part, PartResult]
    outcome: Outcome
    law: str | None                # the energy-review measure in force on as_of
    carbon_status: carbon.CarbonEvaluation  # is the 碳排放评价 required (Art. 10), complete?
    carbon_evaluation: list[str]   # the 碳排放评价 sentences when the district must make it
    carbon_heading: str            # its heading (rules/documents.yaml carbon_evaluation)
    notices: list[Notice]          # dates the rulebook does not cover (shown everywhere)
    document_types: list[str]      # keys of rules/documents.yaml, main document first
    # the applicant's declarations that lower an obligation, "申报：…（依据：…）"
    # (rules/declarations.yaml): what the outcome rests on, for the reviewer and working paper
    declarations: list[Declaration] = []
    # the reviewer's judgements (人工复核) when this is the reviewed result (see `reviewed`):
    # `findings`, `parts`, `outcome` and `document_types` are then the reviewed ones
    judgement: Reviewed | None = None

    @property
    def conclusion(self) -> EnergyConclusion:
        """The energy part's conclusion (for callers that need one value)."""
        return self.parts[Part.ENERGY].conclusion

    @property
    def energy_part(self) -> PartResult:
        return self.parts[Part.ENERGY]

    @property
    def pollutant_part(self) -> PartResult:
        return self.parts[Part.POLLUTANT]

    def documents(self) -> list[str]:
        """The document types this review produces, main (energy) document first."""
        return list(self.document_types)

    def summary_json(self, findings: bool = True) -> dict[str, Any]:
        """The CLI/API JSON: conclusion, findings, energy, rulebook version, input hash
        (without `findings`: all but the findings, which the store serialises itself,
        checker.store.summaries)."""
        return {
            "conclusion": self.conclusion.value,
            "conclusion_label": self.conclusion.label,
            "outcome": self.outcome.value,
            "outcome_label": self.outcome.label,
            "parts": {part.value: result.json() for part, result in self.parts.items()},
            "documents": self.documents(),
            "law": self.law,
            "notices": [n.model_dump() for n in self.notices],
            "as_of": self.as_of.isoformat(),
            "rulebook_version": self.rulebook_version,
            "input_sha256": self.input_sha256,
            "project": {"name": self.application.project.name,
                        "applicant": self.application.project.applicant},
            "energy": energy_json(self.energy),
            "carbon": self.carbon.json(),
            "carbon_status": self.carbon_status.json(),
            "carbon_evaluation": list(self.carbon_evaluation),
            "carbon_heading": self.carbon_heading,
            "declarations": [d.model_dump(mode="json") for d in self.declarations],
            "impact": self.impact.json(),
            **({"findings": [finding_json(f) for f in self.findings]} if findings else {}),
            # reviewed: the reviewed conclusions, findings and documents, the engine's beside
            **(self.judgement.summary() if self.judgement else {}),
        }


def finding_json(finding: Finding) -> dict[str, Any]:
    return finding.json()


def energy_json(account: energy.EnergyAccount) -> dict[str, Any]:
    data = plain(account)
    data["dual_control_tce"] = account.dual_control_tce
    if account.electricity_equivalent is not None:
        data["electricity_equivalent"] = account.electricity_equivalent.model_dump(mode="json")
        data["electricity_equivalent"]["source"] = public_source(
            account.electricity_equivalent.source)
    return data


def review(app: ProjectApplication, as_of: dt.date | None = None,
           book: rulebook.Rulebook | None = None, evaluate: Evaluator | None = None) -> Review:
    """Review `app` as of `as_of` (default: today) against `book`: the rulebook in force where
    the review is made (a web request passes its provider's, checker.rulebook.provider);
    default: the shipped rulebook with this process's local parameters file (CLI, tests).

    `evaluate` chooses the evaluator of the compiled plan: durable-rules by default, or the
    plain-Python reference evaluator for differential testing.
    """
    book = book or rulebook.shipped()
    as_of = as_of or today()
    account, analysis, facts, plan, fired = _evaluated(app, as_of, book, evaluate)
    day = on_day(book, as_of)
    # the fired entries' findings, strongest severity first, then in rulebook order, then in
    # plan order (`Day.listed`)
    place, listed = day.place, day.listed
    results = findings.build_all(book, [listed[k] for k in sorted([place[n] for n in fired])],
                                 facts, as_of)
    parts = parts_of(results)
    outcome = parts[Part.ENERGY].outcome
    documents = book.documents.for_parts(parts)
    co2, status, sentences = carbon_of(app, account, book, as_of, outcome, results,
                                       ndrc=not day.ndrc.isdisjoint(fired),
                                       measure_requires=day.carbon_required)
    # every value below is of its declared type (made here from the validated application
    # and the loaded rulebook): the model is not validated again (findings.trusted)
    return findings.trusted(Review, {
        "application": app, "input_sha256": intake.input_sha256(app), "as_of": as_of,
        "rulebook_version": book.version, "energy": account, "carbon": co2, "impact": analysis,
        "facts": facts, "findings": results, "parts": parts, "outcome": outcome,
        "law": day.law, "carbon_status": status,
        "carbon_evaluation": list(sentences), "carbon_heading": book.documents.carbon.heading,
        "notices": list(day.notices), "document_types": list(documents),
        "declarations": list(book.declarations.found_in(app) if book.declarations else []),
        "judgement": None})


def _evaluated(app: ProjectApplication, as_of: dt.date, book: rulebook.Rulebook,
               evaluate: Evaluator | None):
    """The energy account, the impact analysis, the facts, the plan and the names of its
    fired entries: the part of a review before any finding is written."""
    account = energy.account(app, book, as_of)
    analysis = impact.analyse(app, account, book.parameters, as_of, on_day(book, as_of).impact)
    facts = derive_all(Context.of(app, account, as_of, book.tables, analysis,
                                  functools.partial(_value_on, book, as_of)))
    plan = plan_for(book, as_of)
    return account, analysis, facts, plan, (evaluate or ENGINE.fired)(plan, facts)


@dataclasses.dataclass(frozen=True)
class Decision:
    """What a review decides, without its texts: who decides the energy review, both parts'
    conclusions, the fired entries (checker.findings.Brief, rulebook order) and the CO₂
    (None: not accounted).  The same values as the `Review` of the same application, date,
    rulebook and evaluator (tests/store/test_change_impact.py compares them)."""

    outcome: Outcome
    energy: EnergyConclusion
    pollutant: PollutantConclusion
    briefs: tuple[findings.Brief, ...]
    co2_t: float | None


def decide(app: ProjectApplication, as_of: dt.date, book: rulebook.Rulebook,
           evaluate: Evaluator | None = None) -> Decision:
    """The decision of `review(app, as_of, book, evaluate)` without writing its findings,
    documents or sentences: for comparing many stored reviews under two rulebooks
    (checker.change_impact).  Records, documents and CLI results always come from `review`."""
    account, _, _, plan, fired = _evaluated(app, as_of, book, evaluate)
    positions = on_day(book, as_of).positions
    briefs = tuple(findings.brief(book, plan.entries[i], as_of)
                   for i in sorted(positions[name] for name in fired))
    outcome, conclusion = energy_decision([b for b in briefs if b.part is Part.ENERGY])
    pollutant = pollutant_conclusion([b for b in briefs if b.part is Part.POLLUTANT])
    co2 = carbon.account(app, account, book, as_of)
    return Decision(outcome, conclusion, pollutant, briefs, co2.total_tco2)


NDRC_CASE = ("energy_review.authority", "ndrc")  # the case of Art. 9: the NDRC reviews


def carbon_of(app: ProjectApplication, account: energy.EnergyAccount, book: rulebook.Rulebook,
              as_of: dt.date, outcome: Outcome, results: list[Finding],
              supplied: dict[str, carbon.Supplied] | None = None, *,
              ndrc: bool | None = None, measure_requires: bool | None = None
              ) -> tuple[carbon.CarbonAccount, carbon.CarbonEvaluation, list[str]]:
    """The carbon account, whether Art. 10 requires the 碳排放评价 (checker.carbon.evaluation)
    and its sentences — only when the district must make it (令2025年第31号第十条).
    `ndrc` (a finding of NDRC_CASE is among `results`) and `measure_requires` (the measure in
    force requires the evaluation): given by `review` from its `Day`, else read here."""
    co2 = carbon.account(app, account, book, as_of, supplied)
    if measure_requires is None:
        measure = book.calendar.measure_on(as_of)
        measure_requires = bool(measure and measure.carbon_evaluation)
    if ndrc is None:
        rule_id, case = NDRC_CASE
        ndrc = any(f.rule_id == rule_id and f.outcome == case for f in results)
    status = carbon.evaluation(co2, measure_requires=measure_requires,
                               outcome=outcome, ndrc=ndrc, book=book, as_of=as_of)
    return co2, status, (book.documents.carbon.paragraphs(co2, book.documents.working_paper.carbon)
                         if status.attached else [])


def reviewed(result: Review, judgements: list[Judgement],
             book: rulebook.Rulebook | None = None, strict: bool = True) -> Review:
    """The reviewed result (人工复核): `result` with the reviewer's `judgements` applied — the
    findings that count, each part's conclusion, the outcome and the documents follow them;
    the engine's own result stays in `judgement` (checker.judgement.Reviewed).  Without
    judgements, `result` itself; `strict=False` for judgements stored earlier (see
    checker.judgement.apply)."""
    if not judgements:
        return result
    book = book or rulebook.shipped()
    applied = apply_judgements(result.findings, judgements, book.citations,
                              book.documents.for_parts, strict=strict)
    update: dict[str, Any] = {"findings": applied.findings, "parts": applied.parts,
                              "outcome": applied.outcome, "document_types": applied.documents,
                              "judgement": applied}
    supplied = supplied_factors(judgements)
    if supplied:  # 补充排放因子: the account, the evaluation and its sentences with them
        update["carbon"], update["carbon_status"], update["carbon_evaluation"] = carbon_of(
            result.application, result.energy, book, result.as_of, applied.outcome,
            applied.findings, supplied)
    return result.model_copy(update=update)


def supplied_factors(judgements: list[Judgement]) -> dict[str, carbon.Supplied]:
    """The CO₂ factors the reviewer supplied (人工复核“补充排放因子”), by parameter name."""
    return {j.rule_id: carbon.Supplied(j.value, j.source or "", j.author)
            for j in judgements if j.kind is Kind.FACTOR and j.rule_id and j.value is not None}


def _value_on(book: rulebook.Rulebook, as_of: dt.date, name: str) -> Any:
    return book.value_on(name, as_of)


@functools.lru_cache(maxsize=256)
def plan_for(book: rulebook.Rulebook, as_of: dt.date) -> compiler.Plan:
    """The compiled plan for a rulebook and date (cached per loaded rulebook: compiling is
    pure, and a rulebook object never changes once loaded)."""
    return compiler.compile_plan(book, as_of)


@dataclasses.dataclass(frozen=True)
class Day:
    """What every review under one rulebook on one date shares, worked out once (issue 29):
    each plan entry's place by name (the fired entries are taken in plan order), each rule's
    place (findings of equal severity are listed in rulebook order), the measure in force
    (its title is the review's `law`), the notices the review shows and the parameters the
    impact analysis reads."""

    positions: dict[str, int]
    order: dict[str, int]
    law: str | None
    notices: tuple[Notice, ...]
    # the plan's entries in the order their findings are listed (severity, strongest first;
    # then the rule's place; then the entry's place in the plan), and each one's place in it
    listed: tuple[Entry, ...]
    place: dict[str, int]
    # the district's figures and the indices' grading on the date (checker.impact.Targets)
    impact: impact.Targets
    # the names of the plan entries of the NDRC case (NDRC_CASE: a review with one of them
    # fired is the NDRC's) and whether the measure in force requires the 碳排放评价
    ndrc: frozenset[str]
    carbon_required: bool


@functools.lru_cache(maxsize=256)
def on_day(book: rulebook.Rulebook, as_of: dt.date) -> Day:
    """The `Day` of `book` on `as_of` (cached per loaded rulebook, which never changes)."""
    entries = plan_for(book, as_of).entries
    measure = book.calendar.measure_on(as_of)
    positions = {entry.name: index for index, entry in enumerate(entries)}
    order = {entry.rule_id: entry.order for entry in entries}
    listed = sorted(positions.values(), key=lambda index: (
        findings.severity_of(book, entries[index]).rank, order[entries[index].rule_id], index))
    return Day(positions=positions, order=order, law=measure.title if measure else None,
               notices=tuple(book.calendar.notices(as_of)),
               listed=tuple(entries[index] for index in listed),
               place={entries[index].name: k for k, index in enumerate(listed)},
               impact=impact.targets(book.parameters, as_of),
               ndrc=frozenset(entry.name for entry in entries
                              if (entry.rule_id, entry.outcome) == NDRC_CASE),
               carbon_required=bool(measure and measure.carbon_evaluation))

