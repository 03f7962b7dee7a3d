"""Build hook: ship the rulebook (rules/) and the scenarios (features/*.feature) in the wheel.

Both folders stay at the top of the repository, where policy officers and the tests read
them; a wheel carries copies in ``checker/_data/`` (found by checker.rulebook.sources through
importlib.resources). Everything else is configured in pyproject.toml.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = {"rules": ("*.yaml", "*.yml", "*.md"), "features": ("*.feature",)}


class build_py_with_rulebook(build_py):
    """The usual build_py, then the rulebook and scenario files copied into the package."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the repository's own folders
        shipped = Path(self.build_lib, "checker", "_data")
        shutil.rmtree(shipped, ignore_errors=True)  # no stale file from an earlier build
        for folder, patterns in SHIPPED.items():
            for pattern in patterns:
                for source in sorted((ROOT / folder).rglob(pattern)):
                    target = shipped / folder / source.relative_to(ROOT / folder)
                    self.mkpath(str(target.parent))
                    self.copy_file(str(source), str(target))


setup(cmdclass={"build_py": build_py_with_rulebook})
