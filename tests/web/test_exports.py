"""Every CSV and XLSX the project writes (history, ledger, batch summary on the web; the batch
summary from the CLI), read back: no cell a spreadsheet would run as a formula, stored control
characters that do not break the file, date cells, number formats, column widths, 项目代码 and
建设单位, and Chinese file names (RFC 6266 ``filename*``) — issue 25 items 2 and 4, issue 26
item 7."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from urllib.parse import quote, unquote

import pytest
from ledger_support import OFFICE, YEAR
from openpyxl import load_workbook
from sqlalchemy import update
from sqlalchemy.orm import Session

from checker import batch as batching
from checker import intake
from checker.exports import clean_text, text_width
from checker.review import review
from checker.store import batches, list_users, save_review
from checker.store.models import ReviewRecord
from tests.support.ledger_state import set_document_state

CODE = "2601-430105-04-01-123456"
# (project name, applicant): OWASP's formula leads; the first four are accepted at input, the
# others (tab-, CR-led, control characters) are refused there now and can only be stored by an
# older version — the exports must still neutralise them
ACCEPTED = [('=HYPERLINK("http://x.example","点击")', "+1单位"), ("+1", "-2单位"),
            ("-1", "@单位"), ("@SUM(A1:A2)", "=1+1")]
STORED_ONLY = [("\t=1+2", "\r=3"), ("\r=1+2", "单位\u0085"), ("坏\u0001名称", "单位\u0001甲")]
HOSTILE = ACCEPTED + STORED_ONLY
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


def _store(engine, name: str, applicant: str, month: int):
    user = next(u for u in list_users(engine) if u.name == "reviewer")
    data = json.loads(json.dumps(OFFICE))
    data["project"].update(name=name, applicant=applicant, code=CODE)
    result = review(intake.validate(data), dt.date(YEAR, 1, 15))
    record = save_review(engine, result, json.dumps(data, ensure_ascii=False), user.id,
                         recorded_on=dt.date(YEAR, month, 10))
    set_document_state(engine, record.id, "issued", dt.date(YEAR, month, 10))
    return record


@pytest.fixture
def hostile(engine):
    """Issued records named by HOSTILE: those accepted at input through intake, the others
    written into the store as an older version could have."""
    stored = []
    for index, (name, applicant) in enumerate(HOSTILE):
        if (name, applicant) in ACCEPTED:
            stored.append(_store(engine, name, applicant, 3))
            continue
        record = _store(engine, f"旧项目{index}", "旧单位", 3)
        with Session(engine) as session, session.begin():
            session.execute(update(ReviewRecord).where(ReviewRecord.id == record.id)
                            .values(project_name=name, applicant=applicant))
        stored.append(record)
    return stored


def _csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def _assert_csv_safe(rows: list[list[str]], columns: dict[str, list[str]]) -> None:
    """Every hostile text is there, after a quote; no cell starts with a formula lead."""
    header = rows[0]
    for title, expected in columns.items():
        cells = [row[header.index(title)] for row in rows[1:]]
        for text in expected:
            assert "'" + clean_text(text) in cells, (title, text, cells)
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_LEAD), cell
            assert "\x01" not in cell and "\x85" not in cell


def _assert_xlsx_safe(data: bytes, sheet_title: str, columns: dict[str, list[str]]):
    """No formula cell in any sheet; every hostile text is a text cell showing it as it is
    (control characters as \\uXXXX), with Excel's quote prefix when it has a formula lead."""
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    sheet = book[sheet_title]
    header = [c.value for c in sheet[1]]
    for title, expected in columns.items():
        cells = {c.value: c for c in next(sheet.iter_cols(
            min_col=header.index(title) + 1, max_col=header.index(title) + 1, min_row=2))}
        for text in expected:
            cell = cells[clean_text(text)]
            assert cell.data_type == "s"
            assert cell.quotePrefix == text.startswith(FORMULA_LEAD)
    return book


NAMES = {"项目名称": [n for n, _ in HOSTILE], "建设单位": [a for _, a in HOSTILE]}
LEADING = {title: [t for t in texts if t.startswith(FORMULA_LEAD)]
           for title, texts in NAMES.items()}


def test_history_exports_hold_no_formula_and_survive_control_characters(logged_in, hostile):
    rows = _csv_rows(logged_in.get("/reviews/export.csv"))
    _assert_csv_safe(rows, LEADING)
    assert "坏\\u0001名称" in [r[rows[0].index("项目名称")] for r in rows]
    response = logged_in.get("/reviews/export.xlsx")
    assert response.status_code == 200  # a stored U+0001 was a 500 for everyone
    book = _assert_xlsx_safe(response.data, "审查记录", NAMES)
    sheet = book["审查记录"]
    header = [c.value for c in sheet[1]]
    assert {"项目代码", "建设单位"} <= set(header)
    day = sheet.cell(2, header.index("审查基准日") + 1)
    assert day.is_date and day.value.date() == dt.date(YEAR, 1, 15)
    assert day.number_format == "yyyy-mm-dd"
    assert {sheet.cell(r, header.index("项目代码") + 1).value
            for r in range(2, sheet.max_row + 1)} == {CODE}


def test_ledger_exports_hold_no_formula_and_survive_control_characters(logged_in, hostile):
    rows = _csv_rows(logged_in.get(f"/ledger/export.csv?year={YEAR}"))
    assert len(rows) == 1 + len(HOSTILE)
    _assert_csv_safe(rows, LEADING)
    header = rows[0]
    assert {r[header.index("项目代码")] for r in rows[1:]} == {CODE}
    response = logged_in.get(f"/ledger/export.xlsx?year={YEAR}")
    assert response.status_code == 200
    book = _assert_xlsx_safe(response.data, "项目明细", NAMES)
    sheet = book["项目明细"]
    header = [c.value for c in sheet[1]]
    issued = sheet.cell(2, header.index("成文日期") + 1)
    assert issued.is_date and issued.value.date() == dt.date(YEAR, 3, 10)
    figure = sheet.cell(2, header.index("新增能源消费量（等价值，不含原料用能，吨标准煤）") + 1)
    assert figure.data_type == "n" and figure.value > 0 and figure.number_format == "#,##0.00"
    assert sheet.freeze_panes == "A2"
    for title in book.sheetnames:
        assert book[title].freeze_panes == "A2"
        assert all(c.font.bold for c in book[title][1])


def test_column_widths_fit_chinese_text(logged_in, engine):
    long_name = "长沙市开福区某某大型综合商业体暨配套停车场建设项目"
    _store(engine, long_name, "湖南某某置业发展有限公司", 4)
    book = load_workbook(io.BytesIO(logged_in.get(f"/ledger/export.xlsx?year={YEAR}").data))
    sheet = book["项目明细"]
    header = [c.value for c in sheet[1]]
    from openpyxl.utils import get_column_letter
    width = sheet.column_dimensions[get_column_letter(header.index("项目名称") + 1)].width
    assert width >= text_width(long_name) == 2 * len(long_name)
    # a header wider than its values wraps instead of widening the column to its length
    title = "新增能源消费量（等价值，不含原料用能，吨标准煤）"
    narrow = sheet.column_dimensions[get_column_letter(header.index(title) + 1)].width
    assert narrow < text_width(title) and sheet[1][header.index(title)].alignment.wrap_text


def test_batch_summary_exports_hold_no_formula(logged_in, engine):
    """The web batch summary: rows of reviewed applications named by ACCEPTED and files named
    with formula leads and control characters (a ZIP member's name is the applicant's)."""
    user = next(u for u in list_users(engine) if u.name == "reviewer")
    files = [f"{lead}x.json" for lead in FORMULA_LEAD] + ["坏\u0001.json"]
    items = [(name, "{}", None) for name in files]
    batch_id, item_ids = batches.create_batch(engine, user.id, dt.date(YEAR, 1, 15), items)
    for index, (item_id, name) in enumerate(zip(item_ids, files)):
        project, applicant = ACCEPTED[index % len(ACCEPTED)]
        data = json.loads(json.dumps(OFFICE))
        data["project"].update(name=project, applicant=applicant, code=CODE)
        result = review(intake.validate(data), dt.date(YEAR, 1, 15))
        batches.finish_item(engine, item_id, batches.DONE, batching.result_row(name, result))
    columns = {"文件": files, "项目名称": [n for n, _ in ACCEPTED],
               "建设单位": [a for _, a in ACCEPTED]}
    leading = {t: [x for x in v if x.startswith(FORMULA_LEAD)] for t, v in columns.items()}
    rows = _csv_rows(logged_in.get(f"/batches/{batch_id}/summary.csv"))
    _assert_csv_safe(rows, leading)
    assert {r[rows[0].index("项目代码")] for r in rows[1:]} == {CODE}
    response = logged_in.get(f"/batches/{batch_id}/summary.xlsx")
    assert response.status_code == 200
    book = _assert_xlsx_safe(response.data, "结果", columns)
    totals = dict(book["汇总"].iter_rows(min_row=2, values_only=True))
    assert totals["申报数据总数"] == len(files)
    assert f"filename*=UTF-8''{quote(f'批量审查-{batch_id}.xlsx')}" in \
        response.headers["Content-Disposition"]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_cli_batch_summary_holds_no_formula(tmp_path, suffix):
    from tests.conftest import minimal_application
    from tests.test_cli import checker

    lines = [json.dumps(minimal_application(name=name), ensure_ascii=False)
             for name, _ in ACCEPTED]
    source = tmp_path / "=apps.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / f"summary.{suffix}"
    result = checker("batch", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    columns = {"项目名称": [n for n, _ in ACCEPTED],
               "文件": [f"=apps.jsonl:{i}" for i in range(1, len(ACCEPTED) + 1)]}
    if suffix == "csv":
        rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
        _assert_csv_safe(rows, columns)
        assert {"项目代码", "建设单位"} <= set(rows[0])
    else:
        _assert_xlsx_safe(out.read_bytes(), "结果", columns)


def test_downloads_have_chinese_file_names_with_an_ascii_fallback(logged_in, hostile):
    """RFC 6266: filename* carries the Chinese name (UTF-8, percent-encoded), filename a plain
    ASCII one — for every export and the documents."""
    expected = {"/reviews/export.csv": ("审查记录.csv", "reviews.csv"),
                "/reviews/export.xlsx": ("审查记录.xlsx", "reviews.xlsx"),
                f"/ledger/export.csv?year={YEAR}": (f"能耗台账-{YEAR}年.csv", f"ledger-{YEAR}.csv"),
                f"/ledger/export.xlsx?year={YEAR}": (f"能耗台账-{YEAR}年.xlsx",
                                                     f"ledger-{YEAR}.xlsx")}
    record = hostile[0]
    response = logged_in.get(f"/reviews/{record.id}/opinion.pdf")
    assert response.status_code == 200
    header = response.headers["Content-Disposition"]
    assert header.startswith(f'attachment; filename="opinion-{record.id}.pdf"; ')
    from checker.opinion import document_title
    from checker.store import get_review
    kind = get_review(logged_in.application.extensions["engine"], record.id).documents[0].doc_type
    name = unquote(header.split("filename*=UTF-8''", 1)[1])
    assert name.startswith(f"{document_title(kind)}-") and name.endswith(".pdf")
    for url, (name, fallback) in expected.items():
        header = logged_in.get(url).headers["Content-Disposition"]
        assert header == f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
