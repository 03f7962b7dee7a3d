"""checker.exports, the one writer of every CSV and XLSX, on its own: the OWASP formula rule
(texts neutralised, numbers kept as numbers), stored control characters, date and number
cells, file names; and the rule-change impact report, which it also writes."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from checker import exports
from checker.exports import CODE, COUNT, DATE, NUMBER, RATIO, Column, Sheet

COLUMNS = [Column("名称", "name"), Column("代码", "code", CODE), Column("日期", "day", DATE),
           Column("能耗", "tce", NUMBER), Column("强度", "ratio", RATIO),
           Column("项目数", "count", COUNT)]
ROWS = [{"name": "-1", "code": "0511", "day": dt.date(2026, 3, 10), "tce": -1.5, "ratio": 0.12345,
         "count": 3},
        {"name": "=1+1", "code": "=A1", "day": None, "tce": None, "ratio": None, "count": 0},
        {"name": "第一行\n第二行\u0001", "code": "\t12", "day": dt.date(2026, 1, 1), "tce": 1234.5,
         "ratio": 1.0, "count": 1200}]


def _csv(rows=ROWS, columns=COLUMNS) -> list[list[str]]:
    data = exports.csv_bytes(columns, rows)
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_quotes_formula_texts_and_keeps_numbers():
    header, first, second, third = _csv()
    assert header == ["名称", "代码", "日期", "能耗", "强度", "项目数"]
    assert first == ["'-1", "0511", "2026-03-10", "-1.5", "0.12345", "3"]  # -1.5 a number
    assert second == ["'=1+1", "'=A1", "", "—", "—", "0"]  # undeclared figures: "—"
    assert third[0] == "第一行\n第二行\\u0001" and third[1] == "'\\u000912"


def test_xlsx_cells_are_typed_and_never_formulas():
    data = exports.xlsx_bytes([Sheet("表", COLUMNS, ROWS)])
    sheet = load_workbook(io.BytesIO(data))["表"]
    cells = list(sheet.iter_rows(min_row=2))
    assert all(c.data_type != "f" for row in cells for c in row)
    name, code, day, tce, ratio, count = cells[0]
    assert name.value == "-1" and name.data_type == "s" and name.quotePrefix
    assert code.value == "0511" and code.number_format == "@"
    assert day.is_date and day.value == dt.datetime(2026, 3, 10)
    assert tce.value == -1.5 and tce.data_type == "n" and tce.number_format == "#,##0.00"
    assert ratio.number_format == "#,##0.0000" and count.number_format == "#,##0"
    assert cells[1][0].value == "=1+1" and cells[1][0].quotePrefix  # shown as it is
    assert cells[1][3].value == "—"
    assert cells[2][0].value == "第一行\n第二行\\u0001" and cells[2][0].alignment.wrap_text
    assert sheet.freeze_panes == "A2"


def test_file_names_and_sheet_titles_are_safe():
    assert exports.file_name("节能审查意见-开发改环资〔2026〕3号", "pdf") == \
        "节能审查意见-开发改环资〔2026〕3号.pdf"
    assert exports.file_name('a/b\\c:d*e?f"g<h>i|j\u0001', "csv") == "a_b_c_d_e_f_g_h_i_j_.csv"
    assert exports.file_name("..", "xlsx") == "download.xlsx"
    assert exports.safe_sheet_title("按[行业]/类别:" + "长" * 40) == "按_行业__类别_" + "长" * 22


@pytest.mark.parametrize("text, width", [("abc", 3), ("项目名称", 8), ("A项目", 5), ("", 0)])
def test_a_chinese_character_is_two_columns_wide(text, width):
    assert exports.text_width(text) == width


def test_impact_report_holds_no_formula():
    """The rule-change impact report (admin page and `checker impact --out`) is written by the
    same helper."""
    from checker import change_impact

    row = {"id": 7, "project": "@SUM(A1)", "industry": "7010", "as_of": "2026-01-15",
           "current": {"outcome_label": "=区级", "energy": "+通过", "pollutant": "-",
                       "co2_t": None},
           "candidate": {"outcome_label": "区级", "energy": "通过", "pollutant": "—",
                         "co2_t": 1234.5},
           "appeared": ["=x"], "disappeared": []}
    header, line = _csv([change_impact.change_row(row)], change_impact.CHANGE_COLUMNS)
    assert line[header.index("项目名称")] == "'@SUM(A1)"
    assert line[header.index("审查基准日")] == "2026-01-15"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in line)
