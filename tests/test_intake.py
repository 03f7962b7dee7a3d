"""Invalid input is refused with Chinese messages naming the field path."""
from __future__ import annotations

import json

import pytest

from checker import intake
from tests.conftest import minimal_application


def _problems(data) -> dict[str, str]:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    with pytest.raises(intake.InputError) as caught:
        intake.load_bytes(raw)
    return {p["path"]: p["message"] for p in caught.value.problems}


def test_a_valid_application_passes():
    app, raw = intake.load_bytes(json.dumps(minimal_application(), ensure_ascii=False).encode())
    assert app.project.name == "开福区某办公楼项目"
    assert raw["project"]["industry_code"] == "7010"


@pytest.mark.parametrize("change, path, words", [
    ({"investment": -5}, "project.investment", "大于或等于"),
    ({"industry_code": "3O11"}, "project.industry_code", "行业代码"),
    ({"industry_code": "99"}, "project.industry_code", "01–97"),
    ({"nature": "新"}, "project.nature", "新建、扩建、改建"),
    ({"unknown_key": 1}, "project.unknown_key", "未知键"),
    ({"code": "123"}, "project.code", "项目代码"),
])
def test_project_fields(change, path, words):
    data = minimal_application()
    data["project"].update(change)
    problems = _problems(data)
    assert path in problems and words in problems[path], problems


@pytest.mark.parametrize("line, words", [
    ({"carrier": "wood", "quantity": 1, "unit": "t"}, "未知能源品种"),
    ({"carrier": "electricity", "quantity": 1, "unit": "t"}, "不适用于电力"),
    ({"carrier": "electricity", "quantity": -1, "unit": "kWh"}, "大于或等于"),
    ({"carrier": "electricity", "quantity": "多", "unit": "kWh"}, "数值"),
    ({"carrier": "electricity", "quantity": 1e308, "unit": "kWh"}, "小于或等于"),
])
def test_energy_lines(line, words):
    data = minimal_application()
    data["energy"] = [line]
    problems = _problems(data)
    assert any(p.startswith("energy[0]") and words in m for p, m in problems.items()), problems


@pytest.mark.parametrize("raw, words", [
    (b"", "为空"),
    (b"{\"project\": ", "JSON格式错误"),
    ('{"project": {"name": "开福"}}'.encode("gbk"), "GBK"),
    ('{"a": 1}'.encode("utf-16"), "UTF-16"),
    (b'{"energy": [], "energy": []}', "重复"),
    (b'{"project": {"investment": NaN}}', "NaN"),
    (b"[" * 100 + b"]" * 100, "嵌套"),
    (b"[1, 2]", "JSON对象"),
    (b"x" * (3 * 1024 * 1024), "过大"),
], ids=lambda value: value if isinstance(value, str) else "bytes")
def test_malformed_files(raw, words):
    problems = _problems(raw)
    assert any(words in m for m in problems.values()), problems


def test_utf8_byte_order_mark_is_tolerated():
    raw = b"\xef\xbb\xbf" + json.dumps(minimal_application(), ensure_ascii=False).encode()
    app, _ = intake.load_bytes(raw)
    assert app.project.applicant == "长沙某置业有限公司"


def test_every_problem_names_the_field_title():
    data = minimal_application()
    data["project"]["investment"] = -1
    with pytest.raises(intake.InputError) as caught:
        intake.validate(data)
    assert caught.value.problems[0]["title"] == "项目基本情况 › 总投资"


def test_sample_metadata_is_not_part_of_the_application():
    data = {"_sample": {"title": "示例"}, **minimal_application()}
    app = intake.validate(data)
    assert intake.input_sha256(app) == intake.input_sha256(intake.validate(minimal_application()))


def test_canonical_hash_ignores_key_order_and_whitespace():
    a = intake.validate(minimal_application())
    shuffled = json.loads(json.dumps(minimal_application(), sort_keys=True, indent=4))
    assert intake.input_sha256(a) == intake.input_sha256(intake.validate(shuffled))


def test_integer_with_thousands_of_digits_is_refused_not_crashed():
    raw = b'{"project": {"investment": ' + b"9" * 5000 + b"}}"
    with pytest.raises(intake.InputError, match="位数过多"):
        intake.load_bytes(raw)


@pytest.mark.parametrize("char", ["\u0001", "\u001b", "\u007f", "\u0085", "\u009b", "\n", "\t"])
def test_control_characters_in_any_application_text_are_refused_naming_the_field(char):
    """Issue 25 item 4: a stored U+0001 in a project name broke every XLSX export; every text of
    an application is one line, so C0/C1 controls and line breaks are refused at input, with
    the field's path, its Chinese title and the character's code point."""
    data = minimal_application()
    data["project"]["applicant"] = f"某{char}公司"
    with pytest.raises(intake.InputError) as error:
        intake.read_json(json.dumps(data).encode())
    [problem] = error.value.problems
    assert problem["path"] == "project.applicant" and problem["title"].endswith("建设单位")
    assert f"U+{ord(char):04X}" in problem["message"]
    assert intake.printable(f"某{char}公司") == f"某\\u{ord(char):04x}公司"


UNSAFE = ["\u0000", "\u0001", "\u000b", "\u001f", "\u007f", "\u0085", "\u009f", "\u202e",
          "\u2066", "\u061c", "\n", "\r", "\t", "\ud800"]


@pytest.mark.parametrize("char", UNSAFE, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("where", ["value", "key"])
@pytest.mark.parametrize("ascii_only", [True, False], ids=["escaped", "raw"])
def test_read_json_refuses_unsafe_text_written_raw_or_escaped(char, where, ascii_only):
    """read_json walks the parsed value only when the body has an escape or a suspect
    character: whichever way a refused character is written, in a value or in a key, it is
    refused as the walk of the parsed value refuses it (or the JSON itself is)."""
    data = minimal_application()
    if where == "value":
        data["project"]["applicant"] = f"某{char}公司"
    else:
        data["project"][f"名{char}称"] = "x"
    raw = json.dumps(data, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    with pytest.raises(intake.InputError) as walked:  # every text of the value walked
        intake.refuse_unsafe_text(intake.parse_json(intake.decode(raw)))
    with pytest.raises(intake.InputError) as caught:
        intake.read_json(raw)
    assert caught.value.problems == walked.value.problems


def test_read_json_accepts_a_clean_body_laid_out_with_tabs_and_line_breaks():
    data = minimal_application()
    raw = json.dumps(data, ensure_ascii=False, indent="\t").replace("\n", "\r\n").encode()
    assert intake.read_json(raw) == data


def test_nesting_is_counted_outside_strings_only():
    """More than MAX_DEPTH brackets in texts do not nest anything; MAX_DEPTH + 1 levels do."""
    deep = intake.MAX_DEPTH
    assert intake.parse_json(json.dumps({"a": "[{" * 40})) == {"a": "[{" * 40}
    assert intake.parse_json("[" * deep + "]" * deep) is not None
    with pytest.raises(intake.InputError, match="嵌套"):
        intake.parse_json("[" * (deep + 1) + "]" * (deep + 1))
    half = deep // 2 + 1  # arrays of objects: 2 × half > MAX_DEPTH levels, half of each
    with pytest.raises(intake.InputError, match="嵌套"):
        intake.parse_json('[{"a": ' * half + "1" + "}]" * half)
