"""Where the rulebook lives and how trustworthy each number in it is.

rules/ and features/ stay at the top of the repository; a built wheel ships copies of them
inside the package (``checker/_data/``, see setup.py), found with importlib.resources.
"""
from __future__ import annotations

import functools
import os
import re
from enum import Enum
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # the checker package
SOURCE_TREE = PACKAGE_ROOT.parent  # the repository, when running from it (editable install)
SHIPPED = "_data"  # the folder of the package that holds the copies in a wheel


@functools.lru_cache(maxsize=None)
def shipped_dir(name: str) -> Path:
    """`name` (rules or features): the repository's copy when running from the source tree,
    else the copy installed with the package (looked up once per process: where the package
    is installed does not change while it runs)."""
    repo = SOURCE_TREE / name
    if (SOURCE_TREE / "pyproject.toml").is_file() and repo.is_dir():
        return repo
    installed = PACKAGE_ROOT / SHIPPED / name
    if installed.is_dir():  # the package installed as files (what importlib.resources gives)
        return installed
    from importlib import resources  # e.g. a zipped package: imported only then

    return Path(str(resources.files("checker").joinpath(SHIPPED, name)))


def rules_dir() -> Path:
    """The rulebook directory: $CHECKER_RULES_DIR, else the shipped rules/."""
    configured = os.environ.get("CHECKER_RULES_DIR")
    return Path(configured) if configured else shipped_dir("rules")


def features_dir() -> Path:
    """The Gherkin scenarios the coverage matrix reads (features/)."""
    return shipped_dir("features")


class Status(str, Enum):
    """Verification tag of a value: V1 (official wording seen), V2 (secondary source only),
    UNVERIFIED (no source seen), GAP (searched, nothing usable)."""

    V1 = "V1"                  # official wording seen (usually a mirror of the official text)
    V2 = "V2"                  # seen only in a secondary source
    UNVERIFIED = "UNVERIFIED"  # commonly cited, no source seen
    GAP = "GAP"                # searched, nothing usable: the value is unset by default

    @property
    def verified(self) -> bool:
        """Only V1 values count as verified; everything else is flagged to the reviewer."""
        return self is Status.V1

    @property
    def label(self) -> str:
        """The reviewer-facing Chinese label."""
        return {
            "V1": "已核实（官方文本转载）",
            "V2": "待核实（仅见二手来源）",
            "UNVERIFIED": "未核实（未见来源）",
            "GAP": "缺失（未找到依据，须配置）",
        }[self.value]

    @property
    def short_label(self) -> str:
        """已核实 / 待核实: the tag as a sentence of a message or a document reads it (never
        the tag itself, V1/GAP, which stays in the working paper)."""
        return "已核实" if self.verified else "待核实"


class Sourced:
    """Mixin of a table row or edition carrying a verification tag (`status`): only one seen in
    a source (V1 or V2) may decide a veto; an UNVERIFIED or GAP one never does."""

    @property
    def verified(self) -> bool:
        return self.status in (Status.V1, Status.V2)  # type: ignore[attr-defined]



INTERNAL_NOTE = re.compile(r"[；;，,]?\s*(regulations|rulebook.audit[\w-]*|limits-verified|"
                           r"benchmarks-verified)\.md[^；;，,）)]*")


@functools.lru_cache(maxsize=4096)
def public_source(text: str | None) -> str:
    """A source note as users see it (results, API, PDF): references to the team's working
    notes are dropped, since sources must name the real instrument; a note left empty reads
    见规则库参数说明.  Kept per text (the notes are the rulebook's parameters', a few hundred;
    every stored review's summary and findings show some, each two regular expressions)."""
    if not text:
        return "—"
    cleaned = INTERNAL_NOTE.sub("", text).replace("（，", "（").replace("（）", "")
    cleaned = TAG_IN_TEXT.sub(lambda m: TAG_WORDS[m.group(0)], cleaned)
    cleaned = cleaned.strip("；;，, ")
    return cleaned or "见规则库参数说明"


# a verification tag written inside a source note (“……（V1）”, “生效日期GAP”) reads in words
TAG_WORDS = {"V1": "官方文本", "V2": "二手来源", "UNVERIFIED": "未见来源", "GAP": "缺失"}
TAG_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])(?:V1|V2|UNVERIFIED|GAP)(?![A-Za-z0-9])")
