"""Reviewer pages: login, CSRF, new review (file / paste / form), result, history, rules."""
from __future__ import annotations

import io
import json
import re

import pytest
from web_support import AS_OF, PASSWORD, csrf_of, login, new_form_token, reviews_count

PAGES = ["/", "/reviews/new", "/reviews", "/rules", "/reviews/1", "/reviews/1/edit",
         "/reviews/1/opinion.pdf"]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("path", PAGES)
def test_pages_require_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"] or path == "/"


def test_post_without_login_redirects_and_stores_nothing(client, engine, sample):
    response = client.post("/reviews/new", data={"source": "text",
                                                 "json_text": json.dumps(sample)})
    # no session → no CSRF token: refused before anything else
    assert response.status_code == 400
    assert reviews_count(engine) == 0


@pytest.mark.sqlite_only
def test_login_wrong_password_and_logout(client):
    response = login(client, password="wrong-password")
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.get_data(as_text=True)
    assert login(client).status_code == 302
    page = client.get("/reviews/new")
    assert page.status_code == 200 and "reviewer" in page.get_data(as_text=True)
    assert client.get("/logout").status_code == 200
    response = client.post("/logout", data={"csrf_token": csrf_of(page)})
    assert response.status_code == 302
    assert client.get("/reviews/new").status_code == 302


@pytest.mark.sqlite_only
def test_login_next_is_followed_but_never_offsite(client):
    page = client.get("/login")
    data = {"name": "reviewer", "password": PASSWORD, "csrf_token": csrf_of(page)}
    response = client.post("/login", data={**data, "next": "https://evil.example/"})
    assert response.headers["Location"].endswith("/reviews/new")
    data["csrf_token"] = csrf_of(client.get("/login"))  # a new token after each sign-in
    response = client.post("/login", data={**data, "next": "/rules"})
    assert response.headers["Location"].endswith("/rules")


def test_csrf_missing_or_wrong_is_refused(logged_in, engine, sample):
    for token in (None, "forged"):
        data = {"source": "text", "json_text": json.dumps(sample), "as_of": AS_OF}
        if token:
            data["csrf_token"] = token
        response = logged_in.post("/reviews/new", data=data)
        assert response.status_code == 400
        assert "CSRF" in response.get_data(as_text=True)
    assert reviews_count(engine) == 0


@pytest.mark.sqlite_only
def test_security_headers(logged_in):
    response = logged_in.get("/reviews/new")
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    html = response.get_data(as_text=True)
    # scripts only as static files (no inline script: the CSP allows none)
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)
    assert scripts and all(body == "" for body in scripts)
    assert all(src.startswith("/static/") for src in re.findall(r'<script src="([^"]+)"', html))
    assert html.count("<script") == len(scripts)
    assert "style=" not in html and "http://" not in html


@pytest.mark.sqlite_only
def test_session_cookie_flags(client):
    page = client.get("/login")
    response = client.post("/login", data={"name": "reviewer", "password": PASSWORD,
                                           "csrf_token": csrf_of(page)})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def post_review(client, **data):
    data.setdefault("as_of", AS_OF)
    data["csrf_token"] = new_form_token(client)
    return client.post("/reviews/new", data=data, content_type="multipart/form-data")


def test_upload_file_creates_review_and_shows_findings(logged_in, engine, sample):
    response = post_review(logged_in, source="file", file=(
        io.BytesIO(json.dumps(sample, ensure_ascii=False).encode()), "app.json"))
    assert response.status_code == 303
    page = logged_in.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "不予通过" in html and "conclusion-reject" in html
    assert "新建大型数据中心设计PUE须低于1.3" in html
    assert "开发改环资〔" not in html and "草稿" in html and "提交签发" in html  # a draft
    assert 'href="/rules/data_centre.pue#clause-' in html  # each citation: its own clause
    assert "待核实" in html and "年综合能源消费" in html and "天然气（气田天然气）" in html
    assert "区级节能审查" in html and 'id="parts"' in html and "污染物排放与VOCs控制" in html
    # 未批先建 under Order 31 (the sample is under construction): the Art. 24 notice
    assert "下载责令停止建设、限期整改通知书（PDF）" in html
    assert reviews_count(engine) == 1


def test_result_page_lists_the_declarations_the_outcome_rests_on(logged_in, engine, sample):
    """Issue 24 item 3: a declared flag that lowers an obligation is shown to the reviewer as
    申报：…（依据：…）, with the declared basis document when there is one (staff view)."""
    data = json.loads(json.dumps(sample))
    data["project"].update(industry_code="3110", two_highs=False,
                           two_highs_basis="湘发改环资〔2026〕9号")
    data["metering"] = {"gb17167_compliant": True}
    response = post_review(logged_in, source="text", json_text=json.dumps(data))
    assert response.status_code == 303
    html = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="declarations"' in html
    assert "申报：不属“两高”项目（省级目录认定）（依据：湘发改环资〔2026〕9号）" in html
    assert "申报：能源计量器具按GB 17167配备（依据：建设单位申报，未附能源计量器具配备方案）" in html
    plain = post_review(logged_in, source="text", json_text=json.dumps(sample))
    assert "申报：不属“两高”项目" not in logged_in.get(
        plain.headers["Location"]).get_data(as_text=True)


def test_paste_json_creates_review(logged_in, engine, sample):
    response = post_review(logged_in, source="text", json_text=json.dumps(sample))
    assert response.status_code == 303
    assert reviews_count(engine) == 1


def test_form_creates_review(logged_in, engine):
    response = post_review(logged_in, source="form", **{
        "project.name": "表单项目", "project.applicant": "某公司", "project.industry_code": "3011",
        "project.nature": "新建", "project.investment": "1,200",
        "energy[0].carrier": "electricity", "energy[0].quantity": "500", "energy[0].unit": "万kWh",
        "energy[2].carrier": "natural_gas", "energy[2].quantity": "3", "energy[2].unit": "万m³"})
    assert response.status_code == 303, response.get_data(as_text=True)
    record_page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "表单项目" in record_page and "天然气" in record_page


BAD_INPUTS = [
    ("text", {"json_text": '{"project": '}, "JSON格式错误"),
    ("text", {"json_text": json.dumps({"project": {"name": "x"}, "colour": 1})}, "colour"),
    ("form", {"project.name": "负数项目", "project.applicant": "某公司",
              "project.industry_code": "3011", "project.nature": "新建",
              "project.investment": "100", "energy[0].carrier": "electricity",
              "energy[0].quantity": "-5", "energy[0].unit": "kWh"}, "年消费量（实物量）"),
    ("file", {}, "请选择要上传的申报数据文件"),
]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("source,data,expected", BAD_INPUTS)
def test_bad_input_rerenders_form_with_chinese_message(logged_in, engine, source, data,
                                                        expected):
    response = post_review(logged_in, source=source, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "申报数据有误，未保存" in html and expected in html
    assert reviews_count(engine) == 0


@pytest.mark.sqlite_only
def test_negative_quantity_error_is_beside_the_field(logged_in, engine):
    response = post_review(logged_in, source="form", **dict(BAD_INPUTS[2][1]))
    html = response.get_data(as_text=True)
    field = html.index('name="energy[0].quantity"')
    error = html.index("须大于或等于 0", field)
    assert error - field < 400  # the message follows its input
    assert 'value="-5"' in html


@pytest.mark.sqlite_only
def test_unknown_key_names_the_field(logged_in, engine, sample):
    sample["project"]["colour"] = "红"
    html = post_review(logged_in, source="text", json_text=json.dumps(sample)).get_data(
        as_text=True)
    assert "project.colour" in html and "未知键" in html
    assert reviews_count(engine) == 0


@pytest.mark.sqlite_only
def test_bad_as_of_date(logged_in, engine, sample):
    response = post_review(logged_in, source="text", json_text=json.dumps(sample),
                           as_of="2026-02-30")
    assert response.status_code == 400 and "审查基准日" in response.get_data(as_text=True)
    assert reviews_count(engine) == 0


@pytest.mark.sqlite_only
def test_applicant_text_is_escaped(logged_in, sample):
    sample["project"]["name"] = "<script>alert(1)</script>项目"
    response = post_review(logged_in, source="text", json_text=json.dumps(sample))
    html = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


@pytest.mark.sqlite_only
def test_too_large_upload_is_413_in_chinese(logged_in, engine):
    big = b"{" + b" " * (2 * 1024 * 1024 + 10) + b"}"
    response = post_review(logged_in, source="file", file=(io.BytesIO(big), "big.json"))
    assert response.status_code == 413
    assert "不得超过 2 MB" in response.get_data(as_text=True)
    assert reviews_count(engine) == 0


def test_unknown_review_is_404(logged_in):
    for path in ("/reviews/999", "/reviews/999/edit", "/reviews/999/opinion.pdf"):
        response = logged_in.get(path)
        assert response.status_code == 404 and "不存在" in response.get_data(as_text=True)


def test_edit_prefills_and_shows_changes(logged_in, engine, sample):
    first = post_review(logged_in, source="text", json_text=json.dumps(sample))
    first_id = int(first.headers["Location"].rsplit("/", 1)[1])
    edit = logged_in.get(f"/reviews/{first_id}/edit")
    html = edit.get_data(as_text=True)
    assert edit.status_code == 200 and "修改后重新审查" in html
    assert 'name="project.name" value="测试数据中心"' in html
    assert "&#34;design_pue&#34;: 1.3" in html or '"design_pue": 1.3' in html
    sample["data_centre"]["design_pue"] = 1.2
    response = logged_in.post(f"/reviews/{first_id}/edit", data={
        "csrf_token": csrf_of(edit), "source": "text", "json_text": json.dumps(sample),
        "as_of": AS_OF})
    assert response.status_code == 303
    html = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "已消除" in html and "新建大型数据中心设计PUE须低于1.3" in \
        html.split("已消除")[1].split("</ul>")[0]
    assert f"#{first_id}" in html
    assert reviews_count(engine) == 2


def test_history_search_filters_and_paging(logged_in, engine, sample):
    for i in range(22):
        sample["project"]["name"] = f"项目{i:02d}"
        sample["project"]["industry_code"] = "3011" if i % 2 else "6450"
        assert post_review(logged_in, source="text",
                           json_text=json.dumps(sample)).status_code == 303
    html = logged_in.get("/reviews").get_data(as_text=True)
    assert "共 22 条" in html and "项目21" in html and "项目01" not in html and "下一页" in html
    html = logged_in.get("/reviews?page=2").get_data(as_text=True)
    assert "项目01" in html and "项目21" not in html
    html = logged_in.get("/reviews?q=项目0").get_data(as_text=True)
    assert "共 10 条" in html
    # 3011 is a two-highs class: under Order 2025 No. 31 (art. 8) the district refers it.
    html = logged_in.get("/reviews?industry=30&conclusion=referred").get_data(as_text=True)
    assert "共 11 条" in html
    html = logged_in.get("/reviews?conclusion=approve").get_data(as_text=True)
    assert "共 0 条" in html and "没有符合条件的审查记录" in html
    html = logged_in.get("/reviews?date_from=bad&reviewer=1").get_data(as_text=True)
    assert "格式不正确" in html and "共 22 条" in html
    html = logged_in.get("/reviews?date_from=2999-01-01").get_data(as_text=True)
    assert "共 0 条" in html


@pytest.mark.sqlite_only
def test_rules_page_lists_every_rule(logged_in):
    from checker import rulebook

    html = logged_in.get("/rules").get_data(as_text=True)
    for rule in rulebook.shipped().rules:
        assert f'id="{rule.id}"' in html and rule.title in html
    assert "待核实" in html and "不予通过" in html


@pytest.mark.sqlite_only
def test_rules_page_shows_the_plan_clause_coverage(logged_in):
    from checker.rulebook import coverage
    from checker import rulebook

    html = logged_in.get("/rules").get_data(as_text=True)
    assert 'id="coverage"' in html
    for row in coverage.matrix(rulebook.shipped()):
        assert f"{row.article}「{row.heading}」" in html
        assert row.rules or row.excluded in html


@pytest.mark.sqlite_only
def test_equipment_rule_page_shows_the_efficiency_standards_by_date(logged_in):
    """The rule explorer lists the mandatory efficiency standards with their sources and marks
    the edition in force on the chosen date (GB 19577-2024 from 2025-02-01)."""
    import re

    def in_force(day):
        html = logged_in.get(f"/rules/equipment.below_minimum?on={day}").get_data(as_text=True)
        table = html[html.index('id="efficiency-standards"'):]
        assert "GB 18613-2020" in table and "wnwk.com" in table and "待核实，不作否决" in table
        return re.findall(r"(GB 19577-20\d\d)[^<]*<span class=\"badge\">", table)

    assert in_force("2025-01-31") == ["GB 19577-2015"]
    assert in_force("2025-02-01") == ["GB 19577-2024"]
    html = logged_in.get("/rules/equipment.grade_mismatch?on=2026-01-15").get_data(as_text=True)
    table = html[html.index('id="efficiency-standards"'):]
    assert "效率（%）按42档（0.12—1000 kW）×极数（2极、4极、6极、8极）" in table
    assert "motor_lv.json" in table and "未录入" in table


@pytest.mark.sqlite_only
def test_elimination_rule_page_lists_the_catalogue_entries(logged_in):
    """The rule explorer lists the transcribed entries of the 淘汰目录 with what is covered,
    each entry's series, tag and source."""
    html = logged_in.get("/rules/equipment.eliminated_model_unverified").get_data(as_text=True)
    table = html[html.index('id="eliminated-equipment"'):]
    assert "JZR2、JZ2、JZ、JZR、JZB、JZRB" in table and "elimination_catalog_batches_1_4.json" in table
    assert "待核实，不作否决" in table
    assert "1997年以后生产投运的该系列产品鼓励企业自主逐步更新淘汰" in table  # S9: the condition
    assert "第3类起的其余条目" in html  # the coverage says what is not transcribed


def test_building_rule_page_shows_the_building_energy_table(logged_in):
    """The rule explorer lists the GB/T 51161-2016 table (夏热冬冷) with each row's tag and
    source: the shipped office rows are not entered (GAP), hospitals are not in the standard."""
    html = logged_in.get("/rules/buildings.intensity_constraint").get_data(as_text=True)
    table = html[html.index('id="building-energy"'):html.index("</table>", html.index('id="building-energy"'))]
    assert "GB/T 51161-2016" in html and "夏热冬冷" in html
    assert "办公建筑（商业办公）（B类）" in table and "未录入" in table and "未评估" in table
    assert "医院建筑" in table and "标准未列" in table and "2026-12-05" in table


@pytest.mark.sqlite_only
def test_unknown_page_is_chinese_404(logged_in):
    response = logged_in.get("/nowhere")
    assert response.status_code == 404 and "未找到" in response.get_data(as_text=True)


@pytest.mark.sqlite_only
def test_static_css_is_served(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200 and b"conclusion-reject" in response.data


def test_cli_create_user_and_token(app):
    from checker.store import user_for_token

    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "王五", "--role", "admin", "--password", "密码很长很长很长123"])
    assert result.exit_code == 0 and "管理员" in result.output
    result = runner.invoke(args=["create-user", "王五", "--password", "密码很长很长很长123"])
    assert result.exit_code != 0 and "已存在" in result.output
    result = runner.invoke(args=["create-token", "王五"])
    assert result.exit_code == 0
    assert user_for_token(app.extensions["engine"], result.output.strip()).role == "admin"


def test_login_page_explains_first_user_creation(tmp_path):
    from web import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
                      "SECRET_KEY": "x"})
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    page = app.test_client().get("/login").get_data(as_text=True)
    assert "系统尚无用户" in page and "create-user" in page


# --- oversized numbers, odd dates and ids from the client never give a 500 -------------

HUGE = "9" * 5000  # more digits than int() accepts (4300)


@pytest.mark.sqlite_only
def test_form_number_too_long_for_int_is_refused_not_500(logged_in, engine):
    response = post_review(logged_in, source="form", **{
        "project.name": "巨数项目", "project.applicant": "某公司",
        "project.industry_code": "3011", "project.nature": "新建", "project.investment": HUGE,
        "energy[0].carrier": "electricity", "energy[0].quantity": HUGE, "energy[0].unit": "kWh"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "申报数据有误，未保存" in html
    assert reviews_count(engine) == 0


@pytest.mark.sqlite_only
def test_form_row_index_too_long_for_int_is_not_500(logged_in, engine):
    response = post_review(logged_in, source="form", **{
        "project.name": "行号项目", f"energy[{HUGE}].unit": "kWh",
        "energy[9999999].carrier": "electricity", "energy[499999].unit": "kWh"})
    assert response.status_code == 400
    # the page shows a sane number of energy rows, not one per index up to the huge one
    assert response.get_data(as_text=True).count('name="energy[') < 200
    assert reviews_count(engine) == 0


def test_row_count_ignores_huge_indices():
    from checker import rulebook
    from web import forms

    energy = next(s for s in forms.sections(rulebook.shipped().carriers) if s.key == "energy")
    assert forms.row_count(energy, {f"energy[{HUGE}].unit": "x", "energy[999999].unit": "x",
                                    "energy[1].unit": "x"}) == 3  # rows 0–1 and a spare


@pytest.mark.sqlite_only
def test_week_date_as_of_is_refused(logged_in, engine, sample):
    for text in ("2026-W01-1", "20260301", "２０２６-03-01"):
        response = post_review(logged_in, source="text", json_text=json.dumps(sample),
                               as_of=text)
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and "审查基准日" in html and "YYYY-MM-DD" in html
    assert reviews_count(engine) == 0


def test_history_with_huge_or_odd_numbers_is_not_500(logged_in, engine, sample):
    assert post_review(logged_in, source="text", json_text=json.dumps(sample)).status_code == 303
    for query in ("reviewer=" + "9" * 30, "page=" + HUGE, "page=" + "9" * 30,
                  "reviewer=²", "page=²", "reviewer=1234567890"):
        response = logged_in.get(f"/reviews?{query}")
        assert response.status_code == 200, query
        assert "共 1 条" in response.get_data(as_text=True), query
    html = logged_in.get("/reviews?date_from=2026-W01-1").get_data(as_text=True)
    assert "格式不正确" in html and "共 1 条" in html


@pytest.mark.parametrize("review_id", ["9223372036854775808", "99999999999999999999999", HUGE])
def test_review_id_beyond_64_bits_is_404(logged_in, review_id):
    for path in (f"/reviews/{review_id}", f"/reviews/{review_id}/edit",
                 f"/reviews/{review_id}/opinion.pdf"):
        response = logged_in.get(path)
        html = response.get_data(as_text=True)
        # (a number int() refuses never reaches the view: the URL does not match, plain 404)
        assert response.status_code == 404 and ("不存在" in html or "未找到" in html), path


def test_secret_key_is_created_once_by_concurrent_workers(tmp_path, monkeypatch):
    import threading

    from web import _secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    for attempt in range(20):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        barrier, keys, errors = threading.Barrier(8), [], []

        def worker():
            barrier.wait()
            try:
                keys.append(_secret_key(folder))
            except Exception as exc:  # noqa: BLE001 - the race is what is tested
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [] and len(keys) == 8
        assert len(set(keys)) == 1 and len(keys[0]) == 64
        assert [p.name for p in folder.iterdir()] == ["secret_key"]


def test_sign_in_checks_one_hash_whether_or_not_the_name_exists(engine, monkeypatch):
    from checker.store import authenticate, users

    authenticate(engine, "nobody", "x")  # a dummy hash may be made once, on first use
    calls = {"check": 0, "generate": 0}
    real_check = users.check_password_hash

    def check(*args):
        calls["check"] += 1
        return real_check(*args)

    def generate(*args, **kwargs):
        calls["generate"] += 1
        raise AssertionError("no hash may be generated while signing in")

    monkeypatch.setattr(users, "check_password_hash", check)
    monkeypatch.setattr(users, "generate_password_hash", generate)
    for name, password, expected in (("nobody", PASSWORD, False), ("reviewer", "wrong", False),
                                     ("reviewer", PASSWORD, True)):
        calls["check"] = 0
        assert (authenticate(engine, name, password) is not None) == expected
        assert calls == {"check": 1, "generate": 0}, name


def test_result_page_shows_outcome_both_parts_and_documents(logged_in, engine):
    """A provincial project: the page says it is referred (no district approval or rejection),
    shows both parts with their own findings and links the 转报函; history filters by outcome."""
    # An industrial project (printing, 2311): the VOCs offset applies to industrial projects only.
    data = {"project": {"name": "某大型工厂", "applicant": "某公司", "industry_code": "2311",
                        "nature": "新建", "investment": 100},
            "energy": [{"carrier": "electricity", "quantity": 9000, "unit": "万kWh"}],
            # An ink over the GB 38507 limit: the pollutant part is 不符合 (veto); the offset
            # below the multiple is a condition since the rulebook audit.
            "vocs": {"new_emissions_t": 10, "secured_offset_t": 10, "materials": [
                {"category": "油墨", "kind": "ink_solvent_gravure", "name": "溶剂型凹印油墨",
                 "voc_content": 78, "content_unit": "%", "annual_use_t": 120}]}}
    response = post_review(logged_in, source="text", json_text=json.dumps(data))
    html = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    banner = html.split('id="outcome"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "经市转报省级节能审查机关" in banner
    parts = html.split('id="parts"', 1)[1].split("</section>", 1)[0]
    # each part's conclusion (the counts beside them use the findings' own labels)
    conclusions = " ".join(re.findall(r'<dd class="part-\w+ conclusion-\w+">([^<]*)</dd>', parts))
    assert "不属区级权限，转报有权机关审查" in conclusions and "不符合" in conclusions
    assert "原则同意" not in conclusions and "不予通过" not in conclusions
    assert "不予通过 1" in parts  # the ink over the GB 38507 limit, counted under its part
    energy = html.split('id="part-energy"', 1)[1].split('id="part-pollutant"', 1)[0]
    pollutant = html.split('id="part-pollutant"', 1)[1]
    assert "energy_review.authority" in energy and "vocs.offset" not in energy
    assert "vocs.offset" in pollutant
    assert "下载转报函（PDF）" in html and "下载部门意见（污染物排放与VOCs控制）（PDF）" in html
    assert "下载节能审查意见" not in html
    pdf = logged_in.get(f"{response.headers['Location']}/documents/referral_letter.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert logged_in.get(f"{response.headers['Location']}/documents/exempt_notice.pdf"
                         ).status_code == 404
    history = logged_in.get("/reviews?outcome=referral_province").get_data(as_text=True)
    assert "共 1 条" in history and "经市转报省级节能审查机关" in history
    assert "共 0 条" in logged_in.get("/reviews?outcome=exempt").get_data(as_text=True)
