"""GB/T 4754-2017 industry names (国民经济行业分类), read from checker/data/gbt4754_2017.yaml.

Names only: the code sets rules read live in rules/parameters/ with their own sources.
The table holds every section (门类), division (大类, 2 digits), group (中类, 3 digits) and
class (小类, 4 digits); a code it does not list is named after its group or division.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path


TABLE = Path(__file__).resolve().parent / "data" / "gbt4754_2017.yaml"

LEVELS = {2: "大类", 3: "中类", 4: "小类"}


@dataclass(frozen=True)
class Industry:
    """One entry of the code table: code, name, and its section (门类) letter and name."""

    code: str
    name: str
    section: str
    section_name: str

    @property
    def label(self) -> str:
        """e.g. "6450 互联网数据服务"."""
        return f"{self.code} {self.name}"

    @property
    def level(self) -> str:
        """大类, 中类 or 小类, by the length of the code."""
        return LEVELS[len(self.code)]


@functools.lru_cache(maxsize=1)
def _table() -> dict:
    import yaml  # only when the table is first read

    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))


def source() -> dict:
    """Where the table comes from (title, publisher, URL, transcription, verification tag)."""
    return dict(_table()["source"])


@functools.lru_cache(maxsize=1)
def catalogue() -> tuple[Industry, ...]:
    """Every division, group and class, in code order."""
    data = _table()
    sections = data["sections"]
    divisions = data["divisions"]
    entries = [Industry(code, name, letter, sections[letter])
               for code, (letter, name) in divisions.items()]
    for level in ("groups", "classes"):
        for code, name in data[level].items():
            letter = divisions[code[:2]][0]
            entries.append(Industry(code, name, letter, sections[letter]))
    return tuple(sorted(entries, key=lambda e: e.code))


@functools.lru_cache(maxsize=1)
def _by_code() -> dict[str, Industry]:
    return {e.code: e for e in catalogue()}


def lookup(code: str | None) -> Industry | None:
    """The table's entry for exactly this code, or None."""
    return _by_code().get(code or "")


def lineage(code: str | None) -> list[Industry]:
    """The listed entries from the division down to `code` itself, e.g. for "3011":
    30 非金属矿物制品业, 301 水泥、石灰和石膏制造, 3011 水泥制造 (only the listed ones)."""
    code = code or ""
    return [e for e in (lookup(code[:n]) for n in (2, 3, 4) if n <= len(code)) if e]


def classes_under(code: str | None) -> list[str]:
    """The 4-digit classes (小类) the table lists under a division or group `code`, in code
    order ([] for a class itself or an unknown code): what a 2- or 3-digit declaration may
    stand for (e.g. "31" holds 3110 炼铁 as well as 3130 钢压延加工)."""
    return list(_classes_under(code or ""))


@functools.lru_cache(maxsize=512)  # the table never changes in a process
def _classes_under(code: str) -> tuple[str, ...]:
    if len(code) not in (2, 3):
        return ()
    return tuple(e.code for e in catalogue() if len(e.code) == 4 and e.code.startswith(code))


def industry_name(code: str | None) -> str | None:
    """The GB/T 4754-2017 name of `code`: its own name when listed, else the name of the
    nearest listed group or division with its level and code, None for an unknown code."""
    if not code:
        return None
    own = lookup(code)
    if own:
        return own.name
    parents = lineage(code[:-1]) if len(code) > 2 else []
    if not parents:
        return None
    parent = parents[-1]
    return f"{parent.name}（{parent.level}{parent.code}）"
