"""Steps of the reviewer's judgement (人工复核): after "当审查该项目", the reviewer sets a
finding aside, changes its severity or adds one; the result then is the reviewed one and the
engine's stays in `scenario.engine` (checker.review.reviewed)."""
from __future__ import annotations

from pytest_bdd import parsers, then, when

from checker.judgement import JudgementError, parse
from checker.review import reviewed

PARTS = {"节能审查": "energy", "污染物控制": "pollutant"}


def _judge(scenario, data: dict) -> None:
    if getattr(scenario, "engine", None) is None:
        scenario.engine, scenario.judgements = scenario.result, []
    scenario.judgement_error = None
    try:
        judgement = parse(data)
        scenario.result = reviewed(scenario.engine, [*scenario.judgements, judgement],
                                   book=scenario.book)
        scenario.judgements.append(judgement)
    except JudgementError as exc:
        scenario.judgement_error = exc


@when(parsers.parse('审查人员以理由"{reason}"不予采纳规则"{rule_id}"'))
def set_aside(scenario, reason: str, rule_id: str):
    _judge(scenario, {"kind": "set_aside", "rule_id": rule_id, "reason": reason})


@when(parsers.parse('审查人员以理由"{reason}"将规则"{rule_id}"的严重程度调整为"{severity}"'))
def regrade(scenario, reason: str, rule_id: str, severity: str):
    _judge(scenario, {"kind": "severity", "rule_id": rule_id, "severity": severity,
                      "reason": reason})


@when(parsers.parse('审查人员以理由"{reason}"补充{part}意见"{title}"：'
                    '严重程度"{severity}"，引用条款"{citation}"'))
def add(scenario, reason: str, part: str, title: str, severity: str, citation: str):
    _judge(scenario, {"kind": "added", "part": PARTS[part], "severity": severity,
                      "title": title, "text": f"{title}。", "citation": citation,
                      "reason": reason})


@then(parsers.parse('规则引擎原节能审查结论为"{conclusion}"'))
def engine_conclusion(scenario, conclusion: str):
    actual = scenario.engine.energy_part.conclusion
    assert conclusion in (actual.value, actual.label), f"原结论为 {actual.value}（{actual.label}）"


@then(parsers.parse('规则引擎原污染物控制结论为"{conclusion}"'))
def engine_pollutant_conclusion(scenario, conclusion: str):
    actual = scenario.engine.pollutant_part.conclusion
    assert conclusion in (actual.value, actual.label), f"原结论为 {actual.value}（{actual.label}）"


@then(parsers.parse('规则"{rule_id}"不计入复核后的审查发现，原严重程度"{severity}"仍可见'))
def not_counted(scenario, rule_id: str, severity: str):
    assert rule_id not in [f.rule_id for f in scenario.result.findings]
    aside = [j for j in scenario.result.judgement.set_aside if j.original.rule_id == rule_id]
    assert aside and aside[0].original.severity.value == severity


@then(parsers.parse('人工复核被拒绝，错误指向"{field}"'))
def refused(scenario, field: str):
    assert scenario.judgement_error is not None, "人工复核应被拒绝"
    assert scenario.judgement_error.field == field, str(scenario.judgement_error)


@then(parsers.parse('"{kind}"文书的人工复核记录包含"{text}"'))
def annex_records(scenario, kind: str, text: str):
    """The 人工复核记录 of a document are in the 审查工作底稿 (never in the issued body)."""
    from checker import rulebook
    from checker.opinion import document

    key = next(k for k, d in rulebook.shipped().documents.documents.items() if d.name == kind)
    paper = document.build_working_paper(scenario.result)
    part = next(p for p in paper.parts if p.kind == key)
    rows = [f"{j.kind}：{j.title}（原{j.original}，复核后{j.now}）{j.reason}"
            for j in part.judgements]
    assert any(text in row for row in rows), f"人工复核记录为 {rows}"
