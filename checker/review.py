"""One review: application → energy account → facts → engine → findings → conclusion.

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

from checker import compiler, energy, findings, intake, rulebook
from checker.engine import ENGINE
from checker.facts import Context, derive_all
from checker.findings import Finding
from checker.model import ProjectApplication
from checker.severity import Conclusion, conclude

Evaluator = Callable[[compiler.Plan, dict[str, Any]], set[str]]


class Review(BaseModel):
    """The complete, reproducible result of reviewing one application on one date."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    application: ProjectApplication
    input_sha256: str
    as_of: dt.date
    rulebook_version: str
    energy: energy.EnergyAccount
    facts: dict[str, Any]
    findings: list[Finding]
    conclusion: Conclusion

    def summary_json(self) -> dict[str, Any]:
        """The CLI/API JSON: conclusion, findings, energy, rulebook version, input hash."""
        return {
            "conclusion": self.conclusion.value,
            "conclusion_label": self.conclusion.label,
            "as_of": self.as_of.isoformat(),
            "rulebook_version": self.rulebook_version,
            "input_sha256": self.input_sha256,
            "project": {"name": self.application.project.name,
                        "applicant": self.application.project.applicant},
            "energy": energy_json(self.energy),
            "findings": [finding_json(f) for f in self.findings],
        }


def finding_json(finding: Finding) -> dict[str, Any]:
    data = finding.model_dump(mode="json")
    data["severity_label"] = finding.severity.label
    data["unverified"] = finding.unverified
    return data


def energy_json(account: energy.EnergyAccount) -> dict[str, Any]:
    data = dataclasses.asdict(account)
    data["dual_control_tce"] = account.dual_control_tce
    if account.electricity_equivalent is not None:
        data["electricity_equivalent"] = account.electricity_equivalent.model_dump(mode="json")
    return data


def review(app: ProjectApplication, as_of: dt.date | None = None,
           book: rulebook.Rulebook | None = None, evaluate: Evaluator | None = None) -> Review:
    """Review `app` as of `as_of` (default: today) against `book` (default: the configured one).

    `evaluate` chooses the evaluator of the compiled plan: durable-rules by default, or the
    plain-Python reference evaluator for differential testing.
    """
    book = book or rulebook.current()
    as_of = as_of or dt.date.today()
    account = energy.account(app, book, as_of)
    facts = derive_all(Context(app, account, as_of, book.tables))
    plan = plan_for(book, as_of)
    fired = (evaluate or ENGINE.fired)(plan, facts)
    results = [findings.build(book, entry, facts, as_of)
               for entry in plan.entries if entry.name in fired]
    order = {entry.rule_id: entry.order for entry in plan.entries}
    results.sort(key=lambda f: (f.severity.rank, order[f.rule_id]))
    return Review(application=app, input_sha256=intake.input_sha256(app), as_of=as_of,
                  rulebook_version=book.version, energy=account, facts=facts,
                  findings=results, conclusion=conclude([f.severity for f in results]))


@functools.lru_cache(maxsize=256)
def plan_for(book: rulebook.Rulebook, as_of: dt.date) -> compiler.Plan:
    """The compiled plan for a rulebook and date (cached per loaded rulebook: compiling is
    pure, and a rulebook object never changes once loaded)."""
    return compiler.compile_plan(book, as_of)
