"""Cold start of `checker review samples/office_small.json --json` (issue 29: ≤ 200 ms), beside
its floor in the same run: `python -c pass` and `python -c "import pydantic"` with the same
interpreter, each a fresh process run BENCH_CLI_RUNS times (default 15; min and median of
the process's CPU time and of the wall clock, as hyperfine would).

Two installs are measured: this checkout's (editable: its path hook runs at start-up) and a
normal one (`pip install --no-deps .` into a temporary venv that sees
this venv's packages through a .pth file: the same dependencies, no path hook).  Bytecode is
written and used as by a normal installation (PYTHONDONTWRITEBYTECODE is removed from the
environment of the measured processes); the rulebook cache is a temporary directory filled by
a first, uncounted run.
"""
from __future__ import annotations

import os
import resource
import site
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "samples/office_small.json"
TARGET_MS = 200


def _runs() -> int:
    try:
        return max(3, int(os.environ.get("BENCH_CLI_RUNS", "") or 15))
    except ValueError:
        return 15


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command: list[str], env: dict, runs: int) -> tuple[float, float, float, float]:
    """(CPU min, CPU median, wall min, wall median) in ms over `runs` fresh processes."""
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)  # warm-up
    cpu, wall = [], []
    for _ in range(runs):
        before, start = _children_cpu(), time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((_children_cpu() - before) * 1000)
    return min(cpu), statistics.median(cpu), min(wall), statistics.median(wall)


def _normal_install(folder: Path) -> Path | None:
    """A venv with the checker installed normally (not editable); None when pip fails."""
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   capture_output=True)
    python = venv / "bin" / "python"
    packages = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    # this venv's packages (the dependencies) without its editable install of the checker
    (packages / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    # the venv's own pip-less interpreter cannot install: this pip installs into its prefix,
    # told not to look at (and uninstall) this venv's editable install of the same name
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                             "--ignore-installed", "--prefix", str(venv), str(ROOT)],
                            capture_output=True, text=True)
    checker = venv / "bin" / "checker"
    return checker if result.returncode == 0 and checker.exists() else None


def environment(folder: str) -> dict:
    """The environment of a measured process: bytecode written and used as by a normal
    installation, the rulebook cache in `folder`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["CHECKER_CACHE_DIR"] = str(Path(folder) / "cache")
    return env


def review_command(sample: str = SAMPLE) -> list[str]:
    """`checker review <sample> --json` with this venv's console script."""
    return [str(Path(sys.executable).with_name("checker")), "review", sample, "--json"]


def run() -> list[str]:
    runs = _runs()
    with tempfile.TemporaryDirectory() as folder:
        env = environment(folder)
        python = sys.executable
        rows = [("python -c pass", [python, "-c", "pass"]),
                ("python -c \"import pydantic\"", [python, "-c", "import pydantic"]),
                ("checker review --json（可编辑安装）", review_command())]
        normal = _normal_install(Path(folder))
        if normal is not None:
            rows.append(("checker review --json（普通安装）", [str(normal), "review", SAMPLE,
                                                          "--json"]))
        results = {label: measure(command, env, runs) for label, command in rows}
    floor, pydantic = results[rows[0][0]][0], results[rows[1][0]][0]
    lines = [f"{runs} 次新进程；CPU 时间 最小/中位数，墙钟 最小/中位数（ms）；比值按 CPU 最小值"]
    for label, (cpu_min, cpu_median, wall_min, wall_median) in results.items():
        text = (f"{label}：CPU {cpu_min:,.0f} / {cpu_median:,.0f} ms，墙钟 {wall_min:,.0f} / "
                f"{wall_median:,.0f} ms；为 python -c pass 的 {cpu_min / floor:.1f} 倍")
        if label.startswith("checker"):
            text += (f"、import pydantic 的 {cpu_min / pydantic:.2f} 倍（目标 ≤ {TARGET_MS} ms，"
                     f"为目标的 {cpu_min / TARGET_MS:.2f} 倍）")
        lines.append(text)
    if normal is None:
        lines.append("普通安装失败（pip install .），只测了可编辑安装")
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
