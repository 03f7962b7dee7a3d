"""Intake: turn submitted bytes into a validated `ProjectApplication`, or say clearly why not.

Every refusal names the field (its JSON path and its Chinese title) and what was expected,
in Chinese.  Nothing here raises anything but `InputError`.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from checker.model import ProjectApplication
from checker.refusals import Refused

MAX_BYTES = 2 * 1024 * 1024  # an application is a few KB; 2 MB leaves ample room
# a web request may carry one application plus the form's other fields and multipart framing
MAX_REQUEST_BYTES = MAX_BYTES + 256 * 1024
MAX_SIZE_TEXT = f"{MAX_BYTES // 1024 // 1024} MB"  # the limit as users read it
# The applicant's own documents attached to a review (the energy report PDF): a limit of its
# own, per file; the request around one attachment adds the form's few other fields.
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ATTACHMENT_MAX_TEXT = f"{ATTACHMENT_MAX_BYTES // 1024 // 1024} MB"
ATTACHMENT_REQUEST_BYTES = ATTACHMENT_MAX_BYTES + 64 * 1024
MAX_DEPTH = 32
SAMPLE_KEY = "_sample"  # descriptive block of the files in samples/; ignored by the review


class InputError(Refused):
    """Invalid input: a list of {path, title, message} problems, in Chinese."""

    code = "invalid_input"

    def __init__(self, problems: list[dict[str, str]], headline: str | None = None):
        super().__init__("；".join(f"{p['path'] or '（整体）'}：{p['message']}" for p in problems),
                         problems=problems)
        self._headline = headline

    @property
    def headline(self) -> str:
        return self._headline or "申报数据有误，请按 problems 修改后重新提交"

    @classmethod
    def single(cls, message: str, path: str = "") -> "InputError":
        return cls([{"path": path, "title": "", "message": message}])


class TooLarge(InputError):
    """The application is larger than MAX_BYTES (the web and the API answer 413)."""

    status = 413
    code = "payload_too_large"

    @property
    def headline(self) -> str:
        return self.problems[0]["message"]


def size_limit_message() -> str:
    """The size limit as users read it, wherever it is enforced (web, API, CLI)."""
    return f"申报数据不得超过 {MAX_SIZE_TEXT}"


def check_size(size: int) -> None:
    """Refuse an application of more than MAX_BYTES bytes (UTF-8)."""
    if size > MAX_BYTES:
        raise TooLarge.single(f"申报数据过大（{size // 1024} KB），{size_limit_message()}")


def decode(data: bytes) -> str:
    """Bytes → text; only UTF-8 is accepted (a UTF-8 byte-order mark is tolerated)."""
    check_size(len(data))
    if not data.strip():
        raise InputError.single("文件为空，请提交项目申报数据（JSON）")
    if (kind := _binary_kind(data)) is not None:
        raise InputError.single(f"文件不是文本，而是{kind}，请提交项目申报数据（JSON，UTF-8编码）")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or \
            (len(data) > 3 and (data[1:4] == b"\0\0\0" or data[:3] == b"\0\0\0")):
        raise InputError.single("文件为UTF-32编码，请另存为UTF-8编码后重新提交")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and (data[0] == 0 or data[1] == 0)):
        raise InputError.single("文件为UTF-16编码，请另存为UTF-8编码后重新提交")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = "（疑似GBK/GB2312编码）" if _looks_gbk(data) else ""
        raise InputError.single(
            f"文件不是有效的UTF-8编码{hint}，第{exc.start + 1}个字节无法解码，请另存为UTF-8编码") from None


# the first bytes of files often uploaded by mistake instead of the JSON
SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "PNG图片"), (b"\xff\xd8\xff", "JPEG图片"),
              (b"GIF8", "GIF图片"), (b"%PDF-", "PDF文件"), (b"PK\x03\x04", "ZIP压缩包或Office文档"),
              (b"\xd0\xcf\x11\xe0", "旧版Office文档（.doc/.xls）"), (b"Rar!", "RAR压缩包"),
              (b"7z\xbc\xaf", "7z压缩包"), (b"\x1f\x8b", "gzip压缩文件"))


def _binary_kind(data: bytes) -> str | None:
    """What a binary file is, by its signature (None: not one of SIGNATURES)."""
    return next((kind for magic, kind in SIGNATURES if data.startswith(magic)), None)


def _looks_gbk(data: bytes) -> bool:
    """Whether `data` reads as GBK text: it decodes, and to text (no control characters
    but line breaks and tabs) — arbitrary binary data often decodes as GBK too."""
    try:
        text = data.decode("gbk")
    except UnicodeDecodeError:
        return False
    return not any(ord(c) < 0x20 and c not in "\t\r\n" for c in text)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InputError.single(f"字段“{key}”重复出现，每个字段只能出现一次", key)
        result[key] = value
    return result


def _refuse_constant(name: str):
    raise InputError.single(f"不接受非数值常量 {name}（NaN/Infinity），请填写有限数值")


def parse_json(text: str) -> Any:
    """Strict JSON: no duplicate keys, no NaN/Infinity, bounded nesting."""
    _check_depth(text)
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        reason = _json_reason(exc.msg)
        if exc.msg.startswith("Invalid control character") and text[exc.pos:exc.pos + 1] == "\0":
            reason = text_problem("\0")
        raise InputError.single(f"JSON格式错误：第{exc.lineno}行第{exc.colno}列，{reason}") from None
    except RecursionError:
        raise InputError.single(f"JSON嵌套层级过深（最多{MAX_DEPTH}层）") from None
    except InputError:
        raise
    except ValueError:  # e.g. an integer of more than 4300 digits
        raise InputError.single("JSON中含有无法处理的数值（位数过多），请填写合理的数值") from None


def read_body(data: bytes) -> Any:
    """A request body (not an application: a judgement …) → its parsed JSON value; the
    refusal's headline says the body is not valid JSON."""
    try:
        return parse_json(decode(data))
    except InputError as exc:
        raise InputError(exc.problems, f"请求体不是有效的JSON：{exc.problems[0]['message']}") \
            from None


def read_json(data: bytes) -> Any:
    """Submitted bytes → the parsed JSON value, refused whole if any text in it is unsafe.
    A body without an escape sequence and without a character text_problem refuses (but the
    line breaks and tabs JSON allows only between its tokens) holds no unsafe text: the
    parsed value is walked only when the body has one."""
    text = decode(data)
    value = parse_json(text)
    if _RAW_SUSPECT.search(text):
        refuse_unsafe_text(value)
    return value


# --- characters refused in any text ------------------------------------------------------

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
LINE_BREAKS = "\t\n\r"  # the control characters a multi-line text (a reason) may hold
# every character some text refuses: C0 and C1 controls (with DEL), lone surrogates, bidi
_BIDI = "".join(sorted(BIDI_CONTROLS))
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff" + _BIDI + "]")


# what in a JSON text may make a parsed text unsafe: a backslash (any escape: \\u0000, \\n …)
# or a character _SUSPECT names, except the tab and line breaks (strict JSON has them only
# between tokens, never inside a string)
_RAW_SUSPECT = re.compile("[\\\\\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _BIDI + "]")


def text_problem(text: str, bidi: bool = True, multiline: bool = False) -> str | None:
    """Why `text` cannot be accepted, else None.

    NUL cannot be stored by PostgreSQL and lone surrogates cannot be encoded as UTF-8 at all;
    other control characters (C0 U+0001–U+001F, DEL, C1 U+0080–U+009F) are invisible in the
    pages and the opinion PDF and break the spreadsheets the ledger and the history are
    exported to (an XLSX cannot hold U+0001), so they are refused too — except a tab and line
    breaks in a `multiline` text (the reason of a judgement or of a return, typed in a text
    area); names, codes and every text of an application are one line. Bidirectional controls
    (U+202E …) make a name display differently from what it is (in the pages and in the
    opinion PDF, an official record), so names and application texts refuse them rather than
    silently altering what the applicant wrote."""
    if not _SUSPECT.search(text):
        return None
    for char in text:
        code = ord(char)
        if code == 0:
            return "含有空字符（U+0000），文本中不允许出现该字符"
        if 0xD800 <= code <= 0xDFFF:
            return f"含有无效的Unicode字符（单独的代理码位 U+{code:04X}），请检查文本编码"
        if char in LINE_BREAKS and not multiline:
            return f"含有换行符或制表符（U+{code:04X}），此项只能填写一行文字"
        if (code < 0x20 or 0x7F <= code <= 0x9F) and char not in LINE_BREAKS:
            return (f"含有不可见的控制字符（U+{code:04X}），它无法显示、打印或导出到表格，"
                    "请删除后重新提交")
        if bidi and char in BIDI_CONTROLS:
            return (f"含有文字方向控制字符（U+{code:04X}），它会使显示的文字与实际内容不一致，"
                    "请删除后重新提交")
    return None


def filename_problem(name: str) -> str | None:
    """Why a file name cannot be accepted (text_problem's reasons, or any control character:
    a tab or line break in a name shown on a record, in a header or a log), else None."""
    for char in name:
        if ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0:
            return f"含有控制字符（U+{ord(char):04X}），请重命名文件后重新上传"
    return text_problem(name)


def printable(text: str, keep: str = "") -> str:
    """`text` with the characters text_problem refuses written as \\uXXXX (safe to show, to
    print and to export), except those in `keep` (e.g. the line breaks of a reason)."""
    if not _SUSPECT.search(text):
        return text
    return "".join(f"\\u{ord(c):04x}" if c not in keep and text_problem(c) else c
                   for c in text)


def refuse_unsafe_text(value: Any, loc: tuple = ()) -> None:
    """InputError naming every key or text in a parsed JSON value that text_problem refuses."""
    problems: list[dict[str, str]] = []
    _unsafe_in(value, loc, problems)
    if problems:
        raise InputError(problems)


def _unsafe_in(value: Any, loc: tuple, problems: list) -> None:
    if isinstance(value, str):
        if (problem := text_problem(value)) is not None:
            problems.append({"path": _path(loc), "title": field_title(loc), "message": problem})
    elif isinstance(value, dict):
        for key, inner in value.items():
            key_problem = text_problem(key)
            if key_problem is not None:
                problems.append({"path": _path((*loc, printable(key))), "title": "字段名",
                                 "message": "字段名" + key_problem})
                continue
            _unsafe_in(inner, (*loc, key), problems)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _unsafe_in(inner, (*loc, index), problems)


def _path(loc: tuple) -> str:
    """A field path as intake writes it: ``project.name``, ``energy[1].unit``."""
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p))
                   for i, p in enumerate(loc))


def _check_depth(text: str) -> None:
    """Refuse absurd nesting before the parser recurses into it (a text with no more than
    MAX_DEPTH brackets cannot nest deeper: not scanned)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                raise InputError.single(f"JSON嵌套层级过深（最多{MAX_DEPTH}层）")
        elif char in "]}":
            depth -= 1


def _json_reason(msg: str) -> str:
    reasons = {
        "Expecting value": "此处应为一个值",
        "Expecting property name enclosed in double quotes": "字段名须用英文双引号括起",
        "Expecting ',' delimiter": "缺少逗号分隔",
        "Expecting ':' delimiter": "缺少冒号",
        "Extra data": "JSON结束后还有多余内容",
        "Unterminated string starting at": "字符串没有结束引号",
        "Invalid control character at": "字符串中含有控制字符",
        "Invalid \\escape": "无效的转义字符",
    }
    return next((zh for en, zh in reasons.items() if msg.startswith(en)), msg)


def validate(data: Any, carriers: Mapping[str, Any] | None = None) -> ProjectApplication:
    """A parsed JSON value → ProjectApplication, or InputError naming every bad field.
    `carriers`: the energy carriers of the rulebook the application is reviewed under
    (``Rulebook.carriers``) — an energy line must name one of them, in one of its units;
    without it, those of the configured rules directory."""
    if not isinstance(data, dict):
        raise InputError.single("申报数据须为JSON对象（以 { 开头）")
    data = {k: v for k, v in data.items() if k != SAMPLE_KEY}
    try:
        return ProjectApplication.model_validate(data, context={"carriers": carriers})
    except ValidationError as exc:
        raise InputError([_problem(err) for err in exc.errors()]) from None


def load_bytes(data: bytes, carriers: Mapping[str, Any] | None = None
               ) -> tuple[ProjectApplication, Any]:
    """Bytes as uploaded → (validated application, the parsed JSON as received); `carriers`
    as for `validate`."""
    raw = read_json(data)
    return validate(raw, carriers), raw


def canonical_json(app: ProjectApplication) -> str:
    """The canonical form of an application: the fields as given, sorted, compact, UTF-8
    (what ``json.dumps(app.model_dump(mode="json", exclude_unset=True), ensure_ascii=False,
    sort_keys=True, separators=(",", ":"))`` writes, byte for byte: the same serializer
    without model_dump's Python wrapper, the same encoder made once — issue 29, the hash is
    taken at every review)."""
    return _encode(app.__pydantic_serializer__.to_python(app, mode="json", exclude_unset=True))


if json.encoder.c_make_encoder is not None:
    # json.dumps's own C encoder with the arguments above, without its check for circular
    # references (the dump of a validated application is a tree of new dicts and lists)
    _encoder = json.encoder.c_make_encoder(
        None, None, json.encoder.encode_basestring, None, ":", ",", True, False, True)

    def _encode(data: Any) -> str:
        return "".join(_encoder(data, 0))
else:  # pragma: no cover - CPython always has the C encoder
    def _encode(data: Any) -> str:
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def input_sha256(app: ProjectApplication) -> str:
    """The SHA-256 of the application's canonical form (`canonical_json`) in UTF-8: stored
    with the review and shown in every document."""
    return hashlib.sha256(canonical_json(app).encode()).hexdigest()


# --- Chinese error messages -------------------------------------------------------------

MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许的字段（未知键），请检查拼写",
    "greater_than_equal": "须大于或等于 {ge}",
    "greater_than": "须大于 {gt}",
    "less_than_equal": "须小于或等于 {le}",
    "less_than": "须小于 {lt}",
    "float_parsing": "须为数值",
    "float_type": "须为数值",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "int_from_float": "须为整数",
    "bool_parsing": "须为 true 或 false",
    "bool_type": "须为 true 或 false",
    "string_type": "须为文本",
    "string_too_short": "不能为空",
    "string_too_long": "过长（最多 {max_length} 个字符）",
    "literal_error": "须为以下之一：{expected}",
    "enum": "须为以下之一：{expected}",
    "date_parsing": "须为日期，格式 YYYY-MM-DD",
    "date_from_datetime_parsing": "须为日期，格式 YYYY-MM-DD",
    "date_type": "须为日期，格式 YYYY-MM-DD",
    "finite_number": "须为有限数值（不接受 NaN/Infinity）",
    "list_type": "须为列表（[…]）",
    "model_type": "须为对象（{{…}}）",
    "dict_type": "须为对象（{{…}}）",
    "model_attributes_type": "须为对象（{{…}}）",
    "too_long": "项数过多（最多 {max_length} 项）",
    "too_short": "项数过少（至少 {min_length} 项）",
}


def _problem(err: dict) -> dict[str, str]:
    loc = err["loc"]
    path = _path(loc)
    kind, ctx = err["type"], dict(err.get("ctx") or {})
    if kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
    elif kind == "string_pattern_mismatch":
        message = _pattern_message(loc)
    elif kind in MESSAGES:
        if "expected" in ctx:
            ctx["expected"] = "、".join(
                part.strip(" '\"") for part in str(ctx["expected"]).replace(" or ", ", ").split(","))
        try:
            message = MESSAGES[kind].format(**{k: _num(v) for k, v in ctx.items()})
        except (KeyError, IndexError, ValueError):
            message = MESSAGES[kind]
    else:
        message = err["msg"]
    if kind not in ("missing", "extra_forbidden") and "input" in err and \
            not isinstance(err["input"], (dict, list)):
        message += f"（收到：{str(err['input'])[:60]}）"
    return {"path": path, "title": field_title(loc), "message": message}


def _num(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value) if abs(value) < 1e15 else f"{value:g}"
    return value


def _pattern_message(loc: tuple) -> str:
    last = loc[-1]
    return {
        "industry_code": "格式不符：国民经济行业代码须为2至4位数字（GB/T 4754-2017，如 3011）",
        "code": "格式不符：项目代码形如 2601-430105-04-01-123456" if "project" in loc else
                "格式不符：须为小写字母、数字和下划线组成的代码",
    }.get(last, "格式不符")


def field_title(loc: tuple) -> str:
    """The Chinese titles along a field path, e.g. 年能源消费（按品种）第3项 › 计量单位."""
    titles: list[str] = []
    model: Any = ProjectApplication
    for part in loc:
        if isinstance(part, int):
            titles.append(f"第{part + 1}项")
            continue
        fields = getattr(model, "model_fields", {}) if isinstance(model, type) else {}
        info = fields.get(part)
        if info is None:
            titles.append(str(part))
            model = None
            continue
        titles.append(info.title or part)
        model = _inner_model(info.annotation)
    return " › ".join(titles)


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside Optional[...] / list[...], if any."""
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            return current
        stack.extend(getattr(current, "__args__", ()))
    return None
