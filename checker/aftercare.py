"""After the opinion (令2025年第31号第四章、第五章): what the bureau does with an issued record —
pure functions, no database.

- **Acceptance (Art. 21)**: before operation (within 6 months of trial operation where the
  project runs one) the project is accepted against the opinion and the report: its
  processes, equipment, energy-saving and carbon measures, metering.  `checklist` lists what
  is checked: each requirement the issued opinion states (its 审查要求 / 告知承诺事项 part, as
  checker.opinion builds it) and the report's key figures (equipment, products' unit
  consumption, metering, energy management, annual energy 当量值/等价值, CO₂).  Each item is
  then marked 落实 / 未落实 with its evidence; the result is 验收合格 only when every item is
  落实 (`acceptance_result`).  `acceptance_due`: the last day of the 6 months.
- **Operating data and overrun (Arts. 23, 26)**: the bureau's XLSX template
  (`template_xlsx`, one row per project and year), read cell by cell (`read_operating_xlsx`:
  every problem names its cell, 第3行 C列; any problem and nothing is taken), each row compared
  with the approved levels (`approved_levels`, `overruns`): "高于节能审查批复水平10%" is read as
  the rule procedure.overrun_rectification reads it: reaching the rulebook's parameter
  procedure.rectification_overrun (10 %, inclusive) is an overrun — one reading of the article
  for the review and for the imported operating data.
- **Inspections (Art. 22, 双随机一公开)**: `draw` chooses N projects and M inspectors with
  `random.Random(seed)` over both pools sorted canonically: the same seed and pools always
  give the same draw, so anyone can re-run it.
"""
from __future__ import annotations

import calendar
import datetime as dt
import io
import json
import random
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from checker import exports
from checker.intake import text_problem
from checker.refusals import Refused
from checker.values import number_text, tce_text
from checker.workdays import is_working_day

DONE, NOT_DONE = "落实", "未落实"
STATUSES = (DONE, NOT_DONE)
RESULTS = {"passed": "验收合格", "failed": "验收不合格"}
TRIAL_MONTHS = 6  # 第二十一条：原则上在试运行之日起6个月内验收
OVERRUN_PARAMETER = "procedure.rectification_overrun"
REPORT_MAX_BYTES = 20 * 1024 * 1024
REPORT_MAX_TEXT = "20 MB"
# the 自查报告 types accepted: PDF, or a Word / WPS document
REPORT_TYPES = {".pdf": ("application/pdf", b"%PDF-"),
                ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                          b"PK\x03\x04"),
                ".doc": ("application/msword", b"\xd0\xcf\x11\xe0"),
                ".wps": ("application/vnd.ms-works", b"\xd0\xcf\x11\xe0")}
EVIDENCE_MAX = 500
PHASE_MAX = 50


class AftercareError(Refused):
    """Input refused (a Chinese message naming the field or the cell); nothing is stored."""

    status = 400
    code = "invalid_input"

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems[:20]) + ("……" if len(problems) > 20 else ""))
        self.problems = problems


# ---------------------------------------------------------------- acceptance (Art. 21)

def add_months(day: dt.date, months: int) -> dt.date:
    """The day `months` calendar months after `day`: the same day of that month, or its last
    day when it has none (8月31日 + 6个月 → 2月28/29日)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def acceptance_due(trial_operation_on: dt.date) -> dt.date:
    """The last day to accept a project whose trial operation began on `trial_operation_on`
    (第二十一条：试运行之日起6个月内): the corresponding day 6 months later; when that day is not
    a working day (a weekend or statutory holiday, the State Council's calendar with 调休),
    the period ends on the next working day (民法典第二百零三条).  CalendarGap for a year the
    calendar does not hold."""
    day = add_months(trial_operation_on, TRIAL_MONTHS)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class CheckItem:
    """One item of the acceptance checklist: its group (审查要求, 用能设备 …) and what is
    checked, as the issued opinion and the report state it."""

    key: str
    group: str
    text: str

    def json(self) -> dict[str, str]:
        return {"key": self.key, "group": self.group, "text": self.text, "status": "",
                "evidence": ""}


def checklist(review, book) -> list[CheckItem]:
    """The acceptance checklist of a reviewed record (its judgements applied): the
    requirements its energy document states, then the report's key figures."""
    from checker.opinion import OpinionMeta, document

    items: list[CheckItem] = []
    kind = review.documents()[0]
    if kind in ("energy_opinion", "commitment_notice"):
        opinion = document.build(review, OpinionMeta(), kind, book)
        for section in opinion.sections:
            if section.heading in ("审查要求", "告知承诺事项"):
                for item in section.items:
                    if item.kind == "advisory":  # a hint is a suggestion, not a requirement
                        continue
                    title = f"{item.title}：" if item.title else ""
                    items.append(CheckItem(f"requirement.{len(items) + 1}", "审查要求",
                                           f"{title}{item.text}"))
    account = review.energy
    return items + key_figures(review.application, account.total_tce,
                               account.total_equivalent_tce,
                               getattr(review.carbon, "total_tco2", None))


def stored_checklist(findings: list[dict[str, Any]], application,
                     energy_tce: float | None, equivalent_tce: float | None,
                     co2_t: float | None) -> list[CheckItem]:
    """The checklist of a record whose rulebook can no longer be rebuilt (the rule files
    changed since its review): the requirements from its stored findings (the energy part's
    conditions, each as an issued body states it) and the same key figures from its stored
    input and ledger figures."""
    from checker.opinion.document import issuable

    items: list[CheckItem] = []
    for finding in findings:
        if finding.get("part") == "energy" and finding.get("severity") == "condition":
            text = issuable(finding.get("action") or finding.get("message") or "")[0]
            if text:
                items.append(CheckItem(f"requirement.{len(items) + 1}", "审查要求",
                                       f"{finding.get('title', '')}：{text}"))
    return items + key_figures(application, energy_tce, equivalent_tce, co2_t)


def key_figures(app, energy_tce: float | None, equivalent_tce: float | None,
                co2: float | None) -> list[CheckItem]:
    """The report's key figures accepted against: equipment, products' unit consumption,
    energy management, metering, annual energy (当量值, 等价值) and CO₂."""
    items: list[CheckItem] = []
    policy = app.industrial_policy
    for index, unit in enumerate(policy.equipment if policy else [], start=1):
        # the declared grade is already "3级" or "低于能效限定值" (checker.model.EfficiencyGrade)
        grade = ("" if not unit.efficiency_grade else f"，能效{unit.efficiency_grade}"
                 if unit.efficiency_grade.endswith("级") else f"，能效{unit.efficiency_grade}（申报）")
        model = f"（{unit.model}）" if unit.model else ""
        items.append(CheckItem(f"equipment.{index}", "用能设备",
                               f"{unit.name}{model}{unit.count}台（套）{grade}，与节能报告一致"))
    for index, product in enumerate(app.products, start=1):
        if product.unit_energy is not None:
            unit = product.unit_energy_unit or ""
            items.append(CheckItem(f"product.{index}", "能效水平",
                                   f"{product.name}单位产品综合能耗不高于"
                                   f"{number_text(product.unit_energy)}{unit}"))
    management = app.energy_management
    if management is not None:
        for name, label in (("system", "按GB/T 23331建立能源管理体系"),
                            ("manager", "配备能源管理人员"),
                            ("online_monitoring", "建设能耗在线监测系统")):
            if getattr(management, name):
                items.append(CheckItem(f"management.{name}", "节能降碳措施", label))
    items.append(CheckItem("metering", "能源计量",
                           "按GB 17167配备能源计量器具，分级计量，计量数据可追溯"))
    if energy_tce:
        items.append(CheckItem("energy.total", "能源消费",
                               f"年综合能源消费量（当量值）不高于{tce_text(energy_tce)}吨标准煤"))
    if equivalent_tce:
        items.append(CheckItem("energy.equivalent", "能源消费",
                               f"年综合能源消费量（等价值）不高于{tce_text(equivalent_tce)}吨标准煤"))
    if co2:
        items.append(CheckItem("carbon.total", "碳排放",
                               f"年二氧化碳排放量不高于{number_text(co2)}吨"))
    return items


def checklist_json(items: list[CheckItem]) -> str:
    return json.dumps([i.json() for i in items], ensure_ascii=False)


def marked(items: list[dict[str, Any]], form: dict[str, str]) -> list[dict[str, Any]]:
    """The checklist with each item's status (``status.<key>``: 落实 / 未落实) and evidence
    (``evidence.<key>``) from a form; AftercareError naming every bad item."""
    problems, out = [], []
    for index, item in enumerate(items, start=1):
        status = (form.get(f"status.{item['key']}") or "").strip()
        evidence = (form.get(f"evidence.{item['key']}") or "").strip()
        if status not in STATUSES:
            problems.append(f"第{index}项“{item['text'][:30]}”：请选择“落实”或“未落实”")
        if not evidence:
            problems.append(f"第{index}项“{item['text'][:30]}”：请填写证据说明")
        elif len(evidence) > EVIDENCE_MAX:
            problems.append(f"第{index}项证据说明不得超过{EVIDENCE_MAX}字")
        elif (problem := text_problem(evidence, multiline=True)) is not None:
            problems.append(f"第{index}项证据说明{problem}")
        out.append({**item, "status": status, "evidence": evidence})
    if problems:
        raise AftercareError(problems)
    return out


def acceptance_result(items: list[dict[str, Any]]) -> str:
    """passed (验收合格) when every item is 落实, else failed (不合格)."""
    return "passed" if items and all(i["status"] == DONE for i in items) else "failed"


def phase_name(text: str | None) -> str:
    """The name of an acceptance's phase (分期验收; empty: the whole project)."""
    text = (text or "").strip()
    if len(text) > PHASE_MAX:
        raise AftercareError([f"验收阶段名称不得超过{PHASE_MAX}字"])
    if text and (problem := text_problem(text)) is not None:
        raise AftercareError([f"验收阶段名称{problem}"])
    return text


def report_problem(filename: str, data: bytes) -> tuple[str, str] | str:
    """(stored name, MIME type) of an acceptable 自查报告, or why it is refused: PDF or a
    Word/WPS document of at most REPORT_MAX_BYTES whose content is of its type."""
    from checker.intake import filename_problem

    if not filename or not data:
        return "请选择自查报告文件"
    if len(data) > REPORT_MAX_BYTES:
        return f"自查报告不得超过 {REPORT_MAX_TEXT}"
    if (problem := filename_problem(filename)) is not None:
        return f"自查报告文件名{problem}"
    stem = filename.replace("\\", "/").rsplit("/", 1)[-1]
    extension = "." + stem.rsplit(".", 1)[-1].lower() if "." in stem else ""
    if extension not in REPORT_TYPES:
        return "自查报告只接受PDF、Word（.docx、.doc）或WPS文件"
    mime, magic = REPORT_TYPES[extension]
    if not data.startswith(magic):
        return f"自查报告“{stem[:80]}”的内容不是{extension[1:].upper()}文件"
    return stem[:200], mime


# ------------------------------------------------------------ operating data (Arts. 23, 26)

@dataclass(frozen=True)
class Indicator:
    """A figure of the template compared with its approved level."""

    key: str
    header: str
    label: str
    unit: str


INDICATORS = [
    Indicator("energy_tce", "年综合能源消费量（当量值，吨标准煤）", "年综合能源消费量（当量值）",
              "吨标准煤"),
    Indicator("energy_equivalent_tce", "年综合能源消费量（等价值，吨标准煤）",
              "年综合能源消费量（等价值）", "吨标准煤"),
    Indicator("unit_product", "单位产品综合能耗（与节能报告同一单位）", "单位产品综合能耗", ""),
    Indicator("unit_added_value", "单位增加值能耗（当量值，吨标准煤/万元）", "单位增加值能耗",
              "吨标准煤/万元"),
    Indicator("co2_t", "二氧化碳排放量（吨）", "二氧化碳排放量", "吨"),
]
HEADERS = ["项目代码", "年度", *(i.header for i in INDICATORS)]
TEMPLATE_SHEET = "运行数据"
TEMPLATE_NAME, TEMPLATE_FALLBACK = "项目运行数据导入模板", "operating-data-template"
IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_ROWS = 5000
CODE_PATTERN = re.compile(r"^[0-9A-Za-z-]{1,40}$")
FIRST_YEAR = 2000


def template_xlsx(codes: list[tuple[str, str]] = ()) -> bytes:
    """The bureau's template: sheet 运行数据, the Chinese headers (bold, frozen) and, when
    `codes` (project code, name) are given, one row per project with its code filled in."""
    columns = [exports.Column(h, h, exports.CODE if h == "项目代码" else exports.TEXT)
               for h in HEADERS]
    rows = [{"项目代码": code} for code, _name in codes]
    return exports.xlsx_bytes([exports.Sheet(TEMPLATE_SHEET, columns, rows)])


@dataclass(frozen=True)
class OperatingRow:
    """One row of an import: the sheet row number, the project and year, the figures."""

    row: int
    project_code: str
    year: int
    figures: dict[str, float | None]


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def read_operating_xlsx(data: bytes, this_year: int) -> list[OperatingRow]:
    """The rows of a filled template; AftercareError listing every problem by its cell
    (第3行 C列：…) — a file with any problem gives no rows at all."""
    from openpyxl import load_workbook

    if not data:
        raise AftercareError(["请选择要导入的XLSX文件"])
    if len(data) > IMPORT_MAX_BYTES:
        raise AftercareError(["导入文件不得超过 5 MB"])
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a file that is no XLSX
        raise AftercareError(["文件不是有效的XLSX工作簿，请使用本页下载的模板"]) from None
    try:
        sheet = book[TEMPLATE_SHEET] if TEMPLATE_SHEET in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [("" if v is None else str(v).strip()) for v in next(rows, ())]
        while header and not header[-1]:
            header.pop()
        if header != HEADERS:
            return_problems = [f"第1行：表头须为模板的{len(HEADERS)}列（"
                               f"{'、'.join(HEADERS)}），请使用本页下载的模板"]
            raise AftercareError(return_problems)
        problems: list[str] = []
        out: list[OperatingRow] = []
        seen: dict[tuple[str, int], int] = {}
        for number, values in enumerate(rows, start=2):
            values = list(values[:len(HEADERS)]) + [None] * (len(HEADERS) - len(values))
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if len(out) + len(problems) >= IMPORT_MAX_ROWS:
                problems.append(f"导入文件不得超过{IMPORT_MAX_ROWS}行")
                break
            row = _row(number, values, this_year, problems)
            if row is None:
                continue
            key = (row.project_code, row.year)
            if key in seen:
                problems.append(f"第{number}行：项目代码{row.project_code}的{row.year}年度数据"
                                f"与第{seen[key]}行重复")
                continue
            seen[key] = number
            out.append(row)
    finally:
        book.close()
    if problems:
        raise AftercareError(problems)
    if not out:
        raise AftercareError(["模板中没有数据行"])
    return out


def _row(number: int, values: list[Any], this_year: int,
         problems: list[str]) -> OperatingRow | None:
    before = len(problems)

    def cell(column: int) -> str:
        return f"第{number}行 {_letter(column)}列（{HEADERS[column - 1]}）"

    code = values[0]
    code = str(code).strip() if isinstance(code, (str, int)) and not isinstance(code, bool) \
        else None
    if not code:
        problems.append(f"{cell(1)}：请填写项目代码")
    elif not CODE_PATTERN.match(code):
        problems.append(f"{cell(1)}：项目代码“{code[:40]}”格式不正确（只能含数字、字母和“-”）")
    year = values[1]
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year.strip())
    if isinstance(year, float) and year.is_integer():
        year = int(year)
    if not isinstance(year, int) or isinstance(year, bool):
        problems.append(f"{cell(2)}：年度须为四位整数年份")
        year = None
    elif not FIRST_YEAR <= year <= this_year:
        problems.append(f"{cell(2)}：年度{year}不在{FIRST_YEAR}—{this_year}年之间")
    figures: dict[str, float | None] = {}
    for offset, indicator in enumerate(INDICATORS, start=3):
        value = values[offset - 1]
        if value is None or (isinstance(value, str) and not value.strip()):
            figures[indicator.key] = None
            continue
        if isinstance(value, str):
            if value.strip().startswith("="):
                problems.append(f"{cell(offset)}：不接受公式，请填写数值")
                continue
            try:
                value = float(Decimal(value.strip().replace(",", "")))
            except (InvalidOperation, ValueError):
                problems.append(f"{cell(offset)}：“{value.strip()[:20]}”不是数值")
                continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f"{cell(offset)}：须为数值")
            continue
        if value != value or value in (float("inf"), float("-inf")):
            problems.append(f"{cell(offset)}：须为有限数值")
            continue
        if value < 0:
            problems.append(f"{cell(offset)}：不能为负数")
            continue
        if value > 1e12:
            problems.append(f"{cell(offset)}：数值过大")
            continue
        figures[indicator.key] = float(value)
    if len(problems) == before and all(v is None for v in figures.values()):
        problems.append(f"第{number}行：至少填写一项能耗或排放数值（C—G列）")
    if len(problems) != before:
        return None
    return OperatingRow(row=number, project_code=code, year=year, figures=figures)


def approved_levels(energy_tce: float | None, energy_equivalent_tce: float | None,
                    co2_t: float | None, added_value: float | None,
                    application: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The approved levels of an issued record (its ledger figures and its declared
    products): indicator key → {value, unit, label}; a level the record did not state is
    absent (never compared)."""
    levels: dict[str, dict[str, Any]] = {}

    def put(key: str, value, unit: str | None = None):
        if value is not None and value > 0:
            indicator = next(i for i in INDICATORS if i.key == key)
            levels[key] = {"value": float(value), "unit": unit or indicator.unit,
                           "label": indicator.label}

    put("energy_tce", energy_tce)
    put("energy_equivalent_tce", energy_equivalent_tce)
    put("co2_t", co2_t)
    if energy_tce and added_value:
        put("unit_added_value", energy_tce / added_value)
    products = [p for p in application.get("products") or [] if p.get("unit_energy")]
    if len(products) == 1:  # one product: its unit consumption is the project's
        put("unit_product", products[0]["unit_energy"], products[0].get("unit_energy_unit"))
    return levels


def overrun_ratio(actual: float, approved: float) -> Decimal:
    """(actual − approved) ÷ approved × 100, in exact decimal arithmetic (percent)."""
    a, b = Decimal(repr(actual)), Decimal(repr(approved))
    return (a - b) * 100 / b


def overruns(figures: dict[str, float | None], levels: dict[str, dict[str, Any]],
             threshold: float) -> list[dict[str, Any]]:
    """The indicators `threshold` percent or more above their approved level (令2025年第31号
    第二十六条“高于节能审查批复水平10%”, read inclusively as the rule procedure.overrun_rectification
    and the parameter's title “（含）” read it)."""
    out = []
    limit = Decimal(repr(threshold))
    for indicator in INDICATORS:
        actual, level = figures.get(indicator.key), levels.get(indicator.key)
        if actual is None or level is None:
            continue
        ratio = overrun_ratio(actual, level["value"])
        if ratio >= limit:
            out.append({"key": indicator.key, "label": level["label"], "unit": level["unit"],
                        "approved": level["value"], "actual": actual,
                        "ratio": float(round(ratio, 2))})
    return out


def overrun_items(found: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The 限期整改通知's items: each indicator, actual against approved, and by how much."""
    return [(o["label"], f"实际{number_text(o['actual'])}{o['unit']}，节能审查批复水平"
             f"{number_text(o['approved'])}{o['unit']}，高出{number_text(o['ratio'])}%。")
            for o in found]


# --------------------------------------------------------------- inspections (Art. 22)

SEED_MAX = 64
SEED_PATTERN = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


def new_seed() -> str:
    """A fresh seed (16 hex digits, from the operating system's randomness)."""
    import secrets

    return secrets.token_hex(8)


def draw(seed: str, projects: list[dict[str, Any]], inspectors: list[dict[str, Any]],
         n: int, m: int) -> dict[str, Any]:
    """The 双随机 draw: `n` projects and `m` inspectors chosen by ``random.Random(seed)``
    from the pools sorted canonically (projects by project code then record id, inspectors
    by name then id), projects first.  Pure: the same seed and pools give the same draw."""
    if not SEED_PATTERN.match(seed or ""):
        raise AftercareError(["随机种子只能含字母、数字、“-”和“_”，不超过64个字符"])
    problems = []
    if not 1 <= n <= len(projects):
        problems.append(f"抽取项目数须在1至{len(projects)}之间（可抽取的项目共{len(projects)}个）")
    if not 1 <= m <= len(inspectors):
        problems.append(f"抽取检查人员数须在1至{len(inspectors)}之间（可抽取的人员共{len(inspectors)}名）")
    if problems:
        raise AftercareError(problems)
    pool_p = sorted(projects, key=lambda p: (p["project_code"], p["review_id"]))
    pool_i = sorted(inspectors, key=lambda i: (i["name"], i["id"]))
    rng = random.Random(seed)
    chosen_p = rng.sample(pool_p, n)
    chosen_i = rng.sample(pool_i, m)
    return {"projects": chosen_p, "inspectors": chosen_i}
