"""Finding severities, the review conclusion they lead to, review parts and outcomes.

A leaf module: the rulebook validates `Part` and `Outcome` values in rule data with it;
`checker.outcome` builds the per-part results from it."""
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
        return SEVERITY_RANKS[self]


SEVERITY_RANKS = {severity: index for index, severity in enumerate(Severity)}
SEVERITY_LABELS = {
    Severity.VETO: "不予通过",
    Severity.MISSING: "材料不全，需补正",
    Severity.CONDITION: "须落实的要求",
    Severity.ADVISORY: "提示",
    Severity.INFO: "说明",
}


class Conclusion(str, Enum):
    """The conclusion a part's findings lead to, from the strongest finding (the energy part
    states it only when the district decides, see checker.outcome; the sentences documents
    use for it are in rules/documents.yaml)."""

    REJECT = "reject"
    INCOMPLETE = "incomplete"
    CONDITIONAL = "conditional"
    APPROVE = "approve"

    @property
    def label(self) -> str:
        return CONCLUSION_LABELS[self]


CONCLUSION_LABELS = {
    Conclusion.REJECT: "不予通过",
    Conclusion.INCOMPLETE: "材料不全，请补正",
    Conclusion.CONDITIONAL: "原则同意，须落实审查要求",
    Conclusion.APPROVE: "原则同意",
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


class Part(str, Enum):
    """The part of a review a rule belongs to (a field of the rule data).

    energy:    节能审查, decided by the district Development and Reform Bureau.
    pollutant: 污染物排放与VOCs控制, decided for the ecology bureau (市生态环境局开福分局).
    """

    ENERGY = "energy"
    POLLUTANT = "pollutant"

    @property
    def label(self) -> str:
        return {Part.ENERGY: "节能审查", Part.POLLUTANT: "污染物排放与VOCs控制"}[self]


class Outcome(str, Enum):
    """Who decides the energy review (read from the `outcome` of the scope/authority case that
    fired; `undetermined` when neither could be told, e.g. no energy use declared, or when a
    case declares it: a project that may be "两高" cannot be decided by the district, 令2025年
    第31号第八条, so "undetermined" outranks the district and exempt tiers)."""

    EXEMPT = "exempt"                        # 不单独进行节能审查
    DISTRICT = "district"                    # 区级审查权限
    REFERRAL_CITY = "referral_city"          # 转报长沙市发展改革委
    REFERRAL_PROVINCE = "referral_province"  # 经市转报省发展改革委
    UNDETERMINED = "undetermined"            # 范围或权限无法判断

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]

    @property
    def rank(self) -> int:
        """Precedence when several cases fired: province > city > undetermined (declared) >
        district > exempt; nothing declared is undetermined too."""
        return OUTCOME_PRECEDENCE.index(self)


OUTCOME_LABELS = {
    Outcome.EXEMPT: "不单独进行节能审查",
    Outcome.DISTRICT: "区级节能审查",
    Outcome.REFERRAL_CITY: "转报市级节能审查机关",
    Outcome.REFERRAL_PROVINCE: "经市转报省级节能审查机关",
    Outcome.UNDETERMINED: "审查范围或权限待定",
}

OUTCOME_PRECEDENCE = [Outcome.REFERRAL_PROVINCE, Outcome.REFERRAL_CITY, Outcome.UNDETERMINED,
                      Outcome.DISTRICT, Outcome.EXEMPT]
# Outcomes a rule case may declare (undetermined is also what no case declared).
CASE_OUTCOMES = list(OUTCOME_PRECEDENCE)
# The authority tiers in ascending order (the "more energy never lowers the authority" relation).
AUTHORITY_TIERS = [Outcome.EXEMPT, Outcome.DISTRICT, Outcome.REFERRAL_CITY,
                   Outcome.REFERRAL_PROVINCE]
