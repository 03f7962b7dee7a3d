"""An application's energy lines are checked against the carriers of the rulebook it is
reviewed under (issue 22): a rulebook whose energy/carriers.yaml adds a carrier accepts it
and accounts for it, one that removes a carrier refuses it, naming the field — whatever the
rules directory of the process is."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml

from checker import intake, rulebook
from checker.review import review
from checker.rulebook.sources import rules_dir
from tests.conftest import minimal_application

DAY = dt.date(2026, 3, 1)
HOT_WATER = {"title": "热水（测试品种）", "canonical_unit": "MJ", "units": {"MJ": 1, "GJ": 1000},
             "coefficient": {"value": 0.03412, "unit": "kgce/MJ", "status": "UNVERIFIED",
                             "source": "测试：仅用于检验按规则库校验能源品种"}}


@pytest.fixture
def edited_book(tmp_path):
    """A rulebook in a test directory: 热水 added (its CO₂ factor unset, GAP), 液化天然气 (lng)
    removed."""
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    _edit(copy / "energy" / "carriers.yaml", lambda data: (
        data["carriers"].update(hot_water=HOT_WATER), data["carriers"].pop("lng")))
    _edit(copy / "parameters" / "carbon.yaml", lambda data: data["parameters"].update({
        "carbon.factor.hot_water": {**data["parameters"]["carbon.factor.heat"],
                                    "title": "热水二氧化碳排放因子（测试）",
                                    "values": [{"since": "2023-06-01", "value": None,
                                                "status": "GAP", "source": "测试：来源未取得"}]}}))
    return rulebook.load(copy)


def _edit(path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _with(line: dict) -> dict:
    data = minimal_application()
    data["energy"].append(line)
    return data


def _problem(data, carriers=None) -> dict[str, str]:
    with pytest.raises(intake.InputError) as caught:
        intake.validate(data, carriers)
    return {p["path"]: p["message"] for p in caught.value.problems}


def test_a_carrier_the_rulebook_adds_is_accepted_and_accounted(edited_book):
    data = _with({"carrier": "hot_water", "quantity": 1000, "unit": "GJ"})
    assert "hot_water" in edited_book.carriers and "hot_water" not in rulebook.shipped().carriers
    result = review(intake.validate(data, edited_book.carriers), DAY, edited_book)
    line = next(x for x in result.energy.lines if x.carrier == "hot_water")
    assert line.title == "热水（测试品种）" and line.tce == pytest.approx(34.12)
    # the shipped rulebook does not know it: refused, naming the field and its choices
    message = _problem(data, rulebook.shipped().carriers)["energy[1].carrier"]
    assert "未知能源品种“hot_water”" in message and "lng（液化天然气）" in message


def test_a_carrier_the_rulebook_removes_is_refused(edited_book):
    data = _with({"carrier": "lng", "quantity": 10, "unit": "t"})
    message = _problem(data, edited_book.carriers)["energy[1].carrier"]
    assert "未知能源品种“lng”" in message and "hot_water（热水（测试品种））" in message
    assert "液化天然气" not in message
    intake.validate(data, rulebook.shipped().carriers)  # the shipped rulebook knows it


def test_a_unit_is_checked_against_the_rulebooks_carrier(edited_book):
    data = _with({"carrier": "hot_water", "quantity": 10, "unit": "t"})
    message = _problem(data, edited_book.carriers)["energy[1].unit"]
    assert message.startswith("计量单位“t”不适用于热水（测试品种），可选：") and "GJ" in message


def test_without_a_rulebook_the_configured_rules_directory_decides(edited_book, monkeypatch):
    data = _with({"carrier": "hot_water", "quantity": 10, "unit": "GJ"})
    assert "energy[1].carrier" in _problem(data)
    monkeypatch.setenv("CHECKER_RULES_DIR", str(edited_book.directory))
    intake.validate(data)


def test_a_carrier_without_its_co2_factor_parameter_is_refused_at_load(tmp_path):
    """Regression: a carrier with no carbon.factor.<key> parameter made every review that
    declared it fail with a KeyError in the carbon account; the rulebook is refused at load,
    naming the file and the missing parameter."""
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    _edit(copy / "energy" / "carriers.yaml",
          lambda data: data["carriers"].update(hot_water=HOT_WATER))
    with pytest.raises(rulebook.RulebookError) as caught:
        rulebook.load(copy)
    assert "carriers.yaml" in str(caught.value)
    assert "carbon.factor.hot_water" in str(caught.value)
