"""The legal instruments and clauses the rules cite, read from rules/citations.yaml."""

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from checker.rulebook.errors import RulebookError, read_yaml, validate_entry
from checker.rulebook.sources import Status


class Instrument(BaseModel):
    """A legal instrument: a plan, a State Council notice, an NDRC order, a standard."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    title: str
    short: str
    level: str  # 区 / 市 / 省 / 国家
    number: str | None = None
    issued: str | None = None  # 印发（或公开）日期，如“2025-10-11（新闻报道日，印发日未见）”
    status: Status | None = None  # 标题、文号、日期的核实状态
    url: str | None = None
    note: str | None = None  # 引用时须一并说明的事项（如条款编号为整理编号）


class Successor(BaseModel):
    """The clause that replaces this one for review dates from `since` (a change of law)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    since: dt.date
    clause: str


class Clause(BaseModel):
    """One clause of an instrument, with its text and (for plan clauses) its basis chain."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    instrument: str
    article: str
    heading: str
    text: str | None = None
    basis: list[str] = Field(default_factory=list)
    status: Status = Status.V1
    source: str | None = None
    succeeded_by: Successor | None = None  # e.g. 令2023年第2号 → 令2025年第31号 from 2025-09-01


class Citation(BaseModel):
    """A clause as a finding cites it: everything a reviewer needs to quote it."""

    model_config = ConfigDict(frozen=True, defer_build=True)
    id: str
    instrument: str
    number: str | None
    level: str
    article: str
    heading: str
    text: str | None
    status: Status
    role: str  # 方案条款 / 依据 / 其他依据

    @property
    def label(self) -> str:
        """e.g. 长政发〔2023〕11号 第三条第（三）点“坚决遏制‘两高’项目盲目发展”
        (Chinese quotation marks; quotes inside the heading become single ones)."""
        heading = self.heading.replace("“", "‘").replace("”", "’")
        return f"{self.instrument} {self.article}“{heading}”"


class CitationBook:
    """All instruments and clauses; resolves a rule's citation chain."""

    def __init__(self, instruments: dict[str, Instrument], clauses: dict[str, Clause]):
        self.instruments = instruments
        self.clauses = clauses

    def cite(self, clause_id: str, role: str) -> Citation:
        clause = self.clauses[clause_id]
        instrument = self.instruments[clause.instrument]
        return Citation(id=clause_id, instrument=instrument.short, number=instrument.number,
                        level=instrument.level, article=clause.article, heading=clause.heading,
                        text=clause.text, status=clause.status, role=role)

    def in_force(self, clause_id: str, day: dt.date | None) -> str:
        """The clause a citation of `clause_id` means on `day`: its successor once the
        successor's instrument is in force (None: as written)."""
        successor = self.clauses[clause_id].succeeded_by
        while day is not None and successor is not None and successor.since <= day:
            clause_id = successor.clause
            successor = self.clauses[clause_id].succeeded_by
        return clause_id

    def chain(self, plan_clause: str, others: list[str],
              day: dt.date | None = None) -> list[Citation]:
        """Plan clause, then its basis as the drafting note lists it, then other instruments
        (each as in force on `day`, without repeats)."""
        chain = [self.cite(plan_clause, "方案条款")]
        chain += [self.cite(b, "依据") for b in self.clauses[plan_clause].basis]
        current = list(dict.fromkeys(self.in_force(o, day) for o in others))
        chain += [self.cite(o, "其他依据") for o in current]
        return chain


def load_citations(path: Path) -> CitationBook:
    """Read citations.yaml; every clause's instrument and basis must exist."""
    data = read_yaml(path) or {}
    instruments = {k: validate_entry(Instrument, v, path, k)
                   for k, v in (data.get("instruments") or {}).items()}
    clauses = {k: validate_entry(Clause, v, path, k) for k, v in (data.get("clauses") or {}).items()}
    for key, clause in clauses.items():
        if clause.instrument not in instruments:
            raise RulebookError(path, key, f"未定义的文件“{clause.instrument}”")
        for basis in clause.basis:
            if basis not in clauses:
                raise RulebookError(path, key, f"依据条款“{basis}”未定义")
        if clause.succeeded_by and clause.succeeded_by.clause not in clauses:
            raise RulebookError(path, key, f"后继条款“{clause.succeeded_by.clause}”未定义")
    return CitationBook(instruments, clauses)
