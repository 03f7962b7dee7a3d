"""Error responses: JSON ``{"error": {code, message, problems}}`` under /api, pages elsewhere.

Every message is in Chinese; no traceback ever reaches the client.  A refusal of the service
layer (checker.refusals.Refused: bad input, a record that does not exist, an action not
allowed now) is answered here and only here: `refused_json` for the API's blueprint,
`refused_page` for the pages — the views raise, they never map a refusal to HTTP themselves.
"""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from checker.intake import ATTACHMENT_MAX_TEXT, MAX_REQUEST_BYTES, size_limit_message
from checker.refusals import Refused

RETRY_AFTER = 30  # seconds a client is asked to wait while the database is unavailable

MESSAGES = {
    400: "请求无效",
    401: "需要登录或有效的访问令牌",
    403: "无权访问",
    404: "未找到请求的页面或记录",
    405: "不支持该请求方法",
    409: "无法完成请求",
    422: "请求无法处理",
    413: f"提交的内容过大，{size_limit_message()}（整个请求不得超过 {MAX_REQUEST_BYTES // 1024} KB）",
    415: "内容类型不受支持，请以 application/json 提交",
    429: "尝试过于频繁，请稍后再试",
    500: "服务器内部错误，请稍后重试或联系管理员",
    503: "数据库暂时无法访问，服务暂不可用，请稍后重试；如持续出现请联系管理员",
}
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
         422: "unprocessable",
         415: "unsupported_media_type", 429: "too_many_requests", 500: "internal_error",
         503: "service_unavailable"}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, message: str | None = None, problems: list | None = None,
              code: str | None = None, links: dict | None = None):
    """A JSON error response in the API's shape (`links`: where to go on, e.g. the re-review
    of a record whose rulebook changed)."""
    body = {"error": {"code": code or CODES.get(status, "error"),
                      "message": message or MESSAGES.get(status, "请求失败"),
                      "problems": problems or [], **({"links": links} if links else {})}}
    response = jsonify(body)
    response.status_code = status
    return response


def _message(error: HTTPException) -> str:
    if error.code == 413 and request.endpoint == "records.attach":
        return f"附件过大：每个附件不得超过 {ATTACHMENT_MAX_TEXT}"
    if error.code == 413 and request.mimetype == "multipart/form-data" and \
            request.content_length is not None and request.max_content_length and \
            request.content_length <= request.max_content_length:
        # within the size limit: the form parser refused the number of its parts
        return (f"提交的表单字段和文件过多：一次最多 {request.max_form_parts} 个"
                "（批量审查请把文件打包为ZIP上传）")
    description = error.description or ""
    # werkzeug's own English descriptions are replaced by the Chinese ones
    if description and not description.isascii():
        return description
    return MESSAGES.get(error.code or 500, "请求失败")


def handle_http(error: HTTPException):
    status = error.code or 500
    if wants_json():
        response = api_error(status, _message(error))
    else:
        response = render_template("error.html", status=status, message=_message(error)), status
        from flask import make_response
        response = make_response(response)
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    if status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER)
    if status == 401 and wants_json():
        response.headers["WWW-Authenticate"] = 'Bearer realm="kaifu-checker"'
    return response


def refused_json(error: Refused):
    """A refusal under /api: the API's JSON error (its status, code, headline, problems)."""
    return api_error(error.status, error.headline, error.problems, error.code,
                     links=getattr(error, "links", None))


def refused_page(error: Refused):
    """A refusal on a page: the error page with the refusal's Chinese message."""
    if wants_json():  # raised outside the API's views (a hook) for an /api/ path
        return refused_json(error)
    # a record whose rulebook cannot be rebuilt offers its re-review (service.RulebookChanged)
    return render_template("error.html", status=error.status, message=str(error),
                           rereview_id=getattr(error, "review_id", None)), error.status


def handle_unexpected(error: Exception):
    """Any uncaught exception: logged, and a plain Chinese 500 for the client."""
    from flask import current_app

    current_app.logger.exception("未处理的异常")
    return handle_http(InternalServerError())


def handle_database_unavailable(error: Exception):
    """The database refused, timed out or is locked: a 503 the client may retry, not a 500.

    Nothing is kept from the failed attempt (the pool discards broken connections and
    reconnects on the next request), so the service recovers by itself."""
    from flask import current_app

    current_app.logger.error("数据库不可用：%s", str(error).splitlines()[0][:300])
    return handle_http(ServiceUnavailable())


def init_app(app: Flask) -> None:
    app.register_error_handler(Refused, refused_page)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(PoolTimeout, handle_database_unavailable)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
