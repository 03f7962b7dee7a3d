"""Every sample in samples/ reviews from the CLI and exercises the rules it says it does."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from checker import intake
from checker.review import review
from tests.conftest import load_json, sample_files

SAMPLES = sample_files()


def test_there_are_at_least_five_samples():
    assert len(SAMPLES) >= 5


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_exercises_its_rules(path):
    data = load_json(path)
    meta = data["_sample"]
    result = review(intake.validate(data), dt.date.fromisoformat(meta["as_of"]))
    fired = {f.rule_id for f in result.findings}
    assert set(meta["exercises"]) <= fired, f"未触发：{set(meta['exercises']) - fired}"
    assert result.outcome.value == meta["expected_outcome"]
    assert result.conclusion.value == meta["expected_conclusion"]
    assert result.pollutant_part.conclusion.value == meta["expected_pollutant"]


def test_samples_show_every_outcome_and_both_parts():
    metas = [load_json(path)["_sample"] for path in SAMPLES]
    assert {"exempt", "district", "referral_province"} <= {m["expected_outcome"] for m in metas}
    assert {"non_compliant", "not_applicable"} <= {m["expected_pollutant"] for m in metas}


@pytest.mark.parametrize("path", SAMPLES[:2], ids=lambda p: p.stem)
def test_cli_json_output(path):
    meta = load_json(path)["_sample"]
    run = subprocess.run([sys.executable, "-m", "checker.cli", "review", str(path), "--json",
                          "--as-of", meta["as_of"]], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["conclusion"] == meta["expected_conclusion"]
    assert out["outcome"] == meta["expected_outcome"]
    assert out["parts"]["energy"]["conclusion"] == meta["expected_conclusion"]
    assert out["parts"]["pollutant"]["conclusion"] == meta["expected_pollutant"]
    assert out["energy"]["total_tce"] > 0
    assert len(out["input_sha256"]) == 64 and out["rulebook_version"]
    assert {"rule_id", "severity", "title", "message", "citations"} <= set(out["findings"][0])


def test_cli_refuses_invalid_input_with_exit_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"project": {"name": "x"}, "energy": [{"carrier": "wood"}]}', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "checker.cli", "review", str(bad)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "project.applicant" in run.stderr and "缺少必填字段" in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_text_summary_and_schema():
    path = SAMPLES[0]
    run = subprocess.run([sys.executable, "-m", "checker.cli", "review", str(path),
                          "--as-of", "2026-01-15"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "【审查结论】" in run.stdout and "依据：" in run.stdout
    schema = subprocess.run([sys.executable, "-m", "checker.cli", "schema"],
                            capture_output=True, text=True, timeout=120)
    data = json.loads(schema.stdout)
    assert data["properties"]["project"]
    investment = data["$defs"]["Project"]["properties"]["investment"]
    assert investment["title"] == "总投资" and investment["unit"] == "万元"


def test_every_rule_family_has_a_sample():
    from checker import rulebook

    # impact lists m and n only once an administrator has set the district's figures (GAP by
    # default), which no sample does: its scenarios configure them (features/impact/).
    families = {rule.family for rule in rulebook.shipped().rules} - {"impact"}
    exercised = {rule_id.split(".")[0] for path in SAMPLES
                 for rule_id in load_json(path)["_sample"]["exercises"]}
    assert families <= exercised, f"没有示例的规则族：{families - exercised}"


def test_cli_rules_lists_one_rule_a_line_with_id_then_title():
    from checker import rulebook

    run = subprocess.run([sys.executable, "-m", "checker.cli", "rules"],
                         capture_output=True, text=True, timeout=120)
    lines = run.stdout.splitlines()
    book = rulebook.shipped()
    assert [line.split("\t")[0] for line in lines] == [rule.id for rule in book.rules]
    assert all(line.split("\t")[1] == rule.title for line, rule in zip(lines, book.rules))
