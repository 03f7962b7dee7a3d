"""The GB/T 4754-2017 code list (checker/data/gbt4754_2017.yaml): complete, consistent, and
agreeing with the class names the rulebook cites."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

from checker.industries import TABLE, catalogue, industry_name, lineage, lookup, source

ROOT = Path(__file__).resolve().parents[1]


def _raw() -> dict:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))


def _keys_in_file(block: str) -> list[str]:
    """The keys of one top-level block as written in the file (yaml.safe_load would hide a
    duplicate key by keeping the last one)."""
    keys, inside = [], False
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.startswith(" "):
            inside = line.startswith(f"{block}:")
            continue
        match = re.match(r'\s+"?([0-9A-Z]+)"?:', line)
        if inside and match and line.startswith("  ") and not line.startswith("   "):
            keys.append(match.group(1))
    return keys


def test_no_duplicate_codes_in_the_file():
    for block in ("sections", "divisions", "groups", "classes"):
        keys = _keys_in_file(block)
        assert keys, block
        assert [k for k, n in Counter(keys).items() if n > 1] == [], block


def test_codes_have_the_standard_structure_and_every_parent_exists():
    data = _raw()
    assert len(data["sections"]) == 20
    assert all(re.fullmatch(r"\d{2}", c) for c in data["divisions"])
    assert all(re.fullmatch(r"\d{3}", c) for c in data["groups"])
    assert all(re.fullmatch(r"\d{4}", c) for c in data["classes"])
    for code, (letter, _) in data["divisions"].items():
        assert letter in data["sections"], code
    for code in data["groups"]:
        assert code[:2] in data["divisions"], code
    for code in data["classes"]:
        assert code[:3] in data["groups"], code


def test_every_level_is_complete_down_to_the_classes():
    data = _raw()
    assert list(data["divisions"]) == [f"{n:02d}" for n in range(1, 98)]
    assert {g[:2] for g in data["groups"]} == set(data["divisions"])
    assert {c[:3] for c in data["classes"]} == set(data["groups"])
    assert {letter for letter, _ in data["divisions"].values()} == set(data["sections"])
    # the standard's four levels: 97 大类, 473 中类, about 1,380 小类 (see source.notes)
    assert len(data["groups"]) == 473
    assert 1375 <= len(data["classes"]) <= 1385


def test_names_are_clean_text():
    for entry in catalogue():
        assert entry.name and entry.name == entry.name.strip(), entry.code
        assert not re.search(r"[()\s]", entry.name), entry.label  # full-width brackets only


def test_known_classes_carry_their_standard_names():
    expected = {"4411": "火力发电", "4412": "热电联产", "4430": "热力生产和供应",
                "3011": "水泥制造", "3041": "平板玻璃制造", "2614": "有机化学原料制造",
                "2612": "无机碱制造", "2621": "氮肥制造", "2651": "初级形态塑料及合成树脂制造",
                "3110": "炼铁", "3120": "炼钢", "6450": "互联网数据服务", "1392": "豆制品制造",
                "3741": "飞机制造", "0111": "稻谷种植", "9700": "国际组织"}
    assert {code: industry_name(code) for code in expected} == expected


def test_names_the_rulebook_cites_match_the_table():
    """Every "NNNN 名称" a rulebook parameter cites names the table's class (the rulebook may
    shorten a name, e.g. "3021 水泥制品", but never give a different one)."""
    cited = []
    pattern = re.compile(r"(?:^|[\s；、“（])(\d{4}) ([\u4e00-\u9fff、]+?)(?=[；。，、（”]|$)", re.M)
    for path in sorted((ROOT / "rules" / "parameters").glob("*.yaml")):
        for code, name in pattern.findall(path.read_text(encoding="utf-8")):
            entry = lookup(code)
            if entry is not None:
                cited.append((path.name, code, name, entry.name))
    assert cited, "the rulebook cites no class by name any more"
    wrong = [(f, c, n, e) for f, c, n, e in cited if not (e.startswith(n) or n.startswith(e))]
    assert wrong == []


def test_lineage_and_source():
    assert [e.label for e in lineage("3011")] == [
        "30 非金属矿物制品业", "301 水泥、石灰和石膏制造", "3011 水泥制造"]
    assert [e.level for e in lineage("3011")] == ["大类", "中类", "小类"]
    meta = source()
    assert meta["status"] in ("V1", "V2") and "4754-2017" in meta["title"]
    assert "zmshe/capital" in meta["transcribed_from"]
