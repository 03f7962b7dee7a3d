"""Steps that put values into the rulebook's building-energy table (GB/T 51161-2016), as the
bureau would once a row is verified: the shipped rows are GAP."""
from __future__ import annotations

import copy

from pytest_bdd import given, parsers, then

from checker import rulebook
from checker.rulebook.building_energy import TABLE, BuildingEnergyTable
from checker.rulebook.sources import Status


@given(parsers.parse('建筑能耗表中"{use}""{klass}"行的约束值为{constraint:g}、引导值为{guide:g}，'
                     '核实状态为"{status}"'))
def table_row(scenario, use: str, klass: str, constraint: float, guide: float, status: str):
    """A rulebook whose table row (use, class) has these values and tag (the rest shipped)."""
    book = scenario.book or rulebook.load()
    table: BuildingEnergyTable = book.tables[TABLE]
    rows = [row.model_copy(update={"constraint": constraint, "guide": guide, "status": Status(status),
                                   "source": "场景测试中录入的数值"})
            if row.use == use and row.building_class == (klass or None) else row
            for row in table.rows]
    assert rows != list(table.rows), f"建筑能耗表没有“{use}”“{klass}”行"
    changed = copy.copy(book)
    changed.tables = {**book.tables, TABLE: BuildingEnergyTable.model_validate(
        {"standard": table.standard, "climate_zone": table.climate_zone,
         "rows": [row.model_dump(by_alias=True) for row in rows]})}
    changed.version = f"{book.version}+{use}{klass}{constraint}{guide}{status}"
    scenario.book = changed


@then(parsers.parse('该规则对建设单位的要求包含"{text}"'))
def rule_action_contains(scenario, text: str):
    found = scenario.findings_for(scenario.current_rule)
    assert found and all(text in (f.action or "") for f in found), [f.action for f in found]
