"""The reviewer's judgement (人工复核): applying set-aside, re-grade and added findings to a real
review gives the reviewed conclusion, computed by the same code as the engine's."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from checker import intake, rulebook
from checker.judgement import Judgement, JudgementError, Kind, parse
from checker.outcome import EnergyConclusion, PollutantConclusion
from checker.review import review, reviewed
from checker.severity import Part, Severity
from tests.conftest import SAMPLES

AS_OF = dt.date(2026, 1, 15)
CITATION = "kaifu.3.1"


def _review(name: str):
    data = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return review(intake.validate(data), AS_OF)


def test_setting_aside_the_veto_lifts_the_rejection_and_keeps_the_engine_result():
    engine = _review("built_before_approval")
    assert engine.conclusion is EnergyConclusion.REJECT
    result = reviewed(engine, [Judgement(kind=Kind.SET_ASIDE,
                                         rule_id="procedure.built_before_approval_order31",
                                         reason="经现场核实，项目未开工")])
    assert result.conclusion is EnergyConclusion.CONDITIONAL
    # the Art. 24 notice gives way to the opinion the reviewed findings call for
    assert engine.documents() == ["stop_notice"] and result.documents() == ["energy_opinion"]
    assert "procedure.built_before_approval_order31" not in [f.rule_id for f in result.findings]
    assert result.judgement.engine_parts[Part.ENERGY].conclusion is EnergyConclusion.REJECT
    assert result.judgement.changed
    summary = result.summary_json()
    assert summary["conclusion"] == "conditional"
    assert summary["engine"]["conclusion"] == "reject"
    aside = summary["set_aside"][0]
    assert aside["rule_id"] == "procedure.built_before_approval_order31"
    assert aside["judgement"]["original_severity"] == "veto"
    assert aside["judgement"]["reason"] == "经现场核实，项目未开工"
    # the engine result itself is unchanged
    assert engine.conclusion is EnergyConclusion.REJECT
    assert "judgements" not in engine.summary_json()


def test_an_added_veto_makes_the_conclusion_stricter():
    engine = _review("food_factory")
    assert engine.conclusion is EnergyConclusion.CONDITIONAL
    added = Judgement(kind=Kind.ADDED, part=Part.ENERGY, severity=Severity.VETO,
                      title="项目选址与规划不符", text="项目选址位于规划禁建区。",
                      citation=CITATION, reason="现场踏勘发现", id=7)
    result = reviewed(engine, [added])
    assert result.conclusion is EnergyConclusion.REJECT
    finding = next(f for f in result.findings if f.rule_id == "reviewer.7")
    assert finding.citations[0].id == CITATION and finding.citations[0].role == "复核依据"
    assert result.summary_json()["findings"][0]["judgement"]["kind"] == "added"


def test_a_new_severity_counts_and_the_original_stays_visible():
    engine = _review("furniture_coating_factory")
    assert engine.pollutant_part.conclusion is PollutantConclusion.NON_COMPLIANT
    result = reviewed(engine, [Judgement(kind=Kind.SEVERITY, rule_id="vocs.coating_limits",
                                         severity=Severity.CONDITION, reason="企业已承诺替代")])
    assert result.pollutant_part.conclusion is PollutantConclusion.CONDITIONAL
    data = next(f for f in result.summary_json()["findings"]
                if f["rule_id"] == "vocs.coating_limits")
    assert data["severity"] == "condition"
    assert data["judgement"]["original_severity"] == "veto"
    assert result.conclusion is engine.conclusion  # the energy part has its own findings


def test_setting_aside_the_only_deciding_pollutant_findings_drops_the_pollutant_document():
    engine = _review("logistics_warehouse")
    assert "pollutant_opinion" in engine.documents()
    result = reviewed(engine, [Judgement(kind=Kind.SET_ASIDE,
                                         rule_id="emission_class.nonroad_china4",
                                         reason="非道路机械已全部更新")])
    assert result.pollutant_part.conclusion is PollutantConclusion.NOT_APPLICABLE
    assert result.documents() == ["energy_opinion"]


def test_no_judgements_is_the_engine_result():
    engine = _review("food_factory")
    assert reviewed(engine, []) is engine


@pytest.mark.parametrize("data, field", [
    ({"kind": "set_aside", "rule_id": "metering.gb17167", "reason": "  "}, "reason"),
    ({"kind": "set_aside", "rule_id": "metering.gb17167"}, "reason"),
    ({"kind": "ignore", "rule_id": "metering.gb17167", "reason": "x"}, "kind"),
    ({"kind": "severity", "rule_id": "metering.gb17167", "reason": "x"}, "severity"),
    ({"kind": "severity", "rule_id": "metering.gb17167", "severity": "bad", "reason": "x"},
     "severity"),
    ({"kind": "added", "part": "energy", "severity": "veto", "title": "t", "reason": "x",
      "citation": CITATION}, "text"),
    ({"kind": "set_aside", "rule_id": "m", "reason": "原因\u202e"}, "reason"),
    ({"kind": "set_aside", "rule_id": "m", "reason": "原因\u0001说明"}, "reason"),
    ({"kind": "set_aside", "rule_id": "m", "reason": "原因\u0085说明"}, "reason"),
    ({"kind": "added", "part": "energy", "severity": "veto", "title": "标题\n第二行",
      "text": "x", "reason": "y", "citation": CITATION}, "title"),
    ({"kind": "set_aside", "rule_id": "m", "reason": "x" * 501}, "reason"),
    ({"kind": "set_aside", "rule_id": "m", "reason": "x", "who": "me"}, "who"),
])
def test_bad_judgements_name_the_field_in_chinese(data, field):
    with pytest.raises(JudgementError) as error:
        parse(data)
    assert error.value.field == field
    assert error.value.problem()["title"]


def test_reasons_and_texts_may_have_several_lines_titles_may_not():
    """A reason or an added finding's text is typed in a text area: line breaks and tabs are
    kept; its title is one line; no text holds another control character (issue 25 item 4)."""
    judgement = parse({"kind": "added", "part": "energy", "severity": "veto", "title": "标题",
                       "text": "第一段\r\n第二段", "reason": "一、现场核实\n二、\t补充材料",
                       "citation": CITATION})
    assert judgement.reason == "一、现场核实\n二、\t补充材料" and "\r\n" in judgement.text
    with pytest.raises(JudgementError, match="U\\+0001") as error:
        parse({"kind": "set_aside", "rule_id": "m", "reason": "第一行\n第二\u0001行"})
    assert error.value.field == "reason"


def test_an_added_finding_must_cite_a_clause_of_the_library():
    engine = _review("food_factory")
    judgement = parse({"kind": "added", "part": "energy", "severity": "veto", "title": "t",
                       "text": "x", "reason": "y", "citation": "no.such.clause"})
    with pytest.raises(JudgementError) as error:
        reviewed(engine, [judgement])
    assert error.value.field == "citation"
    assert "引用条款库" in str(error.value)


def test_a_judgement_must_name_a_finding_of_the_review_once_with_another_severity():
    engine = _review("food_factory")
    book = rulebook.shipped()
    with pytest.raises(JudgementError, match="本次审查没有审查发现"):
        reviewed(engine, [parse({"kind": "set_aside", "rule_id": "no.rule", "reason": "x"})],
                 book)
    with pytest.raises(JudgementError, match="相同"):
        reviewed(engine, [parse({"kind": "severity", "rule_id": "metering.gb17167",
                                 "severity": "condition", "reason": "x"})], book)
    twice = parse({"kind": "set_aside", "rule_id": "metering.gb17167", "reason": "x"})
    with pytest.raises(JudgementError, match="已有人工复核意见"):
        reviewed(engine, [twice, twice], book)


@pytest.mark.parametrize("data", [
    {"kind": "set_aside", "rule_id": "energy_review.authority", "reason": "x"},
    {"kind": "severity", "rule_id": "energy_review.authority", "severity": "advisory",
     "reason": "x"},
])
def test_a_judgement_cannot_change_who_decides(data):
    """Setting aside (or re-grading) the finding that carries the energy outcome would leave the
    outcome and conclusion undetermined: the approval authority follows the rulebook's
    thresholds, not a judgement."""
    engine = _review("food_factory")
    finding = next(f for f in engine.findings if f.rule_id == "energy_review.authority")
    assert finding.energy_outcome is not None
    with pytest.raises(JudgementError, match="审查权限") as error:
        reviewed(engine, [parse(data)], rulebook.shipped())
    assert error.value.field == "rule_id"
    assert "所复核的审查发现" in str(error.value)


def test_coverage_names_what_reviewers_check_and_record_as_judgements():
    from checker.rulebook import coverage

    book = rulebook.shipped()
    rows = coverage.matrix(book)
    checked = {row.clause: row.reviewer_check for row in rows if row.reviewer_check}
    assert set(checked) == {"kaifu.4.2", "kaifu.4.3"}
    text = coverage.render(rows, None, coverage.judgement_note(book))
    assert "由审查人员核对（人工复核）：项目是否符合所在园区规划环评结论" in text
    assert text.rstrip().endswith("（涉及条款：四（二）、四（三））")
