"""Spreadsheets: the one writer of every CSV and XLSX the project produces (the review history,
the district ledger, a batch's summary — on the web and from the CLI — and the rule-change
impact report).

A table is a list of `Column`s (Chinese header, the row's key, the kind of value) and rows
(dicts).  Whatever a cell holds, the file is safe to open and fit to work with:

* **No formulas from data** (OWASP "CSV injection"): a text beginning with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return would be run by a spreadsheet program as a formula
  (``=HYPERLINK(…)`` sends the clerk to any site; ``=cmd|…`` runs a program in old Excel).  In
  a CSV such a text is written after a single quote (``'=HYPERLINK(…)``), the form Excel and
  LibreOffice read as text; in an XLSX it is a text cell with Excel's "quote prefix" style,
  so the cell shows the text exactly and stays text when edited.  Numbers stay numbers
  (−1.5 is a number, the project named "-1" is a text).
* **Stored control characters** (a record from before they were refused at input,
  checker.intake.text_problem) are written as ``\\uXXXX``: an XLSX cannot hold U+0001 at all,
  and one such name must not make the export fail for everyone.
* **Cells a clerk can compute with**: dates are date cells (yyyy-mm-dd), figures are numbers
  shown with thousands separators and two decimals (intensities four), counts as integers,
  codes as text; a figure that was not declared is "—", never 0.00.
* **Readable sheets**: bold, wrapped, frozen header row; column widths from the header and the
  first rows, counting a Chinese character as two.
* CSV is UTF-8 with a byte-order mark, so that Excel opens the Chinese correctly.

Rows are written as they come (XLSX in openpyxl's write-only mode): memory does not grow with
the number of rows beyond the first `WIDTH_SAMPLE` used to size the columns.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from checker.intake import printable
from checker.values import is_number, number_text

# the kinds of a column: how its values are written and shown
TEXT, CODE, DATE, NUMBER, RATIO, COUNT = "text", "code", "date", "number", "ratio", "count"
FORMATS = {CODE: "@", DATE: "yyyy-mm-dd", NUMBER: "#,##0.00", RATIO: "#,##0.0000",
           COUNT: "#,##0"}
FIGURES = {NUMBER, RATIO, COUNT}
UNDECLARED = "—"  # a figure the application did not declare (or no record of a group did)
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")  # OWASP: what a spreadsheet may run
KEEP = "\n"  # the one control character a cell keeps (a multi-line text)
WIDTH_SAMPLE = 200  # rows read before the column widths are fixed
MIN_WIDTH, MAX_WIDTH, HEADER_WIDTH = 6, 60, 24
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Column:
    """One column: its Chinese header, the row's key (or a function of the row) and kind (or
    a function of the row, for a column of mixed figures: tonnes and intensities)."""

    header: str
    key: str | Callable[[Any], Any]
    kind: str | Callable[[Any], str] = TEXT

    def value(self, row: Any) -> Any:
        return self.key(row) if callable(self.key) else row.get(self.key)

    def kind_of(self, row: Any) -> str:
        return self.kind(row) if callable(self.kind) else self.kind


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its title (≤ 31 characters), columns and rows."""

    title: str
    columns: list[Column]
    rows: Iterable[dict[str, Any]]


def clean_text(text: str) -> str:
    """A stored text as a cell may hold it: control characters (but a line break) as
    ``\\uXXXX`` — an XLSX cannot hold them, a CSV would carry them to the clerk unseen."""
    return printable(text.replace("\r\n", "\n"), keep=KEEP)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet program would read `text` as a formula (OWASP rule)."""
    return text.startswith(FORMULA_LEAD)


def _value(column: Column, row: dict[str, Any]) -> Any:
    """The value of a cell: a number, a date, None (empty) or a text."""
    value, kind = column.value(row), column.kind_of(row)
    if value is None:
        return UNDECLARED if kind in FIGURES else None
    if kind == DATE and isinstance(value, dt.date):
        return value
    if is_number(value) and kind != CODE:
        return value
    return str(value)


def csv_cell(value: Any) -> Any:
    """A cell as the CSV writes it: a text a spreadsheet could run is quoted (leading ')."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if is_formula_like(value):
            value = "'" + value
        return clean_text(value)
    return value


def csv_lines(columns: list[Column], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The CSV text, a line at a time (the first with the byte-order mark): for streaming."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([csv_cell(c.header) for c in columns])
    yield "\ufeff" + flush()
    for row in rows:
        writer.writerow([csv_cell(_value(c, row)) for c in columns])
        yield flush()


def csv_bytes(columns: list[Column], rows: Iterable[dict[str, Any]]) -> bytes:
    """The whole CSV file (UTF-8 with BOM)."""
    return "".join(csv_lines(columns, rows)).encode("utf-8")


def text_width(text: str) -> int:
    """The width of a text in a spreadsheet column: a wide (Chinese) character counts two."""
    line = max(str(text).split("\n"), key=len) if text else ""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _shown(value: Any, kind: str) -> str:
    """A value as the sheet shows it (for the column width)."""
    if isinstance(value, dt.date):
        return "2026-01-01"
    if is_number(value) and kind in (NUMBER, RATIO):
        return number_text(float(value), 4 if kind == RATIO else 2)
    if is_number(value):
        return number_text(value)
    return "" if value is None else str(value)


def widths(columns: list[Column], rows: list[dict[str, Any]]) -> list[int]:
    """Column widths fitting the header (wrapped beyond HEADER_WIDTH) and the given rows."""
    out = []
    for column in columns:
        content = max((text_width(_shown(_value(column, row), column.kind_of(row)))
                       for row in rows), default=0)
        width = max(min(text_width(column.header), HEADER_WIDTH), content) + 2
        out.append(max(MIN_WIDTH, min(MAX_WIDTH, width)))
    return out


def _write_sheet(book, sheet: Sheet) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(safe_sheet_title(sheet.title))
    rows = iter(sheet.rows)
    first = list(itertools.islice(rows, WIDTH_SAMPLE))
    for index, width in enumerate(widths(sheet.columns, first), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def header(column: Column):
        cell = WriteOnlyCell(ws, value=clean_text(column.header))
        cell.font, cell.alignment = bold, wrap
        return cell

    def cell(column: Column, row: dict[str, Any]):
        value = _value(column, row)
        if isinstance(value, str):
            written = WriteOnlyCell(ws, value=clean_text(value))
            if is_formula_like(value):  # text, shown as it is, never a formula
                written.data_type, written.quotePrefix = "s", True
            if "\n" in value:
                written.alignment = wrap
        else:
            written = WriteOnlyCell(ws, value=value)
        fmt = FORMATS.get(column.kind_of(row))
        if fmt and value is not None and value != UNDECLARED:
            written.number_format = fmt
        return written

    ws.append([header(c) for c in sheet.columns])
    for row in itertools.chain(first, rows):
        ws.append([cell(c, row) for c in sheet.columns])


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with one sheet per `Sheet`, written row by row."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_NAME_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*]')


def safe_sheet_title(title: str) -> str:
    """A sheet title Excel accepts: no []:*?/\\, at most 31 characters."""
    return _SHEET_FORBIDDEN.sub("_", clean_text(title))[:31] or "Sheet"


def file_name(stem: str, extension: str) -> str:
    """A download's file name from a Chinese stem (a document's title and number, a batch…):
    characters no file system takes (/ \\ : * ? " < > | and controls) become ``_``; at most
    100 characters before the extension."""
    clean = _NAME_FORBIDDEN.sub("_", stem).strip(" .") or "download"
    return f"{clean[:100]}.{extension}"
