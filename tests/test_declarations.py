"""Applicant-declared shortcuts (rules/declarations.yaml, issue 24 item 3): every declared
flag that lowers an obligation is on the Review as "申报：…（依据：…）"."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker import intake, rulebook
from checker.model import ProjectApplication
from checker.review import review
from checker.rulebook.declarations import load_declarations
from checker.rulebook.errors import RulebookError

DAY = dt.date(2026, 6, 1)


def _app(**sections) -> dict:
    project = {"name": "申报事项样例", "applicant": "测试单位", "industry_code": "1711",
               "nature": "新建", "investment": 1000, "approval_level": "区级投资主管部门审批核准备案"}
    project.update(sections.pop("project", {}))
    return {"project": project, **sections}


def _texts(data: dict) -> list[str]:
    return [d.text for d in review(intake.validate(data), DAY).declarations]


def _field(model, name: str):
    """The pydantic model a field of `model` holds (through lists and optionals)."""
    annotation = model.model_fields[name].annotation
    for arg in getattr(annotation, "__args__", ()) or (annotation,):
        inner = getattr(arg, "__args__", (arg,))[0]
        if isinstance(inner, type) and hasattr(inner, "model_fields"):
            return inner
    return None


def test_every_shortcut_names_a_field_of_the_application():
    """The data cannot drift from the model: each path (and basis path) is a declared field."""
    for shortcut in rulebook.current().declarations.shortcuts:
        for path in filter(None, (shortcut.path, shortcut.basis_path)):
            model, names = ProjectApplication, path.replace("[]", "").split(".")
            for name in names[:-1]:
                assert name in model.model_fields, f"{shortcut.key}: {path}"
                model = _field(model, name)
            assert names[-1] in model.model_fields, f"{shortcut.key}: {path}"


def test_declared_basis_is_named_and_a_bare_declaration_says_so():
    texts = _texts(_app(project={"industry_code": "3110", "two_highs": False,
                                 "two_highs_basis": "湘发改环资〔2026〕9号"},
                        metering={"gb17167_compliant": True}))
    assert "申报：不属“两高”项目（省级目录认定）（依据：湘发改环资〔2026〕9号）" in texts
    assert "申报：能源计量器具按GB 17167配备（依据：建设单位申报，未附能源计量器具配备方案）" in texts


def test_the_art8_exemptions_declared_are_listed_with_their_basis():
    texts = _texts(_app(project={"state_secret": True, "exemption_basis": "某定密机关确定文件"}))
    assert "申报：项目涉及国家秘密（依据：某定密机关确定文件）" in texts


def test_only_lowering_values_are_listed():
    assert not any("两高" in t for t in _texts(_app(project={"two_highs": True})))
    assert not any("GB 17167" in t for t in _texts(_app(metering={"gb17167_compliant": False})))
    assert not any("规模养殖" in t for t in _texts(_app(agriculture={"scale_farm": True})))
    assert any("未达到省定畜禽规模养殖标准" in t
               for t in _texts(_app(agriculture={"livestock_farm": True, "scale_farm": False})))


def test_an_absent_section_declares_nothing_but_an_absent_field_of_a_present_one_may():
    assert not any("GB 17167" in t for t in _texts(_app()))
    texts = _texts(_app(project={"approval_level": None}))
    assert any(t.startswith("申报：未申报项目审批（核准、备案）机关层级") and "按缺省处理" in t
               for t in texts)
    assert not any("机关层级" in t for t in _texts(
        _app(project={"approval_level": "省级投资主管部门审批核准备案"})))


def test_each_natural_gas_line_shows_its_kind_and_other_carriers_none():
    gas = [{"carrier": "natural_gas", "quantity": 10, "unit": "万m³"},
           {"carrier": "natural_gas", "quantity": 10, "unit": "万m³", "kind": "气田天然气"},
           {"carrier": "natural_gas", "quantity": 10, "unit": "万m³", "kind": "油田天然气"},
           {"carrier": "electricity", "quantity": 10, "unit": "万kWh"}]
    texts = [t for t in _texts(_app(energy=gas)) if "天然气" in t]
    assert texts == ["申报：天然气未申报品种（按气田天然气折标准煤）（依据：建设单位未申报，按缺省处理）",
                     "申报：天然气品种为气田天然气（依据：建设单位申报，未附供气合同或气源说明）"]


def test_declarations_are_in_the_summary_json():
    result = review(intake.validate(_app(metering={"gb17167_compliant": True})), DAY)
    data = [d for d in result.summary_json()["declarations"] if d["key"] == "gb17167_compliant"]
    assert {"key": "gb17167_compliant", "field": "metering.gb17167_compliant", "value": True,
            "basis": None} == {k: data[0][k] for k in ("key", "field", "value", "basis")}
    assert data[0]["text"].startswith("申报：能源计量器具按GB 17167配备")


def test_a_duplicate_key_is_refused(tmp_path: Path):
    entry = ("  - {key: a, path: metering.gb17167_compliant, lowering: [true], label: x, "
             "evidence: y, effect: z}\n")
    path = tmp_path / "declarations.yaml"
    path.write_text("declarations:\n" + entry + entry, encoding="utf-8")
    with pytest.raises(RulebookError, match="不能重复"):
        load_declarations(path)
