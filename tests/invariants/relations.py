"""The rulebook's invariants (不变式): relations between reviews of related applications.

Scenarios (features/) test the cases someone thought of; a relation tests every case the
application generator (tests/support/generate.py) draws: it reviews an application and a
related one (more energy, one more boiler, a field supplied…) and says what may not differ.
Each relation is a `Relation`: a hypothesis strategy that draws a case and a `check` that
reviews it and returns the violations (Chinese sentences; empty when the relation holds, None
when the drawn application is one the model refuses).  tests/invariants/test_*.py run each
with a bounded number of examples in `make test`; benchmarks/invariants.py runs each with
ten thousand and more in `make bench` and counts the violations instead of stopping at the
first.  The check's docstring states the relation in Chinese with its legal basis.

Reviews here use the compiled evaluator (checker.evaluation.compiled): it returns the same
findings as durable-rules for every generated application (tests/test_differential.py), at a
fraction of the cost, so that many more applications can be tried.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, Callable

from hypothesis import strategies as st

from checker import intake, rulebook
from checker.evaluation import compiled
from checker.opinion import OpinionMeta, document
from checker.outcome import EnergyConclusion, PollutantConclusion
from checker.review import Review, review
from checker.severity import AUTHORITY_TIERS, DECIDED_IN_DISTRICT, Outcome, Part, Severity
from tests.support.generate import applications, boiler, energy_line, voc_material

# Review dates on both sides of every measure and of the rules' own dates.
DAYS = [dt.date(2023, 6, 1), dt.date(2024, 7, 23), dt.date(2025, 8, 31), dt.date(2025, 9, 1),
        dt.date(2025, 10, 11), dt.date(2026, 2, 1), dt.date(2026, 6, 1), dt.date(2027, 3, 1)]
# Dates under 令2025年第31号 (its Art. 8 forbids county-level review of "两高" projects).
ORDER31_DAYS = [d for d in DAYS if d >= dt.date(2025, 9, 1)]

Violations = list[str] | None


@dataclass(frozen=True)
class Relation:
    """One invariant: what is drawn beside the application (`extras`: the review date and the
    change made), and how a case — (application, *extras) — is checked."""

    name: str
    title: str
    extras: st.SearchStrategy
    check: Callable[[Any], Violations]

    @property
    def strategy(self) -> st.SearchStrategy:
        """Whole cases: a generated application and the extras."""
        return st.tuples(applications(), self.extras).map(lambda drawn: (drawn[0], *drawn[1]))

    @property
    def statement(self) -> str:
        """The relation in Chinese with its legal basis (the check's docstring)."""
        return (self.check.__doc__ or "").strip()


def run(data: dict, day: dt.date) -> Review | None:
    """The review of `data` on `day`, None when the model refuses the application."""
    try:
        app = intake.validate(data)
    except intake.InputError:
        return None
    return review(app, day, evaluate=compiled.fired)


def book() -> rulebook.Rulebook:
    return rulebook.shipped()


def on_one_review(check: Callable[[Review, dt.date], list[str]]) -> Callable[[Any], Violations]:
    """A relation about one review: the case is (application, day); `check` reads the review."""

    @functools.wraps(check)
    def checked(case) -> Violations:
        data, day = case
        result = run(data, day)
        return None if result is None else check(result, day)

    return checked


# The extras of a relation about one review: its date.
ON_A_DAY = st.tuples(st.sampled_from(DAYS))


def _finding(result: Review, rule_id: str):
    return next((f for f in result.findings if f.rule_id == rule_id), None)


def _key(finding) -> tuple | None:
    """What must stay the same of a finding: its case, severity and message."""
    return None if finding is None else (finding.outcome, finding.severity.value, finding.message)


def declared_undetermined(result: Review) -> bool:
    """A case declared the authority undetermined (not merely: nothing was declared)."""
    return any(f.energy_outcome is Outcome.UNDETERMINED for f in result.findings)


# ---------------------------------------------------------------------------------------------
# 1. 能耗越大，审查层级不降低


def _more_energy(case) -> tuple[dict, dict]:
    data, _day, factor, coal_t = case
    more = copy.deepcopy(data)
    for line in more.get("energy", []):
        line["quantity"] = line["quantity"] * factor
    if coal_t:
        more.setdefault("energy", []).append({"carrier": "raw_coal", "quantity": coal_t, "unit": "t"})
    return data, more


def monotone_authority(case) -> Violations:
    """能耗越大，审查层级不降低：同一项目的年能源消费量（各品种同比例放大）或年煤炭消费量增加时，审查结果只能不变或升高，
    按 不单独审查 < 区级审查 < 转报市级 < 转报省级 的顺序；增加前因可能属“两高”而审查权限待定的，增加后也不能变为区级或不单独审查。
    依据：令2023年第2号第三条、令2025年第31号第七条至第九条（年综合能源消费量、年电力消费量、年煤炭消费量达到门槛的，
    由更高层级审查），开福区方案四（一）。"""
    data, more = _more_energy(case)
    day = case[1]
    low, high = run(data, day), run(more, day)
    if low is None or high is None:
        return None
    problems = []
    if low.outcome in AUTHORITY_TIERS and high.outcome in AUTHORITY_TIERS and (
            AUTHORITY_TIERS[high.outcome] < AUTHORITY_TIERS[low.outcome]):
        problems.append(f"能耗增加后审查结果由“{low.outcome.label}”降为“{high.outcome.label}”")
    if declared_undetermined(low) and high.outcome in (Outcome.EXEMPT, Outcome.DISTRICT,
                                                       Outcome.COMMITMENT):
        problems.append(f"审查权限待定的项目能耗增加后变为“{high.outcome.label}”")
    return problems


MONOTONE_AUTHORITY = Relation(
    "monotone_authority", "能耗越大，审查层级不降低",
    st.tuples(st.sampled_from(DAYS),
              st.sampled_from([1.0001, 1.5, 2.0, 10.0, 1000.0]),
              st.sampled_from([0, 1, 999, 1000, 10000, 500000])),
    monotone_authority)


# ---------------------------------------------------------------------------------------------
# 2. “两高”项目无从规避县级审查禁令

TWO_HIGHS_LISTS = ("petrochemical", "chemical", "steel", "nonferrous", "building_material",
                   "coal_fired")


@functools.lru_cache(maxsize=1)
def two_highs_classes() -> tuple[tuple[str, bool], ...]:
    """Every "两高" class of the rulebook on the last review date, with whether it is one
    only with coal among the fuels (4411, 4412, 4430)."""
    last = max(DAYS)
    classes = []
    for name in TWO_HIGHS_LISTS:
        for code in book().value_on(f"two_highs.{name}_classes", last) or []:
            classes.append((code, name == "coal_fired"))
    return tuple(sorted(classes))


def _as_two_highs(data: dict, code: str, coal: bool) -> dict:
    """`data` with industry `code`, no catalogue declaration, and coal among its fuels when
    the class is "两高" only with coal."""
    data = copy.deepcopy(data)
    project = data["project"]
    project.pop("two_highs", None)
    project.pop("two_highs_basis", None)
    project["industry_code"] = code
    if coal:
        data.setdefault("energy", []).append({"carrier": "raw_coal", "quantity": 1.0, "unit": "t"})
    return data


def no_escape_from_two_highs(case) -> Violations:
    """“两高”项目无从规避县级审查禁令：令2025年第31号施行后，行业代码只申报到大类或中类（两位、三位）而其下含“两高”小类的项目，
    或行业代码属“两高”小类而建设单位只申报“不属‘两高’”（project.two_highs: false）、未提供省级目录认定文件的项目，
    审查结果都不能是区级审查（前者审查权限待定、补正四位小类，后者按“两高”转报）；提供了认定文件而由区级审查的，结果中必须有
    “申报：不属‘两高’项目（依据：…）”的审查提示，并列入申报事项。
    依据：令2025年第31号第八条“禁止将高耗能高排放项目节能审查权限下放至县级节能审查机关”；环环评〔2021〕45号（“两高”按行业、
    产品和工序认定）。"""
    data, day, (code, coal), digits, variant = case
    problems = []
    if variant == "prefix":
        partial = _as_two_highs(data, code[:digits], coal)
        result = run(partial, day)
        if result is None:
            return None
        if result.outcome in DECIDED_IN_DISTRICT:
            problems.append(f"行业代码“{code[:digits]}”（含“两高”小类{code}）由区级审查")
        return problems
    declared = _as_two_highs(data, code, coal)
    declared["project"]["two_highs"] = False
    if variant == "with_basis":
        declared["project"]["two_highs_basis"] = "省级目录认定文件（生成）"
    result = run(declared, day)
    if result is None:
        return None
    if variant == "without_basis" and result.outcome in DECIDED_IN_DISTRICT:
        problems.append(f"行业代码{code}申报“不属‘两高’”而无认定文件，由区级审查")
    if variant == "with_basis" and result.outcome in DECIDED_IN_DISTRICT:
        if _finding(result, "two_highs.declared_not_two_highs") is None:
            problems.append(f"行业代码{code}按申报认定不属“两高”由区级审查，结果中没有审查提示")
        if not any(d.field == "project.two_highs" for d in result.declarations):
            problems.append(f"行业代码{code}按申报认定不属“两高”由区级审查，申报事项中没有列出")
    return problems


NO_ESCAPE_FROM_TWO_HIGHS = Relation(
    "no_escape_from_two_highs", "“两高”项目无从规避县级审查禁令",
    st.tuples(st.sampled_from(ORDER31_DAYS),
              st.deferred(lambda: st.sampled_from(two_highs_classes())),
              st.sampled_from([2, 3]), st.sampled_from(["prefix", "without_basis", "with_basis"])),
    no_escape_from_two_highs)


# ---------------------------------------------------------------------------------------------
# 3. 局部性：增加或改变一项，不改变只涉及其他项的结果

BOILER_FUELS = {"coal": "燃煤", "oil": "燃油", "gas": "燃气", "biomass": "生物质"}
VOC_CATEGORIES = {"ink": "油墨", "coating": "涂料", "adhesive": "胶粘剂", "cleaner": "清洗剂"}
BOILER_RULES = {f"boilers.{key}_limits": fuel for key, fuel in BOILER_FUELS.items()}
VOC_RULES = {f"vocs.{key}_limits": category for key, category in VOC_CATEGORIES.items()}
ITEM_RULES = {**BOILER_RULES, **VOC_RULES}


def _with_item(data: dict, kind: str, item: Any) -> dict:
    data = copy.deepcopy(data)
    if kind == "boiler":
        data.setdefault("boilers", []).append(item)
    elif kind == "energy":
        data.setdefault("energy", []).append(item)
    elif kind == "material":
        data.setdefault("vocs", {"new_emissions_t": 0.0}).setdefault("materials", []).append(item)
    else:  # a pollutant: one new emission changed
        name, value = item
        data.setdefault("pollutants", {})[name] = value
    return data


def _untouched(kind: str, item: Any, rule_id: str) -> bool:
    """Whether the added or changed item has nothing to do with the finding of `rule_id`:
    a boiler concerns only the limit rule of its own fuel, a material only the limit rule of
    its own category; an energy line or a pollutant figure none of these item rules."""
    if kind == "boiler":
        return BOILER_RULES.get(rule_id) != item["fuel"]
    if kind == "material":
        return VOC_RULES.get(rule_id) != item["category"]
    return True


def locality(case) -> Violations:
    """局部性：增加或改变一项申报内容（一台锅炉、一种能源、一种含VOCs原辅材料、一项污染物新增排放量），不删除、不改变只涉及
    其他项的审查结果：锅炉排放限值按燃料、含VOCs原辅材料限值按类别逐项对照，增加一台燃气锅炉不改变燃煤锅炉的结果，
    增加一台超出GB 13271适用范围（单台65 t/h以上）的蒸汽锅炉也不使其他锅炉免于对照；同一燃料增加锅炉，原有的超标结果不消失。
    依据：GB 13271-2014适用范围“单台出力65t/h及以下蒸汽锅炉、各种容量的热水锅炉及有机热载体锅炉”（逐台适用）；
    低VOCs含量产品强制性国家标准（GB 38507、GB 30981、GB 33372、GB 38508，逐种材料适用）。"""
    data, day, kind, item = case
    before, after = run(data, day), run(_with_item(data, kind, item), day)
    if before is None or after is None:
        return None
    problems = []
    for rule_id in ITEM_RULES:
        old, new = _finding(before, rule_id), _finding(after, rule_id)
        if _untouched(kind, item, rule_id):
            if _key(old) != _key(new):
                problems.append(f"增加{kind}后规则{rule_id}的结果改变：{_key(old)} → {_key(new)}")
        elif old is not None and (new is None or new.severity.rank > old.severity.rank):
            problems.append(f"增加同类{kind}后规则{rule_id}的结果减弱或消失")
    return problems


BIG_GAS_BOILER = {"fuel": "燃气", "kind": "蒸汽锅炉", "capacity_t_h": 80.0, "nox_mg_m3": 30.0,
                  "so2_mg_m3": 10.0, "pm_mg_m3": 5.0, "low_nox_burner": True}

LOCALITY = Relation(
    "locality", "局部性：增加或改变一项，不改变只涉及其他项的结果",
    st.tuples(st.sampled_from(DAYS), st.one_of(
        st.tuples(st.just("boiler"), st.one_of(boiler(), st.just(BIG_GAS_BOILER))),
        st.tuples(st.just("energy"), energy_line()),
        st.tuples(st.just("material"), voc_material()),
        st.tuples(st.just("pollutant"),
                  st.tuples(st.sampled_from(["nox_t", "so2_t", "cod_t", "nh3n_t"]),
                            st.sampled_from([0.0, 0.5, 10.0, 1000.0]))))).map(
        lambda drawn: (drawn[0], *drawn[1])),
    locality)


# ---------------------------------------------------------------------------------------------
# 4. 信息单调：补充缺少的字段，合规值不使结论变差，不合规值不使结论变好

# (section, field, compliant value, non-compliant value); sections that may be given empty.
FIELDS = [
    ("metering", "gb17167_compliant", True, False),
    ("environment", "eia_approved", True, False),
    ("environment", "full_time_env_staff", True, False),
    ("pollutants", "total_quota_source", True, False),
    ("pollutants", "discharge_permit", True, False),
    ("pollutants", "regional_reduction_plan", True, False),
    ("government_investment", "green_procurement", True, False),
    ("government_investment", "green_products", True, False),
    ("emission_class", "performance_grade", "A", "C"),
    ("agriculture", "manure_facilities", True, False),
    ("resources", "construction_waste_recycling", True, False),
]

ENERGY_RANK = {EnergyConclusion.APPROVE: 0, EnergyConclusion.CONDITIONAL: 1,
               EnergyConclusion.INCOMPLETE: 2, EnergyConclusion.REJECT: 3}
POLLUTANT_RANK = {PollutantConclusion.NOT_APPLICABLE: 0, PollutantConclusion.COMPLIANT: 0,
                  PollutantConclusion.CONDITIONAL: 1, PollutantConclusion.INCOMPLETE: 2,
                  PollutantConclusion.NON_COMPLIANT: 3}
DECIDING = {Severity.VETO, Severity.MISSING, Severity.CONDITION}


def _rank(result: Review, part: Part) -> int | None:
    conclusion = result.parts[part].conclusion
    return (ENERGY_RANK.get(conclusion) if part is Part.ENERGY else POLLUTANT_RANK[conclusion])


def _deciding(result: Review) -> set[str]:
    return {f.rule_id for f in result.findings if f.severity in DECIDING}


def information_monotone(case) -> Violations:
    """信息单调：补充一项缺少的申报内容，填合规值时任一部分（节能审查、污染物排放与VOCs控制）的结论不变差，填不合规值时结论
    不比填合规值时好，且填合规值时须落实或不予通过的各项结果，填不合规值时仍然在（更多的信息不掩盖问题）；补充这类字段不改变
    审查权限。结论由好到差：原则同意（符合、不涉及）< 须落实 < 需补正 < 不予通过。
    依据：令2025年第31号第十四条（材料不全的一次告知补正）、第十六条（审查内容）；开福区方案各项要求以申报内容为审查事实。"""
    data, day, (section, name, good, bad) = case
    base = copy.deepcopy(data)
    base.setdefault(section, {}).pop(name, None)
    variants = []
    for value in (good, bad):
        changed = copy.deepcopy(base)
        changed[section][name] = value
        variants.append(changed)
    missing, compliant, non_compliant = (run(d, day) for d in (base, *variants))
    if missing is None or compliant is None or non_compliant is None:
        return None
    problems = []
    if not missing.outcome is compliant.outcome is non_compliant.outcome:
        problems.append(f"补充{section}.{name}改变了审查结果："
                        f"{missing.outcome.value}/{compliant.outcome.value}/{non_compliant.outcome.value}")
        return problems
    for part in Part:
        ranks = [_rank(r, part) for r in (missing, compliant, non_compliant)]
        if None in ranks:
            continue
        if ranks[1] > ranks[0]:
            problems.append(f"{section}.{name}填合规值使{part.label}结论变差")
        if ranks[2] < ranks[1]:
            problems.append(f"{section}.{name}填不合规值使{part.label}结论好于填合规值")
    hidden = _deciding(compliant) - _deciding(non_compliant)
    if hidden:
        problems.append(f"{section}.{name}填不合规值后不再有结果：{sorted(hidden)}")
    return problems


INFORMATION_MONOTONE = Relation(
    "information_monotone", "信息单调：合规值不使结论变差，不合规值不使结论变好",
    st.tuples(st.sampled_from(DAYS), st.sampled_from(FIELDS)),
    information_monotone)


def no_energy_never_exempt(case) -> Violations:
    """未申报任何能源消费的项目，不能认定为“不单独进行节能审查”：不知道能耗，就不知道是否低于门槛，审查范围待定、须补正。
    依据：令2025年第31号第八条、令2023年第2号第三条（以年综合能源消费量、年煤炭或电力消费量是否达到门槛判断是否单独审查）；
    第十四条（材料不全的一次告知补正）。"""
    data, day = case
    data = copy.deepcopy(data)
    data.pop("energy", None)
    data.pop("feedstock", None)
    result = run(data, day)
    if result is None:
        return None
    return (["未申报能源消费的项目被认定为不单独进行节能审查"]
            if result.outcome is Outcome.EXEMPT else [])


NO_ENERGY_NEVER_EXEMPT = Relation(
    "no_energy_never_exempt", "未申报能源消费不认定为不单独审查",
    ON_A_DAY, no_energy_never_exempt)


# ---------------------------------------------------------------------------------------------
# 5. 结果一致

DISTRICT_CONCLUSIONS = {EnergyConclusion.APPROVE, EnergyConclusion.CONDITIONAL,
                        EnergyConclusion.INCOMPLETE, EnergyConclusion.REJECT}


@on_one_review
def outcome_consistent(result: Review, day: dt.date) -> list[str]:
    """结果一致：转报（市级、省级）或审查权限待定的项目，节能审查部分没有区级结论（原则同意、须落实、需补正、不予通过），也不出具
    节能审查意见；不单独进行节能审查的项目，不出具节能审查意见，节能审查部分也没有向不须编制的节能报告提出的要求。
    依据：令2025年第31号第八条（不单独编制节能报告的项目不再出具节能审查意见）、第七条至第九条（审查权限）。"""
    problems = []
    energy = result.energy_part
    if result.outcome not in DECIDED_IN_DISTRICT:
        if energy.conclusion in DISTRICT_CONCLUSIONS:
            problems.append(f"{result.outcome.label}的项目有区级结论“{energy.conclusion.label}”")
        if "energy_opinion" in result.documents():
            problems.append(f"{result.outcome.label}的项目出具节能审查意见")
    if result.outcome is Outcome.EXEMPT:
        for finding in energy.findings:
            if finding.action and "节能报告" in finding.action and "可行性研究报告" not in finding.action:
                problems.append(f"不单独审查的项目有对节能报告的要求（{finding.rule_id}）")
    return problems


OUTCOME_CONSISTENT = Relation(
    "outcome_consistent", "结果一致：转报、待定、不单独审查的项目无区级结论",
    ON_A_DAY, outcome_consistent)


@on_one_review
def exempt_without_carbon_evaluation(result: Review, day: dt.date) -> list[str]:
    """不单独进行节能审查的项目，不进行碳排放评价（结果中没有碳排放评价段落）。
    依据：令2025年第31号第十条（地方节能审查机关对碳排放量较大且可能产生不利影响的项目同步开展碳排放评价）、第八条
    （不单独编制节能报告的项目不再出具节能审查意见）。"""
    return (["不单独审查的项目有碳排放评价"]
            if result.outcome is Outcome.EXEMPT and result.carbon_evaluation else [])


EXEMPT_WITHOUT_CARBON = Relation(
    "exempt_without_carbon_evaluation", "不单独审查的项目不进行碳排放评价",
    ON_A_DAY, exempt_without_carbon_evaluation)

# Words by which a source prohibits (a veto needs one: otherwise a requirement is a condition).
PROHIBITIVE = ("不得", "禁止", "不予", "停批", "停建", "严禁", "强制性国家标准", "强制性标准", "淘汰")


@on_one_review
def veto_names_prohibition(result: Review, day: dt.date) -> list[str]:
    """每一项“不予通过”（veto）都写明来源中的禁止性表述（不得、禁止、不予审批、停批停建、强制性国家标准的限值、淘汰类等），
    义务性的“应…”只是须落实的要求。依据：rules/rulebook.yaml 严重程度政策；令2025年第31号第十六条、第十七条。"""
    problems = []
    for finding in result.findings:
        if finding.severity is not Severity.VETO:
            continue
        rule = book().by_id[finding.rule_id]
        case_ = next((c for c in rule.cases if c.name == finding.outcome), None)
        basis = (case_.severity_basis if case_ is not None else None) or ""
        if not any(word in basis for word in PROHIBITIVE):
            problems.append(f"{finding.rule_id}（{finding.outcome}）不予通过，但依据中没有禁止性表述")
    return problems


VETO_NAMES_PROHIBITION = Relation(
    "veto_names_prohibition", "每一项不予通过都写明禁止性表述",
    ON_A_DAY, veto_names_prohibition)


# ---------------------------------------------------------------------------------------------
# 6. 日期一致

MEASURE_ABBREVIATIONS = {"order2023_2": "令2023年第2号", "order2025_31": "令2025年第31号"}


def _body(opinion) -> str:
    """What a document tells its addressee (the body; not the reviewer's annex)."""
    parts = [opinion.title, opinion.opening, opinion.conclusion]
    for section in opinion.sections:
        parts.append(section.heading)
        parts.extend(item.text for item in section.items)
    return "\n".join(parts)


@on_one_review
def date_coherent(result: Review, day: dt.date) -> list[str]:
    """日期一致：审查基准日为D的审查，只适用D日施行的规则、D日有效的参数值和D日有效的条款（被后继条款取代的不再引用）；
    结果和每一份节能审查文书写明的节能审查办法是D日施行的办法，任何文书正文不写另一办法的名称。
    依据：《立法法》第一百零四条（法不溯及既往）；令2025年第31号第三十三条（2025年9月1日起施行，令2023年第2号同时废止）。"""
    rules = book()
    problems = []
    for finding in result.findings:
        rule = rules.by_id.get(finding.rule_id)
        if rule is not None and not rule.active_on(day):
            problems.append(f"{finding.rule_id}在{day}不施行")
        for parameter in finding.parameters:
            value = rules.parameters[parameter.name].at(day)
            in_force = None if value is None else value.since.isoformat()
            if parameter.since != in_force:  # a value of another date (None: none in force, 未评估)
                problems.append(f"{finding.rule_id}读取的参数{parameter.name}不是{day}有效的值")
        for citation in finding.citations:
            if citation.id in rules.citations.clauses and (
                    rules.citations.in_force(citation.id, day) != citation.id):
                problems.append(f"{finding.rule_id}引用的{citation.id}在{day}已被取代")
    measure = rules.calendar.measure_on(day)
    if measure is not None and result.law != measure.title:
        problems.append(f"结果写明的办法“{result.law}”不是{day}施行的“{measure.title}”")
    if measure is not None and measure.encoded:
        others = [m for m in rules.calendar.measures if m.key != measure.key]
        for kind in result.documents():
            body = _body(document.build(result, OpinionMeta(), kind, rules))
            energy_document = rules.documents.documents[kind].part is Part.ENERGY
            if energy_document and measure.title not in body:
                problems.append(f"{kind}正文没有写明{day}施行的{measure.title}")
            for other in others:
                for name in (other.title, MEASURE_ABBREVIATIONS.get(other.key)):
                    if name and name in body:
                        problems.append(f"{kind}正文写有{day}不施行的“{name}”")
    return problems


DATE_COHERENT = Relation(
    "date_coherent", "日期一致：只适用审查基准日施行的规则、参数、条款和办法",
    ON_A_DAY, date_coherent)


# ---------------------------------------------------------------------------------------------
# 7. 文书与项目一致


@on_one_review
def documents_match_outcome(result: Review, day: dt.date) -> list[str]:
    """文书与审查结果一致：区级审查出具节能审查意见（实行告知承诺的出具告知承诺书、被否决的出具不予通过的审查意见，材料不全的出具补正通知），不单独审查出具告知书，
    审查权限待定出具告知书或补正通知，转报出具转报函且主送的机关与审查结果（市级或经市转报省级）一致；未批先建的由管理节能工作的部门
    出具责令停止建设、限期整改通知书；污染物部分不涉及的不出具污染物意见。
    依据：令2025年第31号第七条至第九条、第十一条、第十四条、第二十四条；rules/documents.yaml。"""
    rules = book()
    # the district's own decision may also be a 补正通知 (Art. 14); a project built before its
    # review gets the 责令停止建设、限期整改通知书 of the bureau that manages energy work (Art. 24),
    # whoever reviews it; what cannot be decided yet is asked for in a 告知书 or a 补正通知
    expected = {Outcome.DISTRICT: ("energy_opinion", "correction_notice", "stop_notice"),
                Outcome.COMMITMENT: ("commitment_notice", "correction_notice", "stop_notice",
                                     "energy_opinion"),
                Outcome.EXEMPT: ("exempt_notice",),
                Outcome.UNDETERMINED: ("exempt_notice", "correction_notice", "stop_notice"),
                Outcome.REFERRAL_CITY: ("referral_letter", "stop_notice"),
                Outcome.REFERRAL_PROVINCE: ("referral_letter", "stop_notice")}[result.outcome]
    problems = []
    documents = result.documents()
    if not documents or documents[0] not in expected:
        problems.append(f"{result.outcome.label}的主文书为{documents[:1]}，应为{'或'.join(expected)}")
    main = documents[0] if documents else None
    if result.outcome is Outcome.COMMITMENT and main == "energy_opinion" and \
            result.energy_part.conclusion is not EnergyConclusion.REJECT:
        problems.append("告知承诺制项目未被否决，却出具节能审查意见（应为告知承诺书）")
    if ("pollutant_opinion" in documents) != result.pollutant_part.applicable:
        problems.append("污染物意见与污染物部分是否涉及不一致")
    if main == "referral_letter" and documents and documents[0] == main:
        opinion = document.build(result, OpinionMeta(), main, rules)
        authority = rules.documents.documents[main].authorities[result.outcome.value]
        if opinion.addressee != f"{authority}：":
            problems.append(f"转报函主送“{opinion.addressee}”，审查结果为{result.outcome.label}")
    return problems


DOCUMENTS_MATCH_OUTCOME = Relation(
    "documents_match_outcome", "文书与审查结果一致",
    ON_A_DAY, documents_match_outcome)


@on_one_review
def exempt_notice_true_of_project(result: Review, day: dt.date) -> list[str]:
    """告知书的每一句对本项目成立：告知书写“年综合能源消费量和年电力消费量均低于…标准”的，项目的审查口径年综合能源消费量和
    年电力消费量须确实低于该日施行办法的门槛；令2025年第31号施行后，告知书写的是年综合能源消费量和年煤炭消费量（第八条），
    不写已不适用的年电力消费量标准。依据：令2023年第2号第三条、令2025年第31号第八条。"""
    if result.outcome is not Outcome.EXEMPT:
        return []
    rules = book()
    body = _body(document.build(result, OpinionMeta(), "exempt_notice", rules))
    problems = []
    measure = rules.calendar.measure_on(day)
    kwh = result.facts.get("energy.review_electricity_kwh")
    limit_kwh = rules.value_on("energy_review.exempt_below_kwh", day)
    if "年电力消费量均低于" in body:
        if measure is not None and measure.key == "order2025_31":
            problems.append("令2025年第31号施行后告知书仍以年电力消费量为标准")
        elif kwh is not None and limit_kwh is not None and kwh >= limit_kwh:
            problems.append(f"告知书称年电力消费量低于标准，而项目为{kwh}千瓦时")
    if measure is not None and measure.key == "order2025_31" and "煤炭消费量" not in body:
        problems.append("令2025年第31号施行后告知书没有写年煤炭消费量标准")
    return problems


EXEMPT_NOTICE_TRUE = Relation(
    "exempt_notice_true_of_project", "告知书的每一句对本项目成立",
    ON_A_DAY, exempt_notice_true_of_project)


RELATIONS = [MONOTONE_AUTHORITY, NO_ESCAPE_FROM_TWO_HIGHS, LOCALITY, INFORMATION_MONOTONE,
             NO_ENERGY_NEVER_EXEMPT, OUTCOME_CONSISTENT, EXEMPT_WITHOUT_CARBON,
             VETO_NAMES_PROHIBITION, DATE_COHERENT, DOCUMENTS_MATCH_OUTCOME, EXEMPT_NOTICE_TRUE]
