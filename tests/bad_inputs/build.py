"""Build the bad-input corpus in this folder (run: python -m tests.bad_inputs.build).

Each case is a file `NNN-<slug>.<ext>` and an entry in manifest.json giving the field path
the refusal must name (may be "") and a fragment the Chinese message must contain.  The
corpus is committed; this script documents how it was made and can regenerate it.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

BASE = {
    "project": {"name": "坏输入测试项目", "applicant": "测试单位", "industry_code": "7010",
                "nature": "新建", "investment": 1000, "location": {"built_up_area": True},
                "prior_review": {"number": "开发改环资〔2024〕1号", "issued_on": "2024-05-01",
                                 "approved_tce": 1200, "actual_tce": 1300}},
    "energy": [{"carrier": "electricity", "quantity": 100, "unit": "万kWh"}],
    "feedstock": [{"carrier": "raw_coal", "quantity": 10, "unit": "t"}],
    "renewable_generation": {"self_consumed_kwh": 1000, "capacity_kw": 10},
    "products": [{"code": "cement_clinker", "name": "熟料", "annual_output": 10, "unit_energy": 100}],
    "data_centre": {"standard_racks": 10, "design_pue": 1.2},
    "vocs": {"new_emissions_t": 1, "secured_offset_t": 2,
             "materials": [{"category": "涂料", "kind": "x", "voc_content": 10, "content_unit": "g/L",
                            "annual_use_t": 1}]},
    "pollutants": {"cod_t": 1, "nh3n_t": 1, "nox_t": 1, "so2_t": 1},
    "boilers": [{"fuel": "燃气", "capacity_t_h": 2, "count": 1, "nox_mg_m3": 30}],
    "emission_class": {"performance_grade": "A"},
    "buildings": {"new_floor_area_m2": 1000, "parking_spaces": 10, "charging_spaces": 2},
    "vehicles": {"new_buses": 2, "new_electric_buses": 2, "new_official_vehicles": 1,
                 "new_official_nev": 1},
}

NUMERIC_FIELDS = [
    ("project.investment",), ("project.prior_review.approved_tce",),
    ("project.prior_review.actual_tce",), ("energy", 0, "quantity"), ("feedstock", 0, "quantity"),
    ("renewable_generation.self_consumed_kwh",), ("renewable_generation.capacity_kw",),
    ("products", 0, "annual_output"), ("data_centre.standard_racks",), ("data_centre.design_pue",),
    ("vocs.new_emissions_t",), ("vocs.secured_offset_t",), ("vocs.materials", 0, "voc_content"),
    ("vocs.materials", 0, "annual_use_t"), ("pollutants.cod_t",), ("pollutants.nh3n_t",),
    ("pollutants.nox_t",), ("pollutants.so2_t",), ("boilers", 0, "capacity_t_h"),
    ("boilers", 0, "count"), ("boilers", 0, "nox_mg_m3"), ("buildings.new_floor_area_m2",),
    ("buildings.parking_spaces",), ("buildings.charging_spaces",), ("vehicles.new_buses",),
]


INTEGER_FIELDS = {"data_centre.standard_racks", "boilers[0].count", "buildings.parking_spaces",
                  "buildings.charging_spaces", "vehicles.new_buses"}
REQUIRED_FIELDS = {"project.investment", "energy[0].quantity", "feedstock[0].quantity",
                   "renewable_generation.self_consumed_kwh", "data_centre.standard_racks",
                   "vocs.new_emissions_t", "vocs.materials[0].voc_content",
                   "boilers[0].capacity_t_h", "buildings.new_floor_area_m2"}


def _path(spec: tuple) -> tuple[list, str]:
    """('energy', 0, 'quantity') → (['energy', 0, 'quantity'], 'energy[0].quantity')."""
    parts: list = []
    for item in spec:
        parts += item.split(".") if isinstance(item, str) else [item]
    text = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p)
                   for i, p in enumerate(parts))
    return parts, text


def _set(data: dict, parts: list, value) -> dict:
    data = copy.deepcopy(data)
    node = data
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value
    return data


def _delete(data: dict, parts: list) -> dict:
    data = copy.deepcopy(data)
    node = data
    for part in parts[:-1]:
        node = node[part]
    del node[parts[-1]]
    return data


def cases():
    """Yield (slug, bytes, path, fragment)."""
    text = json.dumps(BASE, ensure_ascii=False)
    for spec in NUMERIC_FIELDS:
        parts, path = _path(spec)
        yield f"negative-{path}", _dump(_set(BASE, parts, -1)), path, "大于或等于"
        yield f"string-number-{path}", _dump(_set(BASE, parts, "100")), path, "须为"
        yield f"huge-{path}", _dump(_set(BASE, parts, 1e308)), path, \
            "整数" if path in INTEGER_FIELDS else "小于或等于"
        yield f"bool-{path}", _dump(_set(BASE, parts, True)), path, "须为"
        if path in REQUIRED_FIELDS:
            yield f"null-{path}", _dump(_set(BASE, parts, None)), path, "须为"
    for i, value in enumerate(["NaN", "Infinity", "-Infinity"]):
        for field in ("investment", "name"):
            raw = text.replace('"investment": 1000', f'"investment": {value}') if field == "investment" \
                else text.replace('"self_consumed_kwh": 1000', f'"self_consumed_kwh": {value}')
            yield f"constant-{value}-{field}", raw.encode(), "", "NaN"
    yield "overflow-1e309", text.replace('"investment": 1000', '"investment": 1e309').encode(), \
        "project.investment", "有限数值"
    for carrier in ("wood", "Electricity", "电力", "", "natural gas", "hydrogen", "coal", "steam_hp"):
        yield f"unknown-carrier-{carrier or 'empty'}", _dump(
            _set(BASE, ["energy", 0, "carrier"], carrier)), "energy[0]", "能源品种"
    for carrier, unit in [("electricity", "t"), ("electricity", "m³"), ("raw_coal", "kWh"),
                          ("natural_gas", "t"), ("natural_gas", "kWh"), ("diesel", "m³"),
                          ("steam", "kWh"), ("heat", "t"), ("electricity", "度"),
                          ("electricity", "kwh"), ("raw_coal", "吨"), ("lpg", "m³")]:
        yield f"unit-mismatch-{carrier}-{unit}", _dump(
            _set(BASE, ["energy", 0], {"carrier": carrier, "quantity": 1, "unit": unit})), \
            "energy[0]", "计量单位"
    for section in ("project", "project.location", "data_centre", "vocs", "pollutants",
                    "buildings", "vehicles", "renewable_generation", "emission_class",
                    "project.prior_review"):
        parts = section.split(".") + ["unexpected_field"]
        yield f"unknown-key-{section}", _dump(_set(BASE, parts, 1)), \
            f"{section}.unexpected_field", "未知键"
    for index, section in enumerate(("energy", "boilers", "products")):
        parts = [section, 0, "extra"]
        yield f"unknown-key-{section}-item", _dump(_set(BASE, parts, "x")), \
            f"{section}[0].extra", "未知键"
    yield "unknown-key-top", _dump(_set(BASE, ["applicationn"], {})), "applicationn", "未知键"
    for field in ("name", "applicant", "industry_code", "nature", "investment"):
        yield f"missing-{field}", _dump(_delete(BASE, ["project", field])), \
            f"project.{field}", "缺少必填字段"
    yield "missing-project", _dump(_delete(BASE, ["project"])), "project", "缺少必填字段"
    for code in ("3O11", "30111", "1", "", "00", "98", "A3011", "30-11", "３０１１", "30 11"):
        yield f"industry-code-{code or 'empty'}", _dump(
            _set(BASE, ["project", "industry_code"], code)), "project.industry_code", "行业"
    for nature in ("新", "new", "新建项目", "", "改扩建"):
        yield f"nature-{nature or 'empty'}", _dump(_set(BASE, ["project", "nature"], nature)), \
            "project.nature", "新建、扩建、改建"
    for day in ("2024-13-01", "2024/05/01", "昨天", "20240501", "2024-02-30"):
        yield f"date-{day}", _dump(_set(BASE, ["project", "prior_review", "issued_on"], day)), \
            "project.prior_review.issued_on", "日期"
    for section, value in [("project", []), ("energy", {}), ("data_centre", "大"),
                           ("boilers", {"fuel": "燃煤"}), ("vocs", 5), ("project", "x"),
                           ("buildings", []), ("energy", "电")]:
        yield f"wrong-type-{section}-{type(value).__name__}", _dump(_set(BASE, [section], value)), \
            section, "须为"
    yield "subset-buses", _dump(_set(BASE, ["vehicles", "new_electric_buses"], 5)), "vehicles", \
        "不能大于"
    yield "subset-official", _dump(_set(BASE, ["vehicles", "new_official_nev"], 3)), "vehicles", \
        "不能大于"
    yield "long-array-energy", _dump(_set(BASE, ["energy"], BASE["energy"] * 101)), "energy", \
        "项数过多"
    yield "long-array-boilers", _dump(_set(BASE, ["boilers"], BASE["boilers"] * 101)), "boilers", \
        "项数过多"
    yield "long-name", _dump(_set(BASE, ["project", "name"], "长" * 201)), "project.name", "过长"
    yield "empty-name", _dump(_set(BASE, ["project", "name"], "   ")), "project.name", "不能为空"
    # Syntax and encoding
    for i, cut in enumerate((1, 10, 50, 120, len(text) // 2, len(text) - 1)):
        yield f"truncated-{i}", text[:cut].encode(), "", "JSON格式错误"
    for slug, raw in [
        ("trailing-comma", text[:-1] + ",}"), ("single-quotes", text.replace('"', "'")),
        ("comment", "// 注释\n" + text), ("unquoted-key", text.replace('"project"', "project", 1)),
        ("two-documents", text + text), ("python-literal", text.replace("1000", "True", 1)),
        ("missing-comma", text.replace(', "energy"', ' "energy"', 1)),
        ("bare-word", "项目数据"), ("xml", "<project><name>x</name></project>"),
        ("control-char", text.replace("坏输入", "坏\x01输入")),
    ]:
        yield f"syntax-{slug}", raw.encode(), "", "JSON格式错误"
    for slug, raw in [("empty", b""), ("whitespace", b"  \n\t "), ("null", b"null"),
                      ("array", b"[]"), ("string", b'"project"'), ("number", b"42"),
                      ("true", b"true")]:
        yield f"toplevel-{slug}", raw, "", "为空" if slug in ("empty", "whitespace") else "JSON对象"
    yield "duplicate-top", b'{"project": {}, "project": {}}', "project", "重复"
    yield "duplicate-nested", text.replace('"name": "坏输入测试项目"',
                                           '"name": "a", "name": "b"').encode(), "name", "重复"
    yield "duplicate-energy", text.replace('"energy": [', '"energy": [], "energy": [').encode(), \
        "energy", "重复"
    yield "deep-nesting-array", b"[" * 5000 + b"]" * 5000, "", "嵌套"
    yield "deep-nesting-object", b'{"a":' * 500 + b"1" + b"}" * 500, "", "嵌套"
    for slug, encoding in [("gbk", "gbk"), ("gb18030", "gb18030"), ("big5", "big5")]:
        yield f"encoding-{slug}", text.encode(encoding, errors="replace"), "", "UTF-8"
    for slug, encoding in [("utf16-le-bom", "utf-16"), ("utf16-le", "utf-16-le"),
                           ("utf16-be", "utf-16-be")]:
        yield f"encoding-{slug}", text.encode(encoding), "", "UTF-16"
    yield "encoding-utf32", text.encode("utf-32"), "", "UTF-32"
    yield "encoding-latin1", "{\"project\": {\"name\": \"caf\u00e9\"}}".encode("latin-1"), "", "UTF-8"
    yield "encoding-bom-gbk", b"\xef\xbb\xbf" + text.encode("gbk"), "", "UTF-8"
    yield "binary-png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "", "PNG图片"
    yield "binary-zip", b"PK\x03\x04" + bytes(200), "", "ZIP压缩包"


def _dump(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def main() -> None:
    for old in HERE.glob("[0-9][0-9][0-9]-*"):
        old.unlink()
    manifest = {}
    for number, (slug, raw, path, fragment) in enumerate(cases(), 1):
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in slug)[:60]
        name = f"{number:03d}-{safe}.json"
        (HERE / name).write_bytes(raw)
        manifest[name] = {"path": path, "expect": fragment}
    (HERE / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(manifest)} cases")


if __name__ == "__main__":
    main()
