"""Batch review: many applications at once (end of year, a list sent by the city).

Sources are files, directories, ZIP archives and JSONL files (one application a line). Every
application is read with the same intake as a single one (intake.MAX_BYTES is the one size
limit); a bad application becomes one error row (file, field, message) and never stops the
batch. ZIP archives have their own limits (members, total size) and refuse zip bombs and
member names that would leave the archive's folder.

One row per application: file, project, outcome, the conclusion of each part, the energy
figure the review thresholds read (tce) and the key findings (the strongest ones).
"""
from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator

from checker import exports, intake
from checker.exports import CODE, COUNT, NUMBER, Column, Sheet
from checker.refusals import Refused

MAX_MEMBERS = 5000                     # applications in one ZIP or one upload
MAX_TOTAL_BYTES = 50 * 1024 * 1024     # uncompressed, all applications of one ZIP or upload
MAX_RATIO = 200                        # uncompressed / compressed size of one ZIP member
KEY_FINDINGS = 5                       # findings named in a summary row
LIMITS_TEXT = (f"每批不超过 {MAX_MEMBERS} 个文件，合计（解压后）不超过 "
               f"{MAX_TOTAL_BYTES // 1024 // 1024} MB，每份申报数据不超过 {intake.MAX_SIZE_TEXT}")

# the summary's columns (checker.exports writes them, on the web and from the CLI)
COLUMNS = [Column("文件", "file"), Column("项目名称", "project"),
           Column("项目代码", "project_code", CODE), Column("建设单位", "applicant"),
           Column("审查结果", "outcome_label"), Column("节能审查结论", "energy"),
           Column("污染物控制结论", "pollutant"), Column("综合能源消费量（吨标准煤）", "tce", NUMBER),
           Column("主要审查发现", "findings"), Column("出错字段", "field_title"),
           Column("错误说明", "message")]


class BatchError(Refused):
    """A whole source refused (ZIP limits, zip bomb, path traversal, unreadable), in Chinese."""


@dataclass(frozen=True)
class Item:
    """One application of a batch: its name (file, or archive/member, or file:line) and bytes,
    or the reason it could not be read."""

    name: str
    data: bytes | None
    error: str | None = None


# ---------------------------------------------------------------- reading the sources

def collect(paths: Iterable[Path]) -> Iterator[Item]:
    """Every application named by `paths` (files, directories, ZIPs, JSONL), in order."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in {".json", ".jsonl", ".zip"}:
                    yield from _from_file(child)
        else:
            yield from _from_file(path)


def _from_file(path: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".zip":
            with open(path, "rb") as handle:
                yield from read_zip(handle, path.name)
            return
        if suffix == ".jsonl":
            with open(path, "rb") as handle:
                yield from read_jsonl(handle, path.name)
            return
        size = path.stat().st_size
        if size > intake.MAX_BYTES:
            yield Item(path.name, None, f"申报数据过大（{size // 1024} KB），"
                                        f"{intake.size_limit_message()}")
            return
        yield Item(str(path), path.read_bytes())
    except BatchError as exc:
        yield Item(str(path), None, str(exc))
    except OSError as exc:
        yield Item(str(path), None, f"无法读取文件：{exc.strerror or exc}")


def read_jsonl(handle, name: str) -> Iterator[Item]:
    """One application per non-empty line of a JSONL file."""
    for number, line in enumerate(handle, 1):
        if line.strip():
            yield Item(f"{name}:{number}", line)


def safe_member_name(name: str) -> str:
    """A ZIP member name as it may be used: relative, no '..', no drive or backslash tricks."""
    clean = name.replace("\\", "/")
    parts = PurePosixPath(clean).parts
    if (clean.startswith("/") or ".." in parts or (parts and ":" in parts[0])
            or "\x00" in clean):
        raise BatchError(f"压缩包中的文件名“{intake.printable(name)}”指向压缩包以外的位置（路径穿越），"
                         f"已拒绝整个压缩包")
    return clean


def read_zip(handle, label: str) -> Iterator[Item]:
    """The JSON/JSONL members of a ZIP, checked before any is read: member count, names,
    declared sizes and compression ratio; while reading, the real sizes (a member may lie
    about its size) against the same limits, and the applications counted as they are read
    (a JSONL member's lines too): BatchError as soon as there are more than MAX_MEMBERS —
    a small ZIP holding millions of short lines is refused after reading 5,001 of them, not
    after all are in memory."""
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError):
        raise BatchError(f"{label} 不是有效的ZIP压缩包") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        check_zip(members, label)
        budget = _Budget(label)
        for member in members:
            name = f"{label}/{safe_member_name(member.filename)}"
            budget.count()
            if not member.filename.lower().endswith((".json", ".jsonl")):
                yield Item(name, None, "不是JSON文件（须为 .json 或 .jsonl）")
                continue
            if member.filename.lower().endswith(".jsonl"):
                budget.items -= 1  # a JSONL member counts its lines instead
                yield from _member_lines(archive, member, name, budget)
                continue
            data = _read_member(archive, member, label)
            budget.spend(len(data))
            if len(data) > intake.MAX_BYTES:
                yield Item(name, None, f"申报数据过大（{len(data) // 1024} KB），"
                                       f"{intake.size_limit_message()}")
            else:
                yield Item(name, data)


def check_zip(members: list[zipfile.ZipInfo], label: str) -> None:
    """Refuse a ZIP before reading it: too many members, too large in all, a traversing name,
    or a member compressed beyond what JSON text compresses to (a zip bomb)."""
    if len(members) > MAX_MEMBERS:
        raise BatchError(f"{label} 含 {len(members)} 个文件，超过每批 {MAX_MEMBERS} 个的上限")
    for member in members:
        safe_member_name(member.filename)
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            raise BatchError(f"{label} 中的“{intake.printable(member.filename)}”压缩比异常"
                             f"（疑似压缩炸弹），已拒绝整个压缩包")
    if sum(m.file_size for m in members) > MAX_TOTAL_BYTES:
        raise BatchError(_total_message(label))


def _total_message(label: str) -> str:
    return f"{label} 解压后合计超过 {MAX_TOTAL_BYTES // 1024 // 1024} MB 的上限"


class _Budget:
    """The applications and uncompressed bytes read so far from one ZIP, against MAX_MEMBERS
    and MAX_TOTAL_BYTES."""

    def __init__(self, label: str):
        self.label, self.items, self.bytes = label, 0, 0

    def count(self) -> None:
        self.items += 1
        if self.items > MAX_MEMBERS:
            raise BatchError(f"{self.label} 含超过 {MAX_MEMBERS} 份申报数据（JSONL 的每一行算一份），"
                             f"超过每批 {MAX_MEMBERS} 份的上限")

    def spend(self, size: int) -> None:
        self.bytes += size
        if self.bytes > MAX_TOTAL_BYTES:
            raise BatchError(_total_message(self.label))


def _member_lines(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str,
                  budget: _Budget) -> Iterator[Item]:
    """The applications of a JSONL member, one per non-empty line, read line by line (a line
    longer than one application may be is read on in pieces of that size, counted, and
    reported as too large)."""
    limit = intake.MAX_BYTES + 2
    try:
        with archive.open(member) as stream:
            number = 0
            while line := stream.readline(limit):
                number += 1
                budget.spend(len(line))
                size = len(line)
                while len(line) == limit and not line.endswith(b"\n"):  # the rest of it
                    line = stream.readline(limit)
                    budget.spend(len(line))
                    size += len(line)
                if size > limit:
                    budget.count()
                    yield Item(f"{name}:{number}", None, f"申报数据过大（{size // 1024} KB），"
                                                         f"{intake.size_limit_message()}")
                elif line.strip():
                    budget.count()
                    yield Item(f"{name}:{number}", line)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
        raise BatchError(f"{budget.label} 中的“{intake.printable(member.filename)}”无法解压："
                         f"{exc}") from None


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str) -> bytes:
    """At most MAX_TOTAL_BYTES + 1 bytes of a member, whatever size it declares."""
    try:
        with archive.open(member) as stream:
            data = stream.read(MAX_TOTAL_BYTES + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
        raise BatchError(f"{label} 中的“{intake.printable(member.filename)}”无法解压：{exc}") from None
    if len(data) > MAX_TOTAL_BYTES:
        raise BatchError(_total_message(label))
    return data


# ---------------------------------------------------------------- reviewing one application

def error_row(name: str, problems: list[dict[str, str]]) -> dict[str, Any]:
    """The summary row of an application that could not be reviewed."""
    first = problems[0] if problems else {"path": "", "message": "未知错误"}
    return {"file": name, "project": "", "project_code": "", "applicant": "",
            "outcome": "error", "outcome_label": "无法审查",
            "energy": "", "pollutant": "", "tce": None, "findings": "",
            "field": first.get("path") or "（整体）",
            # what staff read: the field's Chinese titles (年能源消费（按品种） › 第1项 › …)
            "field_title": first.get("title") or first.get("path") or "（整体）",
            "message": "；".join(p["message"] for p in problems) or first["message"]}


def result_row(name: str, result) -> dict[str, Any]:
    """The summary row of a reviewed application."""
    key = [f"{f.title}（{f.severity.label}）" for f in result.findings[:KEY_FINDINGS]]
    tce = result.energy.review_tce
    project = result.application.project
    return {"file": name, "project": project.name, "project_code": project.code or "",
            "applicant": project.applicant,
            "outcome": result.outcome.value, "outcome_label": result.outcome.label,
            "energy": result.energy_part.conclusion.label,
            "pollutant": result.pollutant_part.conclusion.label,
            "tce": round(tce, 2) if tce is not None else None,
            "findings": "；".join(key), "field": "", "field_title": "", "message": ""}


def review_item(item: Item, as_of: dt.date | None, pdf_dir: str | None = None,
                book=None) -> dict[str, Any]:
    """Review one item against `book` (default: the shipped rulebook); any bad input becomes
    an error row (the batch goes on)."""
    from checker.review import review

    if item.error is not None:
        return error_row(item.name, [{"path": "", "message": item.error}])
    try:
        application, raw = intake.load_bytes(item.data, book.carriers if book else None)
        intake.refuse_unsafe_text(raw)  # as web.service.create_review refuses it
        result = review(application, as_of, book)
    except intake.InputError as exc:
        return error_row(item.name, exc.problems)
    row = result_row(item.name, result)
    if pdf_dir:
        write_pdfs(result, Path(pdf_dir), item.name, book)
    return row


def write_pdfs(result, folder: Path, name: str, book=None) -> None:
    """Every document of a review, as drafts, named after the application's file."""
    from checker.opinion import OpinionMeta, document_title, render_pdf

    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[-120:]
    folder.mkdir(parents=True, exist_ok=True)
    for index, kind in enumerate(result.documents(), 1):
        (folder / f"{stem}-{index}-{document_title(kind, book)}.pdf").write_bytes(
            render_pdf(result, OpinionMeta(), kind, book=book))


def _book(source: tuple[str, str] | None):
    """The rulebook of (rules directory, local parameters file) — what a worker process is
    told, since it cannot be handed the loaded book; None: the shipped default."""
    from checker import rulebook

    return rulebook.RulebookProvider(*source).shipped() if source else rulebook.shipped()


def _review_chunk(args) -> list[dict[str, Any]]:
    items, as_of, pdf_dir, source = args
    book = _book(source)
    return [review_item(item, as_of, pdf_dir, book) for item in items]


CHUNK = 50  # applications sent to a worker process at once (one message each way)


def run(items: Iterable[Item], as_of: dt.date | None = None, jobs: int = 1,
        pdf_dir: Path | None = None, chunk: int = CHUNK,
        source: tuple[str, str] | None = None) -> Iterator[dict[str, Any]]:
    """Review every item, rows in the order of the items (jobs > 1: in that many processes),
    against the rulebook of `source` (rules directory, local parameters file: see
    checker.rulebook.RulebookProvider; default the process's configuration)."""
    folder = str(pdf_dir) if pdf_dir else None
    if jobs <= 1:
        book = _book(source)
        for item in items:
            yield review_item(item, as_of, folder, book)
        return
    yield from pmap(_review_chunk, ((c, as_of, folder, source) for c in chunks(items, chunk)),
                    jobs, source)


def pmap(function: Callable[[Any], list], tasks: Iterable[Any], jobs: int,
         source: tuple[str, str] | None = None) -> Iterator[Any]:
    """`function` (a module-level function returning a list) over `tasks` in `jobs` processes,
    results flattened in the order of the tasks. The processes are spawned, not forked: each
    starts its own rules engine (durable-rules keeps its state per process), loaded once
    when it starts. A few tasks per process are in flight at a time, so a large source is
    neither read nor held in memory at once, and rows arrive as their chunk ends."""
    import multiprocessing
    from collections import deque

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=_start_worker, initargs=(source,)) as pool:
        running: deque = deque()
        for task in tasks:
            running.append(pool.submit(function, task))
            if len(running) >= 3 * jobs:
                yield from running.popleft().result()
        while running:
            yield from running.popleft().result()


def _start_worker(source: tuple[str, str] | None = None) -> None:
    """A worker process loads the rulebook (and the review code) before its first task."""
    from checker import review  # noqa: F401

    _book(source)


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """`items` in lists of `size` (the last one shorter)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# ---------------------------------------------------------------- the summary

def totals(rows: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """The totals of a batch: applications, reviewed, errors, per outcome, total tce."""
    outcomes = Counter(r["outcome_label"] for r in rows if r["outcome"] != "error")
    errors = sum(1 for r in rows if r["outcome"] == "error")
    tce = sum(r["tce"] or 0 for r in rows if r["outcome"] != "error")
    return ([("申报数据总数", len(rows)), ("已审查", len(rows) - errors), ("无法审查", errors)]
            + [(f"审查结果：{label}", count) for label, count in sorted(outcomes.items())]
            + [("综合能源消费量合计（吨标准煤）", round(float(tce), 2))])


TOTAL_COLUMNS = [Column("项目", "item"),
                 Column("数量", "value", lambda row: NUMBER if isinstance(row["value"], float)
                        else COUNT)]


def summary_sheets(rows: list[dict[str, Any]]) -> list[Sheet]:
    """The summary workbook's sheets: the results, one row per application, and the totals."""
    return [Sheet("结果", COLUMNS, rows),
            Sheet("汇总", TOTAL_COLUMNS, [{"item": k, "value": v} for k, v in totals(rows)])]


def write_summary(path: Path, rows: list[dict[str, Any]]) -> None:
    """The summary file: XLSX (results and totals sheets), CSV (UTF-8 with BOM) or JSONL."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        path.write_bytes(exports.xlsx_bytes(summary_sheets(rows)))
    elif suffix == ".csv":
        path.write_bytes(exports.csv_bytes(COLUMNS, rows))
    elif suffix == ".jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                        encoding="utf-8")
    else:
        raise BatchError(f"汇总文件须为 .xlsx、.csv 或 .jsonl（{path.name}）")


def progress(total: int | None, stream=None) -> Callable[[dict[str, Any]], None] | Any:
    """A progress reporter: a tqdm bar (rate, ETA) on a terminal, plain lines otherwise."""
    import sys

    stream = stream or sys.stderr
    if stream.isatty():
        from tqdm import tqdm

        return tqdm(total=total, unit="份", file=stream, dynamic_ncols=True)
    return PlainProgress(total, stream)


class PlainProgress:
    """Progress lines for logs: every 10 % (or every 100 applications when the total is
    unknown), and at the end."""

    def __init__(self, total: int | None, stream):
        self.total, self.stream, self.done = total, stream, 0
        self.step = max(1, (total or 1000) // 10)
        self.started = _now()

    def update(self, count: int = 1) -> None:
        self.done += count
        if self.done % self.step == 0 or self.done == self.total:
            rate = self.done / max(_now() - self.started, 1e-6)
            of = f"/{self.total}" if self.total else ""
            print(f"进度 {self.done}{of}（{rate:.1f} 份/秒）", file=self.stream, flush=True)

    def close(self) -> None:
        pass


def _now() -> float:
    import time

    return time.monotonic()

