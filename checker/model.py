"""The project application as the applicant submits it (固定资产投资项目申报材料).

One pydantic model, `ProjectApplication`, with one section per topic the review reads.
Every field carries a Chinese title and, where it is a quantity, its unit (``unit`` in the
JSON Schema), so forms, error messages and the opinion can name it in the reviewer's words.
Sections that do not apply to a project are simply absent.  Unknown keys are refused.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from pydantic import (BaseModel, ConfigDict, Field, ValidationInfo, field_validator,
                      model_validator)

from checker.rulebook.carriers import Carrier, carrier_catalogue
from checker.dates import parse_date

# Quantities above this are refused: no real project reaches them, and the engine's
# number parser cannot take every float (see checker/evaluation/engine.py).
MAX_QUANTITY = 1e12


def _field(title: str, unit: str | None = None, **kw):
    """A field with its Chinese title and, for quantities, its unit in the JSON Schema."""
    extra = dict(kw.pop("json_schema_extra", {}) or {})
    if unit:
        extra["unit"] = unit
    return Field(title=title, json_schema_extra=extra or None, **kw)


def _empty() -> list:
    """The default of a list field: an empty list, from a Python function, which pydantic
    inspects at once, where the builtin `list` has it parse a text signature (tokenize, ~1 % of
    a cold `checker review`; issue 29)."""
    return []


def Quantity(title: str, unit: str, **kw):
    """A non-negative, bounded number with a unit."""
    return _field(title, unit, ge=0, le=MAX_QUANTITY, allow_inf_nan=False, **kw)


# 项目代码 of the national investment platform (投资项目在线审批监管平台): 2601-430105-04-01-123456
PROJECT_CODE_PATTERN = r"^[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{6}$"


class Section(BaseModel):
    """Base for every section: unknown keys are refused, strings are trimmed, and values
    must have their JSON type (no "100" for 100, no "yes" for true)."""

    # defer_build: a section's validator is built when first needed (as part of the
    # application's), not at import: a fresh `checker review` process builds each once.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, strict=True,
                              defer_build=True)


class Location(Section):
    """建设地点的区位事实（决定禁燃区、建成区、热网、水源保护区等规则是否适用）。"""

    address: str | None = _field("建设地点", default=None, max_length=200)
    built_up_area: bool = _field("位于城市建成区", default=False)
    no_burn_zone: bool = _field("位于高污染燃料禁燃区", default=False)
    heat_network_coverage: bool = _field("位于集中供热管网覆盖范围", default=False)
    drinking_water_protection_zone: bool = _field("位于饮用水水源保护区", default=False)
    industrial_park: str | None = _field("所在园区", default=None, max_length=100)
    port_area: bool = _field("位于港区（如霞凝港）", default=False)
    urban_development_boundary: bool | None = _field(
        "位于城镇开发边界内（国土空间规划“三区三线”）", default=None)


# 令2025年第31号第十八条列举的重大变动（申报时选择；须向原节能审查机关提交变更申请）。
MAJOR_CHANGES = ("建设单位变化", "建设地点变化", "建设规模变化", "主要生产装置变化", "用能设备变化",
                 "工艺技术路线变化", "主要产品品种变化", "其他较节能报告、节能审查意见的重大变化")


class PriorReview(Section):
    """已取得的节能审查意见（用于未批先建、有效期与超量变更的判断）。"""

    number: str = _field("节能审查意见文号", max_length=60)
    issued_on: dt.date = _field("印发日期", strict=False)
    approved_tce: float | None = Quantity("批复年综合能源消费量（当量值）", "tce", default=None)
    actual_tce: float | None = Quantity("实际年综合能源消费量（当量值）", "tce", default=None)
    major_changes: list[Literal[MAJOR_CHANGES]] = _field(
        "开工建设前或建设过程中发生的重大变动（令2025年第31号第十八条所列情形）",
        default_factory=_empty, max_length=len(MAJOR_CHANGES))

    @field_validator("issued_on", mode="before")
    @classmethod
    def _iso_date(cls, value):
        """Only the extended ISO form YYYY-MM-DD is accepted (no 20240501, no timestamps)."""
        if isinstance(value, dt.date):
            return value
        return parse_date(value)


# Who approves, verifies or files the project (审批、核准、备案): the Hunan tiers send projects
# approved by NDRC or the State Council to the province and those of provincial investment
# authorities (< 10000 tce) to the city, whatever their energy use.
APPROVAL_LEVELS = ("国家发展改革委或国务院审批核准", "省级投资主管部门审批核准备案",
                   "市级投资主管部门审批核准备案", "区级投资主管部门审批核准备案")


class Project(Section):
    """项目基本情况。"""

    name: str = _field("项目名称", min_length=1, max_length=200)
    code: str | None = _field(
        "项目代码", default=None, pattern=PROJECT_CODE_PATTERN,
        json_schema_extra={"examples": ["2601-430105-04-01-123456"]})
    applicant: str = _field("建设单位", min_length=1, max_length=200)
    industry_code: str = _field(
        "国民经济行业代码（GB/T 4754-2017）", pattern=r"^[0-9]{2}([0-9]{1,2})?$",
        json_schema_extra={"examples": ["3011"]})
    nature: Literal["新建", "扩建", "改建"] = _field("建设性质")
    keeps_site_and_process: bool = _field(
        "改建项目建设地点、主要生产工艺和设备未改变", default=False)
    investment_type: Literal["企业投资", "政府投资"] = _field("投资类型", default="企业投资")
    approval_level: Literal[APPROVAL_LEVELS] | None = _field(
        "项目审批（核准、备案）机关层级", default=None)
    location: Location = _field("区位", default_factory=Location)
    investment: float = Quantity("总投资", "万元")
    annual_output_value: float | None = Quantity("达产后年产值", "万元", default=None)
    annual_added_value: float | None = Quantity("达产后年工业增加值", "万元", default=None)
    construction_started: bool = _field("是否已开工建设", default=False)
    two_highs: bool | None = _field(
        "是否经省级“两高”项目目录认定为“两高”项目（省级目录认定；填写后优先于按行业代码的判定）",
        default=None)
    two_highs_basis: str | None = _field(
        "省级“两高”项目目录认定文件（名称、文号；申报不属“两高”而行业代码属“两高”小类时须填写，否则不采信）",
        default=None, max_length=200)
    public_institution: bool = _field("是否为公共机构项目", default=False)
    prior_review: PriorReview | None = _field("已取得的节能审查意见", default=None)
    energy_separately_listed: bool = _field("列入国家重大项目能耗单列", default=False)
    regional_review_zone: bool | None = _field(
        "位于已实施区域节能审查的开发区（新区）范围内（令2025年第31号第十一条）", default=None)
    separate_listing_basis: str | None = _field("能耗单列依据（文件名称、文号）", default=None,
                                                max_length=200)
    # 令2025年第31号第八条：涉及国家秘密的项目、用能工艺简单节能潜力小的行业目录内的项目可不单独编制节能报告
    state_secret: bool | None = _field(
        "涉及国家秘密（保密事项范围及密级由具备定密权限的机关、单位确定；令2025年第31号第八条）",
        default=None)
    exempt_industry: bool | None = _field(
        "属国家发展改革委公布的用能工艺简单、节能潜力小的行业目录（令2025年第31号第八条）",
        default=None)
    exemption_basis: str | None = _field(
        "不单独编制节能报告的依据（定密机关的确定文件，或行业目录的名称、条目）", default=None,
        max_length=200)
    sintered_brick: bool | None = _field(
        "为烧结砖瓦企业（行业小类3031中以烧结工艺生产砖瓦的企业）", default=None)

    @field_validator("industry_code")
    @classmethod
    def _division_exists(cls, value: str) -> str:
        """GB/T 4754-2017 divisions run from 01 to 97."""
        if not 1 <= int(value[:2]) <= 97:
            raise ValueError("行业大类代码须在01–97之间（GB/T 4754-2017）")
        return value


class EnergyUse(Section):
    """一种能源的年消费量（实物量）。"""

    carrier: str = _field("能源品种", json_schema_extra={"enum_source": "carriers"})
    quantity: float = Quantity("年消费量（实物量）", "见计量单位")
    unit: str = _field("计量单位")
    kind: Literal["气田天然气", "油田天然气"] | None = _field(
        "品种细分（天然气：气田天然气（管道天然气，缺省）或油田天然气），决定折标准煤系数",
        default=None)

    # Each check names its own field and runs whatever else is wrong with the line, so a
    # reviewer sees every problem of the form at once (a model-level check ran only once all
    # fields were valid: a wrong unit showed up after the quantity had been corrected).
    @field_validator("carrier")
    @classmethod
    def _known_carrier(cls, value: str, info: ValidationInfo) -> str:
        """The carrier must be one the rulebook's carrier table (GB/T 2589) lists."""
        catalogue = _carriers(info)
        if value not in catalogue:
            choices = "、".join(f"{key}（{c.title}）" for key, c in catalogue.items())
            raise ValueError(f"未知能源品种“{value}”，可选：{choices}")
        return value

    @field_validator("unit")
    @classmethod
    def _unit_fits(cls, value: str, info: ValidationInfo) -> str:
        """The unit must be one that fits the carrier (checked once the carrier is known)."""
        carrier = _carriers(info).get(info.data.get("carrier"))
        if carrier is not None and value not in carrier.units:
            raise ValueError(
                f"计量单位“{value}”不适用于{carrier.title}，可选：{'、'.join(carrier.units)}")
        return value

    @field_validator("kind")
    @classmethod
    def _kind_fits(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A kind (e.g. 油田天然气) must be one the carrier table distinguishes."""
        carrier = _carriers(info).get(info.data.get("carrier"))
        if value is not None and carrier is not None and value not in carrier.kinds:
            choices = "、".join(carrier.kinds) or "（该品种不分细类，请删除此项）"
            raise ValueError(f"品种细分“{value}”不适用于{carrier.title}，可选：{choices}")
        return value


def _carriers(info: ValidationInfo) -> Mapping[str, Carrier]:
    """The carriers an application is checked against: those of the rulebook it is reviewed
    under, given as the validation context's ``carriers`` (checker.intake.validate); without
    one, those of the configured rules directory (rulebook.sources.rules_dir)."""
    context = info.context or {}
    carriers = context.get("carriers")
    return carrier_catalogue() if carriers is None else carriers


class RenewableGeneration(Section):
    """自建可再生能源发电（自发自用部分）。"""

    kind: Literal["光伏", "风电", "其他"] = _field("类型", default="光伏")
    capacity_kw: float | None = Quantity("装机容量", "kW", default=None)
    self_consumed_kwh: float = Quantity("年自发自用电量", "kWh")


class Product(Section):
    """主要产品及其单位产品能耗（设计值）。"""

    code: str = _field("产品代码（能效标杆/基准表中的代码）", max_length=60,
                       pattern=r"^[a-z][a-z0-9_]*$")
    name: str = _field("产品名称", max_length=100)
    annual_output: float | None = Quantity("年产量", "见产量单位", default=None)
    output_unit: str | None = _field("产量单位", default=None, max_length=20)
    unit_energy: float | None = _field(
        "单位产品综合能耗（设计值）", "见能耗单位", default=None,
        allow_inf_nan=False, ge=-MAX_QUANTITY, le=MAX_QUANTITY)
    unit_energy_unit: str | None = _field("单位产品能耗单位", default=None, max_length=30)


class DataCentre(Section):
    """数据中心。"""

    standard_racks: int = _field("标准机架数", "架", ge=0, le=10_000_000)
    design_pue: float | None = _field("设计PUE", ge=1.0, le=5.0, default=None,
                                      allow_inf_nan=False)
    renewable_energy_plan: bool | None = _field("是否提交可再生能源利用方案", default=None)


class VocMaterial(Section):
    """含VOCs原辅材料。"""

    category: Literal["涂料", "油墨", "胶粘剂", "清洗剂"] = _field("材料类别")
    kind: str = _field("材料类型（限值表中的类型代码）", max_length=60)
    name: str | None = _field("材料名称", default=None, max_length=100)
    voc_content: float = Quantity("VOCs含量", "见含量单位")
    content_unit: Literal["g/L", "g/kg", "%"] = _field("含量单位")
    annual_use_t: float | None = Quantity("年用量", "t", default=None)


class Vocs(Section):
    """挥发性有机物（VOCs）排放与削减。"""

    new_emissions_t: float = Quantity("新增VOCs排放量", "t/a")
    secured_offset_t: float | None = Quantity("已落实的VOCs削减替代量", "t/a", default=None)
    materials: list[VocMaterial] = _field("含VOCs原辅材料", default_factory=_empty, max_length=500)
    full_low_voc_substitution: bool | None = _field("是否全部使用低VOCs含量原辅材料", default=None)
    key_polluter: bool = _field("是否为（或将列入）重点排污单位", default=False)
    online_monitoring: bool | None = _field("是否安装VOCs在线监测设施", default=None)
    whole_process_control: bool | None = _field("是否落实VOCs全过程控制措施", default=None)


class Pollutants(Section):
    """其他主要污染物（新增排放量与总量指标）。"""

    cod_t: float = Quantity("新增化学需氧量排放", "t/a", default=0)
    nh3n_t: float = Quantity("新增氨氮排放", "t/a", default=0)
    nox_t: float = Quantity("新增氮氧化物排放", "t/a", default=0)
    so2_t: float = Quantity("新增二氧化硫排放", "t/a", default=0)
    so2_offset_t: float | None = Quantity("已落实的二氧化硫削减替代量", "t/a", default=None)
    nox_offset_t: float | None = Quantity("已落实的氮氧化物削减替代量", "t/a", default=None)
    total_quota_source: bool | None = _field("是否已明确总量指标来源", default=None)
    discharge_permit: bool | None = _field("是否已取得或承诺申领排污许可证", default=None)
    regional_reduction_plan: bool | None = _field("是否有配套区域污染物削减方案", default=None)


class Boiler(Section):
    """锅炉。蒸汽锅炉按额定蒸发量（t/h），热水锅炉和有机热载体锅炉按额定热功率（MW）申报。"""

    fuel: Literal["燃煤", "燃气", "燃油", "生物质", "电"] = _field("燃料")
    kind: Literal["蒸汽锅炉", "热水锅炉", "有机热载体锅炉"] = _field("锅炉类型", default="蒸汽锅炉")
    capacity_t_h: float | None = Quantity("额定蒸发量（蒸汽锅炉）", "t/h", default=None,
                                          validate_default=True)
    capacity_mw: float | None = Quantity("额定热功率（热水锅炉、有机热载体锅炉）", "MW",
                                         default=None, validate_default=True)
    count: int = _field("台数", "台", ge=1, le=1000, default=1)
    new: bool = _field("是否新建", default=True)
    dedicated_biomass: bool | None = _field(
        "是否为生物质成型燃料专用锅炉（生物质锅炉填写）", default=None)
    high_efficiency_dust_removal: bool | None = _field(
        "是否配置袋式除尘器等高效除尘设施（生物质锅炉填写）", default=None)
    nox_mg_m3: float | None = Quantity("设计NOx排放浓度", "mg/m³", default=None)
    so2_mg_m3: float | None = Quantity("设计SO₂排放浓度", "mg/m³", default=None)
    pm_mg_m3: float | None = Quantity("设计颗粒物排放浓度", "mg/m³", default=None)
    low_nox_burner: bool | None = _field("是否采用低氮燃烧", default=None)

    @field_validator("capacity_t_h", "capacity_mw")
    @classmethod
    def _capacity_for_kind(cls, value: float | None, info: ValidationInfo) -> float | None:
        """A steam boiler is rated in t/h, a hot-water or thermal-oil boiler in MW (GB 13271)."""
        kind = info.data.get("kind")
        steam_field = info.field_name == "capacity_t_h"
        if value is None and kind is not None and (kind == "蒸汽锅炉") == steam_field:
            unit = "额定蒸发量（t/h）" if steam_field else "额定热功率（MW）"
            raise ValueError(f"{kind}的{unit}须为数值，不能省略或为空")
        return value


class EmissionClass(Section):
    """环保绩效等级（重污染天气重点行业绩效分级，环办大气函〔2020〕340号）。"""

    performance_grade: Literal["A", "B", "C", "D", "引领性", "非引领性", "行业未分级"] | None = _field(
        "环保绩效等级（设计目标；所属行业未纳入环办大气函〔2020〕340号绩效分级的，填“行业未分级”）",
        default=None)


# 公共建筑的主要使用功能（rules/tables/building_energy.yaml 各行的 use；规则库加载时核对两者一致）
BuildingUse = Literal["办公建筑（党政机关）", "办公建筑（商业办公）", "旅馆建筑（三星级及以下）",
                      "旅馆建筑（四星级）", "旅馆建筑（五星级）", "商场建筑", "医院建筑", "学校建筑",
                      "其他公共建筑"]
GreenStar = Literal["基本级", "一星级", "二星级", "三星级"]


class Buildings(Section):
    """新建建筑。"""

    new_floor_area_m2: float = Quantity("新建建筑面积", "m²")
    green_building_standard: bool | None = _field("是否执行绿色建筑标准", default=None)
    factory_roof_area_m2: float | None = Quantity("新建厂房屋顶面积", "m²", default=None)
    rooftop_pv: bool | None = _field("是否建设屋顶光伏", default=None)
    pv_with_storage: bool | None = _field("是否建设“光伏+储能”", default=None)
    prefabricated: bool | None = _field("是否采用装配式建筑", default=None)
    steel_structure: bool | None = _field("是否采用钢结构", default=None)
    parking_spaces: int | None = _field("停车位", "个", ge=0, le=1_000_000, default=None)
    charging_spaces: int | None = _field("配建或预留充电设施车位", "个", ge=0, le=1_000_000,
                                         default=None)
    urban_renewal: bool | None = _field(
        "属老旧小区环境提升、城市更新等专项改造", default=None)
    existing_floor_area_m2: float | None = Quantity("改建涉及的既有建筑面积", "m²", default=None)
    existing_retrofit: bool | None = _field("同步开展既有建筑节能改造", default=None)
    public_use: BuildingUse | None = _field(
        "公共建筑主要使用功能（对照GB/T 51161-2016民用建筑能耗标准）", default=None)
    public_floor_area_m2: float | None = Quantity("该使用功能的建筑面积", "m²", default=None)
    public_building_class: Literal["A类", "B类"] | None = _field(
        "公共建筑分类（A类：可通过开启外窗自然通风；B类：全年依靠机械通风和空调维持室内环境）",
        default=None)
    design_intensity_kwh_m2: float | None = Quantity(
        "设计单位建筑面积年能耗（非供暖，节能报告的计算值；未填的按年电力消费量÷建筑面积计）",
        "kWh/(m²·a)", default=None)
    green_building_star: GreenStar | None = _field("绿色建筑设计星级", default=None)


# 强制性能效标准的设备类别（rules/tables/efficiency_standards.yaml 各类别的 title；规则库加载时核对两者一致）
EfficiencyType = Literal["电动机", "通风机", "清水离心泵", "容积式空气压缩机", "电力变压器",
                         "冷水机组及热泵", "单元式空气调节机", "工业锅炉"]
# 申报能效等级：标准划分的等级，或低于能效限定值（未达最低等级）
EfficiencyGrade = Literal["1级", "2级", "3级", "4级", "5级", "低于能效限定值"]


class Equipment(Section):
    """主要用能设备（对照《产业结构调整指导目录》淘汰类落后装备和强制性能效标准）。"""

    name: str = _field("设备名称", min_length=1, max_length=100)
    kind: str = _field("设备类型（按目录淘汰类条目的名称）", min_length=1, max_length=200)
    model: str | None = _field("型号规格", default=None, max_length=100)
    count: int = _field("台（套）数", "台", ge=1, le=100_000, default=1)
    efficiency_type: EfficiencyType | None = _field(
        "强制性能效标准设备类别（见规则库能效标准表）", default=None)
    rated_capacity: float | None = Quantity("额定功率（容量）", None, default=None)
    rated_capacity_unit: Literal["kW", "kVA", "t/h", "MW"] | None = _field(
        "额定功率（容量）单位", default=None)
    size_class: str | None = _field(
        "分档（电动机填极数，如“4极”；与能效标准表的分档一致时比对申报能效值）", default=None, max_length=20)
    efficiency_grade: EfficiencyGrade | None = _field("申报能效等级", default=None)
    efficiency_value: float | None = _field("申报能效值（效率%等；分档限值已录入的类别按其所在档比对）", default=None, ge=0,
                                            le=MAX_QUANTITY, allow_inf_nan=False)


class IndustrialPolicy(Section):
    """产业政策：《产业结构调整指导目录》类别与主要用能设备（令2023年第2号第十四条）。"""

    catalogue_category: Literal["鼓励类", "允许类", "限制类", "淘汰类"] = _field(
        "《产业结构调整指导目录》类别")
    catalogue_item: str | None = _field("所属目录条目", default=None, max_length=200)
    equipment: list[Equipment] = _field("主要用能设备", default_factory=_empty, max_length=500)


class Metering(Section):
    """能源计量（GB 17167）。"""

    gb17167_compliant: bool | None = _field("能源计量器具按GB 17167配备", default=None)


class EnergyManagement(Section):
    """能源管理（令2025年第31号第十六条（三）“能源管理体系是否完备”）。"""

    system: bool | None = _field("按GB/T 23331建立能源管理体系", default=None)
    manager: bool | None = _field("配备能源管理人员", default=None)
    online_monitoring: bool | None = _field("建设能耗在线监测系统", default=None)


class Environment(Section):
    """环境影响评价与环境管理。"""

    eia_document: Literal["报告书", "报告表", "登记表", "不纳入环评管理"] | None = _field(
        "环境影响评价文件类别", default=None)
    eia_approved: bool | None = _field("已取得环评批复", default=None)
    eia_approval_number: str | None = _field("环评批复文号", default=None, max_length=60)
    key_polluter: bool | None = _field("属（或将列入）重点排污单位", default=None)
    full_time_env_staff: bool | None = _field("设置专职环保人员", default=None)


class GovernmentInvestment(Section):
    """政府投资项目的绿色采购。"""

    green_procurement: bool | None = _field("执行节能环保产品优先采购和强制采购制度", default=None)
    green_products: bool | None = _field("优先使用绿色设计示范产品和低VOCs原辅材料", default=None)


class Resources(Section):
    """建筑垃圾与再生水（资源化利用）。"""

    construction_waste_recycling: bool | None = _field("建筑垃圾资源化利用", default=None)
    industrial_water_m3: float | None = Quantity("年工业用水量", "m³", default=None)
    reclaimed_water: bool | None = _field("使用再生水", default=None)


class Agriculture(Section):
    """畜禽养殖与乡村旅游（农家乐、民宿）。"""

    livestock_farm: bool = _field("畜禽养殖场项目", default=False)
    scale_farm: bool | None = _field("达到省定畜禽规模养殖标准", default=None)
    manure_facilities: bool | None = _field(
        "配套粪污综合利用和无害化处理设施（或委托处理）", default=None)
    manure_to_field: bool | None = _field("粪污就近就地还田利用", default=None)
    biogas: bool | None = _field("建设沼气工程", default=None)
    rural_tourism: bool = _field("农家乐、民宿等乡村旅游项目", default=False)
    wastewater: Literal["接入污水管网", "自建处理设施", "无"] | None = _field(
        "生活污水去向", default=None)


class Vehicles(Section):
    """车辆、船舶与非道路移动机械。"""

    new_buses: int = _field("新增公交车", "辆", ge=0, le=100_000, default=0)
    new_electric_buses: int = _field("其中纯电动公交车", "辆", ge=0, le=100_000, default=0)
    new_official_vehicles: int = _field("新增公务用车、执法执勤车", "辆", ge=0, le=100_000,
                                        default=0)
    new_official_nev: int = _field("其中新能源汽车", "辆", ge=0, le=100_000, default=0)
    onroad_standard: Literal["国四", "国五", "国六"] | None = _field(
        "道路车辆排放阶段", default=None)
    nonroad_standard: Literal["国二", "国三", "国四"] | None = _field(
        "非道路移动机械排放阶段", default=None)
    shore_power: bool | None = _field("码头是否配套岸电", default=None)
    green_packaging: bool | None = _field("物流是否采用绿色包装", default=None)
    bulk_freight: bool | None = _field("有大宗货物运输（煤炭、矿石、砂石、建材等）", default=None)
    bulk_clean_transport: bool | None = _field(
        "大宗货物采用铁路、水路或新能源车辆等清洁运输方式", default=None)
    port_vehicles_electric: bool | None = _field("港区装卸运输车辆电动化", default=None)

    @model_validator(mode="after")
    def _subsets(self) -> "Vehicles":
        """A subset cannot exceed its whole."""
        if self.new_electric_buses > self.new_buses:
            raise ValueError("纯电动公交车数量不能大于新增公交车数量")
        if self.new_official_nev > self.new_official_vehicles:
            raise ValueError("新能源公务用车数量不能大于新增公务用车数量")
        return self


class ProjectApplication(Section):
    """固定资产投资项目节能审查与污染物控制申报材料。"""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, strict=True,
        title="固定资产投资项目申报材料",
        json_schema_extra={"description": "开福区节能审查与污染物（VOCs）控制审查的项目申报数据"})

    project: Project = _field("项目基本情况")
    energy: list[EnergyUse] = _field("年能源消费（按品种）", default_factory=_empty, max_length=100)
    feedstock: list[EnergyUse] = _field("原料用能", default_factory=_empty, max_length=100)
    renewable_generation: RenewableGeneration | None = _field("自建可再生能源发电", default=None)
    before_renovation: list[EnergyUse] | None = _field(
        "改建前年能源消费（按品种）", default=None, max_length=100)
    products: list[Product] = _field("主要产品及单位产品能耗", default_factory=_empty,
                                     max_length=100)
    data_centre: DataCentre | None = _field("数据中心", default=None)
    vocs: Vocs | None = _field("挥发性有机物", default=None)
    pollutants: Pollutants | None = _field("其他主要污染物", default=None)
    boilers: list[Boiler] = _field("锅炉", default_factory=_empty, max_length=100)
    emission_class: EmissionClass | None = _field("环保绩效等级", default=None)
    buildings: Buildings | None = _field("新建建筑", default=None)
    vehicles: Vehicles | None = _field("车辆与船舶", default=None)
    industrial_policy: IndustrialPolicy | None = _field("产业政策", default=None)
    metering: Metering | None = _field("能源计量", default=None)
    energy_management: EnergyManagement | None = _field("能源管理", default=None)
    environment: Environment | None = _field("环境影响评价与环境管理", default=None)
    government_investment: GovernmentInvestment | None = _field("政府投资项目绿色采购",
                                                                  default=None)
    resources: Resources | None = _field("建筑垃圾与再生水", default=None)
    agriculture: Agriculture | None = _field("畜禽养殖与乡村旅游", default=None)

    @model_validator(mode="after")
    def _renovation_baseline(self) -> "ProjectApplication":
        """An increment needs the consumption before renovation (令2023年第2号 第三条)."""
        if self.project.keeps_site_and_process and self.project.nature != "改建":
            raise ValueError("仅改建项目可申报“建设地点、主要生产工艺和设备未改变”")
        return self

