"""Load and validate the rulebook in rules/ (rules, parameters, predicates, citations).

The rulebook is data a policy officer can read.  This module turns the YAML into typed,
validated objects and refuses anything malformed at load time, naming the file, the rule
(or parameter) id and the problem, so that no broken or engine-hanging rule is ever used.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, get_args

from checker.facts import CATALOGUE
from checker.model import BuildingUse, EfficiencyType
from checker.rulebook.book import Rulebook
from checker.rulebook.calendar import load_calendar
from checker.rulebook.check import check_rule
from checker.rulebook.citations import load_citations
from checker.rulebook import building_energy, elimination
from checker.rulebook.efficiency import TABLE, efficiency_table
from checker.rulebook.errors import RulebookError, read_yaml, validate_entry
from checker.rulebook.parameters import load_parameters
from checker.rulebook.carriers import factor_name, load_carriers
from checker.rulebook.schema import REVIEWER_FAMILY, Family
from checker.rulebook.settings import apply_overrides, overrides_bytes
from checker.rulebook.sources import rules_dir
from checker.rulebook.declarations import load_declarations
from checker.rulebook.wording import load_documents


def load_families(directory: Path) -> list[tuple[Path, Family]]:
    """Every rules/families/*.yaml file, in file-name order."""
    families = []
    for path in sorted((directory / "families").glob("*.yaml")):
        data = read_yaml(path) or {}
        families.append((path, validate_entry(Family, _shorthand(data), path, data.get("family"))))
    return families


def _shorthand(data: dict) -> dict:
    """A rule may give one case inline (when/severity/message/action/outcome) instead of
    ``cases``; a rule without its own ``part`` takes the family's."""
    rules = []
    for rule in data.get("rules") or []:
        rule = dict(rule)
        if "part" not in rule and "part" in data:
            rule["part"] = data["part"]
        if "cases" not in rule:
            keys = ("when", "severity", "severity_basis", "message", "action", "outcome", "cite")
            case = {k: rule.pop(k) for k in keys if k in rule}
            rule["cases"] = [case]
        rules.append(rule)
    return {**data, "rules": rules}


def load(directory: Path | None = None, extra_overrides: Path | None = None,
         parameters_file: str | Path | None = None) -> Rulebook:
    """Load and fully validate the rulebook; raise RulebookError on the first problem.
    `parameters_file`: the local parameters file (default $CHECKER_PARAMETERS);
    `extra_overrides`: a second local-parameters file applied over it (a candidate change,
    see checker.impact); both are part of the version."""
    # the absolute path: the book keeps it (carriers, coverage read beside it) and the on-disk
    # cache (checker/rulebook/cache.py) keys by it — a relative one would name another directory
    # in a process started elsewhere
    directory = Path(directory or rules_dir()).resolve()
    parameters = apply_overrides(load_parameters(directory), parameters_file)
    if extra_overrides is not None:
        parameters = apply_overrides(parameters, extra_overrides)
    predicates = (read_yaml(directory / "predicates.yaml") or {}).get("predicates") or {}
    citations = load_citations(directory / "citations.yaml")
    tables = _load_tables(directory)
    families = load_families(directory)
    documents = load_documents(directory / "documents.yaml")
    calendar = load_calendar(directory / "rulebook.yaml")
    book = Rulebook(directory, [f for _, f in families], parameters, predicates, citations,
                    _version(directory, extra_overrides, parameters_file), tables, documents,
                    calendar, load_declarations(directory / "declarations.yaml"),
                    load_carriers(directory / "energy" / "carriers.yaml"))
    _check_carbon_factors(book)
    seen: dict[str, Path] = {}
    for path, family in families:
        if family.family == REVIEWER_FAMILY:
            raise RulebookError(path, family.family, "该族名留给审查人员补充的审查意见（人工复核）")
        for rule in family.rules:
            if rule.id in seen:
                raise RulebookError(path, rule.id, f"规则编号与 {seen[rule.id].name} 重复")
            seen[rule.id] = path
            if rule.family != family.family:
                raise RulebookError(path, rule.id, f"规则编号前缀须为本文件的 family“{family.family}”")
            check_rule(book, rule, path, CATALOGUE)
    return book


def _check_carbon_factors(book: Rulebook) -> None:
    """Every carrier an application may declare needs its CO₂ factor parameter (令2025年第31号
    碳排放评价 counts each carrier); it may be unset, and the review then names it as missing."""
    missing = [name for name in map(factor_name, book.carriers) if name not in book.parameters]
    if missing:
        raise RulebookError(book.directory / "energy" / "carriers.yaml", None,
                            f"能源品种缺少二氧化碳排放因子参数（可不设值）：{'、'.join(missing)}")


def _load_tables(directory: Path) -> dict[str, Any]:
    """Reference tables (benchmarks, VOC limits…) in rules/tables/*.yaml, by file stem."""
    tables = {path.stem: read_yaml(path)
              for path in sorted((directory / "tables").glob("*.yaml"))}
    if TABLE in tables:  # validated here, so a mistake is refused at load with the file named
        path = directory / "tables" / f"{TABLE}.yaml"
        tables[TABLE] = efficiency_table(tables[TABLE], path)  # kept validated: read per review
        titles = {t.title for t in tables[TABLE].types.values()}
        if titles != set(get_args(EfficiencyType)):
            raise RulebookError(path, None, "设备类别须与申报材料的“强制性能效标准设备类别”一致："
                                f"{'、'.join(sorted(set(get_args(EfficiencyType)) ^ titles))}")
    if elimination.TABLE in tables:
        path = directory / "tables" / f"{elimination.TABLE}.yaml"
        tables[elimination.TABLE] = elimination.elimination_catalogue(
            tables[elimination.TABLE], path)
    if building_energy.TABLE in tables:
        path = directory / "tables" / f"{building_energy.TABLE}.yaml"
        table = building_energy.building_energy_table(tables[building_energy.TABLE], path)
        tables[building_energy.TABLE] = table
        if table.uses() != set(get_args(BuildingUse)):
            raise RulebookError(path, None, "使用功能须与申报材料的“公共建筑主要使用功能”一致："
                                f"{'、'.join(sorted(set(get_args(BuildingUse)) ^ table.uses()))}")
    return tables


def _version(directory: Path, extra_overrides: Path | None = None,
             parameters_file: str | Path | None = None) -> str:
    """Declared version plus a digest of every rulebook file, so any edit changes it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in
                       (".yaml", ".yml")):
        digest.update(str(path.relative_to(directory)).encode())
        digest.update(path.read_bytes())
    digest.update(overrides_bytes(parameters_file))
    if extra_overrides is not None:
        digest.update(overrides_bytes(extra_overrides))
    declared = (read_yaml(directory / "rulebook.yaml") or {}).get("version", "0")
    return f"{declared}+{digest.hexdigest()[:12]}"
