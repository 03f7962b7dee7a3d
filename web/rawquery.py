"""Raw UTF-8 in a query string (``/api/v1/reviews?q=项目名称`` sent unencoded by a script).

PEP 3333 hands the query string to the application as a str holding the raw bytes as
latin-1.  Werkzeug's development server (``flask run``, ``make serve``) builds it from a
request line that Python's http.server has already decoded as latin-1, then encodes that as
UTF-8 and decodes it as latin-1 again: the UTF-8 bytes arrive encoded twice, so
``request.args`` read "æµ\\x8bè¯\\x95" for "测试" and a search silently found nothing.
This middleware undoes exactly that second encoding (only when the text decodes that way);
a percent-encoded or ASCII query string is left untouched.  (Gunicorn refuses raw non-ASCII
request lines outright with 400, which is at least not silent.)
"""
from __future__ import annotations

from typing import Any, Callable


def repaired(query: str) -> str:
    """The query string with a double UTF-8 encoding undone, or unchanged."""
    if query.isascii():
        return query
    try:
        once = query.encode("latin-1").decode("utf-8")
        once.encode("latin-1").decode("utf-8")  # the original bytes must be UTF-8 too
    except (UnicodeEncodeError, UnicodeDecodeError):
        return query
    return once


class RawQueryFix:
    """WSGI middleware: repair QUERY_STRING from Werkzeug's development server."""

    def __init__(self, app: Callable[..., Any]):
        self.app = app

    def __call__(self, environ: dict, start_response):
        if str(environ.get("SERVER_SOFTWARE", "")).startswith("Werkzeug/"):
            query = environ.get("QUERY_STRING", "")
            fixed = repaired(query)
            if fixed is not query:
                environ["QUERY_STRING"] = fixed
        return self.app(environ, start_response)
