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
    assert "抽样复核 1 份，与 durable-rules 一致" in result.stdout
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


# --- the bulk path (checker.review.decide + the compiled evaluator) against the full one ---

def _generated(count: int) -> list[dict]:
    """`count` generated applications (hypothesis from a fixed seed: the same every run)."""
    from hypothesis import HealthCheck, given, settings

    from tests.support.generate import applications

    found: list[dict] = []

    @settings(max_examples=count, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(applications())
    def collect(data):
        found.append(data)

    collect()  # as the applicant would send them: JSON (dates as ISO text)
    return [json.loads(json.dumps(data, default=str)) for data in found[:count]]


def _full_report(engine, candidate):
    """The report as it was made before the bulk path: every record reviewed in full on
    durable-rules, twice, its findings keys parsed from the stored findings JSON."""
    with engine.connect() as connection:
        rows = connection.execute(select(ReviewRecord.id, ReviewRecord.findings_json)).all()
    keys = {i: impact._finding_keys(json.loads(text)) for i, text in rows}
    records = list(impact.stored_reviews(engine))
    assert all(r.findings == keys[r.id] for r in records)  # the column = the parsed JSON
    return impact.report(impact.compare(r, candidate) for r in records)


@pytest.mark.parametrize("name, value, since", [
    ("energy_review.exempt_below_tce", 100, "2025-09-01"),
    ("carbon.factor.natural_gas", 4.2, "2023-06-01"),
    ("impact.allowance_tce", 100000, "2021-01-01")])
def test_bulk_path_gives_the_report_of_the_full_path(engine, tmp_path, name, value, since):
    """On generated applications (and the samples), the report of `run` (only what the
    comparison reads, compiled evaluator) is the report of full reviews on durable-rules."""
    from pathlib import Path

    samples = [json.loads(p.read_text("utf-8")) for p in sorted(Path("samples").glob("*.json"))]
    ids = _store(engine, _generated(60) + [{k: v for k, v in s.items() if k != "_sample"}
                                           for s in samples])
    with engine.begin() as connection:  # one stored under an earlier rulebook: drift
        connection.execute(text("UPDATE reviews SET outcome = 'district', finding_keys = "
                                "'x.y:z', findings_json = :f WHERE id = :i"),
                           {"i": ids[3], "f": '[{"rule_id": "x.y", "outcome": "z"}]'})
    candidate = _candidate(tmp_path, name, value, since)
    full = _full_report(engine, candidate)
    runs = impact.run(impact.stored_reviews(engine), candidate)
    bulk = impact.report(runs)
    assert (bulk.assessed, bulk.changed, bulk.drift, bulk.errors, bulk.by_rule,
            bulk.by_industry) == (full.assessed, full.changed, full.drift, full.errors,
                                  full.by_rule, full.by_industry)
    assert full.assessed == len(ids) and full.drift
    assert bulk.check == impact.SampleCheck(len(ids), [])  # fewer than 200: all checked
    assert bulk.check.text() == f"抽样复核 {len(ids)} 份，与 durable-rules 一致"
    if name == "energy_review.exempt_below_tce":  # in two processes: the same report
        runs = impact.run(impact.stored_reviews(engine), candidate, jobs=2, chunk=20)
        two = impact.report(runs)
        assert (two.changed, two.drift, two.by_rule, two.check) == \
            (full.changed, full.drift, full.by_rule, bulk.check)


def test_sample_size_and_a_mismatch_is_reported(engine, tmp_path, monkeypatch):
    import random

    assert [impact.sample_size(n) for n in (0, 150, 200, 5000, 20000, 20001, 100000)] == \
        [0, 150, 200, 200, 200, 201, 1000]
    ids = _store(engine, [minimal_application(name=f"项目{i}") for i in range(3)])
    candidate = impact.Candidate()
    real = impact.assess

    def off_for_second(stored, *args):  # a bulk comparison that differs for one record
        row = real(stored, *args)
        return {**row, "changed": True} if stored.id == ids[1] else row

    monkeypatch.setattr(impact, "assess", off_for_second)
    result = impact.report(impact.run(impact.stored_reviews(engine), candidate,
                                      rng=random.Random(7)))
    assert result.check == impact.SampleCheck(3, [ids[1]])
    assert result.check.text() == "抽样复核 3 份，与 durable-rules 不一致 1 份"


def test_finding_keys_written_at_insert_and_backfilled_by_the_migration(engine):
    """reviews.finding_keys holds the stored findings' keys; migration 0016 fills the column
    of reviews stored before it (from their findings JSON)."""
    from checker.store import migrate

    ids = _store(engine, [minimal_application(name="甲"), _generated(1)[0]])
    with engine.connect() as connection:
        written = connection.execute(select(ReviewRecord.id, ReviewRecord.finding_keys,
                                            ReviewRecord.findings_json)).all()
    assert [r[0] for r in written] == ids
    for _, keys, findings in written:
        assert keys and tuple(keys.split()) == impact._finding_keys(json.loads(findings))
    migrate(engine, "0012_working_papers")  # the column dropped …
    migrate(engine)                         # … and back-filled
    with engine.connect() as connection:
        assert connection.execute(select(ReviewRecord.id, ReviewRecord.finding_keys,
                                         ReviewRecord.findings_json)).all() == written
    with engine.begin() as connection:  # a row written without its keys: read from the JSON
        connection.execute(text("UPDATE reviews SET finding_keys = NULL"))
    assert [r.findings for r in impact.stored_reviews(engine)] == \
        [tuple(k.split()) for _, k, _ in written]
