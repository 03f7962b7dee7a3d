"""Published energy-review decisions of other provinces, reproduced through the real checker (issue 27).

Each record in tests/decisions/ holds a decision's source, the project data it publishes, the
conditions it imposes and, for each, the rule of the rulebook that raises it (or why none does).
The application is reviewed with the rulebook loaded with the decision's practice configured as
local parameters (the electricity 等价值 it states, the energy-management levels it applies), and:
the energy totals must match the published figures (each carrier rounded to 0.01 t and summed,
as the decisions do); every condition the rulebook covers must be raised with its severity; every
other condition must say why the rulebook does not raise it.  Partial records check only the
carriers that are visible: either the stored copy of the decision is cut off, or every carrier is
visible but the decision's coefficient for one of them is not published and matches no value the
carrier table offers (the record then states the difference it accepts, `total_tolerance_tce`).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from checker import intake, rulebook
from checker.evaluation.compiler import MISSING, NOT_ASSESSED
from checker.review import review
from tests.support.decisions import DECISIONS_DIR, published_sum

DECISIONS = sorted(DECISIONS_DIR.glob("*.yaml"))
REQUIRED = {"id", "title", "authority", "published_on", "source", "source_status", "review_as_of",
            "application", "conditions", "published"}


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (PyYAML keeps the last one
    silently, which once hid the decisions' publication dates behind their published figures)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        repeated = sorted({str(key) for key in keys if keys.count(key) > 1})
        if repeated:
            raise yaml.constructor.ConstructorError(None, None, f"键重复：{'、'.join(repeated)}",
                                                    node.start_mark)
        return super().construct_mapping(node, deep=deep)


def _load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader)


def _reviewed(record: dict, tmp_path, monkeypatch):
    """The decision's application reviewed by the checker, with the decision's practice set
    as the bureau's local parameters (as an administrator would: $CHECKER_PARAMETERS)."""
    local = tmp_path / "parameters.yaml"
    body = {"parameters": {name: {**entry, "source": f"按{record['authority']}审查意见的做法配置（测试）"}
                           for name, entry in (record.get("parameters") or {}).items()}}
    local.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("CHECKER_PARAMETERS", str(local))
    book = rulebook.load()
    app = intake.validate(record["application"])
    as_of = dt.date.fromisoformat(str(record["review_as_of"]))
    return review(app, as_of, book), book


def _raised(result) -> dict:
    """The findings the review raised: not those it reports as not assessed (a GAP parameter)
    or as lacking the facts they need."""
    return {f.rule_id: f for f in result.findings if f.outcome not in (NOT_ASSESSED, MISSING)}


def test_at_least_three_decisions_are_recorded_and_two_are_complete():
    records = [_load(p) for p in DECISIONS]
    assert len(records) >= 3
    assert len([r for r in records if not r.get("partial")]) >= 2


@pytest.mark.parametrize("path", DECISIONS, ids=lambda p: p.stem)
def test_record_names_its_source_and_every_condition_is_accounted_for(path):
    record = _load(path)
    assert REQUIRED <= set(record), REQUIRED - set(record)
    assert record["source_status"] in {"V1", "V2"}
    assert str(record["source"]).startswith("http")
    assert record["id"] == path.stem
    for condition in record["conditions"]:
        assert condition.get("item")
        # either a rule of the rulebook that raises it, or the reason none does
        assert bool(condition.get("rule")) != bool(condition.get("not_covered")), condition


@pytest.mark.parametrize("path", DECISIONS, ids=lambda p: p.stem)
def test_energy_totals_match_the_decision(path, tmp_path, monkeypatch):
    record = _load(path)
    result, _ = _reviewed(record, tmp_path, monkeypatch)
    published = record["published"]
    if record.get("partial"):
        # electricity's 当量值 at 0.1229 must match; the rest of the published total is left to
        # the carriers that are cut off, or matched within the difference the record states
        (line,) = [ln for ln in result.energy.lines if ln.carrier == "electricity"]
        assert round(line.canonical_quantity, 3) == published["electricity_kwh"]
        assert round(line.tce, 2) == round(published["electricity_kwh"] * 0.1229 / 1000, 2)
        tolerance = published.get("total_tolerance_tce")
        if tolerance is None:
            assert result.energy.total_tce < published["total_tce"]
        else:
            total = published_sum(result.energy.lines, "tce")
            assert round(abs(total - published["total_tce"]), 2) <= tolerance, total
        return
    assert published_sum(result.energy.lines, "tce") == published["total_tce"]
    equivalent = published_sum(result.energy.lines, "equivalent_tce")
    tolerance = published.get("equivalent_tolerance_tce", 0)
    assert abs(equivalent - published["total_equivalent_tce"]) <= tolerance, equivalent
    assert any("电力等价值按" in note for note in result.energy.notes), result.energy.notes


@pytest.mark.parametrize("path", DECISIONS, ids=lambda p: p.stem)
def test_the_covered_conditions_are_raised(path, tmp_path, monkeypatch):
    record = _load(path)
    result, book = _reviewed(record, tmp_path, monkeypatch)
    fired = _raised(result)
    known = {rule.id for rule in book.rules}
    for condition in record["conditions"]:
        rule = condition.get("rule")
        if not rule or rule == "energy totals":
            continue
        assert rule in known, rule
        assert rule in fired, f"{record['id']}：审查意见的要求“{condition['item']}”未由 {rule} 提出"
        assert fired[rule].severity.value == condition["severity"], (rule, fired[rule].severity)


def test_putian_diesel_is_not_in_the_published_total(tmp_path, monkeypatch):
    """The Putian decision lists 47.99 t diesel, but its total is electricity plus gas only:
    with the diesel the checker's total exceeds the published one by exactly its 当量值."""
    record = _load(DECISIONS_DIR / "putian_first_hospital_2022.yaml")
    listed = record["published"]["listed_not_in_total"]
    record["application"]["energy"].append(listed)
    result, _ = _reviewed(record, tmp_path, monkeypatch)
    diesel = [ln for ln in result.energy.lines if ln.carrier == "diesel"][0]
    assert round(diesel.tce, 2) == 69.93
    assert published_sum(result.energy.lines, "tce") == round(record["published"]["total_tce"] + 69.93, 2)


def test_zhanjiang_gas_coefficient_is_neither_gbt2589_value(tmp_path, monkeypatch):
    """The Zhanjiang decision publishes its carriers but not the natural-gas coefficient: its
    total lies strictly between the checker's totals with the two GB/T 2589 kinds (气田天然气
    1.2143, 油田天然气 1.3300), so no declarable kind reproduces it (implied ≈1.3278 kgce/m³)."""
    path = DECISIONS_DIR / "zhanjiang_spherical_graphite.yaml"
    published = _load(path)["published"]["total_tce"]
    totals = {}
    for kind in ("气田天然气", "油田天然气"):
        record = _load(path)
        for line in record["application"]["energy"]:
            if line["carrier"] == "natural_gas":
                line["kind"] = kind
        result, _ = _reviewed(record, tmp_path, monkeypatch)
        totals[kind] = published_sum(result.energy.lines, "tce")
    assert totals == {"气田天然气": 4548.13, "油田天然气": 4825.81}
    assert totals["气田天然气"] < published < totals["油田天然气"]


def test_without_the_decisions_practice_the_energy_management_conditions_stay_unassessed(
        tmp_path, monkeypatch):
    """The levels are GAP: unconfigured, the Putian project gets no energy-management condition
    (the rule reports 未评估), which is why the record configures the decision's practice."""
    record = _load(DECISIONS_DIR / "putian_first_hospital_2022.yaml")
    record["parameters"] = {}
    result, _ = _reviewed(record, tmp_path, monkeypatch)
    fired = set(_raised(result))
    assert "energy_management.system" not in fired
    assert "energy_management.online_monitoring" not in fired


def test_a_key_given_twice_is_refused(tmp_path):
    """A record with a key given twice is refused rather than read with the last value only."""
    path = tmp_path / "twice.yaml"
    path.write_text("published_on: 2025-03-03\npublished_on: 2025-03-04\n", encoding="utf-8")
    with pytest.raises(yaml.constructor.ConstructorError, match="键重复：published_on"):
        _load(path)
