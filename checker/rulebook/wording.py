"""The document types a review produces, as rules/documents.yaml words them.

Each type (节能审查意见, 转报函, 告知书, 污染物排放与VOCs控制合规意见) has its own title,
issuing bureau, numbering series, addressee, opening and one sentence per conclusion (or per
outcome). Which type a review produces follows from the energy part's outcome and from whether
the pollutant part applies; the layout is the renderer's (checker/opinion).  The file is part
of the rulebook: it is validated at load and its digest is part of the rulebook version.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from checker.rulebook.errors import RulebookError, read_yaml, unfold, validate_entry
from checker.rulebook.sources import Status
from checker.severity import Outcome, Part
from checker.values import number_text, percent_text, quantity_text, rate_text

if TYPE_CHECKING:  # pragma: no cover — the account is computed above the rulebook
    from checker.carbon import CarbonAccount

PLACEHOLDERS = {"project", "applicant", "measure", "plan", "as_of", "authority", "drc", "ecology"}
DISTRICT_CONCLUSIONS = ("approve", "conditional", "incomplete", "reject")
POLLUTANT_CONCLUSIONS = ("compliant", "conditional", "incomplete", "non_compliant")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Issuer(_Strict):
    """A configurable name (an issuing bureau, or a series' number prefix): the value of the
    setting (environment variable) `setting`, else `default`."""

    setting: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    default: str = Field(min_length=1)

    def name(self) -> str:
        return (os.environ.get(self.setting) or "").strip() or self.default


class Other(_Strict):
    """An item of the body's 其他 part; `unverified` sends a 待核实 note to the annex."""

    text: str = Field(min_length=1)
    unverified: bool = False
    basis: str | None = None
    measures: list[str] = Field(default_factory=list)  # only under these measures (empty: all)


class DocumentType(_Strict):
    """One kind of document: what it is called and everything it says that is wording."""

    key: str
    name: str = Field(min_length=1)
    part: Part
    outcomes: list[Outcome] = Field(default_factory=list)
    issuer: str
    series: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    addressee: str = Field(min_length=1)
    authorities: dict[Outcome, str] = Field(default_factory=dict)
    opening: str = Field(min_length=1)
    conclusions: dict[str, str] = Field(min_length=1)
    copy_to: list[str] = Field(default_factory=list)
    others: list[Other] = Field(default_factory=list)
    reading: str | None = None  # the rulebook's reading where the sources give no wording

    def under(self, measure: str | None) -> "DocumentType":
        """This type with only the 其他 items of the energy-review measure in force."""
        others = [o for o in self.others if not o.measures or measure in o.measures]
        return self.model_copy(update={"others": others})

    def sentence(self, conclusion: str, outcome: str) -> str:
        """The sentence stating the conclusion (by conclusion, else by outcome)."""
        return self.conclusions.get(conclusion) or self.conclusions[outcome]

    def required_sentences(self) -> set[str]:
        if self.part is Part.POLLUTANT:
            return set(POLLUTANT_CONCLUSIONS)
        keys: set[str] = set()
        for outcome in self.outcomes:
            keys |= set(DISTRICT_CONCLUSIONS) if outcome is Outcome.DISTRICT else {outcome.value}
        return keys


class CarbonWording(_Strict):
    """The wording of the 碳排放评价 (令2025年第31号第二条: its result is part of the opinion)."""

    heading: str
    total: str
    source: str
    source_missing: str
    total_missing: str
    intensity: str
    intensity_missing: str
    product: str
    reference: str
    target: str
    reading: str | None = None

    def paragraphs(self, account: CarbonAccount) -> list[str]:
        """The evaluation as sentences: total by source and structure (or what is missing),
        intensity per 万元 added value and per product, reference levels, local targets."""
        out = []
        if account.total_tco2 is None:
            out.append(self.total_missing.format(missing="；".join(account.missing)))
        else:
            sources = "；".join(self._source(account, line) for line in account.lines) or "无"
            out.append(self.total.format(total=number_text(account.total_tco2), sources=sources))
        if account.intensity_tco2_per_10k_yuan is None:
            out.append(self.intensity_missing)
        else:
            out.append(self.intensity.format(
                intensity=rate_text(account.intensity_tco2_per_10k_yuan)))
        out += [self.product.format(name=p.name, value=rate_text(p.tco2_per_unit), unit=p.output_unit)
                for p in account.products if p.tco2_per_unit is not None]
        out += [self.reference, self.target]
        return out

    def _source(self, account: CarbonAccount, line) -> str:
        share = account.share(line)
        return self.source.format(
            title=line.title, tco2=number_text(line.tco2),
            share=percent_text(share * 100) if share is not None else "—",
            factor=quantity_text(line.factor, line.factor_unit), status=Status(line.status).short_label)


class ImpactWording(_Strict):
    """The wording of 能效指标与对全区节能目标的影响 in the energy documents (令2023年第2号
    第十一条（五）（六）); placeholders are filled from checker.impact.Impact."""

    lead: str = Field(min_length=1)
    indicators: str = Field(min_length=1)
    no_added_value: str = Field(min_length=1)
    m: str = Field(min_length=1)
    n: str = Field(min_length=1)
    missing: str = Field(min_length=1)


class DocumentBook(_Strict):
    """All document types, with the issuers they name."""

    issuers: dict[str, Issuer]
    series: dict[str, Issuer]        # numbering series → its number prefix (机关代字)
    documents: dict[str, DocumentType]
    carbon: CarbonWording
    impact: ImpactWording | None = None

    def settings(self) -> dict[str, str]:
        """Every configurable name (setting → default): bureaus and number prefixes."""
        return {i.setting: i.default for i in [*self.issuers.values(), *self.series.values()]}

    def for_energy(self, outcome: Outcome) -> DocumentType:
        return next(d for d in self.documents.values() if outcome in d.outcomes)

    def for_pollutant(self) -> DocumentType:
        return next(d for d in self.documents.values() if d.part is Part.POLLUTANT)

    def for_parts(self, parts: dict) -> list[str]:
        """The document types a review with these part results produces (keys), main (energy)
        document first; the pollutant document only when that part applies."""
        keys = [self.for_energy(parts[Part.ENERGY].outcome).key]
        if parts[Part.POLLUTANT].applicable:
            keys.append(self.for_pollutant().key)
        return keys

    def issuer_name(self, key: str) -> str:
        return self.issuers[self.documents[key].issuer].name()


def load_documents(path: Path) -> DocumentBook:
    """Read and validate rules/documents.yaml; a problem raises RulebookError naming the file."""

    def error(entry: str | None, problem: str):
        raise RulebookError(path, entry, problem)

    data = read_yaml(path) or {}
    raw = {key: {**body, "opening": unfold(body.get("opening")),
                 "others": [{**o, "text": unfold(o.get("text"))} for o in body.get("others") or []]}
           for key, body in (data.get("documents") or {}).items() if isinstance(body, dict)}
    documents = {key: validate_entry(DocumentType, {"key": key, **(body or {})}, path, key)
                 for key, body in raw.items()}
    issuers = {key: validate_entry(Issuer, body, path, key)
               for key, body in (data.get("issuers") or {}).items()}
    series = {key: validate_entry(Issuer, body, path, key)
              for key, body in (data.get("series") or {}).items()}
    carbon = validate_entry(CarbonWording, data.get("carbon_evaluation") or {}, path,
                            "carbon_evaluation")
    impact = data.get("impact")
    impact = validate_entry(ImpactWording, {k: unfold(v) for k, v in impact.items()}, path,
                            "impact") if isinstance(impact, dict) else None
    book = DocumentBook(issuers=issuers, series=series, documents=documents, carbon=carbon,
                        impact=impact)
    _check(book, error)
    return book


def _check(book: DocumentBook, error) -> None:
    series = [d.series for d in book.documents.values()]
    if len(set(series)) != len(series):
        error(None, "每种文书须有自己的编号序列（series 不得重复）")
    for outcome in Outcome:
        owners = [d.key for d in book.documents.values() if outcome in d.outcomes]
        if len(owners) != 1:
            error(None, f"结果“{outcome.value}”须恰由一种节能审查文书承担（现为：{owners or '无'}）")
    if sum(d.part is Part.POLLUTANT for d in book.documents.values()) != 1:
        error(None, "须恰有一种污染物控制部分的文书")
    if set(series) != set(book.series):
        error(None, "series 须恰好列出各文书的编号序列及其文号前缀")
    prefixes = [s.setting for s in book.series.values()]
    if len(set(prefixes)) != len(prefixes):
        error(None, "每个编号序列须有自己的文号前缀设置")
    for doc in book.documents.values():
        if doc.issuer not in book.issuers:
            error(doc.key, f"未定义的发文机关“{doc.issuer}”")
        if doc.part is Part.POLLUTANT and doc.outcomes:
            error(doc.key, "污染物控制部分的文书不声明 outcomes")
        missing = doc.required_sentences() - set(doc.conclusions)
        if missing:
            error(doc.key, f"缺少结论表述：{'、'.join(sorted(missing))}")
        for text in [doc.title, doc.addressee, doc.opening, *doc.conclusions.values(),
                     *doc.authorities.values(), *doc.copy_to, *(o.text for o in doc.others)]:
            for name in re.findall(r"\{([^{}]*)\}", text):
                if name not in PLACEHOLDERS:
                    error(doc.key, f"未知占位符“{{{name}}}”")
