"""The JSON the API answers with, as pydantic models: the OpenAPI document's response
schemas are generated from these (web/openapi.py), and the tests check real responses
against them, so the documentation cannot drift from what the API sends."""
from __future__ import annotations

import datetime as dt
import typing
from typing import Any, Literal

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


class JudgementIn(BaseModel):
    """A reviewer's judgement (人工复核) on a finding, with a written reason."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["set_aside", "severity", "added", "factor"] = Field(
        description="set_aside 不予采纳、severity 调整结论类别、added 补充审查意见、"
                    "factor 补充碳排放核算缺少的排放因子（只对本审查记录有效）")
    rule_id: str | None = Field(None, description="所复核的审查发现（规则编号；set_aside、severity）；"
                                                  "factor：缺少的排放因子参数名（carbon_status.missing[].parameter）")
    severity: Literal["veto", "missing", "condition", "advisory", "info"] | None = Field(
        None, description="新的结论类别（severity）或补充意见的结论类别（added）")
    part: Literal["energy", "pollutant"] | None = Field(None, description="补充意见所属审查部分（added）")
    title: str | None = Field(None, max_length=100, description="补充意见的标题（added）")
    text: str | None = Field(None, max_length=1000, description="补充意见的内容（added）")
    citation: str | None = Field(None, description="补充意见引用的条款：规则库引用条款库中的条款编号"
                                                   "（GET /rules 的 citations，added）")
    value: float | None = Field(None, gt=0, description="补充的排放因子数值，单位同该参数（factor）")
    source: str | None = Field(None, max_length=200, description="补充的排放因子的来源（factor）")
    reason: str = Field(min_length=1, max_length=500, description="复核理由（必填）")


class JudgementOut(BaseModel):
    """A judgement as recorded: what, on which finding, the engine's severity, why, who, when."""

    id: int
    kind: str
    kind_label: str
    key: str = Field(description="所涉审查发现的编号（补充意见为 reviewer.<id>）")
    rule_id: str | None
    severity: str | None
    severity_label: str | None
    part: str | None
    title: str | None
    text: str | None
    citation: str | None
    value: float | None = Field(None, description="补充的排放因子数值（factor）")
    source: str | None = Field(None, description="补充的排放因子的来源（factor）")
    reason: str
    author: str = Field(description="复核人")
    at: str = Field(description="复核时间（UTC，ISO 8601）")
    finding_title: str = Field(description="所涉审查发现的标题")
    original_severity: str | None = Field(description="规则引擎原结论类别（补充意见为 null）")
    original_severity_label: str | None
    before_label: str = Field(description="复核前的结论类别（补充意见为“—”）")
    after_label: str = Field(description="复核后的结论类别（不予采纳、已撤回为“不计入”）")
    withdrawn_at: str | None = Field(None, description="撤回时间（UTC）")
    withdrawn_by: str | None = Field(None, description="撤回人")


class EngineResult(BaseModel):
    """The engine's own result, shown beside the reviewed one."""

    model_config = ConfigDict(extra="allow")
    outcome: str
    outcome_label: str
    conclusion: str
    conclusion_label: str


class Judgements(BaseModel):
    """A review's judgements and the reviewed conclusion beside the engine's."""

    review_id: int
    conclusion: str = Field(description="复核后的节能审查结论（记录的 conclusion）")
    outcome: str
    engine: EngineResult | None = Field(description="规则引擎的原结论（无复核时为 null）")
    judgements: list[JudgementOut] = Field(description="有效的人工复核意见（按时间）")
    withdrawn: list[JudgementOut] = Field(description="已撤回的人工复核意见")
    links: dict[str, str]


class ReviewSummary(BaseModel):
    """The review itself: conclusion, findings with reasons and citations, energy account.
    After a reviewer's judgements (人工复核) the conclusion, parts, documents and findings are
    the reviewed ones; `engine` then gives the engine's own, `judgements` and `set_aside`
    what the reviewer decided."""

    model_config = ConfigDict(extra="allow")
    conclusion: str
    conclusion_label: str
    as_of: dt.date
    rulebook_version: str
    input_sha256: str
    project: ProjectOut
    energy: EnergyOut  # type: ignore[valid-type]
    findings: list[FindingOut]
    engine: EngineResult | None = Field(None, description="规则引擎的原结论（经人工复核时）")
    judgements: list[dict[str, Any]] | None = Field(None, description="人工复核意见（经人工复核时）")


class ReviewLinks(BaseModel):
    self: str
    opinion_pdf: str
    page: str


class DocumentActions(BaseModel):
    """The life-cycle calls of a document (POST; return and void take {"reason": "…"})."""

    submit: str = Field(description="起草人提交签发")
    return_: str = Field(serialization_alias="return", validation_alias="return",
                         description="签发人退回（须填写原因）")
    issue: str = Field(description="签发人签发：分配文号，生成并存档PDF/A")
    void: str = Field(description="签发人作废（须填写原因；文号不再使用）")


class DocumentOut(BaseModel):
    """One document of a stored review and where it is in its life cycle."""

    type: str = Field(description="文书类型（rules/documents.yaml 的键）")
    name: str = Field(description="文书名称")
    series: str = Field(description="编号序列")
    issuer: str = Field(description="签发单位：drc 发展和改革局，ecology 生态环境局开福分局")
    state: Literal["draft", "submitted", "returned", "issued", "void"] = Field(
        description="draft 草稿、submitted 待签发、returned 已退回、issued 已签发、void 已作废")
    state_label: str
    number: str | None = Field(description="文号（签发时分配；草稿为 null；作废后保留）")
    issued_on: dt.date | None = Field(description="签发日期")
    pdf_sha256: str | None = Field(description="存档PDF/A的SHA-256（签发后）")
    reason: str | None = Field(description="最近一次退回或作废的原因")
    voided_on: dt.date | None = Field(default=None, description="作废日期（北京时间；未作废为 null）")
    pdf: str = Field(description="PDF 地址（签发后为存档的字节，草稿带“草稿”水印，作废后加注作废"
                                 "说明页和作废标记；存档原件见 …/archived.pdf）")
    actions: DocumentActions


class ReviewBrief(BaseModel):
    """A stored review as the list shows it."""

    id: int
    opinion_number: str | None = Field(description="主文书文号（签发前为 null）")
    issued_on: dt.date = Field(description="记录日期")
    as_of: dt.date = Field(description="审查基准日")
    conclusion: str
    outcome: str
    applicant: str = Field(description="建设单位")
    project_code: str | None = Field(description="项目代码")
    documents: list[DocumentOut]
    project_name: str
    industry_code: str
    reviewer: str
    rulebook_version: str
    input_sha256: str
    previous_id: int | None = Field(description="修改前的审查（重新审查时）")
    created_at: str = Field(description="存档时间（UTC，ISO 8601）")
    links: ReviewLinks


class RecordRulebook(BaseModel):
    """How a stored review stands to the rulebook in force."""

    state: Literal["current", "newer", "changed"] = Field(description=(
        "current：按现行规则库审查；newer：此后规则库（含参数设置）已更新，文书仍按审查时的规则库"
        "出具和签发；changed：审查时的规则库文件已更新、无法重建，须重新审查后出具"))
    in_force: str = Field(description="现行规则库版本")
    rereviews: list[int] = Field(description="重新审查本记录生成的新记录")


class Changes(BaseModel):
    """What a re-review changed against the record it re-reviewed."""

    outcome: list[dict] = Field(description="审查结果的变化（before → after）")
    conclusions: list[dict] = Field(description="各部分结论的变化（part、before、after）")
    added: list[dict] = Field(description="新出现的审查发现")
    removed: list[dict] = Field(description="已消除的审查发现")
    changed: list[dict] = Field(description="结论类别或适用情形变化的审查发现")


class StoredReview(ReviewBrief):
    """A stored review with the review itself."""

    review: ReviewSummary
    duplicates: list[int] = Field(description="相同输入（SHA-256）与基准日、尚未签发的其他记录")
    rulebook: RecordRulebook
    changes: Changes | None = Field(description="重新审查时：与原记录相比的变化")


class CitationRef(BaseModel):
    """A citation in a compact answer: the clause by its id and role, with the link to its
    wording on the rule explorer's page of the finding's rule (``?full=1``: in full)."""

    id: str = Field(description="条款编号（规则库 citations.yaml；GET /rules 的 citations）")
    role: str = Field(description="方案条款 / 依据 / 其他依据")
    href: str = Field(description="该条款原文在规则浏览页的链接（/rules/<规则>#clause-…）")


class CompactFindingOut(FindingOut):
    """A finding of a compact answer: each citation by clause id, role and link."""

    citations: list[CitationRef]  # type: ignore[assignment]


class CompactReviewSummary(ReviewSummary):
    """The review of a compact answer: as ReviewSummary, each finding's citations by id."""

    findings: list[CompactFindingOut]  # type: ignore[assignment]


class CompactStoredReview(StoredReview):
    """A stored review as answered by default: the review's findings cite their clauses by
    id, role and link (``?full=1``: StoredReview, each clause's wording in full)."""

    review: CompactReviewSummary  # type: ignore[assignment]


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


class LedgerDeclared(BaseModel):
    """How many records of the group declared each figure (CO₂: had a carbon account)."""

    energy_tce: int
    energy_equivalent_tce: int
    co2_t: int
    added_value: int


class LedgerFigures(BaseModel):
    """Sums of a group of issued records of one category (never across categories); a figure
    no record of the group declared is null (shown "—"), not 0."""

    count: int = Field(description="项目数")
    energy_tce: float | None = Field(description="年综合能源消费量（当量值，吨标准煤）")
    energy_equivalent_tce: float | None = Field(description="新增能源消费量（等价值，不含原料用能，吨标准煤）")
    co2_t: float | None = Field(description="二氧化碳排放量（吨；没有项目有碳排放核算时为空）")
    added_value: float | None = Field(description="年增加值（万元）")
    declared: LedgerDeclared = Field(description="申报了各项数据的项目数（少于项目数时，合计只含申报的项目）")


class LedgerClass(LedgerFigures):
    key: str = Field(description="台账类别：approved、separately_listed（国家重大项目能耗单列，不计入全区总量）、referral_city、referral_province、exempt、rejected、other")
    label: str
    note: str = Field(description="部分项目未申报的数据，如“新增能源消费量：3个项目中2个申报”")


class LedgerCount(BaseModel):
    count: int = Field(description="项目数合计（能耗、排放和增加值只按类别合计，不跨类别相加）")


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
    key: str = Field(description="台账类别（见 classes）")
    label: str


class LedgerFamily(BaseModel):
    family: str = Field(description="规则族（规则编号前缀，如 dual_control）")
    title: str = Field(description="规则族名称")
    severity: str = Field(description="严重程度：veto、missing、condition、advisory、info")
    severity_label: str
    findings: int = Field(description="审查发现数")
    records: int = Field(description="有该规则族、该严重程度审查发现的已印发项目数")


class LedgerProject(BaseModel):
    id: int
    project_name: str
    industry_code: str
    industry_name: str
    conclusion_label: str
    outcome_label: str
    number: str | None
    issued_on: dt.date | None
    energy_tce: float | None
    energy_equivalent_tce: float | None
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
    total: LedgerCount
    months: list[str]
    monthly: list[LedgerMonth]
    cumulative: list[LedgerCumulative]
    by_conclusion: list[LedgerGroup]
    by_outcome: list[LedgerGroup]
    by_industry: list[LedgerIndustry]
    by_family: list[LedgerFamily] = Field(description="按规则族和严重程度的审查发现数")
    largest: list[LedgerProject]
    weighted_intensity: float | None = Field(description="区级批准项目加权单位增加值能耗（吨标准煤/万元）")
    intensity_target: float | None = Field(description="全区单位增加值能耗目标（未设置为空）")
    period: LedgerPeriod
    allowance_tce: float | None = Field(description="规划期全区能源消费增量控制额度（未设置为空）")
    approved_in_period_tce: float = Field(description="规划期内区级审查通过的新增能耗（等价值；不含国家重大项目能耗单列、转报、不予通过）")
    remaining_allowance_tce: float | None
    missing: list[str] = Field(description="未设置的全区数据")
    equivalent_basis: list[str] = Field(
        description="所选年度内适用的电力等价值折算系数及其统计年份（各项目按其审查基准日适用的系数计）")


RESPONSES = [Error, StoredReview, CompactStoredReview, ReviewPage, RulesDocument, Ledger,
             Judgements]
REQUESTS = [JudgementIn]
