"""HTML → PDF with WeasyPrint, fetching nothing but the opinion package's own assets.

`AssetFetcher` serves only files under checker/opinion/fonts and checker/opinion/static,
by the private scheme ``opinion-asset:`` (e.g. ``opinion-asset:fonts/KaifuSerifSC-Regular.ttf``).
Every other URL — ``file:``, ``http(s):``, ``data:``, relative paths, paths escaping the
package — is refused and recorded, so applicant text can never make the renderer read a
local file or reach the network.

Output is deterministic: fixed creation/modification dates (the issue date, from the HTML
metadata) and a PDF identifier derived from the review, never a clock or random value.
"""
from __future__ import annotations

import threading
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

SCHEME = "opinion-asset:"
PACKAGE = Path(__file__).resolve().parent
ALLOWED_DIRS = ("fonts", "static")
MIME_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".css": "text/css"}

_cache: dict[str, bytes] = {}
_cache_lock = threading.Lock()


class RefusedURL(ValueError):
    """The renderer asked for something other than the package's own assets."""


def asset_path(url: str) -> Path:
    """The file an ``opinion-asset:`` URL names, or RefusedURL."""
    if not url.startswith(SCHEME):
        raise RefusedURL(f"只允许读取本模块自带的字体和样式，拒绝：{url[:200]}")
    relative = unquote(url[len(SCHEME):].split("?", 1)[0].split("#", 1)[0]).lstrip("/")
    parts = PurePosixPath(relative).parts
    if (len(parts) < 2 or parts[0] not in ALLOWED_DIRS or any(p in ("..", ".", "") for p in parts)
            or "\\" in relative or "\x00" in relative):
        raise RefusedURL(f"资源路径不允许：{url[:200]}")
    path = PACKAGE.joinpath(*parts).resolve()
    if path.suffix.lower() not in MIME_TYPES or not path.is_relative_to(PACKAGE / parts[0]):
        raise RefusedURL(f"资源类型或位置不允许：{url[:200]}")
    if not path.is_file():
        raise RefusedURL(f"资源不存在：{url[:200]}")
    return path


class AssetFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves only the package's fonts and styles.

    ``attempts`` records every URL asked for and ``refused`` those refused (for tests and
    audit).  Refusals are not fatal: WeasyPrint logs them and renders without the resource.
    """

    def __init__(self):
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.attempts: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.attempts.append(url)
        try:
            path = asset_path(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        key = str(path)
        with _cache_lock:
            body = _cache.get(key)
            if body is None:
                body = _cache[key] = path.read_bytes()
        return URLFetcherResponse(url, body, {"Content-Type": MIME_TYPES[path.suffix.lower()]})

    # urllib's OpenerDirector entry points must not bypass the checks either.
    def open(self, url, data=None, timeout=None):
        return self.fetch(url if isinstance(url, str) else url.full_url)


def write(html: str, identifier: bytes | None = None,
          fetcher: AssetFetcher | None = None) -> bytes:
    """Render `html` to PDF bytes; `identifier` becomes the PDF file identifier (/ID)."""
    fetcher = fetcher or AssetFetcher()
    document = HTML(string=html, base_url=SCHEME, url_fetcher=fetcher)
    return document.write_pdf(
        pdf_identifier=identifier.hex().encode("ascii") if identifier else None,
        custom_metadata=True)
