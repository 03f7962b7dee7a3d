"""The `checker` command as a user runs it: a real process, its exit status and its stderr."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "data_centre.json"


def checker(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "checker.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})}, **kwargs)


def test_closed_pipe_gives_no_traceback():
    """`checker review X --json | head -c 0`: the reader is gone before anything is written
    (a pipe whose read end is closed), and the command stays quiet."""
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run([sys.executable, "-m", "checker.cli", "review", str(SAMPLE),
                                 "--json"], cwd=ROOT, stdout=write_end, stderr=subprocess.PIPE,
                                text=True, timeout=120, env=dict(os.environ))
    finally:
        os.close(write_end)
    assert result.returncode == 141, result.stderr
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr


def test_pdf_into_missing_folder_exits_2_in_chinese(tmp_path):
    target = tmp_path / "nonexistent" / "x.pdf"
    result = checker("review", str(SAMPLE), "--pdf", str(target))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "无法写入PDF：目录不存在" in result.stderr and "nonexistent" in result.stderr
    assert not target.exists()


def test_pdf_onto_a_directory_exits_2(tmp_path):
    result = checker("review", str(SAMPLE), "--pdf", str(tmp_path))
    assert result.returncode == 2 and "是一个目录" in result.stderr


def test_as_of_without_dashes_is_refused_like_the_web():
    result = checker("review", str(SAMPLE), "--as-of", "20260115")
    assert result.returncode == 2
    assert "格式 YYYY-MM-DD" in result.stderr and "20260115" in result.stderr
    assert checker("review", str(SAMPLE), "--as-of", "2026-W03-4").returncode == 2
    assert checker("review", str(SAMPLE), "--as-of", "2026-01-15").returncode == 0


def test_parameters_file_with_a_yaml_typo_names_file_and_line(tmp_path):
    local = tmp_path / "local-parameters.yaml"
    local.write_text("parameters:\n  benchmark.added_value_intensity_reference:\n"
                     "    value: 0.35\n    source: [公报\n", encoding="utf-8")
    result = checker("review", str(SAMPLE), env={"CHECKER_PARAMETERS": str(local)})
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "local-parameters.yaml" in result.stderr and "YAML 语法错误" in result.stderr
    assert "第5行" in result.stderr or "第4行" in result.stderr


def test_parameters_file_with_a_misspelt_name_names_file_line_and_entry(tmp_path):
    local = tmp_path / "local-parameters.yaml"
    local.write_text("parameters:\n  benchmark.added_value_intensity_referense:\n"
                     "    value: 0.35\n    source: 开福区统计局公报\n", encoding="utf-8")
    result = checker("rules", env={"CHECKER_PARAMETERS": str(local)})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "local-parameters.yaml 第2行" in result.stderr
    assert "benchmark.added_value_intensity_referense" in result.stderr
    assert "不存在的参数" in result.stderr


def test_parameters_file_with_a_bad_date_exits_2(tmp_path):
    local = tmp_path / "p.yaml"
    local.write_text("parameters:\n  benchmark.added_value_intensity_reference:\n"
                     "    value: 0.35\n    since: 2026-13-01\n    source: 公报\n",
                     encoding="utf-8")
    result = checker("rules", env={"CHECKER_PARAMETERS": str(local)})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "p.yaml 第4行" in result.stderr and "month must be in 1..12" in result.stderr


def test_a_correct_parameters_file_is_used(tmp_path):
    local = tmp_path / "p.yaml"
    local.write_text("parameters:\n  benchmark.added_value_intensity_reference:\n"
                     "    value: 0.35\n    since: 2026-01-01\n    source: 开福区统计局公报\n",
                     encoding="utf-8")
    result = checker("rules", env={"CHECKER_PARAMETERS": str(local)})
    assert result.returncode == 0, result.stderr


def test_missing_parameters_file_exits_2(tmp_path):
    result = checker("rules", env={"CHECKER_PARAMETERS": str(tmp_path / "none.yaml")})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "none.yaml" in result.stderr


def test_cli_makes_drafts_only_no_number_option(tmp_path):
    """Numbered documents come only from the record system: --number is gone."""
    result = checker("review", "samples/data_centre.json", "--pdf", str(tmp_path / "a.pdf"),
                     "--number", "开发改环资〔2026〕3号")
    assert result.returncode == 2 and "--number" in result.stderr
    assert not (tmp_path / "a.pdf").exists()


def test_text_report_lists_the_declarations_the_outcome_rests_on():
    """Issue 24 item 3: the staff text report lists each declaration that lowers an
    obligation as 申报：…（依据：…）."""
    result = checker("review", str(ROOT / "samples" / "heat_plant_coal_and_biomass.json"),
                     "--as-of", "2026-06-01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("【结论所依据的申报事项】")
    assert "  申报：生物质锅炉为生物质成型燃料专用锅炉（依据：建设单位申报，未附锅炉型号与燃料说明）" in lines[start:]
