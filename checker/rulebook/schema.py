"""The rulebook's schema: a rule as written in rules/families/*.yaml, its cases and its family.

Each case states its severity with the wording of the source that justifies it; the
pydantic models refuse a rule that lacks it, names an impossible outcome or dates itself
before its own source, naming the problem in Chinese.
"""

import datetime as dt

from pydantic import Field, field_validator, model_validator

from checker.rulebook.errors import unfold
from checker.rulebook.parameters import Strict
from checker.rulebook.sources import Status
from checker.severity import CASE_OUTCOMES, Outcome, Part, Severity

RULE_ID = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"
FORBIDDEN_FACTS = {"sid", "id"}  # any condition on these hangs durable-rules


# Severities that weigh on the conclusion beyond a remark: each such case must quote the
# wording of its source that carries that force (see the severity policy in rulebook.yaml).
JUSTIFIED_SEVERITIES = {Severity.VETO, Severity.CONDITION}


class Case(Strict):
    """One outcome of a rule: when it applies, how severe, what it says and requires.

    ``severity_basis`` names the wording of the source that justifies the severity (e.g.
    "不得新建" for a veto, "力争" for an advisory); it is required for veto and condition.
    """

    name: str = Field(default="main", pattern=r"^[a-z][a-z0-9_]*$")
    when: dict | None = None
    severity: Severity
    severity_basis: str | None = None
    message: str = Field(min_length=1)
    action: str | None = None
    outcome: Outcome | None = None  # who decides the energy review when this case fires
    cite: str | None = None         # the key clause documents cite for this case (a citation)

    @field_validator("outcome")
    @classmethod
    def _declarable(cls, outcome: Outcome | None) -> Outcome | None:
        if outcome is not None and outcome not in CASE_OUTCOMES:
            raise ValueError(f"outcome 须为 {'、'.join(o.value for o in CASE_OUTCOMES)} 之一")
        return outcome

    @field_validator("message", "action", "severity_basis")
    @classmethod
    def _unfold(cls, text: str | None) -> str | None:
        return unfold(text)

    @model_validator(mode="after")
    def _justified(self) -> "Case":
        if self.severity in JUSTIFIED_SEVERITIES and not (self.severity_basis or "").strip():
            raise ValueError(
                f"情形“{self.name}”的严重程度为{self.severity.value}，须以 severity_basis 写明所依据的原文措辞")
        return self


class Rule(Strict):
    """A rule as written in rules/families/*.yaml."""

    id: str = Field(pattern=RULE_ID)
    title: str = Field(min_length=1)
    part: Part                                 # energy review or pollutant control
    clause: str = Field(min_length=1)          # the Kaifu plan clause, e.g. kaifu.4.3
    citations: list[str] = Field(default_factory=list)  # further instruments (令2023年第2号…)
    effective_from: dt.date
    effective_until: dt.date | None = None
    source_issued: dt.date | None = None       # issue date of the requirement's instrument
    source_status: Status | None = None        # verification tag of its wording and date
    scope: dict | None = None                  # when the rule applies at all
    requires: list[str] = Field(default_factory=list)  # inputs it needs (absent → missing)
    missing_message: str | None = None
    cases: list[Case] = Field(min_length=1)
    explanation: str | None = None             # the condition in words, for the rule explorer

    @field_validator("missing_message", "explanation")
    @classmethod
    def _unfold(cls, text: str | None) -> str | None:
        return unfold(text)

    @model_validator(mode="after")
    def _not_before_source(self) -> "Rule":
        """A review dated before the requirement's source existed must not apply it."""
        if (self.source_issued is None) != (self.source_status is None):
            raise ValueError("source_issued 与 source_status 须同时给出")
        if self.source_issued and self.effective_from < self.source_issued:
            raise ValueError(
                f"effective_from {self.effective_from} 早于来源文件印发日期 {self.source_issued}")
        return self

    def active_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day < self.effective_until)

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]


class Family(Strict):
    """One file of rules: a policy family, its title and its rules in order."""

    family: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    part: Part                                 # default part of the family's rules
    rules: list[Rule] = Field(min_length=1)


# The family of the findings a reviewer adds (人工复核, checker.judgement: rule ids
# ``reviewer.<n>``): counted in the ledger beside the rulebook's own families, so no family of
# the rulebook may take its name.
REVIEWER_FAMILY = "reviewer"
REVIEWER_FAMILY_TITLE = "审查人员补充意见"


def rule_texts(rule: Rule) -> list[str]:
    """Every text a rule shows the reviewer: its cases' messages and actions, then the
    message for missing inputs (the texts whose placeholders are filled in)."""
    return [c.message for c in rule.cases] + [c.action or "" for c in rule.cases] + \
        [rule.missing_message or ""]

