"""A reviewer's judgement (人工复核) on the engine's findings, and the reviewed result.

Legal meaning: the engine's findings are the checker's reading of an application; the decision
is the bureau's.  The drafter of a review (起草人, the 审查人员 who stored it; the store enforces
it) may set a finding aside (不予采纳), change its severity (调整结论类别) or add a finding of
their own (补充审查意见: free text citing a clause of the rulebook's citation library,
rules/citations.yaml), each with a written reason.

What a judgement cannot change: who decides the energy review (审查权限: district, city,
province or exempt).  That follows from the rulebook's thresholds; a finding that carries such
an outcome (Finding.energy_outcome, e.g. energy_review.authority) can be neither set aside nor
re-graded — setting it aside would leave the outcome and the conclusion undetermined.  An added
finding never carries an outcome.  Nor does a judgement change the engine's findings.  The
conclusion of each part, the outcome and the documents follow the reviewed findings; the
engine's findings stay as they were (reproducible from input, date and rulebook) and are shown
beside the reviewed result, and a set-aside or re-graded finding keeps its original severity.

This module only decides *which* findings count and with *which* severity: the conclusions are
computed from them by the same code as from the engine's findings (checker.outcome.parts_of),
the document types by the rulebook's documents (DocumentBook.for_parts).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping

from pydantic import BaseModel, ConfigDict

from checker.rulebook.citations import Citation, CitationBook
from checker.findings import Finding
from checker.intake import printable, text_problem
from checker.outcome import PartResult, parts_of
from checker.refusals import Refused
from checker.rulebook import REVIEWER_FAMILY
from checker.severity import Outcome, Part, Severity
from checker.rulebook.sources import Status

REASON_MAX = 500
TEXT_MAX = 1000
TITLE_MAX = 100
ADDED_ROLE = "复核依据"     # the role of an added finding's citation
ADDED_PREFIX = f"{REVIEWER_FAMILY}."  # the key of an added finding: reviewer.<judgement id>


class Kind(str, Enum):
    """What the reviewer decided about a finding."""

    SET_ASIDE = "set_aside"  # 不予采纳: the finding does not count
    SEVERITY = "severity"    # 调整结论类别: it counts with another severity
    ADDED = "added"          # 补充审查意见: a finding of the reviewer's own
    FACTOR = "factor"        # 补充排放因子: a CO₂ factor the rulebook lacks, for this review

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {Kind.SET_ASIDE: "不予采纳", Kind.SEVERITY: "调整结论类别",
               Kind.ADDED: "补充审查意见", Kind.FACTOR: "补充排放因子"}

# The Chinese name of each field, for error messages (the API's `title`).
FIELD_TITLES = {"kind": "复核类型", "rule_id": "所复核的审查发现", "severity": "结论类别",
                "part": "审查部分", "title": "标题", "text": "审查意见", "citation": "引用条款",
                "reason": "复核理由", "value": "排放因子数值", "source": "因子来源"}


BODY_TITLE = "请求体"  # the title of a refusal of the whole body (path "")


def field_title(name: str) -> str:
    """The Chinese title of a field of a judgement ("" : the whole body)."""
    return FIELD_TITLES.get(name) or (name or BODY_TITLE)


class JudgementError(Refused):
    """A judgement that cannot be accepted: `field` names the field, the message is Chinese."""

    code = "invalid_input"

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_title(field_name)}：{message}",
                         problems=[{"path": field_name, "title": field_title(field_name),
                                    "message": message}])
        self.field = field_name
        self.message = message

    def problem(self) -> dict[str, str]:
        """The refusal in the shape of checker.intake.InputError's problems."""
        return {"path": self.field, "title": field_title(self.field), "message": self.message}


class Judgement(BaseModel):
    """One judgement of a reviewer, with the reason they wrote (who and when: the store)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    kind: Kind
    rule_id: str | None = None        # the finding judged (set_aside, severity)
    severity: Severity | None = None  # the new severity (severity), the added finding's (added)
    part: Part | None = None          # the added finding's review part
    title: str | None = None          # the added finding's title
    text: str | None = None           # the added finding's text
    citation: str | None = None       # the added finding's clause (an id of the citation library)
    value: float | None = None        # the supplied factor (factor; rule_id: its parameter)
    source: str | None = None         # where the supplied factor comes from (factor)
    reason: str
    id: int | None = None             # the store's row id
    author: str = ""
    at: dt.datetime | None = None

    def key(self, position: int = 0) -> str:
        """The finding this judgement is about (an added one: reviewer.<id or position>)."""
        if self.kind is Kind.ADDED:
            return f"{ADDED_PREFIX}{self.id if self.id is not None else position}"
        return self.rule_id or ""

    def json(self, position: int = 0) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        data.update(kind_label=self.kind.label, key=self.key(position),
                    severity_label=self.severity.label if self.severity else None)
        return data


def _text(data: Mapping[str, Any], name: str, limit: int, required: bool = True,
          multiline: bool = False) -> str | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise JudgementError(name, "不能为空")
        return None
    if not isinstance(value, str):
        raise JudgementError(name, "须为文本")
    value = value.strip()
    if len(value) > limit:
        raise JudgementError(name, f"不得超过{limit}字")
    if (problem := text_problem(value, multiline=multiline)) is not None:
        raise JudgementError(name, problem)
    return value


def _choice(data: Mapping[str, Any], name: str, enum, required: bool = True):
    value = data.get(name)
    if value in (None, ""):
        if required:
            raise JudgementError(name, "不能为空")
        return None
    try:
        return enum(value)
    except (ValueError, TypeError):
        allowed = "、".join(f"{e.value}（{e.label}）" for e in enum)
        raise JudgementError(name, f"“{printable(str(value)[:40])}”不是可选值，"
                                   f"可选：{allowed}") from None


SOURCE_MAX = 200
FACTOR_MAX = 1e9


def _factor(value: Any) -> float:
    """A supplied CO₂ factor: a positive number (a form sends it as text)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise JudgementError("value", "不能为空")
    if isinstance(value, bool):
        raise JudgementError("value", "须为正数")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise JudgementError("value", "须为正数") from None
    if not 0 < number < FACTOR_MAX:  # also refuses nan and inf
        raise JudgementError("value", "须为正数，且小于10亿")
    return number


def parse(data: Mapping[str, Any]) -> Judgement:
    """A judgement from a form or a JSON body; JudgementError names the first bad field (a
    text the project refuses, checker.intake.text_problem: that message, naming the field)."""
    if not isinstance(data, Mapping):
        raise JudgementError("", "须为JSON对象（以字段名为键）")
    unknown = sorted(map(str, set(data) - set(FIELD_TITLES)))
    if unknown:
        raise JudgementError(printable(unknown[0][:40]), "未知字段")
    kind = _choice(data, "kind", Kind)
    reason = _text(data, "reason", REASON_MAX, multiline=True)  # text areas
    if kind is Kind.FACTOR:
        return Judgement(kind=kind, reason=reason, rule_id=_text(data, "rule_id", 200),
                         value=_factor(data.get("value")), source=_text(data, "source", SOURCE_MAX))
    if kind is Kind.ADDED:
        return Judgement(kind=kind, reason=reason, part=_choice(data, "part", Part),
                         severity=_choice(data, "severity", Severity),
                         title=_text(data, "title", TITLE_MAX),
                         text=_text(data, "text", TEXT_MAX, multiline=True),
                         citation=_text(data, "citation", 200))
    rule_id = _text(data, "rule_id", 200)
    severity = _choice(data, "severity", Severity, required=kind is Kind.SEVERITY)
    return Judgement(kind=kind, reason=reason, rule_id=rule_id,
                     severity=severity if kind is Kind.SEVERITY else None)


def check(judgement: Judgement, findings: list[Finding], citations: CitationBook,
          existing: list[Judgement] = (), factors_missing: Mapping[str, str] = {}) -> None:
    """JudgementError unless `judgement` fits the engine's `findings` and the judgements
    already made: the finding exists, carries no energy outcome (审查权限) and is judged once, a
    new severity differs from the engine's, an added finding cites a clause of the citation
    library, a supplied factor is one the review's carbon account lacks (`factors_missing`:
    parameter name → carrier) and is supplied once."""
    if judgement.kind is Kind.FACTOR:
        name = judgement.rule_id or ""
        if name not in factors_missing:
            raise JudgementError("rule_id", f"本次审查的碳排放核算不缺少排放因子“{name[:80]}”"
                                            "（只能补充未设置的因子）")
        if any(j.kind is Kind.FACTOR and j.rule_id == name for j in existing):
            raise JudgementError("rule_id", f"{factors_missing[name]}的排放因子已补充，"
                                            "请先撤回原复核意见")
        return
    if judgement.kind is Kind.ADDED:
        if not judgement.citation or judgement.citation not in citations.clauses:
            raise JudgementError("citation", f"“{(judgement.citation or '')[:60]}”不是规则库"
                                             "引用条款库中的条款，请从列表中选择")
        if judgement.part is None or judgement.severity is None:
            raise JudgementError("part" if judgement.part is None else "severity", "不能为空")
        return
    finding = next((f for f in findings if f.rule_id == judgement.rule_id), None)
    if finding is None:
        raise JudgementError("rule_id", f"本次审查没有审查发现“{(judgement.rule_id or '')[:80]}”")
    if finding.energy_outcome is not None:
        raise JudgementError("rule_id", f"审查发现“{finding.title}”确定审查权限"
                                        f"（{finding.energy_outcome.label}），由规则库的权限"
                                        "标准决定，不能不予采纳或调整结论类别")
    if any(j.kind is not Kind.ADDED and j.rule_id == judgement.rule_id for j in existing):
        raise JudgementError("rule_id", f"审查发现“{finding.title}”已有人工复核意见，"
                                        "请先撤回原复核意见")
    if judgement.kind is Kind.SEVERITY:
        if judgement.severity is None:
            raise JudgementError("severity", "不能为空")
        if judgement.severity is finding.severity:
            raise JudgementError("severity", f"与原结论类别（{finding.severity.label}）相同")


def added_finding(judgement: Judgement, citations: CitationBook, position: int = 0) -> Finding:
    """The finding a reviewer added: their text, citing the clause they chose."""
    return Finding(rule_id=judgement.key(position), outcome=judgement.kind.value,
                   part=judgement.part or Part.ENERGY, severity=judgement.severity or Severity.INFO,
                   title=judgement.title or "", message=judgement.text or "", action=None,
                   citations=[_cite(citations, judgement.citation or "")], values=[],
                   parameters=[], key_clause=judgement.citation)


def _cite(citations: CitationBook, clause_id: str) -> Citation:
    if clause_id in citations.clauses:
        return citations.cite(clause_id, ADDED_ROLE)
    # a clause the rulebook no longer has (a judgement stored under an earlier version)
    return Citation(id=clause_id, instrument=clause_id, number=None, level="", article="",
                    heading="当前规则库中已无此条款", text=None, status=Status.GAP,
                    role=ADDED_ROLE)


# How a judgement's before and after read (the audit log, the documents' annex, the page).
NO_SEVERITY = "—"        # an added finding had no severity of the engine
NOT_COUNTED = "不计入"   # a finding set aside counts with none


@dataclass(frozen=True)
class Judged:
    """A finding as the reviewer judged it: the engine's finding (None for an added one), the
    judgement, and the finding as it counts now (None when set aside)."""

    judgement: Judgement
    original: Finding | None
    reviewed: Finding | None

    @property
    def title(self) -> str:
        """The title of the finding judged (an added one: the reviewer's)."""
        finding = self.original or self.reviewed
        return finding.title if finding else (self.judgement.title or "")

    @property
    def before_label(self) -> str:
        """The severity the engine gave ("—": an added finding)."""
        return self.original.severity.label if self.original else NO_SEVERITY

    @property
    def after_label(self) -> str:
        """The severity it counts with now ("不计入": set aside)."""
        return self.reviewed.severity.label if self.reviewed else NOT_COUNTED

    def json(self, position: int = 0) -> dict[str, Any]:
        original = self.original
        return {**self.judgement.json(position), "finding_title": self.title,
                "original_severity": original.severity.value if original else None,
                "original_severity_label": original.severity.label if original else None,
                "before_label": self.before_label, "after_label": self.after_label}


@dataclass(frozen=True)
class Reviewed:
    """The reviewed result: the findings that count (re-graded and added ones included, set-
    aside ones not), each part's conclusion and the outcome computed from them, the document
    types; and beside them the engine's own parts and outcome."""

    findings: list[Finding]
    parts: dict[Part, PartResult]
    outcome: Outcome
    documents: list[str]
    judged: list[Judged]
    engine_parts: dict[Part, PartResult]
    engine_outcome: Outcome
    set_aside: list[Judged] = field(default_factory=list)
    factors: list[Judgement] = field(default_factory=list)  # CO₂ factors supplied (补充排放因子)

    @property
    def changed(self) -> bool:
        """True when the reviewer's judgements change a conclusion or the outcome."""
        return (self.outcome is not self.engine_outcome
                or any(self.parts[p].conclusion is not self.engine_parts[p].conclusion
                       for p in Part))

    def judgement_of(self, key: str) -> Judged | None:
        return next((j for j in self.judged if j.judgement.key(self._position(j)) == key), None)

    def _position(self, judged: Judged) -> int:
        return self.judged.index(judged) + 1

    def summary(self) -> dict[str, Any]:
        """What the reviewed result changes in a review's summary JSON (checker.review): the
        reviewed conclusion, outcome, parts, documents and findings (a judged one with its
        judgement and original severity), the findings set aside, the judgements, and the
        engine's own conclusion, outcome and parts beside."""
        energy = self.parts[Part.ENERGY].conclusion
        return {"conclusion": energy.value, "conclusion_label": energy.label,
                "outcome": self.outcome.value, "outcome_label": self.outcome.label,
                "parts": {p.value: r.json() for p, r in self.parts.items()},
                "documents": list(self.documents),
                "findings": [self._finding_json(f) for f in self.findings],
                "set_aside": [{**j.original.json(), "judgement": j.json(self._position(j))}
                              for j in self.set_aside if j.original is not None],
                **self.json()}

    def _finding_json(self, finding: Finding) -> dict[str, Any]:
        data = finding.json()
        judged = self.judgement_of(finding.rule_id)
        if judged is not None:
            data["judgement"] = judged.json(self._position(judged))
        return data

    def json(self) -> dict[str, Any]:
        """The judgements, the engine's parts and outcome beside."""
        return {"judgements": [j.json(self._position(j)) for j in self.judged],
                "factors": [j.json() for j in self.factors],
                "engine": {"outcome": self.engine_outcome.value,
                           "outcome_label": self.engine_outcome.label,
                           "conclusion": self.engine_parts[Part.ENERGY].conclusion.value,
                           "conclusion_label": self.engine_parts[Part.ENERGY].conclusion.label,
                           "parts": {p.value: r.json() for p, r in self.engine_parts.items()}},
                "changed": self.changed}


def apply(findings: list[Finding], judgements: list[Judgement], citations: CitationBook,
          documents_for, strict: bool = True) -> Reviewed:
    """The reviewed result of the engine's `findings` under `judgements` (in the order made).

    `documents_for` gives the document types of part results (DocumentBook.for_parts).
    Judgements are checked as they are applied (JudgementError on one that no longer fits);
    `strict=False` (judgements stored earlier, the rulebook may have changed since) skips
    the checks: a judgement on a finding the review no longer has is then left out."""
    judged: list[Judged] = []
    by_rule: dict[str, Judgement] = {}
    factors: list[Judgement] = []
    for number, judgement in enumerate(judgements, 1):
        if judgement.kind is Kind.FACTOR:  # the carbon account's (checker.review.reviewed)
            factors.append(judgement)
            continue
        if strict:
            check(judgement, findings, citations, list(by_rule.values()))
        if judgement.kind is Kind.ADDED:
            judged.append(Judged(judgement, None, added_finding(judgement, citations, number)))
        else:
            by_rule[judgement.rule_id or ""] = judgement
    reviewed: list[Finding] = []
    for finding in findings:
        judgement = by_rule.get(finding.rule_id)
        if judgement is None:
            reviewed.append(finding)
            continue
        now = (None if judgement.kind is Kind.SET_ASIDE
               else finding.model_copy(update={"severity": judgement.severity}))
        judged.append(Judged(judgement, finding, now))
        if now is not None:
            reviewed.append(now)
    reviewed += [j.reviewed for j in judged if j.original is None and j.reviewed is not None]
    order = {f.rule_id: i for i, f in enumerate(reviewed)}
    reviewed.sort(key=lambda f: (f.severity.rank, order[f.rule_id]))
    judged.sort(key=lambda j: judgements.index(j.judgement))
    parts, engine_parts = parts_of(reviewed), parts_of(findings)
    return Reviewed(findings=reviewed, parts=parts, outcome=parts[Part.ENERGY].outcome,
                    documents=documents_for(parts), judged=judged, engine_parts=engine_parts,
                    engine_outcome=engine_parts[Part.ENERGY].outcome,
                    set_aside=[j for j in judged if j.reviewed is None], factors=factors)
