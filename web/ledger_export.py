"""Exports of the ledger: the issued records with their indicators as CSV (UTF-8 with BOM, so
that Excel opens it; with each record's counted findings by rule family) and every ledger
table as XLSX (one sheet per table, Chinese headers,
number formats, frozen header row).  Records are streamed from the store in batches."""
from __future__ import annotations

import csv
import io
from typing import Any, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from checker import rulebook
from checker.industries import industry_name
from checker.outcome import EnergyConclusion
from checker.severity import Outcome
from checker.store.ledger import CLASSES, LedgerFilters, findings_by_record, records

TCE = "#,##0.0000"
MONEY = "#,##0.00"
COUNT = "#,##0"
CONCLUSIONS = {c.value: c.label for c in EnergyConclusion}
OUTCOMES = {o.value: o.label for o in Outcome}

# (header, key, number format) of the per-project sheet and CSV
RECORD_COLUMNS = [
    ("主文书文号", "number", None), ("成文日期", "issued_on", "yyyy-mm-dd"),
    ("项目名称", "project_name", None), ("行业代码", "industry_code", None),
    ("行业名称", "industry_name", None), ("台账类别", "class_label", None),
    ("节能审查结论", "conclusion_label", None), ("审查结果", "outcome_label", None),
    ("年综合能源消费量（当量值，吨标准煤）", "energy_tce", TCE),
    ("新增能源消费量（等价值，不含原料用能，吨标准煤）", "energy_equivalent_tce", TCE),
    ("二氧化碳排放量（吨二氧化碳/年）", "co2_t", TCE),
    ("年增加值（万元）", "added_value", MONEY),
    ("单位增加值能耗（当量值，吨标准煤/万元）", "intensity", TCE),
    ("审查发现数", "findings", COUNT), ("审查发现（按规则族）", "families", None),
]
FIGURE_COLUMNS = [("项目数", "count", COUNT), ("年综合能源消费量（当量值，吨标准煤）", "energy_tce", TCE),
                  ("新增能源消费量（等价值，吨标准煤）", "energy_equivalent_tce", TCE),
                  ("二氧化碳排放量（吨）", "co2_t", TCE), ("年增加值（万元）", "added_value", MONEY)]

FAMILY_COLUMNS = [("规则族", "title", None),  # its name, as staff read it (not its key)
                  ("严重程度", "severity_label", None), ("审查发现数", "findings", COUNT),
                  ("涉及项目数", "records", COUNT)]


def record_rows(engine, filters: LedgerFilters, batch: int = 500) -> Iterator[dict[str, Any]]:
    """The issued records with their labels, indicators and counted findings by rule family
    (read for `batch` records at a time)."""
    titles = rulebook.current().family_titles
    for rows in _batches(records(engine, filters), batch):
        families = findings_by_record(engine, [row["id"] for row in rows])
        for row in rows:
            energy, added = row["energy_tce"], row["added_value"]
            counted = families.get(row["id"], {})
            yield {**row, "industry_name": industry_name(row["industry_code"]) or "",
                   "class_label": CLASSES.get(row["ledger_class"], ""),
                   "conclusion_label": CONCLUSIONS.get(row["conclusion"], row["conclusion"]),
                   "outcome_label": OUTCOMES.get(row["outcome"], "—"),
                   "intensity": round(energy / added, 4) if energy is not None and added
                   else None,
                   "findings": sum(counted.values()),
                   "families": "；".join(f"{titles.get(family, family)}（{number}）"
                                        for family, number in sorted(counted.items()))}


def _batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def csv_stream(engine, filters: LedgerFilters) -> Iterator[str]:
    """The per-project CSV, UTF-8 with BOM, written row by row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([header for header, _, _ in RECORD_COLUMNS])
    yield "\ufeff" + flush()
    for row in record_rows(engine, filters):
        writer.writerow(["" if row[key] is None else row[key] for _, key, _ in RECORD_COLUMNS])
        yield flush()


def _sheet(book: Workbook, title: str, columns, rows) -> None:
    """One table as a sheet, written row by row (write-only: memory does not grow with rows)."""
    sheet = book.create_sheet(title)
    for index, (header, _, _) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(header) * 2))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def header_cell(text):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        return cell

    def cell(value, fmt):
        if not fmt or value is None:
            return value
        written = WriteOnlyCell(sheet, value=value)
        written.number_format = fmt
        return written

    sheet.append([header_cell(header) for header, _, _ in columns])
    for row in rows:
        sheet.append([cell(row.get(key), fmt) for _, key, fmt in columns])


def xlsx_bytes(engine, filters: LedgerFilters, data: dict[str, Any]) -> bytes:
    """Every ledger table as a sheet: 项目明细, 按台账类别, 按月, 按行业, 按结论, 按规则族."""
    book = Workbook(write_only=True)
    _sheet(book, "项目明细", RECORD_COLUMNS, record_rows(engine, filters))
    _sheet(book, "按台账类别", [("台账类别", "label", None)] + FIGURE_COLUMNS, data["classes"])
    _sheet(book, "按月", [("月份", "month", None), ("节能审查结论", "conclusion_label", None)]
           + FIGURE_COLUMNS, data["monthly"])
    _sheet(book, "按行业", [("行业大类代码", "division", None), ("行业名称", "name", None)]
           + FIGURE_COLUMNS, data["by_industry"])
    _sheet(book, "按结论", [("节能审查结论", "label", None)] + FIGURE_COLUMNS, data["by_conclusion"])
    _sheet(book, "按规则族", FAMILY_COLUMNS, data["by_family"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
