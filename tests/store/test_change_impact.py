"""Rulebook-change impact over stored reviews: what a candidate changes, nothing altered."""
from __future__ import annotations

import pytest

import datetime as dt
import json

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from checker import change_impact as impact, dates, intake
from checker.review import review
from checker.store import ReviewRecord, create_user, save_review
from tests.conftest import minimal_application
from tests.test_cli import checker

AS_OF = dt.date(2026, 3, 1)
# the same file format as $CHECKER_PARAMETERS: a lower exemption threshold
CANDIDATE = """parameters:
  energy_review.exempt_below_tce:
    value: 100
    since: 2025-09-01
    source: 候选值（影响评估用）
"""


def _store(engine, applications) -> list[int]:
    user = create_user(engine, "审查员", "影响评估专用密码2026")
    ids = []
    for data in applications:
        result = review(intake.validate(data), AS_OF)
        ids.append(save_review(engine, result, json.dumps(data, ensure_ascii=False),
                               user.id).id)
    return ids


def _rows(engine) -> list[tuple]:
    with Session(engine) as session:
        return [tuple(r) for r in session.execute(select(ReviewRecord.__table__))]


def test_candidate_threshold_changes_the_small_project_only(engine, tmp_path):
    small = minimal_application(name="小项目")  # about 184 tce: exempt today
    large = minimal_application(name="大项目")
    large["energy"][0]["quantity"] = 5000  # far above every threshold either way
    ids = _store(engine, [small, large])
    before = _rows(engine)
    candidate_file = tmp_path / "candidate.yaml"
    candidate_file.write_text(CANDIDATE, encoding="utf-8")
    candidate = impact.Candidate(overrides=str(candidate_file))
    result = impact.report(impact.run(impact.stored_reviews(engine), candidate))
    assert result.assessed == 2 and not result.drift and not result.errors
    [changed] = result.changed
    assert changed["id"] == ids[0] and changed["project"] == "小项目"
    assert changed["current"]["outcome"] == "exempt"
    assert changed["candidate"]["outcome"] != "exempt"
    assert any(r["rule"] for r in result.by_rule)
    [industry] = result.by_industry
    assert industry["industry"] == "7010" and industry["changed"] == 1
    assert _rows(engine) == before  # nothing stored is altered

    from openpyxl import load_workbook
    import io

    book = load_workbook(io.BytesIO(impact.xlsx_bytes(result)))
    assert {"汇总", "结果变化", "按规则", "按行业", "存储结果已不一致"} <= set(book.sheetnames)
    assert list(book["结果变化"].iter_rows(values_only=True))[1][1] == "小项目"


def test_stored_result_differing_from_current_rulebook_is_listed_apart(engine, tmp_path):
    [first, _] = _store(engine, [minimal_application(name="甲"), minimal_application(name="乙")])
    with engine.begin() as connection:  # as if stored under an earlier rulebook
        connection.execute(text("UPDATE reviews SET outcome = 'district' WHERE id = :i"),
                           {"i": first})
    candidate = impact.Candidate(rules_dir=None, overrides=None)
    result = impact.report(impact.run(impact.stored_reviews(engine), candidate))
    assert [r["id"] for r in result.drift] == [first] and not result.changed


def test_since_filters_and_cli_writes_the_report(engine, database_url, tmp_path):
    _store(engine, [minimal_application(name="小项目")])
    assert list(impact.stored_reviews(engine, since=dates.today() + dt.timedelta(days=1))) == []
    candidate_file = tmp_path / "candidate.yaml"
    candidate_file.write_text(CANDIDATE, encoding="utf-8")
    out = tmp_path / "impact.csv"
    result = checker("impact", "--overrides", str(candidate_file), "--database", database_url,
                     "--since", dates.today().isoformat(), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "候选规则下结果变化：1" in result.stdout
    assert "小项目" in out.read_bytes().decode("utf-8-sig")


def test_malformed_candidate_is_refused_in_chinese(engine, database_url, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("parameters:\n  no.such_parameter:\n    value: 1\n    source: x\n",
                   encoding="utf-8")
    result = checker("impact", "--overrides", str(bad), "--database", database_url)
    assert result.returncode == 2 and "不存在的参数" in result.stderr, result.stderr


def _candidate(tmp_path, name: str, value, since: str = "2021-01-01"):
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"parameters:\n  {name}:\n    value: {value}\n    since: {since}\n"
                    f"    source: 候选值（影响评估用）\n", encoding="utf-8")
    return impact.Candidate(overrides=str(path))


def test_a_finding_of_only_info_is_listed_but_not_counted_as_a_change(engine, tmp_path):
    """Setting the district's allowance adds only a 说明 (impact.target_effect) to a small
    warehouse: the decision reads the same, so nothing is counted as changed (issue 26)."""
    from pathlib import Path

    data = json.loads(Path("samples/warehouse_under_order31.json").read_text("utf-8"))
    user = create_user(engine, "审查员", "影响评估专用密码2026")
    result = review(intake.validate(data), dt.date.fromisoformat(data["_sample"]["as_of"]))
    save_review(engine, result, json.dumps(data, ensure_ascii=False), user.id)
    candidate = _candidate(tmp_path, "impact.allowance_tce", 100000)
    [row] = list(impact.run(impact.stored_reviews(engine), candidate))
    assert any(key.startswith("impact.target_effect") for key in row["appeared"])
    assert row["changed"] is False
    result = impact.report([row])
    assert not result.changed and dict(result.totals())["候选规则下结果变化"] == 0


def test_a_co2_change_is_reported(engine, tmp_path, database_url):
    """A candidate natural-gas factor (twice the shipped IPCC default) doubles a gas project's
    CO₂: a change, with both figures in the report, the CSV and the CLI summary."""
    from checker import rulebook
    from checker.values import number_text

    gas = minimal_application(name="燃气项目")
    gas["energy"] = [{"carrier": "natural_gas", "quantity": 10, "unit": "万m³"}]
    _store(engine, [gas])
    shipped = rulebook.shipped().parameters["carbon.factor.natural_gas"].values[-1].value
    candidate = _candidate(tmp_path, "carbon.factor.natural_gas", 2 * shipped, "2023-06-01")
    result = impact.report(impact.run(impact.stored_reviews(engine), candidate))
    [row] = result.changed
    now, then = row["current"]["co2_t"], row["candidate"]["co2_t"]
    assert now > 0 and then == pytest.approx(2 * now, rel=1e-3)
    assert not row["appeared"] and not row["disappeared"]
    assert dict(result.totals())["其中二氧化碳排放量变化"] == 1
    assert impact.change_row(row)["co2_now"] == number_text(now)
    assert impact.change_row(row)["co2_then"] == number_text(then)
    assert "候选规则下年二氧化碳排放量（吨）" in impact.csv_bytes(result).decode("utf-8-sig")
    out = checker("impact", "--overrides", str(tmp_path / "carbon.factor.natural_gas.yaml"),
                  "--database", database_url)
    assert f"年二氧化碳排放量 {number_text(now)} → {number_text(then)} 吨" in out.stdout, \
        out.stdout + out.stderr
