"""The built wheel works on its own: installed outside the repository, `checker review` and
`checker rules --coverage` find the shipped rulebook and scenarios."""
from __future__ import annotations

import json
import os
import site
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# What a build never reads: copying them would only cost time (the virtual environment, caches,
# earlier build trees, the server's instance folder).
NOT_SOURCE = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "instance", "out",
                                    "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the source tree: setuptools builds in the source folder
    (build/, *.egg-info), so two test processes building from the checkout itself collided
    ("File exists: build/bdist…") and left build trees in the developer's checkout."""
    source = tmp_path_factory.mktemp("source") / "kaifu-checker"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
                    str(source)], check=True, timeout=600, cwd=out)
    (path,) = out.glob("kaifu_checker-*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv outside the repository with the wheel installed (the dependencies are
    taken from the test environment's site-packages, whose .pth files — the editable
    install's among them — are not processed there)."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                              "['purelib'])"], capture_output=True, text=True,
                             check=True).stdout.strip()
    Path(purelib, "test-dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--no-deps", "--no-index", "--quiet", str(wheel)], check=True, timeout=300)
    return venv


def _run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "CHECKER_RULES_DIR", "CHECKER_PARAMETERS")}
    return subprocess.run([str(venv / "bin" / "checker"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_wheel_ships_the_rulebook_and_the_scenarios_not_the_tests(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "checker/_data/rules/rulebook.yaml" in names
    assert any(n.startswith("checker/_data/rules/families/") for n in names)
    assert "checker/_data/features/energy_review/energy_review.feature" in names or \
        sum(n.endswith(".feature") for n in names) >= 10
    assert "web/templates/base.html" in names and "web/static/style.css" in names
    assert not any(n.endswith(("test_scenarios.py", "conftest.py", "generate.py"))
                   for n in names)


def test_installed_wheel_reviews_and_reports_coverage_from_elsewhere(installed, tmp_path):
    where = tmp_path / "elsewhere"
    where.mkdir()
    sample = where / "app.json"
    sample.write_bytes((ROOT / "samples" / "data_centre.json").read_bytes())
    result = _run(installed, "review", str(sample), "--json", "--as-of", "2026-03-01",
                  cwd=where)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["findings"] and summary["conclusion"]
    coverage = _run(installed, "rules", "--coverage", cwd=where)
    assert coverage.returncode == 0, coverage.stderr
    assert "已编码" in coverage.stdout and ".feature" in coverage.stdout
    # the installed copy was used, not the repository's
    probe = subprocess.run([str(installed / "bin" / "python"), "-c",
                            "from checker.rulebook.sources import rules_dir; print(rules_dir())"],
                           cwd=where, capture_output=True, text=True, check=True)
    assert str(installed) in probe.stdout and "_data" in probe.stdout
