"""Helpers for the opinion tests: test applications, PDF read-back (pdftotext, pdffonts,
font unicode maps, page pixels)."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from pypdf import PdfReader

from checker import intake
from checker.opinion import document_number
from checker.review import review
from checker.severity import Conclusion

AS_OF = dt.date(2026, 1, 15)
NUMBER = document_number("开发改环资", 2026, 3)


def project(**fields) -> dict:
    base = {"name": "开福区某办公楼项目", "applicant": "长沙某置业有限公司",
            "industry_code": "7010", "nature": "新建", "investment": 20000}
    return {**base, **fields}


# One application per conclusion, as the issue describes them.
APPLICATIONS = {
    # An eliminated (淘汰类) project at ≥ 1000 tce: veto.  (未批先建 under Order 31 is no
    # longer a rejection: it gets the Art. 24 notice, see test_documents.)
    Conclusion.REJECT: {
        "project": project(name="开福区某商业综合体项目", industry_code="7010",
                           code="2601-430105-04-01-123456",
                           location={"address": "长沙市开福区青竹湖街道"}),
        "energy": [{"carrier": "electricity", "quantity": 1000, "unit": "万kWh"}],
        "industrial_policy": {"catalogue_category": "淘汰类"},
    },
    # New data centre with 3000 racks and no design PUE, within district authority: incomplete.
    Conclusion.INCOMPLETE: {
        "project": project(name="开福区某数据中心项目", industry_code="6450", investment=50000),
        "energy": [{"carrier": "electricity", "quantity": 3000, "unit": "万kWh"}],
        "data_centre": {"standard_racks": 3000},
    },
    # ≥ 3000 tce: approved on conditions (energy-efficiency monitoring).
    Conclusion.CONDITIONAL: {
        "project": project(name="开福区某商业综合体二期项目", industry_code="7010", investment=80000),
        "energy": [{"carrier": "electricity", "quantity": 2000, "unit": "万kWh"},
                   {"carrier": "natural_gas", "quantity": 50, "unit": "万m³"},
                   {"carrier": "diesel", "quantity": 20, "unit": "t"}],
        "feedstock": [{"carrier": "natural_gas", "quantity": 100, "unit": "万m³"}],
        "renewable_generation": {"kind": "光伏", "capacity_kw": 500, "self_consumed_kwh": 450000},
    },
    # An office of about 1,500 tce (review required, district authority): approved.
    Conclusion.APPROVE: {
        "project": project(name="开福区某办公楼项目", investment=5000),
        "energy": [{"carrier": "electricity", "quantity": 1200, "unit": "万kWh"}],
        # Metering per GB 17167 and the catalogue category declared: otherwise the metering
        # condition and the catalogue hint would be requirements of the opinion.
        "metering": {"gb17167_compliant": True},
        "industrial_policy": {"catalogue_category": "允许类"},
        # Rooftop PV declared: otherwise the 非化石能源 hint (energy.non_fossil) would be listed.
        "renewable_generation": {"kind": "光伏", "capacity_kw": 200, "self_consumed_kwh": 200000},
    },
}


def sentence(review, kind: str | None = None) -> str:
    """The sentence rules/documents.yaml gives the document for the review's conclusion."""
    from checker.opinion import OpinionMeta, document

    return document.build(review, OpinionMeta(), kind).conclusion


def make_review(data: dict):
    return review(intake.validate(data), AS_OF)


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout


def flat(text: str) -> str:
    """Text without whitespace (pdftotext breaks lines inside Chinese sentences)."""
    return re.sub(r"\s+", "", text)


def pdffonts(path: Path) -> list[dict[str, str]]:
    """pdffonts as rows: name, type, emb."""
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True,
                         timeout=60).stdout.splitlines()
    rows = []
    for line in out[2:]:
        # name type... encoding emb sub uni object ID — the type may contain spaces.
        parts = line.split()
        if len(parts) < 7:
            continue
        rows.append({"name": parts[0], "type": " ".join(parts[1:-6]), "emb": parts[-5],
                     "sub": parts[-4]})
    return rows


def font_unicode_map(data: bytes) -> dict[str, set[str]]:
    """Per embedded font (BaseFont), the characters its ToUnicode CMap maps glyphs to."""
    import io

    reader = PdfReader(io.BytesIO(data))
    result: dict[str, set[str]] = {}
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            chars = result.setdefault(name, set())
            cmap = font.get("/ToUnicode")
            if cmap is None:
                continue
            text = cmap.get_object().get_data().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
                for _, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                    chars.add(bytes.fromhex(dst).decode("utf-16-be", "replace"))
            for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
                for lo, hi, dst in re.findall(
                        r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                    start = int(dst, 16)
                    for i in range(int(hi, 16) - int(lo, 16) + 1):
                        chars.add(chr(start + i))
    return result


def page_gray_pixels(path: Path, tmp_path: Path, page: int = 1) -> tuple[int, int, bytes]:
    """Page `page` rasterised by pdftoppm as 8-bit grey PGM: (width, height, pixels)."""
    root = tmp_path / f"page{page}"
    subprocess.run(["pdftoppm", "-gray", "-r", "30", "-f", str(page), "-l", str(page),
                    "-singlefile", str(path), str(root)], check=True, timeout=60)
    raw = (tmp_path / f"page{page}.pgm").read_bytes()
    tokens: list[bytes] = []
    pos = 0
    while len(tokens) < 4:  # magic, width, height, maxval; '#' comments allowed
        while raw[pos:pos + 1].isspace():
            pos += 1
        if raw[pos:pos + 1] == b"#":
            pos = raw.index(b"\n", pos) + 1
            continue
        end = pos
        while not raw[end:end + 1].isspace():
            end += 1
        tokens.append(raw[pos:end])
        pos = end
    assert tokens[0] == b"P5", tokens[0]
    width, height, maxval = int(tokens[1]), int(tokens[2]), int(tokens[3])
    assert maxval == 255
    pixels = raw[pos + 1:pos + 1 + width * height]
    assert len(pixels) == width * height
    return width, height, pixels
