"""A working day without surprises (issue 26): one clock (Beijing time), the form keeping
every field, paged batches, Chinese for staff, each bureau's landing page, small things."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from web_support import SAMPLE, issue_review, login

from checker.dates import beijing_time
from checker.store import create_token, get_review, records

# 07:30 on 1 January 2027 in Beijing is still 31 December 2026 on a server keeping UTC
NEW_YEAR_MORNING = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.timezone.utc)


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def pdf_text(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_a_document_issued_at_0730_beijing_on_new_years_day_is_of_the_new_year(
        app, client, engine):
    app.config["CLOCK"] = lambda: NEW_YEAR_MORNING
    token = create_token(engine, "reviewer")
    created = client.post("/api/v1/reviews", json={"application": SAMPLE}, headers=bearer(token))
    assert created.status_code == 201, created.json
    body = created.json
    assert body["as_of"] == "2027-01-01" and body["issued_on"] == "2027-01-01"
    issued = issue_review(client, engine, body["id"], token)
    document = issued["documents"][0]
    assert document["issued_on"] == "2027-01-01"
    assert "〔2027〕1号" in document["number"], document["number"]
    pdf = client.get(document["pdf"], headers=bearer(token)).data
    assert "2027年1月1日" in pdf_text(pdf) and "2026年12月31日" not in pdf_text(pdf)
    # the new-review form proposes the Beijing date as the review date
    login(client)
    page = client.get("/reviews/new").get_data(as_text=True)
    assert 'value="2027-01-01"' in page


def test_record_times_are_beijing_time_and_labelled(logged_in, engine):
    token = create_token(engine, "reviewer")
    body = logged_in.post("/api/v1/reviews", json={"application": SAMPLE, "as_of": "2026-03-01"},
                          headers=bearer(token)).json
    logged_in.post(body["documents"][0]["actions"]["submit"], headers=bearer(token))
    page = logged_in.get(f"/reviews/{body['id']}").get_data(as_text=True)
    audit = page[page.index('id="audit"'):]
    assert "时间（北京时间）" in audit and "UTC" not in audit
    for event in records.history(engine, body["id"]):
        assert beijing_time(event.at, seconds=True) in audit
    # the submission is named as staff read it, not by its type key
    assert "energy_opinion" not in audit and "提交签发" in audit
    # the document by its name (the sample, built before its review, gets the Art. 24 notice)
    assert re.search(r"提交签发</td><td>责令停止建设、限期整改通知书", audit), audit[:2000]
    assert get_review(engine, body["id"]).documents[0].state == "submitted"


@pytest.mark.sqlite_only
def test_every_form_error_is_shown_at_once(logged_in):
    """A wrong unit is named together with a bad quantity on the same line and a missing
    project name — not only after they have been corrected."""
    from web_support import new_form_token

    response = logged_in.post("/reviews/new", data={
        "csrf_token": new_form_token(logged_in), "source": "form", "as_of": "2026-03-01",
        "project.applicant": "某公司", "project.industry_code": "6450",
        "project.nature": "新建", "project.investment": "100",
        "energy[0].carrier": "electricity", "energy[0].quantity": "很多",
        "energy[0].unit": "吨"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    shown = re.findall(r'id="f-([^"]+)"[^>]*>(?:(?!<div class="field).)*?<span class="error">([^<]+)',
                       page, re.S)
    messages = {name: message for name, message in shown}
    assert "须为数值" in messages.get("energy[0].quantity", ""), messages
    assert "不适用于电力" in messages.get("energy[0].unit", ""), messages
    assert "缺少必填字段" in messages.get("project.name", ""), messages
    # the list of problems names the fields in Chinese; their paths only under 技术信息
    text = visible_text(page)
    assert "年能源消费（按品种） › 第1项 › 计量单位" in text
    assert "energy[0]" not in text and "project.name" not in text


def _big_batch(engine, files: int = 602) -> int:
    """A finished batch of `files` applications: real result rows of two reviews (the large
    data centre, and a small one) and real error rows (a negative investment)."""
    import json

    from checker import batch as batching, intake
    from checker.review import review
    from checker.store import batches, list_users

    small = json.loads(json.dumps(SAMPLE))
    small["data_centre"]["standard_racks"] = 50
    small["energy"] = [{"carrier": "electricity", "quantity": 100, "unit": "万kWh"}]
    bad = json.loads(json.dumps(SAMPLE))
    bad["energy"][0]["quantity"] = -1
    rows = [batching.result_row("大.json", review(intake.validate(SAMPLE),
                                                   dt.date(2026, 3, 1))),
            batching.result_row("小.json", review(intake.validate(small), dt.date(2026, 3, 1)))]
    try:
        intake.validate(bad)
    except intake.InputError as exc:
        rows.append(batching.error_row("坏.json", exc.problems))
    user = next(u for u in list_users(engine) if u.name == "reviewer")
    batch_id, ids = batches.create_batch(engine, user.id, dt.date(2026, 3, 1),
                                         [(f"{i}.json", "{}", None) for i in range(files)])
    for index, item_id in enumerate(ids):
        row = rows[0 if index % 7 else (1 if index % 2 else 2)]
        batches.finish_item(engine, item_id, "error" if row["outcome"] == "error" else "done",
                            {**row, "file": f"{index}.json"})
    return batch_id


def test_a_602_file_batch_is_paged_summarised_filtered_and_grouped(logged_in, engine):
    batch_id = _big_batch(engine)
    page = logged_in.get(f"/batches/{batch_id}").get_data(as_text=True)
    table = page[page.index('id="batch-rows"'):page.index("</table>", page.index('id="batch-rows"'))]
    assert table.count("<tr data-position") == 50
    assert "第 1 / 13 页" in page and "共 602 份" in page
    assert f'/batches/{batch_id}/summary.xlsx' in page
    summary = page[page.index('id="batch-summary"'):page.index('id="batch-filters"')]
    errors = sum(1 for i in range(602) if i % 7 == 0 and i % 2 == 0)
    assert re.search(rf">无法审查</a> <b>{errors}</b>", summary), summary
    assert "3,8" in table  # the data centre's 3,8xx tce, with a thousands separator
    assert re.search(r"综合能源消费量合计</dt><dd><b class=\"num\">[0-9]{1,3}(,[0-9]{3})+", summary)
    # the error column names the field in Chinese; the path only under 技术信息
    only_errors = logged_in.get(f"/batches/{batch_id}?outcome=error").get_data(as_text=True)
    rows = only_errors[only_errors.index('id="batch-rows"'):]
    assert rows.count("<tr data-position") == errors
    assert "年能源消费（按品种） › 第1项 › 年消费量（实物量）：" in rows
    assert "<summary>技术信息</summary><code>energy[0].quantity</code>" in rows
    visible = re.sub(r"<details class=\"tech\">.*?</details>", "", rows, flags=re.S)
    assert "energy[0]" not in visible
    last = logged_in.get(f"/batches/{batch_id}?page=13").get_data(as_text=True)
    assert last.count("<tr data-position") == 602 - 12 * 50
    # no rule id among the findings staff read
    assert not re.search(r"[a-z_]+\.[a-z_]+ ", table)


def test_each_bureau_lands_on_its_work(app, engine):
    """An approver starts on what waits for their signature; a user of the ecology bureau on
    the bureau's 待办, with the pollutant conclusions; a drafter on a new review."""
    import json
    from pathlib import Path

    from checker.store import create_user
    from web_support import PASSWORD

    create_user(engine, "eco-reviewer", PASSWORD, "reviewer", "ecology")
    data = json.loads(Path("samples/furniture_coating_factory.json").read_text("utf-8"))
    token = create_token(engine, "reviewer")
    drafter = app.test_client()
    body = drafter.post("/api/v1/reviews", json={"application": data, "as_of": "2026-03-01"},
                        headers=bearer(token)).json
    pollutant = next(d for d in body["documents"] if d["issuer"] == "ecology")
    quiet = drafter.post("/api/v1/reviews", json={"application": SAMPLE, "as_of": "2026-03-01"},
                         headers=bearer(token)).json

    def start(name):
        client = app.test_client()
        assert login(client, name).status_code == 302
        target = client.get("/").headers["Location"]
        return target, client.get(target).get_data(as_text=True)

    target, page = start("eco-reviewer")
    assert "bureau=ecology" in target and "state=todo" in target
    assert "长沙市生态环境局开福分局：待办" in page and data["project"]["name"] in page
    assert "<th>污染物控制结论</th>" in page and "不符合" in page
    assert quiet["project_name"] not in page  # no pollutant document: not the bureau's work
    target, page = start("eco-approver")
    assert "state=submitted" in target and data["project"]["name"] not in page
    drafter.post(pollutant["actions"]["submit"], headers=bearer(token))
    target, page = start("eco-approver")
    assert "长沙市生态环境局开福分局：待签发" in page and data["project"]["name"] in page
    target, page = start("approver")  # the energy documents are not submitted
    assert "bureau=drc" in target and data["project"]["name"] not in page
    target, _ = start("reviewer")
    assert target.endswith("/reviews/new")


def visible_text(html: str) -> str:
    """What a reader sees without opening anything: no scripts, styles, attributes, or folded
    技术信息 blocks."""
    from html.parser import HTMLParser

    class Visible(HTMLParser):
        def __init__(self):
            super().__init__()
            self.out, self.skip, self.tech = [], 0, 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style"):
                self.skip += 1
            if tag == "details" and (self.tech or "tech" in (dict(attrs).get("class") or "")):
                self.tech += 1

        def handle_endtag(self, tag):
            if tag in ("script", "style"):
                self.skip -= 1
            if tag == "details" and self.tech:
                self.tech -= 1

        def handle_data(self, data):
            if not self.skip and not self.tech:
                self.out.append(data)

    parser = Visible()
    parser.feed(html)
    return " ".join(parser.out)


def _technical_words() -> set[str]:
    """Rule ids, family ids, parameter keys, field paths, enum values and tags."""
    from checker import rulebook
    from checker.outcome import EnergyConclusion
    from checker.severity import Outcome, Severity
    from web import forms

    book = rulebook.shipped()
    words = {rule.id for family in book.families for rule in family.rules}
    words |= {f"{family.family}." for family in book.families}
    words |= {name for name in book.parameters if "." in name}
    words |= {f"{s.key}.{f.name}" for s in forms.sections(book.carriers) if s.kind == "object"
              for f in s.fields}
    words |= {"energy[0]", "GAP", "V1", "V2", "UNVERIFIED"} | set(book.documents.documents)
    words |= {e.value for enum in (Outcome, Severity, EnergyConclusion) for e in enum
              if len(e.value) > 3}
    return words


def test_staff_read_chinese_and_technical_ids_only_under_technical_information(
        logged_in, engine):
    import json
    from pathlib import Path

    token = create_token(engine, "reviewer")
    words = _technical_words()
    for sample in ("cement_clinker_line", "steel_renovation", "heat_plant_coal_and_biomass",
                   "warehouse_under_order31"):
        data = json.loads(Path(f"samples/{sample}.json").read_text("utf-8"))
        body = logged_in.post("/api/v1/reviews", headers=bearer(token), json={
            "application": data, "as_of": data["_sample"]["as_of"]}).json
        logged_in.post(body["documents"][0]["actions"]["submit"], headers=bearer(token))
        html = logged_in.get(f"/reviews/{body['id']}").get_data(as_text=True)
        text = visible_text(html)
        found = sorted(w for w in words if re.search(rf"(?<![\w.]){re.escape(w)}(?![\w])", text))
        assert not found, (sample, found)
        first = body["review"]["findings"][0]["rule_id"]
        assert f"规则编号 <code>{first}</code>" in html  # folded, not gone
    for path in ("/reviews", "/batches", "/ledger"):
        text = visible_text(logged_in.get(path).get_data(as_text=True))
        assert not [w for w in words if re.search(rf"(?<![\w.]){re.escape(w)}(?![\w])", text)]


@pytest.mark.sqlite_only
def test_one_product_name_and_the_bureaus_full_names(logged_in):
    from web.common import PRODUCT_NAME

    page = logged_in.get("/reviews/new").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    brand = re.search(r'class="brand"[^>]*>(.*?)</a>', page).group(1)
    footer = re.search(r"<footer>(.*?)</footer>", page, re.S).group(1)
    assert title.endswith(PRODUCT_NAME) and brand == PRODUCT_NAME and PRODUCT_NAME in footer
    assert "长沙市生态环境局开福分局" in footer and "长沙市开福区发展和改革局" in footer
    assert "VOCs控制合规检查" not in page and "节能审查合规检查" not in page.replace(PRODUCT_NAME, "")


def test_parameters_page_says_saved_and_shows_a_local_value_as_such(app, client):
    """参数设置: after 保存 the page says 已保存, and the value the administrator set reads
    本地配置 — not the GAP tag the shipped value carries."""
    from web_support import csrf_of

    assert login(client, "admin").status_code == 302
    page = client.get("/admin/parameters")
    response = client.post("/admin/parameters", data={
        "csrf_token": csrf_of(page), "name": "carbon.local_evaluation_threshold_tco2", "value": "20000",
        "since": "2023-06-01", "source": "省生态环境厅公告", "action": "set"})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已保存：地方同步开展碳排放评价的项目年二氧化碳排放量标准" in html
    section = html[html.index('>', html.index('id="p-carbon.local_evaluation_threshold_tco2"')) + 1:]
    section = section[:section.index("</section>")]
    shown = visible_text(section)
    assert re.search(r"本页设置（本地配置）：2023-06-01起\s+20000\s+（来源", shown), shown
    assert "GAP" not in shown and "carbon.local" not in shown
    changes = html[html.index('id="parameter-changes"'):]
    assert "同步开展碳排放评价" in visible_text(changes)


def test_batch_cli_summary_has_thousands_separators(tmp_path):
    """1,234 吨标准煤, not 1234: the data centre sample alone is over a thousand."""
    import shutil

    from tests.test_cli import checker

    shutil.copy("samples/data_centre.json", tmp_path / "a.json")
    result = checker("batch", str(tmp_path))
    assert result.returncode == 0, result.stderr
    line = next(l for l in result.stdout.splitlines() if l.startswith("综合能源消费量合计"))
    assert re.search(r"：[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$", line), line


def test_token_times_are_beijing_time_and_labelled(client, engine):
    from checker.store.users import list_tokens

    create_token(engine, "reviewer", label="对接", days=30)
    assert login(client, "admin").status_code == 302
    page = client.get("/admin/").get_data(as_text=True)
    tokens = page[page.index('id="tokens"'):page.index('id="events"')]
    assert "创建时间（北京时间）" in tokens and "到期（北京时间）" in tokens and "UTC" not in tokens
    [token] = [t for t in list_tokens(engine) if t.label == "对接"]
    assert beijing_time(token.created_at) in tokens and beijing_time(token.expires_at) in tokens
