"""HTML → PDF with WeasyPrint, fetching nothing but the opinion package's own assets.

`AssetFetcher` serves only files under checker/opinion/fonts and checker/opinion/static,
by the private scheme ``opinion-asset:`` (e.g. ``opinion-asset:fonts/KaifuSerifSC-Regular.ttf``).
Every other URL — ``file:``, ``http(s):``, ``data:``, relative paths, paths escaping the
package — is refused and recorded, so applicant text can never make the renderer read a
local file or reach the network.

Output is deterministic: fixed creation/modification dates (the issue date, from the HTML
metadata) and a PDF identifier derived from the review, never a clock or random value.

What does not depend on the review is built once per process (`shared`): one WeasyPrint
`FontConfiguration` (fontconfig state and the bundled ``@font-face`` fonts) and the opinion
stylesheet parsed with it. A configuration per render is never released and costs
≈0.26 MB per opinion; one configuration is not safe to use from two threads at once (heap
corruption, wrong bytes), so rendering with it is serialised under `_render_lock`.

tinyhtml5 (WeasyPrint's HTML parser) is given a working pattern cache (`_CharacterPatterns`):
the same parse, without building the same patterns again some 370 times per document.
"""
from __future__ import annotations

import atexit
import re
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import pydyf
from tinyhtml5 import inputstream
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text.ffi import ffi, harfbuzz
from weasyprint.text.fonts import FontConfiguration, get_hb_object_data
from weasyprint.urls import URLFetcher, URLFetcherResponse

SCHEME = "opinion-asset:"
PACKAGE = Path(__file__).resolve().parent
ALLOWED_DIRS = ("fonts", "static")
MIME_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".css": "text/css"}
STYLESHEET = SCHEME + "static/opinion.css"

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


@dataclass(frozen=True)
class Shared:
    """What every render in this process uses: built once, never changed afterwards.

    fonts:       the font configuration (system fonts plus the bundled faces);
    stylesheet:  static/opinion.css parsed with `fonts` (its ``@font-face`` faces loaded);
    counters, profiles: the ``@counter-style`` and ``@color-profile`` rules it defines
                 (each render gets its own copy);
    fetcher:     the fetcher that loaded them (its record shows what was read).
    """

    fonts: FontConfiguration
    stylesheet: CSS
    counters: CounterStyle
    profiles: dict
    fetcher: "AssetFetcher"


_render_lock = threading.Lock()
_shared: Shared | None = None


def shared() -> Shared:
    """The process's font configuration and parsed stylesheet (built on first use)."""
    global _shared
    with _render_lock:
        if _shared is None:
            _shared = _build()
        return _shared


def _build() -> Shared:
    fonts, counters, profiles, fetcher = FontConfiguration(), CounterStyle(), {}, AssetFetcher()
    stylesheet = CSS(url=STYLESHEET, url_fetcher=fetcher, font_config=fonts,
                     counter_style=counters, color_profiles=profiles)
    return Shared(fonts, stylesheet, counters, profiles, fetcher)


@atexit.register
def _release() -> None:
    """Drop the shared configuration so WeasyPrint removes its temporary font folder."""
    global _shared
    _shared = None


def write(html: str, identifier: bytes | None = None, fetcher: AssetFetcher | None = None,
          stylesheet: bool = False, variant: str | None = None) -> bytes:
    """Render `html` to PDF bytes; `identifier` becomes the PDF file identifier (/ID).

    With `stylesheet`, the opinion stylesheet parsed once per process is applied (the HTML
    then leaves it out); otherwise `html` must carry its own styles. `fetcher` (a new
    `AssetFetcher` by default) serves what the HTML itself refers to. `variant` is a
    WeasyPrint PDF variant: ``"pdf/a-3b"`` for an issued document kept in the archive.
    """
    common = shared()
    document = HTML(string=html, base_url=SCHEME, url_fetcher=fetcher or AssetFetcher())
    with _render_lock:
        return document.write_pdf(
            pdf_identifier=identifier.hex().encode("ascii") if identifier else None,
            custom_metadata=True, font_config=common.fonts, pdf_variant=variant,
            finisher=compress_once if identifier else None, **_styles(common, stylesheet))


def _styles(common: Shared, stylesheet: bool) -> dict:
    """WeasyPrint's style options for a render: the shared opinion stylesheet with its own
    copies of the counter styles and colour profiles, or nothing (the HTML has its styles)."""
    if not stylesheet:
        return {}
    return {"stylesheets": [common.stylesheet], "counter_style": CounterStyle(common.counters),
            "color_profiles": dict(common.profiles)}


def layout(html: str):
    """The pages of `html` laid out exactly as `write(html, stylesheet=True)` lays them out
    (a WeasyPrint `Document`, before any PDF is written): for reading back what was set in
    which face (the PDF floor of benchmarks.opinion)."""
    common = shared()
    document = HTML(string=html, base_url=SCHEME, url_fetcher=AssetFetcher())
    with _render_lock:
        return document.render(font_config=common.fonts, **_styles(common, True))


def face_data(hb_object, ot_color=None, glyph=None):
    """The bytes of a HarfBuzz face as WeasyPrint's PDF font code reads them, without a copy.

    WeasyPrint copies every embedded face's whole file into a new bytes object for each PDF
    (`weasyprint.pdf.fonts.Font`), only to replace it with the subset a moment later: 2–6 MB per
    face, 1–2 ms each (fresh memory, page by page), 5–7 ms of a short document with five faces.
    Here the face's own (read-only) data is handed over as a buffer that keeps the HarfBuzz blob
    alive; `clean_font` turns whatever is left of it into bytes once the font is subset, before
    anything is written. The PDF is byte for byte the same (tests/opinion/test_opinion_pdf.py).
    """
    if ot_color is not None:
        return get_hb_object_data(hb_object, ot_color, glyph)
    blob = harfbuzz.hb_face_reference_blob(hb_object)
    length = ffi.new("unsigned int *")
    data = harfbuzz.hb_blob_get_data(blob, length)
    if data == ffi.NULL:
        harfbuzz.hb_blob_destroy(blob)
        return None
    # The buffer keeps `owner` alive, and `owner` the blob until it is collected.
    owner = ffi.gc(ffi.cast("char *", data), lambda _, blob=blob: harfbuzz.hb_blob_destroy(blob))
    return ffi.buffer(owner, length[0])


_clean = pdf_fonts.Font.clean


def clean_font(font, to_unicode, hinting) -> None:
    """`Font.clean` (subset the font), then the font's data as bytes (see `face_data`)."""
    _clean(font, to_unicode, hinting)
    if not isinstance(font.file_content, bytes):
        font.file_content = bytes(font.file_content)


pdf_fonts.get_hb_object_data = face_data
pdf_fonts.Font.clean = clean_font


def compress_once(document, pdf: "pydyf.PDF") -> None:
    """Compress each stream of `pdf` once, before pydyf writes it (a WeasyPrint finisher).

    pydyf compresses a stream every time its bytes are asked for, and a PDF with a file
    identifier (every document here has one) asks twice: once to hash the file for the
    identifier, once to write it — the fonts, the largest streams, were compressed twice
    (a fifth of a document's rendering time). Here each compressed stream becomes its
    compressed bytes with the ``/FlateDecode`` filter pydyf would have added, in the same
    place among its keys: the file is byte for byte the one pydyf writes itself
    (tests/opinion/test_opinion_pdf.py holds the digests of the samples' documents).
    """
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress:
            compressor = zlib.compressobj(level=9)  # pydyf.Stream.data's compression
            raw = b"\n".join(pydyf._to_bytes(item) for item in obj.stream)
            obj.stream = [compressor.compress(raw) + compressor.flush()]
            obj.extra = {**obj.extra, "Filter": "/FlateDecode"}
            obj.compress = False


class _CharacterPatterns(dict):
    """tinyhtml5's cache of the patterns `HTMLUnicodeInputStream.chars_until` matches with, as
    it means to be: keyed by the characters asked for.

    tinyhtml5 2.1 reads the cache by ``(characters, opposite)`` but stores each pattern under
    ``(pattern, opposite)`` (``characters = cache[(characters, opposite)] = regex`` assigns
    ``characters`` first), so it never finds one and builds the pattern's text again on every
    call: some 370 times for a 节能审查意见's HTML. Here a missing pattern is built (as tinyhtml5
    builds it) and kept under the key it is read by; the parse is the same. The floor of
    `make bench PARTS=opinion` parses with tinyhtml5 too, so both gain alike.
    """

    def __missing__(self, key):
        characters, opposite = key
        chars = "".join(f"\\x{ord(character):02x}" for character in characters)
        pattern = self[key] = re.compile(f"[{'' if opposite else '^'}{chars}]+")
        return pattern


inputstream.characters_until_regex = _CharacterPatterns()
