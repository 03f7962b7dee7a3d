"""Finding severities and the review conclusion they lead to."""
from __future__ import annotations

from enum import Enum


class Severity(str, Enum):
    """How a finding weighs on the conclusion (strongest first)."""

    VETO = "veto"            # 不予通过
    MISSING = "missing"      # 材料不全，需补正
    CONDITION = "condition"  # 须落实的要求
    ADVISORY = "advisory"    # 提示
    INFO = "info"            # 说明

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self]

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


SEVERITY_LABELS = {
    Severity.VETO: "不予通过",
    Severity.MISSING: "材料不全，需补正",
    Severity.CONDITION: "须落实的要求",
    Severity.ADVISORY: "提示",
    Severity.INFO: "说明",
}


class Conclusion(str, Enum):
    """The review's conclusion, derived from the strongest finding."""

    REJECT = "reject"
    INCOMPLETE = "incomplete"
    CONDITIONAL = "conditional"
    APPROVE = "approve"

    @property
    def label(self) -> str:
        return CONCLUSION_LABELS[self]

    @property
    def wording(self) -> str:
        """The sentence the opinion uses for this conclusion."""
        return CONCLUSION_WORDING[self]


CONCLUSION_LABELS = {
    Conclusion.REJECT: "不予通过",
    Conclusion.INCOMPLETE: "材料不全，请补正",
    Conclusion.CONDITIONAL: "原则同意，须落实审查要求",
    Conclusion.APPROVE: "原则同意",
}

CONCLUSION_WORDING = {
    Conclusion.REJECT: "经审查，该项目不符合审查条件，节能审查不予通过。",
    Conclusion.INCOMPLETE: "经审查，该项目申报材料不全，请于规定期限内补正后重新报审。",
    Conclusion.CONDITIONAL: "经审查，原则同意该项目节能报告，并须落实下列审查要求。",
    Conclusion.APPROVE: "经审查，原则同意该项目节能报告。",
}


def conclude(severities: list[Severity]) -> Conclusion:
    """veto → reject; else missing → incomplete; else condition → conditional; else approve."""
    present = set(severities)
    if Severity.VETO in present:
        return Conclusion.REJECT
    if Severity.MISSING in present:
        return Conclusion.INCOMPLETE
    if Severity.CONDITION in present:
        return Conclusion.CONDITIONAL
    return Conclusion.APPROVE
