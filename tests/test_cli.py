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


def test_the_parameters_option_gives_the_rulebook_in_force(tmp_path):
    """``--parameters FILE``: the review (and the batch) use its values, and its version,
    like $CHECKER_PARAMETERS; a missing file or a value of the wrong type is refused."""
    import json

    local = tmp_path / "p.yaml"
    local.write_text("parameters:\n  impact.allowance_tce:\n    value: 286501\n"
                     "    since: 2026-01-01\n    source: 开福区能耗增量控制额度（测试）\n",
                     encoding="utf-8")
    plain = json.loads(checker("review", str(SAMPLE), "--json", "--as-of", "2026-06-01").stdout)
    given = checker("review", str(SAMPLE), "--json", "--as-of", "2026-06-01",
                    "--parameters", str(local))
    assert given.returncode == 0, given.stderr
    with_file = json.loads(given.stdout)
    assert with_file["rulebook_version"] != plain["rulebook_version"]
    assert with_file["impact"]["m"]["assessed"] and not plain["impact"]["m"]["assessed"]
    by_env = json.loads(checker("review", str(SAMPLE), "--json", "--as-of", "2026-06-01",
                                env={"CHECKER_PARAMETERS": str(local)}).stdout)
    assert by_env == with_file
    # the batch's worker processes are told the file: their documents are the review's
    batch = checker("batch", str(SAMPLE), str(SAMPLE), "--as-of", "2026-06-01", "--jobs", "2",
                    "--parameters", str(local), "--pdf-dir", str(tmp_path / "batch"))
    assert batch.returncode == 0, batch.stderr
    single = checker("review", str(SAMPLE), "--as-of", "2026-06-01", "--parameters",
                     str(local), "--pdf-dir", str(tmp_path / "single"))
    assert single.returncode == 0, single.stderr
    batch_pdf = sorted((tmp_path / "batch").glob("*.pdf"))[0]
    single_pdf = sorted((tmp_path / "single").glob("*.pdf"))[0]
    assert batch_pdf.read_bytes() == single_pdf.read_bytes()
    plain_batch = checker("batch", str(SAMPLE), "--as-of", "2026-06-01", "--jobs", "2",
                          "--pdf-dir", str(tmp_path / "plain"))
    assert plain_batch.returncode == 0, plain_batch.stderr
    assert sorted((tmp_path / "plain").glob("*.pdf"))[0].read_bytes() != batch_pdf.read_bytes()
    wrong_file = tmp_path / "wrong.yaml"
    wrong_file.write_text("parameters:\n  impact.allowance_tce:\n    value: true\n"
                          "    source: 测试\n", encoding="utf-8")
    refused = checker("batch", str(SAMPLE), "--parameters", str(wrong_file))
    assert refused.returncode == 2 and "类型不符：应为数值" in refused.stderr
    missing = checker("review", str(SAMPLE), "--parameters", str(tmp_path / "none.yaml"))
    assert missing.returncode == 2 and "本地参数配置文件不存在" in missing.stderr
    local.write_text("parameters:\n  impact.allowance_tce:\n    value: 5万\n"
                     "    source: 测试\n", encoding="utf-8")
    wrong = checker("review", str(SAMPLE), "--parameters", str(local))
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert "类型不符：应为数值" in wrong.stderr and "p.yaml 第2行" in wrong.stderr


IMPORTED = """
import json, sys
from checker.cli import main
status = main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
sys.exit(status)
"""


def _review_modules(tmp_path, env: dict | None = None) -> tuple[str, set[str]]:
    """The JSON of `checker review SAMPLE --json` (its rulebook from a cache filled by a first
    run) and the modules its process imported."""
    import json
    import os

    env = {**os.environ, "CHECKER_CACHE_DIR": str(tmp_path / "cache"), **(env or {})}
    command = [sys.executable, "-c", IMPORTED, "review", str(SAMPLE), "--json"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                           env=env)
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                           env=env)
    assert first.returncode == again.returncode == 0, again.stderr
    assert first.stdout == again.stdout
    return again.stdout, set(json.loads(again.stderr.splitlines()[-1]))


def test_a_cold_json_review_imports_only_what_it_uses(tmp_path):
    """Issue 29 (cold `checker review X --json`): with the rulebook, its plan and its rulesets
    from the cache, no YAML is read and the rulebook loader is not imported; with pydantic's
    plugins disabled (the CLI's default) its plugin lookup (importlib.metadata, email) is not
    imported either, nor durable-rules' Python layer (the adapter calls its C functions) with
    logging; the JSON is the one the plugin lookup gives (it finds no plugin)."""
    output, modules = _review_modules(tmp_path)
    assert "durable_rules_engine" in modules
    for name in ("yaml", "checker.rulebook.loader", "importlib.metadata", "email",
                 "importlib.resources", "checker.opinion", "weasyprint", "sqlalchemy",
                 "durable", "durable.engine", "logging"):
        assert name not in modules, name
    assert "pydantic.plugin._loader" in modules  # the stand-in answering "no plugins"
    plain, modules = _review_modules(tmp_path, {"PYDANTIC_DISABLE_PLUGINS": "pydantic_x"})
    assert "importlib.metadata" in modules and plain == output


FROZEN = """
import gc, json, sys
from checker.__main__ import main
status = main(sys.argv[1:])
print(json.dumps([gc.isenabled(), gc.get_freeze_count()]), file=sys.stderr)
sys.exit(status)
"""


def test_the_console_command_loads_with_the_collector_paused_and_then_collects(tmp_path):
    """`checker` (checker.__main__): the modules loaded with the cyclic collector paused are
    frozen out of its reach and collection is on again for the command's own work (a long
    batch is collected as usual); the review is the one `checker.cli` gives."""
    import json

    command = [sys.executable, "-c", FROZEN, "review", str(SAMPLE), "--json"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    enabled, frozen = json.loads(done.stderr.splitlines()[-1])
    assert enabled is True and frozen > 10_000
    assert done.stdout == checker("review", str(SAMPLE), "--json").stdout
    assert subprocess.run([sys.executable, "-m", "checker", "rules"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120).returncode == 0
