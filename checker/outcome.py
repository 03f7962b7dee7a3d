"""The review's outcome and its two parts, each with its own conclusion.

Legal meaning: every review has an energy-review part (节能审查, decided by the district
Development and Reform Bureau when the project is within its authority) and a pollutant-control
part (污染物排放与VOCs控制, decided for the ecology bureau).  A rule's part is rule data; a
part's conclusion uses only that part's findings, so a pollutant veto never changes the energy
conclusion and vice versa.  Who decides the energy review (the outcome) is read from the
`outcome` of the scope/authority case that fired: exempt projects get no district decision,
projects of the city or the province are referred, and only district projects (plain, or under
the 告知承诺 route of Art. 11) get approve / conditional / incomplete / reject.
"""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict

from checker.findings import Finding, trusted
from checker.severity import (CONCLUSION_LABELS, DECIDED_IN_DISTRICT, Conclusion, Outcome, Part,
                              Severity, conclude)

__all__ = ["Part", "Outcome", "EnergyConclusion", "PollutantConclusion", "PartResult",
           "energy_outcome", "energy_part", "pollutant_part", "parts_of", "energy_decision",
           "pollutant_conclusion"]


class EnergyConclusion(str, Enum):
    """The energy part's conclusion; the first four only when the district decides."""

    APPROVE = "approve"
    CONDITIONAL = "conditional"
    INCOMPLETE = "incomplete"
    REJECT = "reject"
    EXEMPT = "exempt"              # 不单独进行节能审查
    REFERRED = "referred"          # 转报有权机关审查
    UNDETERMINED = "undetermined"  # 范围或权限无法判断

    @property
    def label(self) -> str:
        return ENERGY_LABELS[self]


# The district's four conclusions are worded once (checker.severity.CONCLUSION_LABELS); the
# energy part adds the three that say the district does not conclude.
ENERGY_LABELS = {
    **{EnergyConclusion(conclusion.value): label
       for conclusion, label in CONCLUSION_LABELS.items()},
    EnergyConclusion.EXEMPT: "不单独进行节能审查",
    EnergyConclusion.REFERRED: "不属区级权限，转报有权机关审查",
    EnergyConclusion.UNDETERMINED: "审查范围或权限待定",
}


class PollutantConclusion(str, Enum):
    """The pollutant-control part's conclusion, in the ecology bureau's own labels."""

    COMPLIANT = "compliant"
    CONDITIONAL = "conditional"
    INCOMPLETE = "incomplete"
    NON_COMPLIANT = "non_compliant"
    NOT_APPLICABLE = "not_applicable"  # nothing for the ecology bureau to decide

    @property
    def label(self) -> str:
        return POLLUTANT_LABELS[self]


POLLUTANT_LABELS = {
    PollutantConclusion.COMPLIANT: "符合",
    PollutantConclusion.CONDITIONAL: "有条件符合",
    PollutantConclusion.INCOMPLETE: "需补正",
    PollutantConclusion.NON_COMPLIANT: "不符合",
    PollutantConclusion.NOT_APPLICABLE: "不涉及",
}

_POLLUTANT_OF = {Conclusion.APPROVE: PollutantConclusion.COMPLIANT,
                 Conclusion.CONDITIONAL: PollutantConclusion.CONDITIONAL,
                 Conclusion.INCOMPLETE: PollutantConclusion.INCOMPLETE,
                 Conclusion.REJECT: PollutantConclusion.NON_COMPLIANT}


class PartResult(BaseModel):
    """One part of a review: its conclusion, its findings and (energy part) its outcome."""

    model_config = ConfigDict(frozen=True, defer_build=True)
    part: Part
    conclusion: EnergyConclusion | PollutantConclusion
    findings: list[Finding]
    outcome: Outcome | None = None

    @property
    def applicable(self) -> bool:
        return self.conclusion is not PollutantConclusion.NOT_APPLICABLE

    def json(self) -> dict:
        return {"part": self.part.value, "part_label": self.part.label,
                "conclusion": self.conclusion.value, "label": self.conclusion.label,
                "outcome": self.outcome.value if self.outcome else None,
                "outcome_label": self.outcome.label if self.outcome else None,
                "findings": [f.rule_id for f in self.findings]}


def energy_outcome(findings: list[Finding]) -> Outcome:
    """The strongest outcome any fired case declared (province > city > commitment > district
    > exempt); `undetermined` when none did (e.g. no energy declared: never exempt)."""
    declared = [f.energy_outcome for f in findings if f.energy_outcome is not None]
    return min(declared, key=lambda o: o.rank) if declared else Outcome.UNDETERMINED


def energy_part(findings: list[Finding]) -> PartResult:
    """The energy part: conclusion by outcome; by severity only for district decisions."""
    return _energy_part([f for f in findings if f.part is Part.ENERGY])


def _energy_part(own: list[Finding]) -> PartResult:
    outcome, conclusion = energy_decision(own)
    return trusted(PartResult, {"part": Part.ENERGY, "conclusion": conclusion, "findings": own,
                                "outcome": outcome})


def energy_decision(own) -> tuple[Outcome, EnergyConclusion]:
    """Who decides the energy review and its conclusion, from the energy part's findings (or
    anything with their `severity` and `energy_outcome`: checker.findings.Brief)."""
    outcome = energy_outcome(own)
    if outcome in DECIDED_IN_DISTRICT:
        conclusion = _ENERGY_OF[conclude([f.severity for f in own])]
    elif outcome is Outcome.EXEMPT:
        conclusion = EnergyConclusion.EXEMPT
    elif outcome is Outcome.UNDETERMINED:
        conclusion = EnergyConclusion.UNDETERMINED
    else:
        conclusion = EnergyConclusion.REFERRED
    return outcome, conclusion


# the energy part's conclusion when the district decides: the severities' own
_ENERGY_OF = {conclusion: EnergyConclusion(conclusion.value) for conclusion in Conclusion}

# Severities that give the ecology bureau something to decide: a pollutant part whose findings
# are only hints (提示) or explanations (说明) produces no compliance opinion of its own.
DECIDING = {Severity.VETO, Severity.MISSING, Severity.CONDITION}


def pollutant_part(findings: list[Finding]) -> PartResult:
    """The pollutant part: not applicable unless one of its findings asks for a decision
    (veto, missing, condition), else by its own severities; hints stay listed either way."""
    return _pollutant_part([f for f in findings if f.part is Part.POLLUTANT])


def _pollutant_part(own: list[Finding]) -> PartResult:
    return trusted(PartResult, {"part": Part.POLLUTANT,
                                "conclusion": pollutant_conclusion(own), "findings": own,
                                "outcome": None})


def pollutant_conclusion(own) -> PollutantConclusion:
    """The pollutant part's conclusion from its findings (or anything with their `severity`)."""
    deciding = any(f.severity in DECIDING for f in own)
    return (_POLLUTANT_OF[conclude([f.severity for f in own])] if deciding
            else PollutantConclusion.NOT_APPLICABLE)


def parts_of(findings: list[Finding]) -> dict[Part, PartResult]:
    """Both parts of a review from its findings: the one place conclusions are computed, for
    the engine's findings (checker.review) and for the reviewed ones (checker.judgement)."""
    energy: list[Finding] = []
    pollutant: list[Finding] = []
    for finding in findings:  # each part's own, in the findings' order (one pass)
        part = finding.part
        if part is Part.ENERGY:
            energy.append(finding)
        elif part is Part.POLLUTANT:
            pollutant.append(finding)
    return {Part.ENERGY: _energy_part(energy), Part.POLLUTANT: _pollutant_part(pollutant)}
