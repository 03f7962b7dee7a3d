"""The public-building intensity table (rules/tables/building_energy.yaml, GB/T 51161-2016,
夏热冬冷): validated at load; a value without a tag, a GAP row with a value or a guide value
above the constraint value is refused with the file named."""
from __future__ import annotations

import shutil
from typing import get_args

import pytest
import yaml

from checker import rulebook
from checker.model import BuildingUse
from checker.rulebook.building_energy import TABLE, building_energy_table
from checker.rulebook.sources import Status


def test_shipped_rows_match_the_application_list_and_none_is_more_than_its_tag():
    table = rulebook.shipped().tables[TABLE]
    assert table.uses() == set(get_args(BuildingUse))
    for row in table.rows:
        assert row.source.strip()
        if row.status is Status.GAP or not row.covered:
            assert row.constraint is None and row.guide is None, row.label
    # nothing verified from citable text yet: no row may give a condition
    assert not any(row.verified for row in table.rows)
    assert table.row("医院建筑", None).covered is False
    assert table.divided("办公建筑（商业办公）") and not table.divided("医院建筑")


@pytest.mark.parametrize("change, words", [
    ({"constraint": 110, "guide": 80}, "GAP 行不得给出数值"),
    ({"status": "V1"}, "须给出约束值"),
    ({"status": "V1", "constraint": 80, "guide": 110}, "引导值不得大于约束值"),
    ({"covered": False, "status": "UNVERIFIED", "constraint": 110}, "标准未列"),
])
def test_inconsistent_rows_are_refused(change, words):
    data = yaml.safe_load((rulebook.shipped().directory / "tables" / f"{TABLE}.yaml").read_text("utf-8"))
    data["rows"][0].update(change)
    with pytest.raises(rulebook.RulebookError) as refused:
        building_energy_table(data, "building_energy.yaml")
    assert words in str(refused.value) and "building_energy.yaml" in str(refused.value)


def test_a_table_not_matching_the_application_list_is_refused_at_load(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(rulebook.shipped().directory, rules)
    path = rules / "tables" / f"{TABLE}.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["rows"] = [r for r in data["rows"] if r["use"] != "学校建筑"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(rulebook.RulebookError, match="学校建筑"):
        rulebook.load(rules)
