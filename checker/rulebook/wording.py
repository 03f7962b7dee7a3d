"""The document types a review produces, as rules/documents.yaml words them (issued wording),
and the internal wording of rules/working_paper.yaml.

Each type (节能审查意见, 告知承诺书, 补正通知, 责令停止建设、限期整改通知书, 转报函, 告知书, and
the ecology bureau's 部门意见) has its own title, issuing bureau, numbering series, addressee,
opening and one sentence per conclusion (or per outcome, or per routing rule), each of which
may be dated by the energy-review measure in force.  Which type a review produces follows from
the energy part's outcome and conclusion (`serves`), from a rule that replaces the decision
(`rules`: 未批先建 under Order 31 Art. 24) and from whether the pollutant part applies.  The
审查工作底稿 (`working_paper`) is internal: never numbered, addressed or sent; its wording, and every
sentence only the working paper and the staff's views print (what is missing, what was not
accounted, what a reviewer must check), is in rules/working_paper.yaml, so that what the bureau
sends is worded from documents.yaml alone.  The layout is the renderer's (checker/opinion).  Both
files are part of the rulebook: validated at load, their digests part of the rulebook version.
"""

import functools
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from checker.rulebook.errors import RulebookError, read_yaml, unfold, validate_entry
from checker.rulebook.sources import Status
from checker.severity import DECIDED_IN_DISTRICT, Outcome, Part
from checker.values import number_text, percent_text, quantity_text, rate_text

if TYPE_CHECKING:  # pragma: no cover — the account is computed above the rulebook
    from checker.carbon import CarbonAccount

PLACEHOLDERS = {"project", "applicant", "measure", "plan", "as_of", "authority", "drc", "ecology",
                "energy_document"}
PARAMETER = re.compile(r"^p:[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
DISTRICT_CONCLUSIONS = ("approve", "conditional", "incomplete", "reject")
# A text of the wording, either one for every measure or {measure key: text}.
Dated = str | dict[str, str]


def dated(text: Dated, measure: str | None) -> str:
    """The text in force under `measure` (a measure key of rulebook.yaml)."""
    if isinstance(text, str):
        return text
    if measure in text:
        return text[measure]
    raise KeyError(f"措辞未写明办法“{measure}”施行期的表述")


def _texts(text: Dated) -> list[str]:
    return [text] if isinstance(text, str) else list(text.values())
POLLUTANT_CONCLUSIONS = ("compliant", "conditional", "incomplete", "non_compliant")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Issuer(_Strict):
    """A configurable name (an issuing bureau, or a series' number prefix): the value of the
    setting (environment variable) `setting`, else `default`."""

    setting: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    default: str = Field(min_length=1)

    def name(self) -> str:
        return (os.environ.get(self.setting) or "").strip() or self.default


class Other(_Strict):
    """An item of the body's 其他 part; `unverified` sends a 待核实 note to the working paper
    (never to the body)."""

    text: str = Field(min_length=1)
    unverified: bool = False
    basis: str | None = None
    measures: list[str] = Field(default_factory=list)  # only under these measures (empty: all)
    conclusions: list[str] = Field(default_factory=list)  # only for these conclusions (empty: all)


class DocumentType(_Strict):
    """One kind of document: what it is called and everything it says that is wording.

    outcomes / serves: the energy outcomes it answers and, for the outcomes the district
    decides, which conclusions (empty: all; "commitment/approve" limits an entry to one
    outcome); rules: rules whose finding replaces the decision
    with this document (it then answers whatever the outcome).  Texts may be dated by measure
    (see `dated`); `under` resolves them for one review."""

    key: str
    name: str = Field(min_length=1)
    part: Part
    outcomes: list[Outcome] = Field(default_factory=list)
    serves: list[str] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)
    issuer: str
    series: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    addressee: str = Field(min_length=1)
    authorities: dict[Outcome, str] = Field(default_factory=dict)
    opening: Dated
    conclusions: dict[str, Dated] = Field(min_length=1)
    companion: str | None = None     # names the other bureau's document on the same project
    attachments: list[str] = Field(default_factory=list)  # 附件 the letter sends along
    closing: str | None = None       # 特此函报。…
    copy_to: list[str] = Field(default_factory=list)
    others: list[Other] = Field(default_factory=list)
    reading: str | None = None  # the rulebook's reading where the sources give no wording

    def under(self, measure: str | None, conclusion: str | None = None) -> "DocumentType":
        """This type with the texts and 其他 items in force under `measure`, and only the 其他
        items that apply to `conclusion` (a rejection has no validity or overrun clause)."""
        others = [o for o in self.others
                  if (not o.measures or measure in o.measures)
                  and (not o.conclusions or conclusion is None or conclusion in o.conclusions)]
        conclusions = {k: dated(v, measure) for k, v in self.conclusions.items()
                       if isinstance(v, str) or measure in v}
        return self.model_copy(update={"others": others, "conclusions": conclusions,
                                       "opening": dated(self.opening, measure)})

    def sentence(self, conclusion: str, outcome: str, rule: str | None = None) -> str:
        """The sentence stating the decision: by the rule that routed the project, else by
        conclusion, else by outcome, else the type's default."""
        for key in (rule, conclusion, outcome, "default"):
            if key and key in self.conclusions:
                return self.conclusions[key]
        raise KeyError(f"{self.key}：没有“{conclusion or outcome}”的结论表述")

    def answers(self, outcome: Outcome, conclusion: str) -> bool:
        """Whether this type is the energy document for `outcome` and `conclusion`."""
        return (not self.rules and outcome in self.outcomes
                and (not self.serves or outcome not in DECIDED_IN_DISTRICT
                     or conclusion in self.serves
                     or f"{outcome.value}/{conclusion}" in self.serves))

    def required_sentences(self) -> set[str]:
        if self.part is Part.POLLUTANT:
            return set(POLLUTANT_CONCLUSIONS)
        if self.rules:
            return {"default"}
        keys: set[str] = set()
        for outcome in self.outcomes:
            if outcome in DECIDED_IN_DISTRICT:
                keys |= ({entry.rsplit("/", 1)[-1] for entry in self.serves}
                         or set(DISTRICT_CONCLUSIONS))
            else:
                keys.add(outcome.value)
        return keys

    def texts(self) -> list[str]:
        """Every text of the type (all measures), for the placeholder check."""
        return [self.title, self.addressee, *_texts(self.opening),
                *(t for v in self.conclusions.values() for t in _texts(v)),
                *self.authorities.values(), *self.copy_to, *self.attachments,
                *(o.text for o in self.others), self.companion or "", self.closing or ""]


class CarbonCheckWording(_Strict):
    """The internal sentences of the 碳排放评价 (rules/working_paper.yaml ``carbon_evaluation``):
    each source with its factor and verification, and what could not be accounted or compared —
    for the reviewer to check against the energy report.  Never in an issued document, which
    states the builder's duty instead (`CarbonWording.total_pending`) or leaves the comparison
    out."""

    source: str = Field(min_length=1)
    total_missing: str = Field(min_length=1)
    intensity_missing: str = Field(min_length=1)
    reference: str = Field(min_length=1)
    target: str = Field(min_length=1)


class WorkingPaperWording(_Strict):
    """The 审查工作底稿: the internal working paper of a review (never numbered, addressed or
    sent), holding everything the issued documents leave out; `carbon`: the internal sentences
    of the 碳排放评价."""

    name: str = Field(min_length=1)
    title: str = Field(min_length=1)
    notice: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    carbon: CarbonCheckWording


class CarbonWording(_Strict):
    """The issued wording of the 碳排放评价 (令2025年第31号第二条: its result is part of the
    opinion); its internal sentences are `CarbonCheckWording`."""

    heading: str
    total: str
    source_body: str
    source_missing: str
    total_pending: str
    intensity: str
    product: str
    reading: str | None = None

    def paragraphs(self, account: "CarbonAccount", check: CarbonCheckWording) -> list[str]:
        """The evaluation as the working paper and the staff's views state it: total by
        source with each factor and its verification (or what is missing), intensity per 万元
        added value and per product, reference levels, local targets — the internal sentences
        from `check` (rules/working_paper.yaml)."""
        out = []
        if account.total_tco2 is None:
            out.append(check.total_missing.format(missing="；".join(account.missing)))
        else:
            sources = "；".join(self._source(account, line, check.source)
                               for line in account.lines) or "无"
            out.append(self.total.format(total=number_text(account.total_tco2), sources=sources))
        if account.intensity_tco2_per_10k_yuan is None:
            out.append(check.intensity_missing)
        else:
            out.append(self.intensity.format(
                intensity=rate_text(account.intensity_tco2_per_10k_yuan)))
        out += [self.product.format(name=p.name, value=rate_text(p.tco2_per_unit), unit=p.output_unit)
                for p in account.products if p.tco2_per_unit is not None]
        out += [check.reference, check.target]
        return out

    def body(self, account: "CarbonAccount") -> list[str]:
        """The evaluation as an issued opinion states it: only figures computed (total by
        source, intensity, per product); a missing factor becomes the requirement to account
        the CO₂ in the energy report (`total_pending`), never “未核算”.  The factors, their
        tags and what is missing stay in the working paper (`paragraphs`)."""
        if account.total_tco2 is None:
            return [self.total_pending]
        sources = "；".join(self._source(account, line, self.source_body)
                           for line in account.lines) or "无"
        out = [self.total.format(total=number_text(account.total_tco2), sources=sources)]
        if account.intensity_tco2_per_10k_yuan is not None:
            out.append(self.intensity.format(
                intensity=number_text(account.intensity_tco2_per_10k_yuan)))
        out += [self.product.format(name=p.name, value=number_text(p.tco2_per_unit), unit=p.output_unit)
                for p in account.products if p.tco2_per_unit is not None]
        return out

    def _source(self, account: "CarbonAccount", line, template: str) -> str:
        share = account.share(line)
        if line.tco2 is None:
            return self.source_missing.format(title=line.title)
        return template.format(
            title=line.title, tco2=number_text(line.tco2),
            share=percent_text(share * 100) if share is not None else "—",
            factor=quantity_text(line.factor, line.factor_unit), status=_status_text(line.status))


def _status_text(status: str) -> str:
    """A factor's verification as a sentence reads it: 已核实 / 待核实 for a rulebook tag, or
    the words of a factor the reviewer supplied for this review (checker.carbon.SUPPLIED)."""
    return Status(status).short_label if status in Status._value2member_map_ else status


class ImpactWording(_Strict):
    """The wording of 能效指标与对全区节能目标的影响 in the energy documents (令2023年第2号
    第十一条（五）（六）); placeholders are filled from checker.impact.Impact."""

    lead: str = Field(min_length=1)
    indicators: str = Field(min_length=1)
    no_added_value: str = Field(min_length=1)
    m: str = Field(min_length=1)
    n: str = Field(min_length=1)
    missing: str = Field(min_length=1)


ACT_PLACEHOLDERS = {"project", "applicant", "code", "phase", "opinion", "opinion_date", "year",
                    "measure", "authority", "drc", "ecology",
                    # the project file's acts (checker.store.projects): change, rectification
                    "received_on", "change", "rectified_on"}
# the project file's acts that issue a document (checker.store.projects)
PROJECT_ACTS = ("change_granted", "rectification")


class ActType(_Strict):
    """A document the bureau issues on a project besides its review's documents (Order 2025
    No. 31 chapters 3–5): the 同意变更的函 (Art. 18) and the 整改证明 (Art. 24), issued by an
    act of the project file (`project_act`), the 节能审查验收意见 (Art. 21, conclusions passed /
    failed) and the 限期整改通知 (Art. 26, conclusion default).  It is drafted, signed and
    numbered like the review's documents (checker.store.records), in its own series, and
    rendered by checker.opinion.acts."""

    key: str
    name: str = Field(min_length=1)
    issuer: str
    series: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    addressee: str = Field(min_length=1)
    opening: str = Field(min_length=1)
    conclusions: dict[str, str] = Field(min_length=1)
    heading: str = Field(min_length=1)   # the decision's section
    items_heading: str = ""              # the listed items' section (none: no list)
    project_act: str | None = None       # the project file's act that issues it
    others: list[str] = Field(default_factory=list)
    copy_to: list[str] = Field(default_factory=list)
    reading: str | None = None

    def texts(self) -> list[str]:
        return [self.title, self.addressee, self.opening, *self.conclusions.values(),
                *self.others, *self.copy_to]


class DocumentBook(_Strict):
    """All document types, with the issuers they name."""

    issuers: dict[str, Issuer]
    series: dict[str, Issuer]        # numbering series → its number prefix (机关代字)
    documents: dict[str, DocumentType]
    carbon: CarbonWording
    impact: ImpactWording | None = None
    working_paper: WorkingPaperWording
    acts: dict[str, ActType] = Field(default_factory=dict)

    def kind(self, key: str) -> DocumentType | ActType:
        """A review's document type or an act's (both have name, issuer and series)."""
        return self.documents[key] if key in self.documents else self.acts[key]

    def settings(self) -> dict[str, str]:
        """Every configurable name (setting → default): bureaus and number prefixes."""
        return {i.setting: i.default for i in [*self.issuers.values(), *self.series.values()]}

    def for_energy(self, outcome: Outcome, conclusion: str = "",
                   fired: frozenset[str] | set[str] = frozenset()) -> DocumentType:
        """The energy document for an outcome and conclusion; a type whose `rules` fired
        replaces it (Order 31 Art. 24: 责令停止建设、限期整改, no opinion)."""
        if fired:
            for doc in self.documents.values():
                if doc.part is Part.ENERGY and doc.rules and not fired.isdisjoint(doc.rules):
                    return doc
        return next(d for d in self.documents.values()
                    if d.part is Part.ENERGY and d.answers(outcome, conclusion))

    def for_pollutant(self) -> DocumentType:
        return next(d for d in self.documents.values() if d.part is Part.POLLUTANT)

    def for_parts(self, parts: dict) -> list[str]:
        """The document types a review with these part results produces (keys), main (energy)
        document first; the pollutant document only when that part applies.

        Unless a finding of a rule that replaces the decision fired, the energy document
        depends on the outcome and conclusion only: it is looked up once per pair (issue 29:
        every review asks)."""
        energy = parts[Part.ENERGY]
        replacing = self._replacing
        if any(f.rule_id in replacing for f in energy.findings):
            key = self.for_energy(energy.outcome, energy.conclusion.value,
                                  {f.rule_id for f in energy.findings}).key
        else:
            pair = (energy.outcome, energy.conclusion.value)
            key = self._energy_keys.get(pair)
            if key is None:
                key = self._energy_keys[pair] = self.for_energy(*pair).key
        keys = [key]
        if parts[Part.POLLUTANT].applicable:
            keys.append(self._pollutant_key)
        return keys

    # Worked out from the (frozen) documents when first needed, kept beside the fields (not
    # fields: neither dumped nor compared).
    @functools.cached_property
    def _replacing(self) -> frozenset[str]:
        """The rules whose finding replaces the energy decision (`for_energy`)."""
        return frozenset(rule for doc in self.documents.values()
                         if doc.part is Part.ENERGY for rule in doc.rules)

    @functools.cached_property
    def _energy_keys(self) -> dict[tuple[Outcome, str], str]:
        """The energy document's key by (outcome, conclusion), filled as they occur."""
        return {}

    @functools.cached_property
    def _pollutant_key(self) -> str:
        return self.for_pollutant().key

    def issuer_name(self, key: str) -> str:
        return self.issuers[self.documents[key].issuer].name()


INTERNAL_FILE = "working_paper.yaml"  # internal wording, beside documents.yaml


def load_documents(path: Path) -> DocumentBook:
    """Read and validate rules/documents.yaml and, beside it, the internal wording of
    rules/working_paper.yaml; a problem raises RulebookError naming the file."""

    def error(entry: str | None, problem: str):
        raise RulebookError(path, entry, problem)

    data = read_yaml(path) or {}

    def folded(value):
        if isinstance(value, dict):
            return {k: unfold(v) if isinstance(v, str) else v for k, v in value.items()}
        return unfold(value) if isinstance(value, str) else value

    raw = {key: {**body, "opening": folded(body.get("opening")),
                 "conclusions": {k: folded(v) for k, v in (body.get("conclusions") or {}).items()},
                 "others": [{**o, "text": unfold(o.get("text"))} for o in body.get("others") or []],
                 "reading": folded(body.get("reading"))}
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
    internal_path = path.with_name(INTERNAL_FILE)
    internal = read_yaml(internal_path) or {}
    paper = internal.get("working_paper")
    paper = {k: folded(v) for k, v in paper.items()} if isinstance(paper, dict) else {}
    paper["carbon"] = validate_entry(CarbonCheckWording, internal.get("carbon_evaluation") or {},
                                     internal_path, "carbon_evaluation")
    paper = validate_entry(WorkingPaperWording, paper, internal_path, "working_paper")
    acts = {key: validate_entry(ActType, {"key": key, **{k: folded(v) if k != "others" else
                                                         [unfold(o) for o in v or []]
                                                         for k, v in (body or {}).items()}},
                                path, key)
            for key, body in (data.get("acts") or {}).items()}
    book = DocumentBook(issuers=issuers, series=series, documents=documents, carbon=carbon,
                        impact=impact, working_paper=paper, acts=acts)
    _check(book, error)
    return book


def _check(book: DocumentBook, error) -> None:
    series = [d.series for d in [*book.documents.values(), *book.acts.values()]]
    if len(set(series)) != len(series):
        error(None, "每种文书须有自己的编号序列（series 不得重复）")
    for outcome in Outcome:
        conclusions = DISTRICT_CONCLUSIONS if outcome in DECIDED_IN_DISTRICT else ("",)
        for conclusion in conclusions:
            owners = [d.key for d in book.documents.values() if d.answers(outcome, conclusion)]
            if len(owners) != 1:
                case = f"结果“{outcome.value}”" + (f"、结论“{conclusion}”" if conclusion else "")
                error(None, f"{case}须恰由一种节能审查文书承担（现为：{owners or '无'}）")
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
        if doc.part is Part.POLLUTANT and (doc.outcomes or doc.rules):
            error(doc.key, "污染物控制部分的文书不声明 outcomes 或 rules")
        unknown = {e for e in doc.serves if e.rsplit("/", 1)[-1] not in DISTRICT_CONCLUSIONS
                   or ("/" in e and e.split("/", 1)[0] not in {o.value for o in doc.outcomes})}
        if unknown:
            error(doc.key, f"serves 只能列区级审查的结论，未知：{'、'.join(sorted(unknown))}")
        missing = doc.required_sentences() - set(doc.conclusions)
        if missing:
            error(doc.key, f"缺少结论表述：{'、'.join(sorted(missing))}")
        for text in doc.texts():
            for name in re.findall(r"\{([^{}]*)\}", text):
                if name not in PLACEHOLDERS and not PARAMETER.match(name):
                    error(doc.key, f"未知占位符“{{{name}}}”")
    for act in book.acts.values():
        if act.issuer not in book.issuers:
            error(act.key, f"未定义的发文机关“{act.issuer}”")
        if act.project_act is not None and act.project_act not in PROJECT_ACTS:
            error(act.key, f"未知的项目档案行为“{act.project_act}”")
        for text in act.texts():
            for name in re.findall(r"\{([^{}]*)\}", text):
                if name not in ACT_PLACEHOLDERS and not PARAMETER.match(name):
                    error(act.key, f"未知占位符“{{{name}}}”")
