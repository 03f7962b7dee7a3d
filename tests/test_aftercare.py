"""The operating data template (checker.aftercare): written with checker.exports, read back
cell by cell; every problem names its cell, and a file with any problem gives no rows."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from checker import aftercare
from checker.aftercare import AftercareError

CODE = "2026-430105-14-03-000001"


def workbook(rows, headers=aftercare.HEADERS, title=aftercare.TEMPLATE_SHEET) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems(data: bytes, year: int = 2026) -> str:
    with pytest.raises(AftercareError) as refused:
        aftercare.read_operating_xlsx(data, year)
    return str(refused.value)


def test_template_round_trip():
    template = aftercare.template_xlsx([(CODE, "食品厂"), ("=cmd|calc", "注入")])
    book = load_workbook(io.BytesIO(template))
    sheet = book[aftercare.TEMPLATE_SHEET]
    assert [c.value for c in sheet[1]] == aftercare.HEADERS
    assert sheet["A2"].value == CODE and sheet["A3"].data_type == "s"  # never a formula
    sheet["B2"], sheet["C2"], sheet["G2"] = 2025, 1234.5, 3000
    sheet.delete_rows(3)
    out = io.BytesIO()
    book.save(out)
    [row] = aftercare.read_operating_xlsx(out.getvalue(), 2026)
    assert (row.row, row.project_code, row.year) == (2, CODE, 2025)
    assert row.figures == {"energy_tce": 1234.5, "energy_equivalent_tce": None,
                           "unit_product": None, "unit_added_value": None, "co2_t": 3000}


def test_every_bad_cell_is_named_and_nothing_is_read():
    text = problems(workbook([
        [CODE, 2026, "很多", None, None, None, None],
        ["", 1999, 1, None, None, None, -5],
        [CODE, "2026年", "=A1*2", None, None, None, None],
        ["代码 有空格", 2026, None, None, None, None, 1],
        [CODE, 2027, 1, None, None, None, None],
    ]))
    for expected in ("第2行 C列（年综合能源消费量（当量值，吨标准煤））：“很多”不是数值",
                     "第3行 A列（项目代码）：请填写项目代码", "第3行 B列（年度）：年度1999不在",
                     "第3行 G列（二氧化碳排放量（吨））：不能为负数",
                     "第4行 B列（年度）：年度须为四位整数年份", "第4行 C列", "不接受公式",
                     "第5行 A列（项目代码）：项目代码“代码 有空格”格式不正确",
                     "第6行 B列（年度）：年度2027不在"):
        assert expected in text, (expected, text)


def test_duplicates_headers_and_files():
    assert "与第2行重复" in problems(workbook([[CODE, 2026, 1, None, None, None, None],
                                               [CODE, 2026, 2, None, None, None, None]]))
    assert "第1行：表头" in problems(workbook([], headers=["项目", "年"]))
    assert "不是有效的XLSX" in problems(b"PK\x03\x04 not really")
    assert "没有数据行" in problems(workbook([]))
    assert "至少填写一项" in problems(workbook([[CODE, 2026, None, None, None, None, None]]))
    assert "不得超过 5 MB" in problems(b"0" * (aftercare.IMPORT_MAX_BYTES + 1))


def test_overrun_reaches_the_threshold_inclusively():
    levels = aftercare.approved_levels(1000.0, 1500.0, 3000.0, 2000.0, {
        "products": [{"name": "乳制品", "unit_energy": 50, "unit_energy_unit": "kgce/t"}]})
    assert set(levels) == {"energy_tce", "energy_equivalent_tce", "co2_t", "unit_added_value",
                           "unit_product"}
    assert levels["unit_added_value"]["value"] == 0.5
    figures = {"energy_tce": 1100.0, "energy_equivalent_tce": 1650.15, "co2_t": 3297.0,
               "unit_added_value": 0.5505, "unit_product": 55.0}
    found = {o["key"] for o in aftercare.overruns(figures, levels, 10)}
    # 10 % exactly (energy, unit product) is an overrun, 9.9 % (CO₂) is not
    assert found == {"energy_tce", "energy_equivalent_tce", "unit_added_value", "unit_product"}


def test_acceptance_items_name_the_declared_grade_once():
    """The acceptance checklist states each equipment line's declared grade as declared
    ("能效3级", not "能效3级级")."""
    from checker import intake
    from tests.conftest import minimal_application
    data = minimal_application()
    data["industrial_policy"] = {"catalogue_category": "允许类", "equipment": [
        {"name": "主电机", "kind": "三相异步电动机", "model": "YE4-280S-4", "count": 2,
         "efficiency_type": "电动机", "efficiency_grade": "3级"},
        {"name": "风机", "kind": "离心风机", "efficiency_grade": "低于能效限定值"}]}
    texts = [i.text for i in aftercare.key_figures(intake.validate(data), None, None, None)
             if i.key.startswith("equipment.")]
    assert texts[0] == "主电机（YE4-280S-4）2台（套），能效3级，与节能报告一致"
    assert "级级" not in texts[1] and "能效低于能效限定值（申报）" in texts[1]
