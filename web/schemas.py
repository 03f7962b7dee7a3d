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


RESPONSES = [Error, StoredReview, ReviewPage, RulesDocument]
