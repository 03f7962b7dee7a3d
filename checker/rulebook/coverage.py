"""Plan-clause coverage: which rules encode each clause of the district plan, which
scenarios test those rules, and why the remaining clauses are left out.

Clauses that set district-wide targets or organise government work cannot be judged on a
single project application; rules/coverage.yaml records each such clause with its reason,
and, for a clause only partly encoded, which items are left out and why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from checker.rulebook import sources
from checker.rulebook.errors import read_yaml
from checker.rulebook import Rulebook, unfold

RULE_MENTION = re.compile(r'规则"([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+)"')
SCENARIO = re.compile(r"^\s*(场景大纲|场景|剧本大纲|剧本|Scenario Outline|Scenario):\s*(.+?)\s*$")


@dataclass(frozen=True)
class Scenario:
    """One scenario of a feature file that names a rule in its steps."""

    file: str  # relative to features/, e.g. data_centre/pue.feature
    name: str
    line: int  # 1-based line of the scenario heading


@dataclass
class ClauseCoverage:
    clause: str
    article: str
    heading: str
    rules: list[str] = field(default_factory=list)
    scenarios: dict[str, list[str]] = field(default_factory=dict)  # rule id → feature files
    excluded: str | None = None
    reviewer_check: str | None = None  # what a reviewer checks and records as 人工复核

    @property
    def status(self) -> str:
        if self.rules:
            return "已编码"
        return "不适用于单个项目" if self.excluded else "未编码（缺少说明）"


def scenario_index(features_dir: Path) -> dict[str, list[str]]:
    """Rule id → the feature files whose steps name it."""
    index: dict[str, list[str]] = {}
    for path in sorted(features_dir.rglob("*.feature")):
        for rule_id in set(RULE_MENTION.findall(path.read_text(encoding="utf-8"))):
            index.setdefault(rule_id, []).append(str(path.relative_to(features_dir)))
    return index


def scenarios_by_rule(features_dir: Path) -> dict[str, list[Scenario]]:
    """Rule id → the scenarios (file, name, line) whose steps name it, in file order."""
    index: dict[str, list[Scenario]] = {}
    for path in sorted(features_dir.rglob("*.feature")):
        relative = str(path.relative_to(features_dir))
        current: Scenario | None = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            heading = SCENARIO.match(line)
            if heading:
                current = Scenario(relative, heading.group(2), number)
                continue
            for rule_id in RULE_MENTION.findall(line):
                found = index.setdefault(rule_id, [])
                if current is not None and current not in found:
                    found.append(current)
    return index


def features_dir_of(book: Rulebook) -> Path:
    """The features/ directory beside the rulebook's directory, else the shipped one."""
    beside = book.directory.parent / "features"
    return beside if beside.is_dir() else sources.features_dir()


def matrix(book: Rulebook, features_dir: Path | None = None) -> list[ClauseCoverage]:
    """Every clause of the district plan with its rules and scenarios (a rulebook in another
    folder reads the features/ beside it, else the shipped ones)."""
    features_dir = features_dir or features_dir_of(book)
    scenarios = scenario_index(features_dir) if features_dir.is_dir() else {}
    exclusions = _exclusions(book.directory / "coverage.yaml")
    checks = _section(book.directory / "coverage.yaml", "reviewer_checks")
    rows = []
    for clause_id, clause in book.citations.clauses.items():
        if clause.instrument != "kaifu_plan":
            continue
        rules = [r.id for r in book.rules if r.clause == clause_id]
        rows.append(ClauseCoverage(
            clause=clause_id, article=clause.article, heading=clause.heading, rules=rules,
            scenarios={r: scenarios.get(r, []) for r in rules},
            excluded=exclusions.get(clause_id), reviewer_check=checks.get(clause_id)))
    return rows


def _exclusions(path: Path) -> dict[str, str]:
    return _section(path, "not_encoded")


def _section(path: Path, key: str) -> dict[str, str]:
    if not path.is_file():
        return {}
    data = read_yaml(path) or {}
    return {k: unfold(v) for k, v in (data.get(key) or {}).items()}


def judgement_note(book: Rulebook) -> str | None:
    """How the reviewer's judgement (人工复核) completes what the rules cannot judge
    (rules/coverage.yaml, reviewer_judgement)."""
    path = book.directory / "coverage.yaml"
    data = (read_yaml(path) or {}) if path.is_file() else {}
    text = data.get("reviewer_judgement")
    return unfold(text) if text else None


def render(rows: list[ClauseCoverage], note: str | None = None,
           judgement: str | None = None) -> str:
    """The coverage matrix as text, one clause a block; `note` (how the plan's clause numbers
    were established) heads it, `judgement` (人工复核) closes it."""
    out = [f"说明：{note}\n"] if note else []
    for row in rows:
        out.append(f"{row.article}「{row.heading}」 — {row.status}")
        for rule_id in row.rules:
            files = row.scenarios.get(rule_id) or ["（无场景）"]
            out.append(f"    {rule_id}    场景：{'，'.join(files)}")
        if row.excluded:
            out.append(f"    {'说明' if row.rules else '未编码原因'}：{row.excluded}")
        if row.reviewer_check:
            out.append(f"    由审查人员核对（人工复核）：{row.reviewer_check}")
    encoded = sum(1 for r in rows if r.rules)
    out.append(f"\n共 {len(rows)} 条方案条款：已编码 {encoded}，"
               f"说明不适用 {sum(1 for r in rows if not r.rules and r.excluded)}，"
               f"未说明 {sum(1 for r in rows if not r.rules and not r.excluded)}")
    if judgement:
        checked = "、".join(r.article for r in rows if r.reviewer_check)
        out.append(f"\n人工复核：{judgement}" + (f"（涉及条款：{checked}）" if checked else ""))
    return "\n".join(out)
