"""`checker batch`: many applications, one bad one never stops the batch, ZIP limits."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from checker import batch, intake
from tests.conftest import minimal_application, sample_files
from tests.test_cli import checker


def _write(path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_directory_with_a_bad_file_reviews_the_rest_and_reports_field(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in sample_files()[:3]:
        (folder / sample.name).write_bytes(sample.read_bytes())
    bad = minimal_application(investment=-5)
    _write(folder / "zz_bad.json", bad)
    out = tmp_path / "summary.csv"
    result = checker("batch", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 4
    failed = [r for r in rows if r["审查结果"] == "无法审查"]
    # staff read the field's Chinese titles, not its JSON path (issue 26)
    assert len(failed) == 1 and failed[0]["出错字段"] == "项目基本情况 › 总投资"
    assert "zz_bad.json" in failed[0]["文件"]
    reviewed = [r for r in rows if r["审查结果"] != "无法审查"]
    assert all(r["项目名称"] and r["节能审查结论"] for r in reviewed)
    assert "申报数据总数：4" in result.stdout and "无法审查：1" in result.stdout
    assert "项目基本情况 › 总投资" in result.stderr


def test_same_rows_as_single_reviews(tmp_path):
    """A batch row says what `checker review --json` says of the same file."""
    sample = sample_files()[0]
    row = next(batch.run(batch.collect([sample]), None))
    single = json.loads(checker("review", str(sample), "--json").stdout)
    assert row["outcome"] == single["outcome"]
    assert row["energy"] == single["parts"]["energy"]["label"]
    assert row["project"] == single["project"]["name"]


def test_jsonl_and_xlsx_with_totals_sheet_and_jobs_2(tmp_path):
    from openpyxl import load_workbook

    lines = [json.dumps(minimal_application(name=f"项目{i}"), ensure_ascii=False)
             for i in range(5)] + ["{not json"]
    source = tmp_path / "apps.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "r.xlsx"
    result = checker("batch", str(source), "--jobs", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    book = load_workbook(out)
    rows = list(book["结果"].iter_rows(values_only=True))
    assert [r[1] for r in rows[1:6]] == [f"项目{i}" for i in range(5)]  # order kept
    assert rows[6][0] == "apps.jsonl:6" and rows[6][2] == "无法审查"
    totals = dict(book["汇总"].iter_rows(min_row=2, values_only=True))
    assert totals["申报数据总数"] == 6 and totals["无法审查"] == 1


def test_nothing_readable_exits_2(tmp_path):
    (tmp_path / "a.json").write_text("{", encoding="utf-8")
    result = checker("batch", str(tmp_path / "a.json"), str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert "无法读取文件" in result.stderr


def test_pdf_dir_gets_the_documents(tmp_path):
    result = checker("batch", str(sample_files()[0]), "--pdf-dir", str(tmp_path / "pdf"))
    assert result.returncode == 0, result.stderr
    pdfs = list((tmp_path / "pdf").glob("*.pdf"))
    assert pdfs and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)


def _zip(path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_zip_members_are_reviewed_and_an_oversized_one_reported(tmp_path):
    good = json.dumps(minimal_application(), ensure_ascii=False).encode()
    big = b'{"x": "' + b"a" * (intake.MAX_BYTES + 10) + b'"}'
    source = tmp_path / "apps.zip"
    _zip(source, {"a/one.json": good, "two.json": good, "big.json": big},
         zipfile.ZIP_STORED)
    rows = list(batch.run(batch.collect([source])))
    assert [r["outcome"] != "error" for r in rows] == [True, True, False]
    assert "申报数据不得超过 2 MB" in rows[2]["message"]


@pytest.mark.parametrize("name", ["../evil.json", "/etc/evil.json", "a/../../evil.json",
                                  "..\\evil.json", "C:/evil.json"])
def test_zip_path_traversal_is_refused(tmp_path, name):
    source = tmp_path / "t.zip"
    _zip(source, {"ok.json": b"{}", name: b"{}"})
    rows = list(batch.collect([source]))
    assert len(rows) == 1 and rows[0].data is None
    assert "路径穿越" in rows[0].error


def test_zip_bomb_is_refused_before_reading(tmp_path):
    source = tmp_path / "bomb.zip"
    _zip(source, {"bomb.json": b"0" * (30 * 1024 * 1024)})
    assert source.stat().st_size < 200 * 1024
    [item] = list(batch.collect([source]))
    assert item.data is None and "压缩炸弹" in item.error


def test_zip_lying_about_sizes_is_stopped_while_reading(tmp_path, monkeypatch):
    """Declared sizes cannot be trusted: the real bytes read count against the limit."""
    monkeypatch.setattr(batch, "MAX_TOTAL_BYTES", 1000)
    monkeypatch.setattr(batch, "check_zip", lambda members, label: None)
    source = tmp_path / "liar.zip"
    _zip(source, {"a.json": b"1" * 900, "b.json": b"2" * 900}, zipfile.ZIP_STORED)
    items = list(batch.collect([source]))
    assert items[-1].data is None and "MB 的上限" in items[-1].error


def test_zip_too_many_members_or_too_large_in_all(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "MAX_MEMBERS", 3)
    source = tmp_path / "many.zip"
    _zip(source, {f"{i}.json": b"{}" for i in range(4)})
    [item] = list(batch.collect([source]))
    assert "超过每批 3 个的上限" in item.error
    monkeypatch.setattr(batch, "MAX_TOTAL_BYTES", 100)
    _zip(source, {"a.json": b" " * 60 + b"{}", "b.json": b" " * 60 + b"{}"},
         zipfile.ZIP_STORED)
    [item] = list(batch.collect([source]))
    assert "解压后合计超过" in item.error


def test_csv_cells_cannot_become_formulas():
    row = batch.error_row("=cmd|' /C calc'!A0.json", [{"path": "", "message": "x"}])
    text = batch.csv_bytes([row]).decode("utf-8-sig")
    assert "'=cmd" in text


def test_text_no_database_can_store_is_refused_as_in_a_single_review():
    data = minimal_application(name="项目\u202e名称")
    [row] = batch.run([batch.Item("x.json", json.dumps(data).encode())])
    assert row["outcome"] == "error" and row["field"].startswith("project.name")
