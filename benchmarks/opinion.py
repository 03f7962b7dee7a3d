"""Opinion PDF rendering: speed against a bare page, and resident memory over many renders.

Speed: median ms per opinion against the floor (`Floor`): what any renderer must do for the same
document — its own text, block by block, each run in the face the document sets it in (title
小标宋, headings 黑体 and 楷体, body 仿宋), wrapped on a bare A4 page with the same margins and
nothing else — rendered with one font configuration and stylesheet built once, like the
documents' own (checker.opinion.pdf.shared). The ratio shows what the official layout (masthead
rule, tables, borders, indents, watermark, page numbers, the 版记) costs over the same text in
the same faces. Printed beside it: the older floor (the text in one <pre> in the body face only:
no title or heading faces, no paragraphs, so it made the documents look slower than they are)
and the bare page in WeasyPrint's default system fonts.

Memory: resident memory (VmRSS from /proc) over BENCH_OPINION_RENDERS (default 300) opinion
renders, the samples' reviews in turn, (1) in one fresh Python process calling
`render_pdf`, (2) in one gunicorn worker (1 process × 8 threads, 4 concurrent clients)
serving ``GET /api/v1/reviews/<id>/opinion.pdf`` — the same rendering path as the web page
``/reviews/<id>/opinion.pdf``. Printed: RSS before and after, growth per render, and the
slope over the last half (least squares), which is ≈ 0 when memory has levelled off.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html as htmlmod
import http.client
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

RUNS = 10
ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 3, 1)
CLIENTS = 4

APPLICATION = {
    "project": {"name": "开福区某商业综合体项目", "applicant": "长沙某置业有限公司",
                "industry_code": "7010", "nature": "新建", "investment": 80000,
                "location": {"address": "长沙市开福区芙蓉北路"}},
    "energy": [{"carrier": "electricity", "quantity": 2000, "unit": "万kWh"},
               {"carrier": "natural_gas", "quantity": 50, "unit": "万m³"}],
}


def _renders() -> int:
    try:
        return max(20, int(os.environ.get("BENCH_OPINION_RENDERS", "") or 300))
    except ValueError:
        return 500


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size of a process in MB (VmRSS)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"进程 {pid} 没有 VmRSS")


def slope(values: list[float]) -> float:
    """Least-squares slope of `values` against their index (units per step)."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x, mean_y = (n - 1) / 2, statistics.fmean(values)
    num = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values))
    return num / sum((i - mean_x) ** 2 for i in range(n))


def memory_lines(label: str, before: float, samples: list[float]) -> list[str]:
    """Report lines for RSS `before` the first render and after each render (`samples`).

    The first render imports WeasyPrint and loads the fonts; the growth per render is
    counted after it, the slope over the last half shows whether memory has levelled off.
    """
    n = len(samples)
    per_render = (samples[-1] - samples[0]) / max(1, n - 1) * 1024
    tail = slope(samples[n // 2:]) * 1024
    return [f"{label}：{n} 次渲染，常驻内存 {before:.1f} MB → 首次后 {samples[0]:.1f} MB → "
            f"结束 {samples[-1]:.1f} MB（首次后增长 {samples[-1] - samples[0]:+.1f} MB，"
            f"每次 {per_render:+.1f} KB；后一半斜率 {tail:+.2f} KB/次）"]


def sample_applications() -> list[dict]:
    from checker import intake

    applications = []
    for path in sorted((ROOT / "samples").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop(intake.SAMPLE_KEY, None)
        applications.append(data)
    return applications


def memory_child(renders: int) -> None:
    """In this (fresh) process: review every sample, then render `renders` opinions in
    turn; print JSON {before, samples} with RSS in MB."""
    from checker import intake
    from checker.opinion import OpinionMeta, document_number, render_pdf
    from checker.review import review

    reviews = [review(intake.validate(data), AS_OF) for data in sample_applications()]
    meta = OpinionMeta(number=document_number("开发改环资", 2026, 1))
    before = rss_mb()
    samples = []
    for i in range(renders):
        render_pdf(reviews[i % len(reviews)], meta)
        samples.append(rss_mb())
    print(json.dumps({"before": before, "samples": samples}))


def in_process(renders: int) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = f"from benchmarks.opinion import memory_child; memory_child({renders})"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True, timeout=3600).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return memory_lines("同一进程直接调用 render_pdf", data["before"], data["samples"])


def _worker_pid(port: int) -> int:
    """The gunicorn worker bound to `port`: the process whose parent runs the same command."""
    def cmdline(pid: str) -> bytes:
        try:
            return Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return b""

    marker = f"127.0.0.1:{port}".encode()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if marker in cmdline(pid):
            try:
                ppid = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
            except (OSError, IndexError):
                continue
            if marker in cmdline(ppid):
                return int(pid)
    raise RuntimeError("找不到 gunicorn 工作进程")


class Fetches:
    """Shared state of the PDF-fetching clients: next index, RSS samples, digests, errors."""

    def __init__(self, total: int, worker: int):
        self.lock = threading.Lock()
        self.total, self.worker = total, worker
        self.issued = 0
        self.samples: list[float] = []
        self.digests: dict[int, set[str]] = {}
        self.errors: list[str] = []

    def take(self) -> int | None:
        with self.lock:
            if self.issued >= self.total or self.errors:
                return None
            self.issued += 1
            return self.issued - 1

    def done(self, review_id: int, status: int, body: bytes) -> None:
        with self.lock:
            if status != 200 or not body.startswith(b"%PDF-"):
                self.errors.append(f"{review_id}: HTTP {status} {body[:200]!r}")
                return
            self.digests.setdefault(review_id, set()).add(hashlib.sha256(body).hexdigest())
            self.samples.append(rss_mb(self.worker))


def _fetch_pdfs(port: int, token: str, ids: list[int], fetches: Fetches) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {token}"}
    try:
        while (index := fetches.take()) is not None:
            review_id = ids[index % len(ids)]
            conn.request("GET", f"/api/v1/reviews/{review_id}/opinion.pdf", headers=headers)
            response = conn.getresponse()
            fetches.done(review_id, response.status, response.read())
    finally:
        conn.close()


def _create_reviews(port: int, token: str) -> list[int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    ids = []
    try:
        for data in sample_applications():
            body = json.dumps({"application": data, "as_of": AS_OF.isoformat()},
                              ensure_ascii=False).encode()
            conn.request("POST", "/api/v1/reviews", body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            if response.status != 201:
                raise RuntimeError(f"创建审查失败：HTTP {response.status} {payload[:200]!r}")
            ids.append(json.loads(payload)["id"])
    finally:
        conn.close()
    return ids


def in_gunicorn(renders: int) -> list[str]:
    from benchmarks.load import PASSWORD, gunicorn, sqlite_database
    from checker.store import create_token, create_user, make_engine, migrate

    with sqlite_database() as url, tempfile.TemporaryDirectory(prefix="kaifu-pdf-") as directory:
        engine = make_engine(url)
        migrate(engine)
        create_user(engine, "pdf-bench", PASSWORD, "reviewer")
        token = create_token(engine, "pdf-bench")
        engine.dispose()
        with gunicorn(url, Path(directory) / "gunicorn.log", workers=1, threads=8) as (port, _):
            worker = _worker_pid(port)
            ids = _create_reviews(port, token)
            fetches = Fetches(renders, worker)
            before = rss_mb(worker)
            clients = [threading.Thread(target=_fetch_pdfs, args=(port, token, ids, fetches))
                       for _ in range(CLIENTS)]
            for client in clients:
                client.start()
            for client in clients:
                client.join()
    if not fetches.samples:
        raise AssertionError(f"PDF 请求失败：{fetches.errors[:3]}")
    lines = memory_lines(f"gunicorn 1 进程 × 8 线程，{CLIENTS} 个并发客户端，"
                         f"GET …/opinion.pdf（{len(ids)} 份审查轮流）", before, fetches.samples)
    varying = sorted(i for i, digests in fetches.digests.items() if len(digests) != 1)
    lines.append(f"  同一审查的 PDF 每次字节相同：{'否，审查 ' + str(varying) if varying else '是'}"
                 f"（{len(ids)} 份审查，各请求约 {renders // len(ids)} 次）")
    if fetches.errors or varying:  # the figures first, then the failure
        raise AssertionError("\n".join([*lines, f"PDF 请求失败：{fetches.errors[:3]}"
                                         if fetches.errors else "同一审查的意见书 PDF 字节不一致"]))
    return lines


def _median_cpu_wall(action, runs: int = RUNS) -> tuple[float, float]:
    """Median ms per call of `action`: CPU time of this thread (WeasyPrint renders in the
    calling thread) and wall clock."""
    cpu, wall = [], []
    for _ in range(runs):
        start_cpu, start = time.thread_time(), time.perf_counter()
        action()
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return statistics.median(cpu), statistics.median(wall)


PAGE_CSS = "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }\n"  # the documents' page
BLOCK_CSS = "body, p { margin: 0; }\n"  # as in the documents
PRE_CSS = """
pre { font-family: "Kaifu FangSong SC", "Kaifu Serif SC", "Kaifu Kai SC"; font-size: 16pt;
      line-height: 28.95pt; white-space: pre-wrap; margin: 0; }
"""


def font_faces() -> str:
    """The ``@font-face`` rules of the documents' stylesheet (the bundled faces), verbatim."""
    from checker.opinion.html import stylesheet

    return "\n".join(re.findall(r"@font-face\s*\{[^}]*\}", stylesheet()))


def plain_text(html: str) -> str:
    """The text of a document's HTML: markup, head and styles dropped, blank lines merged."""
    body = re.sub(r"<style>.*?</style>|<head>.*?</head>", "", html, flags=re.S)
    text = htmlmod.unescape(re.sub(r"<[^>]+>", "", body))
    return re.sub(r"\n\s*\n+", "\n", text).strip()


Face = tuple  # (bundled font families, weight, size in px)


def _face(style) -> Face:
    """The face a box's text is set in: its font families reduced to the bundled ones (the
    faces actually used, since the proprietary names listed first are not installed; any other
    family list as it is), weight
    (700 on 仿宋 is WeasyPrint's synthetic bold) and size."""
    families = style["font_family"]
    return (tuple(f for f in families if f.startswith("Kaifu ")) or tuple(families),
            style["font_weight"], style["font_size"])


def _line_height(style) -> str:
    value = style["line_height"]
    return "normal" if value == "normal" else f"{value.value:g}{value.unit or ''}"


def laid_out_blocks(document) -> list[tuple[Face, str, list[tuple[Face, str]]]]:
    """The text of a laid-out WeasyPrint `document`, block by block in reading order: per
    block its face, line height and runs (face, text). A block is an element holding lines
    (a paragraph split by a page break is one block); a table row is one block, its cells' text
    separated by a space. Left out: margin boxes (page numbers) and fixed boxes (the 草稿
    watermark repeated on each page) — decoration, not the document's text."""
    from weasyprint.formatting_structure import boxes

    blocks: dict[int, tuple[Face, str, list]] = {}

    def visit(box, row) -> None:
        if isinstance(box, boxes.MarginBox) or box.style["position"] == "fixed":
            return
        if isinstance(box, boxes.TableRowBox):
            row = box
        elif isinstance(box, boxes.TableCellBox) and id(row.element) in blocks:
            blocks[id(row.element)][2].append((blocks[id(row.element)][0], " "))
        if isinstance(box, boxes.LineBox):
            key = id(row.element if row is not None else box.element)
            block = blocks.setdefault(key, (_face(box.style), _line_height(box.style), []))
            block[2].extend((_face(text.style), text.text) for text in box.descendants()
                            if isinstance(text, boxes.TextBox))
            return
        for child in getattr(box, "children", ()):
            visit(child, row)

    for page in document.pages:
        visit(page._page_box, None)
    return [block for block in blocks.values() if "".join(text for _, text in block[2]).strip()]


class FloorPage:
    """One document's floor, prepared once and rendered as often as measured: its HTML and
    the stylesheet naming its faces (parsed once, like the documents' own stylesheet)."""

    def __init__(self, html: str, css_text: str, font_config):
        from weasyprint import CSS

        self.html, self.css_text = html, css_text
        self.css = CSS(string=css_text, font_config=font_config)


class Floor:
    """The PDF floor: what any renderer must do for a document, on a bare A4 page.

    `prepare` reads a document as WeasyPrint laid it out and keeps its text block by block
    (the same paragraph breaks), each run in the face the document set it in (title 小标宋,
    level-1 headings 黑体, level-2 楷体, body 仿宋, the synthetic bold 仿宋 where the document
    has it) at the same size, wrapped at the same line height on A4 with the same margins —
    and nothing else: no tables, borders, indents, header, watermark, page numbers, seal space
    or footnotes (a table row is a paragraph, a footnote a paragraph where its call was).
    `render_pre` is the older floor, kept for comparison: the text in one <pre> in the body
    face only (each paragraph one line, wrapped by pre-wrap).

    Built like the documents' renderer (checker.opinion.pdf): one font configuration and one
    parsed stylesheet, fetched through the same `AssetFetcher`, so the floor pays neither font
    loading nor CSS parsing per page — only layout, shaping, subsetting and writing.
    """

    def __init__(self):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        from checker.opinion.pdf import AssetFetcher

        faces = font_faces()
        self.fonts, self.pre_fonts = FontConfiguration(), FontConfiguration()
        self.css = CSS(string=faces + PAGE_CSS + BLOCK_CSS, url_fetcher=AssetFetcher(),
                       font_config=self.fonts)
        self.pre_css = CSS(string=faces + PAGE_CSS + PRE_CSS, url_fetcher=AssetFetcher(),
                           font_config=self.pre_fonts)

    def prepare(self, document_html: str) -> FloorPage:
        """The floor of a document given as its HTML without inline styles (what
        checker.opinion.pdf.write renders with the shared stylesheet)."""
        from checker.opinion.pdf import layout

        classes: dict[tuple, str] = {}

        def name(value: tuple) -> str:
            return classes.setdefault(value, f"c{len(classes)}")

        paragraphs = []
        for face, line_height, runs in laid_out_blocks(layout(document_html)):
            merged: list[list] = []
            for run_face, text in runs:
                if merged and merged[-1][0] == run_face:
                    merged[-1][1] += text
                else:
                    merged.append([run_face, text])
            inner = "".join(htmlmod.escape(text) if run_face == face
                            else f'<span class="{name(run_face)}">{htmlmod.escape(text)}</span>'
                            for run_face, text in merged)
            paragraphs.append(f'<p class="{name(face)} {name(line_height)}">{inner}</p>')
        rules = []
        for value, cls in classes.items():
            if isinstance(value, str):
                rules.append(f".{cls} {{ line-height: {value}; }}")
            else:
                families, weight, size = value
                quoted = ", ".join(f'"{family}"' for family in families)
                rules.append(f".{cls} {{ font-family: {quoted}; "
                             f"font-weight: {weight}; font-size: {size:g}px; }}")
        return FloorPage(f"<html><body>{''.join(paragraphs)}</body></html>", "\n".join(rules),
                         self.fonts)

    def render(self, page: FloorPage) -> bytes:
        return _write(page.html, [self.css, page.css], self.fonts)

    def render_pre(self, text: str) -> bytes:
        page = f"<html><body><pre>{htmlmod.escape(text)}</pre></body></html>"
        return _write(page, [self.pre_css], self.pre_fonts)


def _write(page: str, stylesheets: list, fonts) -> bytes:
    """`page` as a PDF with `stylesheets` and `fonts`, fetched as the documents' renderer
    fetches (checker.opinion.pdf.AssetFetcher)."""
    from weasyprint import HTML

    from checker.opinion.pdf import AssetFetcher

    return HTML(string=page, url_fetcher=AssetFetcher()).write_pdf(stylesheets=stylesheets,
                                                                   font_config=fonts)


def document_html(review, meta, kind: str | None = None) -> str:
    """A document's HTML as the PDF renderer takes it (styles applied from the shared sheet)."""
    from checker.opinion import document, html

    return html.render(document.build(review, meta, kind), inline_css=False)


def speed_figures(runs: int = RUNS) -> dict:
    """The opinion PDF, the floor (`Floor`), the older <pre> floor and the older bare page in
    default system fonts, rendered `runs` times each, one after the other."""
    from pypdf import PdfReader
    from weasyprint import HTML

    from checker import intake
    from checker.opinion import OpinionMeta, document_number, render_pdf
    from checker.review import review

    r = review(intake.validate(APPLICATION), dt.date(2026, 1, 15))
    meta = OpinionMeta(number=document_number("开发改环资", 2026, 1))
    page = render_pdf(r, meta)  # warm up (font loading, template compilation)
    source = document_html(r, meta)
    text = plain_text(source)
    floor = Floor()
    bare_page = floor.prepare(source)
    floor.render(bare_page)  # warm up
    floor.render_pre(text)
    bare = f"<html><body><pre style='white-space: pre-wrap'>{htmlmod.escape(text)}</pre></body></html>"
    HTML(string=bare).write_pdf()  # warm up

    opinion_cpu, opinion_wall = _median_cpu_wall(lambda: render_pdf(r, meta), runs)
    floor_cpu, floor_wall = _median_cpu_wall(lambda: floor.render(bare_page), runs)
    pre_cpu, pre_wall = _median_cpu_wall(lambda: floor.render_pre(text), runs)
    bare_cpu, bare_wall = _median_cpu_wall(lambda: HTML(string=bare).write_pdf(), runs)
    return {"opinion_cpu": opinion_cpu, "opinion_wall": opinion_wall, "floor_cpu": floor_cpu,
            "floor_wall": floor_wall, "pre_cpu": pre_cpu, "pre_wall": pre_wall,
            "bare_cpu": bare_cpu, "bare_wall": bare_wall,
            "pages": len(PdfReader(io.BytesIO(page)).pages), "kib": len(page) // 1024,
            "characters": len(text)}


def speed() -> list[str]:
    f = speed_figures()
    return [
        f"opinion PDF: median {f['opinion_wall']:.1f} ms per opinion over {RUNS} renders "
        f"({f['pages']} pages, {f['kib']} KiB, {f['characters']} characters of text); "
        f"CPU {f['opinion_cpu']:.1f} ms",
        f"floor, the same text block by block in the same faces, wrapped, on a bare page: "
        f"median {f['floor_wall']:.1f} ms; CPU {f['floor_cpu']:.1f} ms",
        f"ratio opinion / floor: {f['opinion_wall'] / f['floor_wall']:.2f} "
        f"(CPU time: {f['opinion_cpu'] / f['floor_cpu']:.2f}; target ≤ 1.5)",
        f"older floor, the text in one <pre> in the body face: median {f['pre_wall']:.1f} ms; "
        f"CPU {f['pre_cpu']:.1f} ms (opinion / it: {f['opinion_cpu'] / f['pre_cpu']:.2f} CPU)",
        f"for comparison, bare page in default system fonts: median {f['bare_wall']:.1f} ms; "
        f"CPU {f['bare_cpu']:.1f} ms (opinion / it: {f['opinion_cpu'] / f['bare_cpu']:.2f} CPU)",
    ]


def run() -> list[str]:
    renders = _renders()
    return speed() + in_process(renders) + in_gunicorn(renders)


if __name__ == "__main__":
    print("\n".join(run()))
