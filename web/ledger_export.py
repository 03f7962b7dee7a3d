"""Exports of the ledger (written by checker.exports): the issued records with their figures
and counted findings by rule family as CSV, and every ledger table as XLSX (one sheet per
table, as the page shows them: sums per category, "—" for a figure no record declared, the
allowance beside the new energy the district approved).  Records are streamed from the store
in batches."""
from __future__ import annotations

from typing import Any, Iterator

from checker import exports
from checker.batch import chunks
from checker.exports import CODE, COUNT, DATE, NUMBER, RATIO, Column, Sheet
from checker.industries import industry_name
from checker.outcome import EnergyConclusion
from checker.severity import Outcome
from checker.store.ledger import CLASSES, LedgerFilters, findings_by_record, records

CONCLUSIONS = {c.value: c.label for c in EnergyConclusion}
OUTCOMES = {o.value: o.label for o in Outcome}

# the per-project sheet and CSV
RECORD_COLUMNS = [
    Column("主文书文号", "number", CODE), Column("成文日期", "issued_on", DATE),
    Column("项目名称", "project_name"), Column("项目代码", "project_code", CODE),
    Column("建设单位", "applicant"), Column("行业代码", "industry_code", CODE),
    Column("行业名称", "industry_name"), Column("台账类别", "class_label"),
    Column("节能审查结论", "conclusion_label"), Column("审查结果", "outcome_label"),
    Column("年综合能源消费量（当量值，吨标准煤）", "energy_tce", NUMBER),
    Column("新增能源消费量（等价值，不含原料用能，吨标准煤）", "energy_equivalent_tce", NUMBER),
    Column("二氧化碳排放量（吨二氧化碳/年）", "co2_t", NUMBER),
    Column("年增加值（万元）", "added_value", NUMBER),
    Column("单位增加值能耗（当量值，吨标准煤/万元）", "intensity", RATIO),
    Column("审查发现数", "findings", COUNT), Column("审查发现（按规则族）", "families"),
]
FIGURE_COLUMNS = [
    Column("项目数", "count", COUNT),
    Column("年综合能源消费量（当量值，吨标准煤）", "energy_tce", NUMBER),
    Column("新增能源消费量（等价值，吨标准煤）", "energy_equivalent_tce", NUMBER),
    Column("二氧化碳排放量（吨）", "co2_t", NUMBER),
    Column("年增加值（万元）", "added_value", NUMBER),
]
FAMILY_COLUMNS = [Column("规则族", "title"), Column("严重程度", "severity_label"),
                  Column("审查发现数", "findings", COUNT), Column("涉及项目数", "records", COUNT)]
KEY_COLUMNS = [Column("项目", "item"),
               Column("数值", "value", lambda row: RATIO if row["unit"] == INTENSITY else NUMBER),
               Column("单位", "unit"), Column("说明", "note")]
INTENSITY = "吨标准煤/万元"


def record_rows(engine, filters: LedgerFilters, titles: dict[str, str],
                batch: int = 500) -> Iterator[dict[str, Any]]:
    """The issued records with their labels, figures and counted findings by rule family
    (`titles`: the families' Chinese titles, of the rulebook in force; read for `batch`
    records at a time — also while a response streams, outside the request)."""
    for rows in chunks(records(engine, filters), batch):
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


def csv_stream(engine, filters: LedgerFilters, titles: dict[str, str]) -> Iterator[str]:
    """The per-project CSV, UTF-8 with BOM, written row by row."""
    return exports.csv_lines(RECORD_COLUMNS, record_rows(engine, filters, titles))


def key_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The allowance and intensity block of the page, as rows."""
    period = data["period"]
    unset = "未设置（由管理员在参数设置中录入）"
    return [
        {"item": "规划期", "value": None, "unit": "",
         "note": f"“{period['name']}”（{period['first']}—{period['last']}年）"},
        {"item": "规划期全区能源消费增量控制额度", "value": data["allowance_tce"],
         "unit": "吨标准煤", "note": unset if data["allowance_tce"] is None else ""},
        {"item": "规划期内区级审查通过的新增能源消费量（等价值）",
         "value": data["approved_in_period_tce"], "unit": "吨标准煤",
         "note": "不含国家重大项目能耗单列、转报市省审查、不予通过和不单独审查的项目"},
        {"item": "剩余额度", "value": data["remaining_allowance_tce"], "unit": "吨标准煤",
         "note": "额度未设置，无法计算" if data["remaining_allowance_tce"] is None else ""},
        {"item": "区级审查通过项目加权单位增加值能耗", "value": data["weighted_intensity"],
         "unit": INTENSITY,
         "note": "无增加值数据" if data["weighted_intensity"] is None else ""},
        {"item": "全区单位增加值能耗目标", "value": data["intensity_target"],
         "unit": INTENSITY, "note": unset if data["intensity_target"] is None else ""},
    ]


def xlsx_bytes(engine, filters: LedgerFilters, data: dict[str, Any],
               titles: dict[str, str]) -> bytes:
    """Every ledger table as a sheet: 项目明细, 按台账类别, 额度与强度, 按月, 按行业, 按结论,
    按规则族."""
    return exports.xlsx_bytes([
        Sheet("项目明细", RECORD_COLUMNS, record_rows(engine, filters, titles)),
        Sheet("按台账类别", [Column("台账类别", "label"), *FIGURE_COLUMNS,
                          Column("说明", "note")], data["classes"]),
        Sheet("额度与强度", KEY_COLUMNS, key_rows(data)),
        Sheet("按月", [Column("月份", "month", CODE), Column("节能审查结论", "conclusion_label"),
                     *FIGURE_COLUMNS], data["monthly"]),
        Sheet("按行业", [Column("行业大类代码", "division", CODE), Column("行业名称", "name"),
                      Column("台账类别", "label"), *FIGURE_COLUMNS], data["by_industry"]),
        Sheet("按结论", [Column("节能审查结论", "label"), *FIGURE_COLUMNS], data["by_conclusion"]),
        Sheet("按规则族", FAMILY_COLUMNS, data["by_family"]),
    ])
