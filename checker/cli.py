"""Command line: `checker review`, `checker batch`, `checker impact`, `checker housekeeping`,
`checker schema`, `checker rules`.

Exit status: 0 when the review ran (whatever its conclusion), 2 on invalid input, an
unwritable output path or a malformed rulebook (the local parameters file included), 1 on an
unexpected failure, 141 when the reader of the output went away (``checker review … | head``),
as for any command killed by SIGPIPE.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from checker import intake, rulebook
from checker.dates import parse_review_date
from checker.evaluation.engine import EngineError
from checker.model import ProjectApplication
from checker.values import value_text


def main(argv: list[str] | None = None) -> int:
    # pydantic looks for plugins of every installed distribution when it builds its first
    # validator (importlib.metadata, ~7 % of a `checker review` run); the checker uses none.
    # An explicit PYDANTIC_DISABLE_PLUGINS in the environment is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _skip_plugin_lookup()
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status = args.handler(args)
        sys.stdout.flush()  # a closed pipe is found here, not at interpreter exit
        return status
    except BrokenPipeError:
        _silence_stdout()
        return 141
    except OutputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except intake.InputError as exc:
        print("申报数据无效：", file=sys.stderr)
        for problem in exc.problems:
            where = problem["path"] or "（整体）"
            title = problem.get("title") or ""
            title = f"（{title}）" if title and title != where else ""
            print(f"  - {where}{title}：{problem['message']}", file=sys.stderr)
        return 2
    except rulebook.RulebookError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except EngineError as exc:
        print(f"审查未完成：{exc}。请重试；如反复出现，请联系系统管理员。", file=sys.stderr)
        return 1


PLUGIN_LOADER = "pydantic.plugin._loader"


def _skip_plugin_lookup() -> None:
    """With every pydantic plugin disabled, pydantic still imports its plugin loader on the
    first validator it builds, and with it importlib.metadata and the email package (about
    100 M instructions, 7 % of a cold `checker review`), only to find that it may load none.
    Then its loader is replaced by one that answers "no plugins" (what the real one answers);
    any other name asked of it is the real loader's."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") != "__all__" or PLUGIN_LOADER in sys.modules:
        return
    import types

    loader = types.ModuleType(PLUGIN_LOADER)
    loader.get_plugins = tuple  # no plugins

    def real(name: str):
        if name.startswith("__"):  # what the import system asks of any module (__path__ …)
            raise AttributeError(name)
        import importlib

        del sys.modules[PLUGIN_LOADER]
        return getattr(importlib.import_module(PLUGIN_LOADER), name)

    loader.__getattr__ = real
    sys.modules[PLUGIN_LOADER] = loader


class OutputError(OSError):
    """A file the command was asked to write cannot be written (message in Chinese)."""


def _silence_stdout() -> None:
    """The reader closed the pipe: send what is still buffered nowhere, without a traceback
    at interpreter exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="checker", description="开福区固定资产投资项目节能审查与污染物控制审查（规则引擎）")
    commands = parser.add_subparsers(required=True, metavar="命令")
    review = commands.add_parser("review", help="审查一份项目申报数据（JSON）")
    review.add_argument("application", type=Path, help="申报数据文件（UTF-8 JSON）")
    review.add_argument("--as-of", type=_date, default=None,
                        help="审查日期 YYYY-MM-DD（默认今天）：按该日有效的规则与参数审查")
    review.add_argument("--json", action="store_true", help="输出JSON结果")
    review.add_argument("--pdf", type=Path, help="同时生成主文书（审查意见、转报函或告知书）PDF到该路径")
    review.add_argument("--pdf-dir", type=Path,
                        help="同时生成本次审查的全部文书PDF（草稿）到该目录")
    review.set_defaults(handler=_review)
    PARAMETERS_HELP = "本地参数配置文件（YAML，格式同 CHECKER_PARAMETERS；默认取该环境变量）"
    review.add_argument("--parameters", type=Path, help=PARAMETERS_HELP)
    batch = commands.add_parser("batch", help="批量审查（文件、目录、ZIP压缩包或JSONL文件）")
    batch.add_argument("paths", type=Path, nargs="+", metavar="PATH",
                       help="申报数据：JSON文件、目录、ZIP压缩包或JSONL文件（每行一份）")
    batch.add_argument("--as-of", type=_date, default=None,
                       help="审查日期 YYYY-MM-DD（默认今天）")
    batch.add_argument("--jobs", type=_jobs, default=1,
                       help="并行进程数（默认1；0表示全部CPU核心）")
    batch.add_argument("--out", type=Path, help="汇总文件（.xlsx、.csv 或 .jsonl）")
    batch.add_argument("--pdf-dir", type=Path, help="同时生成每份申报的全部文书PDF（草稿）到该目录")
    batch.add_argument("--parameters", type=Path, help=PARAMETERS_HELP)
    batch.set_defaults(handler=_batch)
    impact = commands.add_parser("impact", help="评估规则库变更对已存审查记录的影响（不修改任何记录）")
    candidate = impact.add_mutually_exclusive_group(required=True)
    candidate.add_argument("--overrides", type=Path,
                           help="候选参数配置文件，YAML，格式同 CHECKER_PARAMETERS："
                                "parameters: 下每个参数名给出 value（取值）、since（生效日期，"
                                "YYYY-MM-DD）与 source（来源）；见 docs/operations.md")
    candidate.add_argument("--rules", type=Path, help="候选规则库目录")
    impact.add_argument("--since", type=_date, default=None,
                        help="只评估该日（YYYY-MM-DD，北京时间）及以后保存的审查记录")
    impact.add_argument("--industry", default="", help="只评估该行业代码（前缀）的审查记录")
    impact.add_argument("--database", help="数据库地址（默认取环境变量 DATABASE_URL）")
    impact.add_argument("--jobs", type=_jobs, default=1, help="并行进程数（默认1；0表示全部CPU核心）")
    impact.add_argument("--out", type=Path, help="报告文件（.xlsx 或 .csv）")
    impact.set_defaults(handler=_impact)
    housekeeping = commands.add_parser(
        "housekeeping", help="每日任务：期限内未开工建设的审查意见自动失效（令2025年第31号第十九条）")
    housekeeping.add_argument("--database", help="数据库地址（默认取环境变量 DATABASE_URL）")
    housekeeping.add_argument("--date", type=_day, default=None,
                              help="按该日（YYYY-MM-DD，北京时间）办理（默认今天）")
    housekeeping.set_defaults(handler=_housekeeping)
    schema = commands.add_parser("schema", help="打印申报数据的 JSON Schema")
    schema.set_defaults(handler=_schema)
    rules = commands.add_parser("rules", help="列出规则库")
    rules.add_argument("--coverage", action="store_true", help="按方案条款列出规则与场景覆盖情况")
    rules.add_argument("--parameters", type=Path, help=PARAMETERS_HELP)
    rules.set_defaults(handler=_rules)
    return parser


def _housekeeping(args) -> int:
    """The daily job from cron (where no Celery beat runs): apply the lapses due (idempotent:
    running it twice on a day records nothing the second time), under the rulebook in force
    in that database (the shipped rules, the local parameters file, the administrator's
    values)."""
    from checker.dates import today
    from checker.rulebook import RulebookProvider
    from checker.store import make_engine
    from checker.store.db import reader
    from checker.store.parameters import StoredSettings
    from checker.store.projects import apply_lapses

    url = args.database or os.environ.get("DATABASE_URL")
    if not url:
        raise OutputError("请用 --database 或环境变量 DATABASE_URL 指定审查记录所在的数据库")
    engine = make_engine(url)
    try:
        book = RulebookProvider(settings=StoredSettings(engine, reader(engine))).in_force()
        day = args.date or today()
        done = apply_lapses(engine, day, book)
    finally:
        engine.dispose()
    for lapse in done:
        print(f"{lapse.code} 审查记录{lapse.record_id}：节能审查意见自{lapse.lapses_on.isoformat()}起自动失效")
    print(f"{day.isoformat()}：{len(done)}项审查意见到期失效")
    return 0


def _day(text: str) -> dt.date:
    """--date of the daily job: the day to act on (strict YYYY-MM-DD)."""
    try:
        return parse_review_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"办理日期{exc}") from None


def _date(text: str) -> dt.date:
    """--as-of: the review date, parsed like the web's 审查基准日 (strict YYYY-MM-DD)."""
    try:
        return parse_review_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"审查日期{exc}") from None


def _jobs(text: str) -> int:
    """--jobs: a number of processes; 0 means one per CPU core."""
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("并行进程数须为整数") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError("并行进程数不得为负数")
    return jobs or (os.cpu_count() or 1)


def _provider(args) -> rulebook.RulebookProvider:
    """The rulebook in force for this command: the configured rules with the local parameters
    file of --parameters (else $CHECKER_PARAMETERS); a missing file is refused."""
    path = getattr(args, "parameters", None)
    if path is not None and not path.is_file():
        raise OutputError(f"本地参数配置文件不存在：{path}")
    return rulebook.RulebookProvider(parameters=path)


def _batch(args) -> int:
    """Review every application named; exit 0 when the batch ran, 2 when nothing could be
    read (no application reviewed)."""
    from checker import batch

    if args.out is not None:
        if args.out.suffix.lower() not in {".xlsx", ".csv", ".jsonl"}:
            raise OutputError(f"汇总文件须为 .xlsx、.csv 或 .jsonl（{args.out}）")
        _check_writable(args.out)
    provider = _provider(args)
    provider.shipped()  # a malformed rulebook or parameters file stops the batch before it runs
    items = list(batch.collect(args.paths))
    bar = batch.progress(len(items))
    rows = []
    try:
        for row in batch.run(items, args.as_of, args.jobs, args.pdf_dir,
                             source=(provider.directory, provider.parameters)):
            rows.append(row)
            bar.update(1)
    finally:
        bar.close()
    if args.out is not None:
        try:
            batch.write_summary(args.out, rows)
        except OSError as exc:
            raise OutputError(f"无法写入汇总文件 {args.out}：{exc.strerror or exc}") from None
    if args.out is None or args.out.suffix.lower() != ".xlsx":
        for name, value in batch.totals(rows):
            print(f"{name}：{value_text(value, None)}")  # 1,234 申报, 12,345.67 吨标准煤
    for row in rows:
        if row["outcome"] == "error":
            print(f"无法审查 {row['file']}：{row['field_title']}：{row['message']}", file=sys.stderr)
    if args.out is not None:
        print(f"汇总文件：{args.out}")
    reviewed = sum(1 for r in rows if r["outcome"] != "error")
    return 0 if reviewed else 2


def _impact(args) -> int:
    """Compare every stored review (or the filtered set) under the current rulebook and the
    candidate; print the totals and the changes by rule and by industry."""
    from checker import change_impact as impact
    from checker.store import make_engine

    url = args.database or os.environ.get("DATABASE_URL")
    if not url:
        raise OutputError("请用 --database 或环境变量 DATABASE_URL 指定审查记录所在的数据库")
    if args.out is not None:
        if args.out.suffix.lower() not in {".xlsx", ".csv"}:
            raise OutputError(f"报告文件须为 .xlsx 或 .csv（{args.out}）")
        _check_writable(args.out)
    for path, what in ((args.overrides, "候选参数配置文件"), (args.rules, "候选规则库目录")):
        if path is not None and not path.exists():
            raise OutputError(f"{what}不存在：{path}")
    candidate = impact.Candidate(str(args.rules) if args.rules else None,
                                 str(args.overrides) if args.overrides else None)
    engine = make_engine(url)
    from checker import batch

    try:
        bar = batch.progress(impact.count_reviews(engine, args.since, args.industry))
        try:  # the records are read in chunks while the comparisons run
            comparisons = impact.run(impact.stored_reviews(engine, args.since, args.industry),
                                     candidate, args.jobs)
            result = impact.report(_counted(comparisons, bar), source=comparisons)
        finally:
            bar.close()
    finally:
        engine.dispose()
    _print_impact(result)
    if args.out is not None:
        data = (impact.xlsx_bytes(result) if args.out.suffix.lower() == ".xlsx"
                else impact.csv_bytes(result))
        try:
            args.out.write_bytes(data)
        except OSError as exc:
            raise OutputError(f"无法写入报告文件 {args.out}：{exc.strerror or exc}") from None
        print(f"报告文件：{args.out}")
    return 0


def _counted(rows, bar):
    for row in rows:
        bar.update(1)
        yield row


def _print_impact(result) -> None:
    from checker.change_impact import co2_text

    for name, value in result.totals():
        print(f"{name}：{value_text(value, None)}")
    if result.check is not None:
        print(result.check.text())
    if result.by_rule:
        print("按规则：")
        for row in result.by_rule:
            print(f"  {row['rule']} {row['title']}：新出现 {row['appeared']}，消失 {row['disappeared']}")
    if result.changed:
        print("按行业：")
        for row in result.by_industry:
            if row["changed"]:
                print(f"  {row['industry']} {row['name']}：{row['changed']}/{row['assessed']} 条变化")
    for row in result.changed[:50]:
        now, then = row["current"], row["candidate"]
        co2 = (f"；年二氧化碳排放量 {co2_text(now['co2_t'])} → "
               f"{co2_text(then['co2_t'])} 吨" if now["co2_t"] != then["co2_t"] else "")
        print(f"  #{row['id']} {row['project']}：{now['outcome_label']} → {then['outcome_label']}"
              f"{co2}；新出现 {'、'.join(row['appeared']) or '无'}；消失 {'、'.join(row['disappeared']) or '无'}")
    for row in result.drift[:50]:
        print(f"  存储结果已与当前规则库不一致：#{row['id']} {row['project']}")


def _review(args) -> int:
    from checker.review import review

    try:
        data = args.application.read_bytes()
    except OSError as exc:
        raise intake.InputError.single(f"无法读取文件 {args.application}：{exc.strerror}") from None
    book = _provider(args).in_force()
    app, _ = intake.load_bytes(data, book.carriers)
    if args.pdf:
        _check_writable(args.pdf)
    result = review(app, args.as_of, book)
    written = _write_pdfs(result, args, book)
    if args.json:
        print(json.dumps(result.summary_json(), ensure_ascii=False, indent=2))
    else:
        from checker.text import render_text  # the text report only

        print(render_text(result, book))
        for name, path in written:
            print(f"{name}PDF：{path}")
    return 0


def _check_writable(path: Path) -> None:
    """Refuse an output path whose folder is missing or not writable before reviewing."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"无法写入PDF：目录不存在（{folder}）")
    if path.is_dir():
        raise OutputError(f"无法写入PDF：{path} 是一个目录")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(f"无法写入PDF：没有写入权限（{path}）")


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise OutputError(f"无法写入PDF {path}：{exc.strerror or exc}") from None


def _write_pdfs(result, args, book) -> list[tuple[str, Path]]:
    """--pdf: the main document; --pdf-dir: every document of the review, as drafts."""
    written: list[tuple[str, Path]] = []
    if not (args.pdf or args.pdf_dir):
        return written
    from checker.opinion import OpinionMeta, document_title, render_pdf

    if args.pdf:
        _write(args.pdf, render_pdf(result, OpinionMeta(), book=book))
        written.append((document_title(result.documents()[0]), args.pdf))
    if args.pdf_dir:
        try:
            args.pdf_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建目录 {args.pdf_dir}：{exc.strerror or exc}") from None
        for index, kind in enumerate(result.documents(), 1):
            path = args.pdf_dir / f"{index}-{document_title(kind)}.pdf"
            _write(path, render_pdf(result, OpinionMeta(), kind, book=book))
            written.append((document_title(kind), path))
    return written


def _schema(args) -> int:
    print(json.dumps(ProjectApplication.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def _rules(args) -> int:
    book = _provider(args).in_force()
    if args.coverage:
        from checker.rulebook import coverage  # the scenarios' reader: only for this command

        plan = book.citations.instruments.get("kaifu_plan")
        print(coverage.render(coverage.matrix(book), plan.note if plan else None,
                              coverage.judgement_note(book)))
        return 0
    print(f"规则库版本 {book.version}，共 {len(book.rules)} 条规则", file=sys.stderr)
    for rule in book.rules:
        until = f"至{rule.effective_until}" if rule.effective_until else "起"
        source = (f"；依据文件日期{rule.source_issued}（{rule.source_status.value}）"
                  if rule.source_issued else "")
        severities = "/".join(dict.fromkeys(c.severity.value for c in rule.cases))
        print(f"{rule.id}\t{rule.title}\t"
              f"[{book.citations.clauses[rule.clause].article}；{rule.effective_from}{until}"
              f"{source}；{severities}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
