"""The JSON the API answers with, as pydantic models: the OpenAPI document's response
schemas are generated from these (web/openapi.py), and the tests check real responses
against them, so the documentation cannot drift from what the API sends."""
from __future__ import annotations

import datetime as dt
import typing
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from checker.energy import EnergyAccount
from checker.findings import Finding


class Problem(BaseModel):
    """One problem of the input: where (JSON path), which field (Chinese title), what."""

    path: str = Field(description="JSON 路径，如 project.investment；整体问题为空")
    title: str = Field(description="字段的中文名称")
    message: str = Field(description="中文说明")


class ErrorBody(BaseModel):
    code: str = Field(description="机器可读的错误代码，如 invalid_input、not_found")
    message: str = Field(description="中文说明")
    problems: list[Problem] = Field(default_factory=list)


class Error(BaseModel):
    """Every error of the API."""

    error: ErrorBody


class FindingOut(Finding):
    """A finding as the API shows it (with the severity's label and the 待核实 flag)."""

    severity_label: str = Field(description="严重程度（中文）")
    unverified_flag: bool = Field(serialization_alias="unverified",
                                  validation_alias="unverified",
                                  description="依据或数值中有未核实者")


EnergyOut = create_model(
    "EnergyOut", __doc__="能耗核算（当量值与等价值，吨标准煤）",
    **{name: (kind, ...) for name, kind in typing.get_type_hints(EnergyAccount).items()},
    dual_control_tce=(float, Field(description="计入能耗双控的消费量（扣除原料用能）")))


class ProjectOut(BaseModel):
    name: str
    applicant: str


class ReviewSummary(BaseModel):
    """The review itself: conclusion, findings with reasons and citations, energy account."""

    model_config = ConfigDict(extra="allow")
    conclusion: str
    conclusion_label: str
    as_of: dt.date
    rulebook_version: str
    input_sha256: str
    project: ProjectOut
    energy: EnergyOut  # type: ignore[valid-type]
    findings: list[FindingOut]


class ReviewLinks(BaseModel):
    self: str
    opinion_pdf: str
    page: str


class ReviewBrief(BaseModel):
    """A stored review as the list shows it."""

    id: int
    opinion_number: str = Field(description="审查意见文号")
    issued_on: dt.date
    as_of: dt.date = Field(description="审查基准日")
    conclusion: str
    project_name: str
    industry_code: str
    reviewer: str
    rulebook_version: str
    input_sha256: str
    previous_id: int | None = Field(description="修改前的审查（重新审查时）")
    created_at: str = Field(description="存档时间（UTC，ISO 8601）")
    links: ReviewLinks


class StoredReview(ReviewBrief):
    """A stored review with the review itself."""

    review: ReviewSummary


class ReviewPage(BaseModel):
    items: list[ReviewBrief]
    page: int
    pages: int
    total: int
    per_page: int
    notes: list[str] = Field(description="被忽略的筛选条件及原因")


class RulesDocument(BaseModel):
    """The rulebook: families of rules with their cases, parameters and cited clauses."""

    version: str
    families: list[dict[str, Any]]
    coverage: list[dict[str, Any]]


class LedgerFigures(BaseModel):
    """Sums of a group of issued records."""

    count: int = Field(description="项目数")
    energy_tce: float = Field(description="年综合能源消费量（当量值，吨标准煤）")
    energy_equivalent_tce: float = Field(description="新增能源消费量（等价值，不含原料用能，吨标准煤）")
    co2_t: float | None = Field(description="二氧化碳排放量（吨；无碳排放核算时为空）")
    added_value: float = Field(description="年增加值（万元）")


class LedgerClass(LedgerFigures):
    key: str = Field(description="台账类别：approved、referral_city、referral_province、exempt、rejected、other")
    label: str


class LedgerMonth(LedgerFigures):
    month: str = Field(description="成文月份 YYYY-MM")
    conclusion: str
    conclusion_label: str


class LedgerCumulative(BaseModel):
    month: str
    approved_energy_equivalent_tce: float = Field(description="区级批准新增能耗累计（等价值）")


class LedgerGroup(LedgerFigures):
    key: str
    label: str


class LedgerIndustry(LedgerFigures):
    division: str = Field(description="GB/T 4754-2017 行业大类代码")
    name: str


class LedgerProject(BaseModel):
    id: int
    project_name: str
    industry_code: str
    industry_name: str
    conclusion_label: str
    outcome_label: str
    number: str | None
    issued_on: dt.date | None
    energy_tce: float
    energy_equivalent_tce: float
    co2_t: float | None
    added_value: float | None


class LedgerPeriod(BaseModel):
    name: str = Field(description="规划期，如 十四五")
    first: int
    last: int


class Ledger(BaseModel):
    """能耗台账：已印发审查记录的汇总（草稿、作废不计）。"""

    filters: dict[str, Any]
    classes: list[LedgerClass]
    total: LedgerFigures
    months: list[str]
    monthly: list[LedgerMonth]
    cumulative: list[LedgerCumulative]
    by_conclusion: list[LedgerGroup]
    by_outcome: list[LedgerGroup]
    by_industry: list[LedgerIndustry]
    largest: list[LedgerProject]
    weighted_intensity: float | None = Field(description="区级批准项目加权单位增加值能耗（吨标准煤/万元）")
    intensity_target: float | None = Field(description="全区单位增加值能耗目标（未设置为空）")
    period: LedgerPeriod
    allowance_tce: float | None = Field(description="规划期全区能源消费增量控制额度（未设置为空）")
    approved_in_period_tce: float
    remaining_allowance_tce: float | None
    missing: list[str] = Field(description="未设置的全区数据")


RESPONSES = [Error, StoredReview, ReviewPage, RulesDocument, Ledger]
