"""Plan-clause coverage: which rules encode each clause of the district plan, which
scenarios test those rules, and why the remaining clauses are left out.

Clauses that set district-wide targets or organise government work cannot be judged on a
single project application; rules/coverage.yaml records each such clause with its reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from checker.rulebook import Rulebook

RULE_MENTION = re.compile(r'规则"([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+)"')


@dataclass
class ClauseCoverage:
    clause: str
    article: str
    heading: str
    rules: list[str] = field(default_factory=list)
    scenarios: dict[str, list[str]] = field(default_factory=dict)  # rule id → feature files
    excluded: str | None = None

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


def matrix(book: Rulebook, features_dir: Path | None = None) -> list[ClauseCoverage]:
    features_dir = features_dir or book.directory.parent / "features"
    scenarios = scenario_index(features_dir) if features_dir.is_dir() else {}
    exclusions = _exclusions(book.directory / "coverage.yaml")
    rows = []
    for clause_id, clause in book.citations.clauses.items():
        if clause.instrument != "kaifu_plan":
            continue
        rules = [r.id for r in book.rules if r.clause == clause_id]
        rows.append(ClauseCoverage(
            clause=clause_id, article=clause.article, heading=clause.heading, rules=rules,
            scenarios={r: scenarios.get(r, []) for r in rules},
            excluded=exclusions.get(clause_id)))
    return rows


def _exclusions(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {k: v for k, v in (data.get("not_encoded") or {}).items()}


def render(rows: list[ClauseCoverage], note: str | None = None) -> str:
    """The coverage matrix as text, one clause a block; `note` (how the plan's clause numbers
    were established) heads it."""
    out = [f"说明：{note}\n"] if note else []
    for row in rows:
        out.append(f"{row.article}「{row.heading}」 — {row.status}")
        for rule_id in row.rules:
            files = row.scenarios.get(rule_id) or ["（无场景）"]
            out.append(f"    {rule_id}    场景：{'，'.join(files)}")
        if not row.rules and row.excluded:
            out.append(f"    未编码原因：{row.excluded}")
    encoded = sum(1 for r in rows if r.rules)
    out.append(f"\n共 {len(rows)} 条方案条款：已编码 {encoded}，"
               f"说明不适用 {sum(1 for r in rows if not r.rules and r.excluded)}，"
               f"未说明 {sum(1 for r in rows if not r.rules and not r.excluded)}")
    return "\n".join(out)
