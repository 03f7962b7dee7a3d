"""The OpenAPI 3.1 document of ``/api/v1``: the request schema is the application model's
JSON Schema, the response schemas are generated from the models in web/schemas.py."""
from __future__ import annotations

import functools
import json
from typing import Any

from pydantic.json_schema import models_json_schema

from checker import rulebook
from checker.intake import MAX_SIZE_TEXT
from checker.model import ProjectApplication
from checker.outcome import EnergyConclusion
from checker.severity import Outcome
from checker.store.judgements import MAX_JUDGEMENTS
from checker.store.ledger import CLASSES as LEDGER_CLASSES
from web.common import PRODUCT_NAME
from web.schemas import REQUESTS, RESPONSES

REF = "#/components/schemas/{model}"


def _components() -> dict[str, Any]:
    """Every schema under components/schemas: the application as accepted (validation), the
    responses as sent (serialization)."""
    _, top = models_json_schema([(ProjectApplication, "validation")] +
                                [(model, "validation") for model in REQUESTS] +
                                [(model, "serialization") for model in RESPONSES],
                                ref_template=REF)
    return top["$defs"]


def _ref(name: str) -> dict:
    return {"$ref": REF.format(model=name)}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


FULL = [{"name": "full", "in": "query", "schema": {"type": "string", "enum": ["1"]},
         "description": "full=1：审查发现的每条依据给出条款全文与出处（StoredReview）；缺省为精简形式"
                        "（CompactStoredReview：依据只给条款编号、角色与规则浏览页链接）"}]


def _review(description: str) -> dict:
    """A stored review: compact by default, in full with ``?full=1``."""
    return _json(description, {"oneOf": [_ref("CompactStoredReview"), _ref("StoredReview")]})


def _json(description: str, schema: dict | str | None = None) -> dict:
    """A JSON response: `schema` names a component, or is a schema itself."""
    schema = _ref(schema) if isinstance(schema, str) else schema or {"type": "object"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


@functools.lru_cache(maxsize=1)
def _document() -> str:
    review_id = [{"name": "review_id", "in": "path", "required": True,
                  "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                  "description": "审查记录编号（更大的编号一律 404）"}]
    common = {"401": _error("缺少或无效的访问令牌"), "403": _error("账户已停用"),
              "503": _error("数据库暂时无法访问（响应头 Retry-After 给出建议的重试秒数）")}
    components = _components()
    components["ReviewRequest"] = {
        "description": "申报数据本身，或 {application, as_of} 包装",
        "oneOf": [{"$ref": "#/components/schemas/ProjectApplication"},
                  {"type": "object", "additionalProperties": False, "required": ["application"],
                   "properties": {
                       "application": {"$ref": "#/components/schemas/ProjectApplication"},
                       "as_of": {"type": "string", "format": "date",
                                 "description": "审查基准日（默认当天）"}}}]}
    document = {
        "openapi": "3.1.0",
        "info": {"title": f"{PRODUCT_NAME} API", "version": "1",
                 "description": "以 Authorization: Bearer <令牌> 访问；令牌由管理员用 "
                                "flask --app web create-token 创建。响应头 X-Rulebook-Version "
                                "给出规则库版本。"},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                       "schemas": components},
        "paths": {
            "/reviews": {
                "post": {"summary": "提交申报数据并生成审查（文书为草稿，签发时才分配文号）",
                         "parameters": FULL + [{"name": "Idempotency-Key", "in": "header",
                                         "schema": {"type": "string", "pattern":
                                                    "^[\\x21-\\x7e]{1,100}$"},
                                         "description": "幂等键：同一用户以同一键重复提交同一请求（如超时"
                                                        "重试），返回首次创建的审查（200），不再新建；"
                                                        "同一键提交不同的申报数据或审查基准日返回 422"}],
                         "requestBody": {"required": True, "content": {"application/json": {
                             "schema": {"$ref": "#/components/schemas/ReviewRequest"}}}},
                         "responses": {"201": _review("已创建的审查"),
                                       "200": _review("同一幂等键已创建的审查"),
                                       "400": _error("JSON格式错误或申报数据不合规（含空字符、单独的代理码位、"
                                                     "文字方向控制字符的文本亦拒绝）"),
                                       "413": _error(f"申报数据超过 {MAX_SIZE_TEXT}"),
                                       "415": _error("内容类型不是 application/json"),
                                       "422": _error("幂等键已用于另一份申报（code: "
                                                     "idempotency_key_reused）"),
                                       **common}},
                "get": {"summary": "审查记录列表（每页20条）",
                        "parameters": [{"name": "page", "in": "query",
                                        "schema": {"type": "integer", "minimum": 1}},
                                       {"name": "q", "in": "query", "schema": {"type": "string"},
                                        "description": "按项目名称、建设单位、项目代码或文号检索"},
                                       {"name": "state", "in": "query",
                                        "schema": {"type": "string", "enum": [
                                            "draft", "submitted", "returned", "issued", "void"]},
                                        "description": "有该状态文书的记录"},
                                       {"name": "type", "in": "query",
                                        "schema": {"type": "string", "enum": list(
                                            rulebook.shipped().documents.documents)},
                                        "description": "有该类型文书的记录"},
                                       {"name": "conclusion", "in": "query",
                                        "schema": {"type": "string", "enum": [
                                            c.value for c in EnergyConclusion]},
                                        "description": "节能审查部分的结论"},
                                       {"name": "outcome", "in": "query",
                                        "schema": {"type": "string", "enum": [
                                            o.value for o in Outcome]},
                                        "description": "审查结果（不单独审查、区级、转报市级、转报省级、待定）"},
                                       {"name": "industry", "in": "query",
                                        "schema": {"type": "string", "pattern": "^[0-9]{1,4}$"},
                                        "description": "行业代码前缀"},
                                       {"name": "date_from", "in": "query",
                                        "schema": {"type": "string", "format": "date"}},
                                       {"name": "date_to", "in": "query",
                                        "schema": {"type": "string", "format": "date"}},
                                       {"name": "reviewer", "in": "query",
                                        "schema": {"type": "integer"},
                                        "description": "审查人员编号"}],
                        "responses": {"200": _json("分页列表", "ReviewPage"), **common}}},
            "/reviews/{review_id}": {"get": {
                "summary": "一条审查记录", "parameters": review_id + FULL,
                "responses": {"200": _review("审查记录"), "404": _error("不存在"),
                              **common}}},
            "/reviews/{review_id}/opinion.pdf": {"get": {
                "summary": "主文书PDF（已签发：签发时存档的PDF/A字节；草稿：带水印重新生成）",
                "parameters": review_id,
                "responses": {"200": {"description": "PDF", "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                    "404": _error("不存在"),
                    "409": _error("草稿：审查时的规则库文件已更新、无法重建（参数设置的修改不会如此）；"
                                  "error.links.rereview 为重新审查的地址"), **common}}},
            "/reviews/{review_id}/working-paper.pdf": {"get": {
                "summary": ("审查工作底稿PDF（内部：审查依据、参数来源与核实状态、依据链、人工复核记录、"
                            "申报数据摘要和规则库版本；不编文号、不对外发送；规则库变更后为最近一次签发时存档的底稿）"),
                "parameters": review_id,
                "responses": {"200": {"description": "PDF", "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                    "404": _error("不存在"), "409": _error("规则库已变更且无存档底稿"), **common}}},
            "/reviews/{review_id}/documents/{kind}.pdf": {"get": {
                "summary": ("本审查的一份文书PDF（节能审查意见、告知承诺书、补正通知、责令停止建设、限期整改通知书、"
                            "转报函、告知书或生态环境部门的部门意见；已作废的加注作废说明页和作废标记）"),
                "parameters": review_id + [{"name": "kind", "in": "path", "required": True,
                                            "schema": {"type": "string", "enum": list(
                                                rulebook.shipped().documents.documents)}}],
                "responses": {"200": {"description": "PDF", "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                    "404": _error("不存在"),
                    "409": _error("审查时的规则库文件已更新、无法重建；error.links.rereview 为重新审查的地址"),
                    **common}}},
            "/reviews/{review_id}/rereview": {"post": {
                "summary": "按现行规则库重新审查（同一审查基准日）：生成与原记录关联的新记录（previous_id），"
                           "原记录不变；新记录的 changes 给出审查结果、结论与审查发现的变化",
                "parameters": review_id + FULL,
                "responses": {"201": _review("新的审查记录"),
                              "200": _review("此前已按现行规则库重新审查生成的记录"),
                              "400": _error("原申报数据已不符合现行要求"), "404": _error("不存在"),
                              **common}}},
            "/reviews/{review_id}/documents/{kind}/archived.pdf": {"get": {
                "summary": "已签发或已作废文书的存档原件（签发时存档的PDF/A字节，SHA-256与记录一致；"
                           "作废文书经 documents/{kind}.pdf 下载时加注作废说明页和作废标记）",
                "parameters": review_id + [{"name": "kind", "in": "path", "required": True,
                                            "schema": {"type": "string", "enum": list(
                                                rulebook.shipped().documents.documents)}}],
                "responses": {"200": {"description": "PDF", "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                    "404": _error("不存在或尚未签发"), **common}}},
            "/reviews/{review_id}/documents/{kind}/{action}": {"post": {
                "summary": "文书办理：submit 提交签发（起草人）、return 退回、issue 签发、void 作废"
                           "（签发单位的签发人，不得为起草人）",
                "parameters": review_id + [
                    {"name": "kind", "in": "path", "required": True,
                     "schema": {"type": "string", "enum": list(
                         rulebook.shipped().documents.documents)}},
                    {"name": "action", "in": "path", "required": True,
                     "schema": {"type": "string", "enum": ["submit", "return", "issue",
                                                           "void"]}}],
                "requestBody": {"required": False, "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"reason": {
                        "type": "string", "maxLength": 500,
                        "description": "退回或作废的原因（必填）"}}}}}},
                "responses": {"200": _json("办理后的审查记录", "StoredReview"),
                              "400": _error("缺少原因"), "403": _error("无权办理"),
                              "404": _error("不存在"),
                              "409": _error("文书当前状态不允许该操作，或规则库已变更（签发草稿时）"),
                              **common}}},
            "/reviews/{review_id}/judgements": {
                "get": {"summary": "人工复核意见：有效的与已撤回的，复核后结论与规则引擎原结论",
                        "parameters": review_id,
                        "responses": {"200": _json("人工复核意见", "Judgements"),
                                      "404": _error("不存在"), **common}},
                "post": {"summary": "人工复核（起草人；文书均为草稿或已退回时）：不予采纳某项审查发现、"
                                    "调整其结论类别，或补充审查意见（引用规则库引用条款库中的条款），"
                                    "均须填写理由；结论与文书随之按复核后的审查发现",
                         "parameters": review_id,
                         "requestBody": {"required": True, "content": {"application/json": {
                             "schema": _ref("JudgementIn")}}},
                         "responses": {"201": _json("复核后的人工复核意见", "Judgements"),
                                       "400": _error("复核意见有误（problems 指明字段）"),
                                       "403": _error("非起草人"), "404": _error("不存在"),
                                       "409": _error("文书已提交签发、已签发或已作废，或人工复核意见"
                                                     f"已达每条记录{MAX_JUDGEMENTS}条的上限"),
                                       "415": _error("内容类型不是 application/json"),
                                       **common}}},
            "/reviews/{review_id}/judgements/{judgement_id}": {"delete": {
                "summary": "撤回一条人工复核意见（起草人；记录保留并标明撤回人和时间）",
                "parameters": review_id + [{"name": "judgement_id", "in": "path",
                                            "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": _json("撤回后的人工复核意见", "Judgements"),
                              "403": _error("非起草人"), "404": _error("不存在"),
                              "409": _error("文书已提交签发、已签发或已作废"), **common}}},
            "/ledger": {"get": {
                "summary": "能耗台账：已印发审查记录按月、结论、审查结果、行业汇总，额度与强度",
                "parameters": [{"name": "year", "in": "query",
                                "schema": {"type": "integer", "minimum": 2000, "maximum": 2100},
                                "description": "年度（默认当年）"},
                               {"name": "industry", "in": "query",
                                "schema": {"type": "string", "pattern": "^[0-9]{1,4}$"},
                                "description": "行业代码前缀"},
                               {"name": "outcome", "in": "query",
                                "schema": {"type": "string", "enum": list(LEDGER_CLASSES)},
                                "description": "台账类别"}],
                "responses": {"200": _json("能耗台账", "Ledger"), "400": _error("筛选参数错误"),
                              **common}}},
            "/schema": {"get": {"summary": "申报数据的 JSON Schema",
                                "responses": {"200": _json("JSON Schema"), **common}}},
            "/rules": {"get": {"summary": "规则库（规则、参数、引用条款）",
                               "responses": {"200": _json("规则库", "RulesDocument"), **common}}},
            "/openapi.json": {"get": {"summary": "本文档", "security": [],
                                      "responses": {"200": _json("OpenAPI 3 文档")}}},
        },
    }
    return json.dumps(document, ensure_ascii=False)


def openapi_document() -> dict[str, Any]:
    return json.loads(_document())
