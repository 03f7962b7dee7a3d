"""The bad-input corpus (tests/bad_inputs/): every case is refused with a Chinese message
naming the problem, through intake and the command line; nothing partial comes out."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checker import cli, intake

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
CASES = sorted(MANIFEST.items())


def test_corpus_has_at_least_200_cases():
    assert len(CASES) >= 200
    assert all((CORPUS / name).is_file() for name, _ in CASES)


@pytest.mark.parametrize("name, expected", CASES, ids=[n for n, _ in CASES])
def test_intake_refuses_with_the_field_and_reason(name, expected):
    with pytest.raises(intake.InputError) as caught:
        intake.load_bytes((CORPUS / name).read_bytes())
    problems = caught.value.problems
    assert any(expected["expect"] in p["message"] for p in problems), problems
    if expected["path"]:
        assert any(p["path"] == expected["path"] or p["path"].startswith(expected["path"])
                   or p["path"].endswith(expected["path"]) for p in problems), problems


@pytest.mark.parametrize("name, expected", CASES, ids=[n for n, _ in CASES])
def test_cli_exits_2_with_chinese_message(name, expected, capsys):
    code = cli.main(["review", str(CORPUS / name), "--json"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "申报数据无效" in err and expected["expect"] in err


def test_cli_subprocess_never_shows_a_traceback():
    names = [name for name, _ in CASES][::20]
    for name in names:
        run = subprocess.run([sys.executable, "-m", "checker.cli", "review", str(CORPUS / name)],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 2, name
        assert "Traceback" not in run.stderr and "申报数据无效" in run.stderr, name


def test_fifty_megabyte_file_is_refused_quickly(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b'{"project": "' + b"x" * (50 * 1024 * 1024) + b'"}')
    with pytest.raises(intake.InputError, match="过大"):
        intake.load_bytes(big.read_bytes())
