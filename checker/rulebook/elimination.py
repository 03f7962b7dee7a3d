"""The 《高耗能落后机电设备（产品）淘汰目录》 (工业和信息化部, 第一批—第四批) as a table
(rules/tables/eliminated_equipment.yaml): entries of the catalogue with the model series
(型号系列) and the individual models (型号) it lists, each entry with its verification tag and
source.

Legal meaning: a product on the catalogue is an eliminated, high-consumption product; main
energy-using equipment of a project whose declared model belongs to a listed series (or is a
listed model) does not meet 令2025年第31号第十六条（二） ("主要设备能效是否符合强制性能效标准
要求"), the catalogue listing products below the mandatory standards.  Only verified entries
(V1/V2) may veto; an UNVERIFIED entry asks the reviewer to check.

Matching is literal and conservative: the declared model is normalised (full-width to
half-width, the dashes of the catalogue's typesetting 一—－ to "-", upper case, the letter O
read as the digit 0, as the catalogue writes both "JO2" and "J02"), its series is the part
before the first "-" or "/", and it matches an entry when that series equals a listed series
or the whole model equals a listed model.  A series written with frame sizes only (e.g. "JW：
63、71") is not transcribed, so as never to match a model the catalogue does not name.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from checker.rulebook.errors import RulebookError, validate_entry
from checker.rulebook.sources import Sourced, Status

TABLE = "eliminated_equipment"

_DASHES = re.compile(r"[一—－–‐‑]")
_SPACES = re.compile(r"\s+")


def normalise(model: str) -> str:
    """A model as compared: half-width, catalogue dashes as "-", no spaces, upper case, O as 0."""
    text = unicodedata.normalize("NFKC", model)
    return _SPACES.sub("", _DASHES.sub("-", text)).upper().replace("O", "0")


def series_of(model: str) -> str:
    """The series of a normalised model: the part before the first "-" or "/"."""
    return re.split(r"[-/]", model, maxsplit=1)[0]


class Entry(Sourced, BaseModel):
    """One item of the catalogue."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    batch: str = Field(pattern=r"^第[一二三四]批$")
    item: str = Field(min_length=1)
    product: str = Field(min_length=1)
    series: list[str] = Field(default_factory=list)  # 型号系列, as the catalogue writes them
    models: list[str] = Field(default_factory=list)  # individual models
    reason: str = Field(min_length=1)
    condition: str | None = None  # the catalogue's 淘汰时限或条件 (e.g. production year), as written
    status: Status
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _something_to_match(self) -> "Entry":
        if not self.series and not self.models:
            raise ValueError("须列出型号系列（series）或型号（models）")
        for name in self.series:
            if series_of(normalise(name)) != normalise(name):
                raise ValueError(f"型号系列“{name}”含“-”或“/”：整型号请列入 models")
        return self

    @property
    def label(self) -> str:
        return f"{self.batch}第{self.item}项{self.product}"


class EliminationCatalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    title: str = Field(min_length=1)
    coverage: str = Field(min_length=1)  # what of the catalogue is transcribed
    entries: list[Entry] = Field(default_factory=list)

    @cached_property
    def _index(self) -> dict[str, list[Entry]]:
        """Normalised series and whole models → their entries (built once per loaded table)."""
        index: dict[str, list[Entry]] = {}
        for entry in self.entries:
            keys = {normalise(s) for s in entry.series} | {normalise(m) for m in entry.models}
            for key in keys:
                index.setdefault(key, []).append(entry)
        return index

    def matching(self, model: str) -> list[Entry]:
        """The entries whose series is the declared `model`'s series, or that list the model,
        in table order."""
        declared = normalise(model)
        found = {id(e) for key in {series_of(declared), declared} for e in self._index.get(key, [])}
        return [e for e in self.entries if id(e) in found]


def elimination_catalogue(data: Any, path: Path | str = TABLE) -> EliminationCatalogue:
    """The validated table (as the loaded rulebook keeps it); a mistake is refused with the
    file named."""
    if isinstance(data, EliminationCatalogue):
        return data
    table = validate_entry(EliminationCatalogue, data or {"title": "-", "coverage": "-"},
                           Path(path), None)
    keys = [(e.batch, e.item) for e in table.entries]
    if len(set(keys)) != len(keys):
        raise RulebookError(Path(path), None, "条目重复（同一批次同一项）")
    return table
