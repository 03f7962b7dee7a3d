"""Steps after the opinion (令2025年第31号第二十一条、第二十二条、第二十六条): the acceptance
checklist and its result, the acceptance deadline, the overrun of the approved levels, the
seeded 双随机 draw.  Real parts: the sample reviewed by the shipped rulebook, the opinion's
requirements as checker.opinion builds them, the rulebook's overrun parameter, the documents'
wording (checker.opinion.acts), `random.Random(seed)`."""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when

from checker import aftercare, intake, rulebook
from checker.opinion import acts
from checker.opinion.document import INTERNAL
from checker.review import review

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
AS_OF = dt.date(2026, 3, 2)


class Case:
    def __init__(self):
        self.review = None
        self.items: list[dict] = []
        self.phase = ""
        self.levels: dict = {}
        self.found: list[dict] = []
        self.ratio = None
        self.projects: list[dict] = []
        self.inspectors: list[dict] = []
        self.drawn = None
        self.seed = ""
        self.sizes = (0, 0)


@pytest.fixture
def aftercare_case():
    return Case()


def _book():
    return rulebook.shipped()


@given(parsers.parse('已签发节能审查意见的项目为样例"{name}"'))
def issued_sample(aftercare_case, name: str):
    data = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    aftercare_case.review = review(intake.validate(data), AS_OF, _book())
    assert aftercare_case.review.documents()[0] == "energy_opinion"


@when("生成验收清单")
def make_checklist(aftercare_case):
    items = aftercare.checklist(aftercare_case.review, _book())
    aftercare_case.items = [i.json() for i in items]


@when(parsers.parse('每项均标为"{status}"'))
def mark_all(aftercare_case, status: str):
    form = {}
    for item in aftercare_case.items:
        form[f"status.{item['key']}"] = status
        form[f"evidence.{item['key']}"] = "证据：现场核查记录第3页"
    aftercare_case.items = aftercare.marked(aftercare_case.items, form)


@when(parsers.parse('第{index:d}项标为"{status}"'))
def mark_one(aftercare_case, index: int, status: str):
    aftercare_case.items[index - 1]["status"] = status


@when(parsers.parse('验收阶段为"{phase}"'))
def phase(aftercare_case, phase: str):
    aftercare_case.phase = aftercare.phase_name(phase)


def _items_texts(case) -> list[str]:
    return [i["text"] for i in case.items]


@then(parsers.parse('验收清单包含类别"{group}"'))
def has_group(aftercare_case, group: str):
    assert group in {i["group"] for i in aftercare_case.items}, aftercare_case.items


@then(parsers.parse('验收清单包含"{text}"'))
def has_item(aftercare_case, text: str):
    assert any(text in t for t in _items_texts(aftercare_case)), _items_texts(aftercare_case)


@then("验收清单不含提示性建议")
def no_hints(aftercare_case):
    assert not any(t.startswith("提示") for t in _items_texts(aftercare_case))


@then(parsers.parse('验收结论为"{label}"'))
def result_is(aftercare_case, label: str):
    assert aftercare.RESULTS[aftercare.acceptance_result(aftercare_case.items)] == label


def _acceptance_text(case) -> str:
    result = aftercare.acceptance_result(case.items)
    listed = case.items if result == "passed" else [
        i for i in case.items if i["status"] != aftercare.DONE]
    shown = "已落实" if result == "passed" else "未落实"
    project = case.review.application.project
    draft = acts.ActDraft(
        kind="acceptance_opinion", conclusion=result,
        words={"project": project.name, "applicant": project.applicant, "code": project.code
               or "—", "phase": case.phase, "year": "", "opinion": "开发改环资〔2026〕1号",
               "opinion_date": "2026年3月10日"},
        facts=[("项目名称", project.name)],
        items=[(i["group"], f"{i['text'].rstrip('。')}。{shown}。") for i in listed],
        as_of=dt.date(2026, 9, 1))
    opinion = acts.build(draft, _book(), "开发改环资验〔2026〕1号", dt.date(2026, 9, 2))
    parts = [opinion.title, opinion.opening, *(f"{k}{v}" for k, v in opinion.facts)]
    for section in opinion.sections:
        parts += [section.heading, section.sentence, *(f"{i.title}{i.text}" for i in section.items)]
    return "".join(parts)


@then(parsers.parse('验收意见写明"{text}"'))
def acceptance_says(aftercare_case, text: str):
    body = _acceptance_text(aftercare_case)
    assert text in body, body


@then("验收意见不写证据说明和核对用语")
def acceptance_is_issuable(aftercare_case):
    body = _acceptance_text(aftercare_case)
    assert "现场核查记录" not in body and not INTERNAL.search(body), body


@then(parsers.parse('未标记任何事项时作出结论被拒绝，并指明"{where}"'))
def unmarked_refused(aftercare_case, where: str):
    with pytest.raises(aftercare.AftercareError) as refused:
        aftercare.marked(aftercare_case.items, {})
    assert where in str(refused.value)


@then(parsers.parse('试运行日期为"{trial}"的项目验收期限为"{due}"'))
def acceptance_deadline(trial: str, due: str):
    assert aftercare.acceptance_due(dt.date.fromisoformat(trial)) == dt.date.fromisoformat(due)


# ------------------------------------------------------------------------ overrun

def _threshold() -> float:
    return _book().parameters[aftercare.OVERRUN_PARAMETER].at(dt.date(2026, 1, 1)).value


@given(parsers.parse("节能审查意见批复的年综合能源消费量（当量值）为{tce:g}吨标准煤"))
def approved_energy(aftercare_case, tce: float):
    aftercare_case.levels.update(aftercare.approved_levels(tce, None, None, None, {}))


@given(parsers.parse("节能审查意见批复的年二氧化碳排放量为{co2:g}吨"))
def approved_co2(aftercare_case, co2: float):
    aftercare_case.levels.update(aftercare.approved_levels(None, None, co2, None, {}))


def _import(case, figures: dict):
    row = {i.key: None for i in aftercare.INDICATORS} | figures
    case.found = aftercare.overruns(row, case.levels, _threshold())
    if "energy_tce" in figures:
        case.ratio = aftercare.overrun_ratio(figures["energy_tce"],
                                             case.levels["energy_tce"]["value"])


@when(parsers.parse("导入{year:d}年度实际年综合能源消费量（当量值）{tce:g}吨标准煤"))
def import_energy(aftercare_case, year: int, tce: float):
    _import(aftercare_case, {"energy_tce": tce})


@when(parsers.parse("导入{year:d}年度实际年综合能源消费量（当量值）{tce:g}吨标准煤、二氧化碳排放量{co2:g}吨"))
def import_energy_and_co2(aftercare_case, year: int, tce: float, co2: float):
    _import(aftercare_case, {"energy_tce": tce, "co2_t": co2})


@then(parsers.parse("超出比例为{ratio}%"))
def ratio_is(aftercare_case, ratio: str):
    from decimal import Decimal

    assert aftercare_case.ratio == Decimal(ratio)


@then("不起草限期整改通知")
def no_notice(aftercare_case):
    assert aftercare_case.found == []


@then("起草限期整改通知")
def notice(aftercare_case):
    assert aftercare_case.found


@then(parsers.parse('限期整改通知列出"{label}"'))
def notice_lists(aftercare_case, label: str):
    assert label in [o["label"] for o in aftercare_case.found]


@then(parsers.parse('限期整改通知不列出"{label}"'))
def notice_omits(aftercare_case, label: str):
    assert label not in [o["label"] for o in aftercare_case.found]


def _notice_text(case) -> str:
    draft = acts.ActDraft(
        kind="rectification_notice", conclusion="default",
        words={"project": "场景测试项目", "applicant": "场景测试建设单位", "code": "—",
               "phase": "", "year": "2026", "opinion": "开发改环资〔2025〕9号",
               "opinion_date": "2025年10月9日"},
        facts=[], items=aftercare.overrun_items(case.found), as_of=dt.date(2027, 3, 1))
    opinion = acts.build(draft, _book(), None, dt.date(2027, 3, 1))
    return "".join([opinion.opening, *(f"{i.title}{i.text}" for s in opinion.sections
                                       for i in s.items), *(s.sentence for s in opinion.sections)])


@then(parsers.parse('限期整改通知写明"{text}"'))
def notice_says(aftercare_case, text: str):
    body = _notice_text(aftercare_case)
    assert text in body, body


@then("限期整改通知不写参数名和核对用语")
def notice_is_issuable(aftercare_case):
    body = _notice_text(aftercare_case)
    assert "10%" in body and not INTERNAL.search(body), body


# --------------------------------------------------------------------------- draw

@given(parsers.parse("项目库有{n:d}个已签发节能审查意见的项目，人员库有{m:d}名检查人员"))
def pools(aftercare_case, n: int, m: int):
    aftercare_case.projects = [{"review_id": i + 1, "project_code": f"2026-430105-00-00-{i:06d}",
                                "project_name": f"项目{i}"} for i in range(n)]
    aftercare_case.inspectors = [{"id": i + 1, "name": f"检查员{i}"} for i in range(m)]


@when(parsers.parse('以种子"{seed}"抽取{n:d}个项目和{m:d}名检查人员'))
def do_draw(aftercare_case, seed: str, n: int, m: int):
    aftercare_case.seed, aftercare_case.sizes = seed, (n, m)
    aftercare_case.drawn = aftercare.draw(seed, aftercare_case.projects,
                                          aftercare_case.inspectors, n, m)


@then("以同一种子对顺序打乱的项目库和人员库重新抽取，结果相同")
def same_again(aftercare_case):
    projects, inspectors = list(aftercare_case.projects), list(aftercare_case.inspectors)
    random.Random(7).shuffle(projects)
    random.Random(8).shuffle(inspectors)
    assert aftercare.draw(aftercare_case.seed, projects, inspectors,
                          *aftercare_case.sizes) == aftercare_case.drawn


@then("抽中的项目互不相同，检查人员互不相同")
def distinct(aftercare_case):
    drawn = aftercare_case.drawn
    assert len({p["review_id"] for p in drawn["projects"]}) == aftercare_case.sizes[0]
    assert len({i["id"] for i in drawn["inspectors"]}) == aftercare_case.sizes[1]


@then(parsers.parse('以种子"{first}"至"{last}"抽取，至少一次结果不同'))
def other_seeds(aftercare_case, first: str, last: str):
    stem, start, end = first.rsplit("-", 1)[0], int(first.rsplit("-", 1)[1]), int(
        last.rsplit("-", 1)[1])
    results = [aftercare.draw(f"{stem}-{k}", aftercare_case.projects,
                              aftercare_case.inspectors, *aftercare_case.sizes)
               for k in range(start, end + 1)]
    assert any(r != aftercare_case.drawn for r in results)


@then(parsers.parse('抽取{n:d}个项目被拒绝，并说明"{text}"'))
def too_many(aftercare_case, n: int, text: str):
    with pytest.raises(aftercare.AftercareError) as refused:
        aftercare.draw("s", aftercare_case.projects, aftercare_case.inspectors, n, 1)
    assert text in str(refused.value)
