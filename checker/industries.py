"""GB/T 4754-2017 industry names (国民经济行业分类), read from checker/data/gbt4754_2017.yaml.

Names only: the code sets rules read live in rules/parameters/ with their own sources.
A code the table does not list (a class not transcribed) is named after its division.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

TABLE = Path(__file__).resolve().parent / "data" / "gbt4754_2017.yaml"


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


@functools.lru_cache(maxsize=1)
def _table() -> dict:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))


def source() -> dict:
    """Where the table comes from (title, publisher, URL, verification tag)."""
    return dict(_table()["source"])


@functools.lru_cache(maxsize=1)
def catalogue() -> tuple[Industry, ...]:
    """Every listed division and class, in code order."""
    data = _table()
    sections = data["sections"]
    entries = [Industry(code, name, letter, sections[letter])
               for code, (letter, name) in data["divisions"].items()]
    for code, name in data["classes"].items():
        letter = data["divisions"][code[:2]][0]
        entries.append(Industry(code, name, letter, sections[letter]))
    return tuple(sorted(entries, key=lambda e: e.code))


def industry_name(code: str | None) -> str | None:
    """The GB/T 4754-2017 name of `code`: the class's own name when listed, else its
    division's name (for a 3- or 4-digit code not transcribed), None for an unknown code."""
    if not code:
        return None
    by_code = {e.code: e for e in catalogue()}
    if code in by_code:
        return by_code[code].name
    division = by_code.get(code[:2])
    return f"{division.name}（大类{division.code}）" if division else None
