"""Build the bundled subset fonts used for PDF rendering (GB/T 9704-2012 faces).

The documents follow GB/T 9704-2012: body text in 仿宋 (FangSong), the title in 小标宋,
level-1 headings in 黑体, level-2 headings in 楷体.  The proprietary faces (仿宋_GB2312,
方正小标宋, 黑体, 楷体_GB2312) cannot be shipped, so free faces stand in:

========================  ==========================  ============================  ========
bundled face              role                        source (Debian package)       licence
========================  ==========================  ============================  ========
Kaifu FangSong SC         body (仿宋)                 FandolFang Regular            GPL-3 +
                                                      (texlive-lang-chinese)        font exc.
Kaifu Kai SC              level-2 headings (楷体)     LXGW WenKai Regular           OFL 1.1
                                                      (fonts-lxgw-wenkai)
Kaifu Serif SC Bold       title (小标宋 substitute)   Noto Serif CJK SC Bold        OFL 1.1
Kaifu Sans SC Bold        level-1 headings (黑体)     Noto Sans CJK SC Bold         OFL 1.1
Kaifu Serif SC Regular    page numbers (宋体), and    Noto Serif CJK SC Regular     OFL 1.1
                          fallback for characters     (fonts-noto-cjk)
                          FandolFang lacks
========================  ==========================  ============================  ========

WeasyPrint is slow with the system Noto CJK fonts: they are OpenType/CFF collections with
~65 000 glyphs, and subsetting CFF for every rendered PDF costs several seconds.  A TrueType
(``glyf``) subset restricted to the characters the documents can use renders an order of
magnitude faster.  Each face is subset, CFF outlines are converted to quadratic TrueType
outlines, hinting dropped, the glyphs renumbered so that the characters the documents use
most have the lowest glyph ids (`renumber`: WeasyPrint subsets with retained glyph ids, so
subsetting and compressing an embedded face cost more the higher the ids used), the family
renamed (so it can never be confused with the system face, and no Reserved Font Name of the
source is used) and a deterministic file written to
``checker/opinion/fonts/`` with the licence texts beside it (OFL.txt, GPL-3.0.txt, NOTICE.txt).

Run with ``python -m checker.opinion.fontbuild`` (or ``make fonts``, which installs the Debian
packages above first).  The generated fonts are committed, so this only needs to be re-run when
the character set or the source fonts change; the test suite needs none of the packages.

The character set is:

* ASCII, Latin-1, General Punctuation (U+2000-206F),
  CJK Symbols and Punctuation (U+3000-303F), Halfwidth and Fullwidth Forms
  (U+FF00-FFEF);
* the whole GB 2312 repertoire (6763 Hanzi plus 682 symbols: Greek,
  Cyrillic, kana, box drawing, pinyin letters, ①, Ⅰ, ℃, ‰, ...), derived by
  decoding every two-byte GB 2312 code with Python's ``gb2312`` codec;
* every character of the rulebook's wording and of the document templates
  (rules/**/*.yaml, checker/opinion/templates/), so nothing the bureau itself writes ever
  depends on a system font;
* a few extras used in technical documents (see ``EXTRA_CHARS``).

Applicant-supplied text may hold any character: one outside a face's subset falls back to
the next family of the CSS ``font-family`` stack — the bundled Kaifu Serif SC (Noto's wider
repertoire) and Kaifu Kai SC (which has the subscript digits of kgCO₂), then the system
"Noto Serif CJK SC" — so it is always printed, never dropped.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.misc.timeTools import timestampFromString
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

FONTS_DIR = Path(__file__).resolve().parent / "fonts"

# Fixed timestamp written to head.created / head.modified so that the output
# is byte-for-byte reproducible.
FIXED_TIMESTAMP = timestampFromString("Thu Jan 27 00:00:00 2022")

# Maximum cubic -> quadratic approximation error in font units (UPEM 1000).
MAX_ERR = 1.0

# Where Debian keeps the licence of fonts-noto-cjk (machine-readable
# copyright file containing the full OFL 1.1 text).
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")

# OpenType layout features to keep.  'locl' is deliberately left out: in the
# Noto CJK collections it maps the SC glyphs to their JP/KR/TC/HK variants and
# would pull thousands of unused glyphs into the subset.  Vertical features are
# dropped because the documents are set horizontally.
LAYOUT_FEATURES = ["ccmp", "calt", "liga", "kern", "mark", "mkmk"]

EXTRA_CHARS = (
    "〔〕—"
    "0123456789"
    + "".join(chr(c) for c in range(0x2460, 0x2474))  # ① .. ⑳
    + "".join(chr(c) for c in range(0x2160, 0x216C))  # Ⅰ .. Ⅻ
    + "".join(chr(c) for c in range(0x2170, 0x217C))  # ⅰ .. ⅻ
    + "₂₃³²µ·×÷±≤≥"
    # Units and symbols common in energy audits; not all are in GB 2312.
    + "℃℉‰‱°Ω≈≠≡∑√∞∽∝∈∩∪∠⊥∥∫∮≮≯≌∴∵"
    + "㎡㎥㎏㎞㎜㎝㎎㎾㏄№™®©"
    + "←↑→↓↔⇒⇔●○◎■□▲△◆◇★☆※√✓✔✕✗"
    + "₀₁₄₅₆₇₈₉⁰¹⁴⁵⁶⁷⁸⁹⁻⁺"
    + "‘’“”…–"
)


@dataclass(frozen=True)
class FontSpec:
    """One font to build: a system face found by fontconfig (family, style), or, for a face
    fontconfig does not index (TeX Live's), the first existing file of `files`."""

    family: str  # family name of the source face
    style: str  # style of the source face
    out_family: str  # new family name
    out_file: str  # output file name inside FONTS_DIR
    package: str  # the Debian package that provides the source face
    licence: str  # "OFL-1.1" or "GPL-3.0+FE" (GPL 3 with the font exception)
    files: tuple[str, ...] = ()


FANDOL = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/"
SPECS = [
    FontSpec("FandolFang", "Regular", "Kaifu FangSong SC", "KaifuFangSongSC-Regular.ttf",
             "texlive-lang-chinese", "GPL-3.0+FE", files=(FANDOL + "FandolFang-Regular.otf",)),
    FontSpec("LXGW WenKai", "Regular", "Kaifu Kai SC", "KaifuKaiSC-Regular.ttf",
             "fonts-lxgw-wenkai", "OFL-1.1",
             files=("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",)),
    FontSpec("Noto Serif CJK SC", "Regular", "Kaifu Serif SC", "KaifuSerifSC-Regular.ttf",
             "fonts-noto-cjk", "OFL-1.1"),
    FontSpec("Noto Serif CJK SC", "Bold", "Kaifu Serif SC", "KaifuSerifSC-Bold.ttf",
             "fonts-noto-cjk", "OFL-1.1"),
    FontSpec("Noto Sans CJK SC", "Bold", "Kaifu Sans SC", "KaifuSansSC-Bold.ttf",
             "fonts-noto-cjk", "OFL-1.1"),
]
# The Debian packages `make fonts` needs (none of them is needed to render or to test).
PACKAGES = sorted({spec.package for spec in SPECS})


# --------------------------------------------------------------------------
# Character set
# --------------------------------------------------------------------------


def gb2312_in_order(leads: range = range(0xA1, 0xF8)):
    """The characters of GB 2312 under the lead bytes `leads` (cells A1..FE), in code order."""
    for hi in leads:
        for lo in range(0xA1, 0xFF):
            try:
                yield bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue


def gb2312_chars() -> set[str]:
    """Every character encodable in GB 2312 (rows 0x A1..F7, cells A1..FE)."""
    return set(gb2312_in_order())


def gb2312_hanzi() -> set[str]:
    """The 6763 Hanzi of GB 2312 (rows 16..87, i.e. lead bytes B0..F7)."""
    return {c for c in gb2312_chars() if "\u4e00" <= c <= "\u9fff"}


ROOT = Path(__file__).resolve().parents[2]
# What the bureau itself writes: the rulebook's wording and the document templates.
WORDING_GLOBS = (("rules", "**/*.yaml"), ("checker/opinion/templates", "*.html"))


def wording_chars(root: Path = ROOT) -> set[str]:
    """Every character of the rulebook's YAML files and of the document templates."""
    return {c for c in wording_frequencies(root) if ord(c) > 0x7E}


def charset() -> set[int]:
    cps: set[int] = set()
    cps.update(range(0x20, 0x7F))  # ASCII
    cps.update(range(0xA0, 0x100))  # Latin-1 supplement
    cps.update(range(0x2000, 0x2070))  # General punctuation
    cps.update(range(0x3000, 0x3040))  # CJK symbols and punctuation
    cps.update(range(0xFF00, 0xFFF0))  # Halfwidth and fullwidth forms
    cps.update(ord(c) for c in gb2312_chars())
    cps.update(ord(c) for c in EXTRA_CHARS)
    cps.update(ord(c) for c in wording_chars())
    return cps


def wording_frequencies(root: Path = ROOT) -> dict[str, int]:
    """How often each character occurs in the rulebook's YAML files and the document templates
    (the text the bureau itself writes, hence most of every document's text)."""
    counts: dict[str, int] = {}
    for folder, pattern in WORDING_GLOBS:
        for path in sorted((root / folder).glob(pattern)):
            for char in path.read_text(encoding="utf-8"):
                if char.isprintable():
                    counts[char] = counts.get(char, 0) + 1
    return counts


def character_priority(root: Path = ROOT) -> list[int]:
    """Code points in the order their glyphs get the lowest glyph ids: the wording's
    characters by frequency (most frequent first; ties by code point), then the rest of
    GB 2312 level 1 (the 3755 common Hanzi, lead bytes B0..D7) and level 2, in GB 2312 order.

    WeasyPrint subsets every embedded face with retained glyph ids (HarfBuzz), so the time to
    subset and compress a face grows with the highest glyph id a document uses; with the
    glyphs a document most likely needs at the start, that id stays low."""
    counts = wording_frequencies(root)
    order = sorted(counts, key=lambda c: (-counts[c], ord(c)))
    order.extend(gb2312_in_order(range(0xB0, 0xF8)))
    return list(dict.fromkeys(map(ord, order)))


def renumber(font: TTFont, priority: list[int]) -> None:
    """Reorder the glyphs of `font` (in place): .notdef, then the glyph of each code point of
    `priority` in turn (each followed by the components it is built from), then every other
    glyph in its present order. Outlines, metrics, cmap and layout tables are unchanged
    (fontTools refers to glyphs by name and renumbers them when the font is saved); renumbering
    a renumbered font changes nothing."""
    old = font.getGlyphOrder()
    for tag in font.keys():  # load every table under the old glyph order
        if tag != "GlyphOrder":
            font[tag]
    cmap = font.getBestCmap()
    glyf = font["glyf"] if "glyf" in font else None
    new: list[str] = []
    placed: set[str] = set()

    def place(name: str) -> None:
        if name in placed:
            return
        placed.add(name)
        new.append(name)
        glyph = glyf[name] if glyf is not None else None
        if glyph is not None and glyph.isComposite():
            for component in glyph.components:
                place(component.glyphName)

    place(old[0])  # .notdef stays glyph 0
    for cp in priority:
        if cp in cmap:
            place(cmap[cp])
    for name in old:
        place(name)
    font.setGlyphOrder(new)
    if glyf is not None:
        glyf.glyphOrder = new


# --------------------------------------------------------------------------
# Locating the source fonts
# --------------------------------------------------------------------------


def find_face(family: str, style: str, files: tuple[str, ...] = (),
              package: str = "fonts-noto-cjk") -> tuple[str, int]:
    """Return (file, face index) of the source face: the first existing of `files`, else the
    system face family/style via fc-list."""
    if files:
        for path in files:
            if Path(path).is_file():
                return path, 0
        raise SystemExit(f"fontbuild: {family} {style} not found ({', '.join(files)}); "
                         f"install {package}")
    try:
        out = subprocess.run(
            ["fc-list", "-f", "%{file}|%{index}|%{family}|%{style}\n", f"{family}:style={style}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(f"fontbuild: fc-list failed ({exc}); is fontconfig installed?") from exc
    for line in sorted(out.splitlines()):
        path, index, families, styles = line.split("|", 3)
        if family in families.split(",") and style in styles.split(","):
            return path, int(index)
    raise SystemExit(f"fontbuild: system font '{family}' {style} not found; install {package}")


# --------------------------------------------------------------------------
# Conversion (after fontTools' Snippets/otf2ttf.py)
# --------------------------------------------------------------------------


def _glyphs_to_quadratic(glyph_set, max_err: float = MAX_ERR) -> dict:
    quad = {}
    for name in glyph_set.keys():
        tt_pen = TTGlyphPen(glyph_set)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(tt_pen, max_err, reverse_direction=True))
        quad[name] = tt_pen.glyph()
    return quad


def otf_to_ttf(font: TTFont, max_err: float = MAX_ERR) -> None:
    """Convert a CFF-flavoured font in place to TrueType outlines."""
    if "CFF " not in font:
        raise ValueError("not a CFF font")
    order = font.getGlyphOrder()

    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = _glyphs_to_quadratic(font.getGlyphSet(), max_err)
    del font["CFF "]
    for tag in ("VORG", "DSIG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)

    # Left side bearings must equal xMin for TrueType.
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)

    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max(
        len(getattr(g, "components", None) or []) for g in glyf.glyphs.values()
    )
    maxp.compile(font)

    # No glyph names: smaller, and CID names carry no information anyway.
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order

    font.sfntVersion = "\x00\x01\x00\x00"


LICENCE_NOTES = {
    "OFL-1.1": "Modified Version under the SIL Open Font License 1.1.",
    "GPL-3.0+FE": ("Modified version under the GNU GPL version 3 or later with the font "
                   "exception, which is extended to this version (see NOTICE.txt)."),
}


# --------------------------------------------------------------------------
# Naming
# --------------------------------------------------------------------------


def rename(font: TTFont, family: str, style: str, source_desc: str, licence: str) -> None:
    name = font["name"]
    keep = {0, 5, 8, 9, 11, 12, 13, 14}  # copyright, version, credits, licence
    name.names = [
        r for r in name.names if r.nameID in keep and r.platformID == 3 and r.langID == 0x409
    ]
    ps_name = family.replace(" ", "") + "-" + style.replace(" ", "")
    full = f"{family} {style}" if style != "Regular" else family
    version = name.getDebugName(5) or "Version 1.000"
    fields = {
        1: family,
        2: style,
        3: f"{version.replace('Version ', '').split(';')[0]};kaifu-checker;{ps_name}",
        4: full,
        6: ps_name,
        10: (
            f"Subset of {source_desc} converted to TrueType outlines for the "
            "kaifu-checker PDF renderer. " + LICENCE_NOTES[licence]
        ),
    }
    for name_id, value in fields.items():
        name.setName(value, name_id, 3, 1, 0x409)
    name.names.sort(key=lambda r: (r.platformID, r.platEncID, r.langID, r.nameID))


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------


def build_one(spec: FontSpec, cps: set[int], out_dir: Path, priority: list[int]) -> Path:
    path, index = find_face(spec.family, spec.style, spec.files, spec.package)
    font = TTFont(path, fontNumber=index, recalcTimestamp=False, lazy=False)
    src_ps = font["name"].getDebugName(6) or spec.family

    opts = subset.Options()
    opts.layout_features = list(LAYOUT_FEATURES)
    opts.hinting = False
    opts.desubroutinize = True
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.glyph_names = False
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    opts.drop_tables += ["VORG", "vhea", "vmtx", "DSIG", "BASE"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(cps))
    sub.subset(font)

    if "CFF " in font:
        otf_to_ttf(font)
    rename(font, spec.out_family, spec.style, f"{src_ps} ({Path(path).name})", spec.licence)

    head = font["head"]
    head.created = FIXED_TIMESTAMP
    head.modified = FIXED_TIMESTAMP
    head.glyphDataFormat = 0
    renumber(font, priority)

    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / spec.out_file
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue())
    os.replace(tmp, out)
    return out


FANDOL_COPYING = Path("/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz")

# The font exception of the Fandol fonts (GPL + font exception, as their README says), in the
# FSF's wording; as the exception allows, it is extended to the modified version built here.
FONT_EXCEPTION = """\
As a special exception, if you create a document which uses this font, and
embed this font or unaltered portions of this font into the document, this
font does not by itself cause the resulting document to be covered by the
GNU General Public License. This exception does not however invalidate any
other reasons why the document might be covered by the GNU General Public
License. If you modify this font, you may extend this exception to your
version of the font, but you are not obligated to do so. If you do not wish
to do so, delete this exception statement from your version."""


def _ofl_text() -> list[str]:
    """The OFL 1.1 text from Debian's machine-readable copyright file (offline)."""
    try:
        text = DEBIAN_COPYRIGHT.read_text(encoding="utf-8")
    except OSError as exc:
        raise SystemExit(f"fontbuild: cannot read {DEBIAN_COPYRIGHT}: {exc}") from exc
    m = re.search(r"^License: SIL-1\.1\n((?: .*\n?)+)", text, re.M)
    if not m:
        raise SystemExit(f"fontbuild: OFL text not found in {DEBIAN_COPYRIGHT}")
    body = []
    for line in m.group(1).splitlines():
        line = line[1:] if line.startswith(" ") else line
        body.append("" if line == "." else line)
    return body


def write_license(out_dir: Path, copyrights: dict[str, list[str]]) -> list[Path]:
    """Write OFL.txt, GPL-3.0.txt and NOTICE.txt beside the fonts (from the Debian packages'
    own copyright files: offline, no downloads). `copyrights`: licence → copyright lines."""
    import gzip

    header = [
        "The OFL-licensed fonts in this directory (see NOTICE.txt) are Modified Versions of",
        "the Noto CJK fonts (https://github.com/notofonts/noto-cjk) and of LXGW WenKai",
        "(https://github.com/lxgw/LxgwWenKai).",
        "",
        *copyrights.get("OFL-1.1", []),
        "Noto is a trademark of Google Inc. \"LXGW\" and \"霞鹜\" are Reserved Font Names",
        "of LXGW WenKai, used by none of the fonts here.",
        "",
        "They are licensed under the SIL Open Font License, Version 1.1,",
        "reproduced below.",
        "",
    ]
    ofl = out_dir / "OFL.txt"
    ofl.write_text("\n".join(header + _ofl_text()).rstrip() + "\n", encoding="utf-8")
    try:
        gpl_text = gzip.decompress(FANDOL_COPYING.read_bytes()).decode("utf-8")
    except OSError as exc:
        raise SystemExit(f"fontbuild: cannot read {FANDOL_COPYING}: {exc}") from exc
    gpl = out_dir / "GPL-3.0.txt"
    gpl.write_text(gpl_text.rstrip() + "\n", encoding="utf-8")
    rows = [f"{spec.out_file:<30} {spec.out_family} {spec.style}: from {spec.family} "
            f"{spec.style} (Debian {spec.package}); {spec.licence}" for spec in SPECS]
    notice = out_dir / "NOTICE.txt"
    notice.write_text("\n".join([
        "Bundled PDF fonts: origin and licences",
        "======================================",
        "",
        *rows,
        "",
        "Every file is a subset (checker/opinion/fontbuild.py, `make fonts`) of the source face,",
        "converted to TrueType outlines where the source has CFF outlines, without hinting, and",
        "renamed. The build is deterministic: the corresponding source of each modified font is",
        "the source face in the Debian package named above together with fontbuild.py.",
        "",
        "OFL-1.1: SIL Open Font License 1.1, text in OFL.txt.",
        "",
        "GPL-3.0+FE: Kaifu FangSong SC is a modified version of FandolFang Regular,",
        *copyrights.get("GPL-3.0+FE", []),
        "(the Fandol team: Clerk Ma and Jie Su), distributed under the GNU General Public",
        "License version 3 or (at your option) any later version, text in GPL-3.0.txt, with the",
        "font exception below, which we extend to this modified version. Documents that embed",
        "the font (the PDFs this program renders) are therefore not covered by the GPL.",
        "",
        FONT_EXCEPTION,
        "",
    ]), encoding="utf-8")
    return [ofl, gpl, notice]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", type=Path, default=FONTS_DIR)
    parser.add_argument("--only", metavar="FILE", action="append", default=[],
                        help="build only this output file (repeatable; licence files unchanged)")
    args = parser.parse_args(argv)

    cps = charset()
    print(
        f"fontbuild: {len(cps)} code points "
        f"({len(gb2312_hanzi())} GB 2312 Hanzi, {len(gb2312_chars())} GB 2312 total, "
        f"{len(wording_chars())} in the wording)"
    )
    priority = character_priority()
    copyrights: dict[str, list[str]] = {}
    for spec in SPECS:
        if args.only and spec.out_file not in args.only:
            continue
        path, index = find_face(spec.family, spec.style, spec.files, spec.package)
        src = TTFont(path, fontNumber=index, lazy=True)
        line = src["name"].getDebugName(0)
        lines = copyrights.setdefault(spec.licence, [])
        for part in (line or "").replace("\r", "").splitlines():
            if part and part not in lines:
                lines.append(part)
        src.close()
        out = build_one(spec, cps, args.out_dir, priority)
        print(f"fontbuild: {out.name}: {out.stat().st_size / 1e6:.2f} MB (from {path}#{index})")
    if not args.only:
        write_license(args.out_dir, copyrights)
    return 0


if __name__ == "__main__":
    sys.exit(main())
