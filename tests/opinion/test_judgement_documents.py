"""Documents follow the reviewed findings (人工复核): the body states the reviewed conclusion,
the 审查工作底稿 lists the judgements (who, when, why) — read back from a real PDF."""
from __future__ import annotations

import datetime as dt
import json

from opinion_support import flat, pdftotext

from checker import intake
from checker.judgement import Judgement, Kind
from checker.opinion import OpinionMeta, document, render_pdf, render_working_paper_pdf
from checker.review import review, reviewed
from tests.conftest import SAMPLES

AS_OF = dt.date(2025, 8, 31)  # under Order 2 未批先建 is a rejection (Order 31: Art. 24 notice)
REASON = "经现场核实项目尚未开工建设"


def _set_aside():
    data = json.loads((SAMPLES / "built_before_approval.json").read_text(encoding="utf-8"))
    engine = review(intake.validate(data), AS_OF)
    judgement = Judgement(kind=Kind.SET_ASIDE, rule_id="procedure.built_before_approval",
                          reason=REASON, author="reviewer1",
                          at=dt.datetime(2026, 1, 16, 9, 30), id=1)
    return engine, reviewed(engine, [judgement])


def test_the_opinion_states_the_reviewed_conclusion_and_records_the_judgement(tmp_path):
    engine, result = _set_aside()
    before = document.build(engine, OpinionMeta())
    after = document.build(result, OpinionMeta())
    assert before.conclusion_kind == "reject" and after.conclusion_kind == "conditional"
    paper = document.build_working_paper(result)
    assert [j.rule_id for p in paper.parts for j in p.judgements] == \
        ["procedure.built_before_approval"]
    assert after.fingerprint != before.fingerprint
    path = tmp_path / "opinion.pdf"
    path.write_bytes(render_pdf(result, OpinionMeta()))
    body = flat(pdftotext(path))
    assert "人工复核" not in body and REASON not in body and "不予通过的理由如下" not in body
    path.write_bytes(render_working_paper_pdf(result))
    text = flat(pdftotext(path))
    assert "人工复核记录" in text
    assert REASON in text
    # the store's naive UTC, shown as Beijing time
    assert "reviewer1" in text and "2026-01-1617:30北京时间" in text
    assert "原结论类别：不予通过" in text


def test_a_regraded_finding_says_what_the_engine_found_in_the_annex():
    data = json.loads((SAMPLES / "furniture_coating_factory.json").read_text(encoding="utf-8"))
    engine = review(intake.validate(data), dt.date(2026, 1, 15))
    from checker.severity import Severity
    result = reviewed(engine, [Judgement(kind=Kind.SEVERITY, rule_id="vocs.coating_limits",
                                         severity=Severity.CONDITION, reason="已承诺替代")])
    opinion = document.build(result, OpinionMeta(), "pollutant_opinion")
    parts = {p.kind: p for p in document.build_working_paper(result).parts}
    entry = next(e for e in parts["pollutant_opinion"].entries
                 if e.rule_id == "vocs.coating_limits")
    assert entry.severity == "须落实的要求；人工复核，原为不予通过"
    assert opinion.conclusion_kind == "conditional"
    # the energy document's part lists no judgement of the pollutant part
    assert parts["energy_opinion"].judgements == []
