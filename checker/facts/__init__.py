"""The facts the rules read: a flat, named view of one application on one review date.

Each fact has a dotted name (``energy.total_tce``), a Chinese title, a unit and a type, and
is derived from the application, its energy account and the review date by one small
function.  Facts that the application does not give are absent, never guessed: a rule that
needs an absent fact reports it as missing.  Thresholds never live here; they are rulebook
parameters.  Modules in this package register their facts with `fact`.
"""
from __future__ import annotations

import datetime as dt
import keyword
import math
import typing
from dataclasses import dataclass, field
from typing import Any, Callable

from pydantic import BaseModel

from checker.energy import EnergyAccount, frozen
from checker.model import ProjectApplication
from checker.rulebook.cache import compiled
from checker.rulebook.sources import Status
from checker.values import is_number, quantity_formatter, value_text


@dataclass(frozen=True)
class Context:
    """What a fact may be derived from."""

    app: ProjectApplication
    energy: EnergyAccount
    as_of: dt.date
    tables: dict[str, Any]
    impact: Any = None  # checker.impact.Impact (the district-target analysis), when computed
    # The rulebook's parameter values on `as_of` (name → value, None when unset), for the few
    # facts whose *scope* is a dated parameter (GB 13271 covers steam boilers up to 65 t/h, so
    # the boiler limit facts are computed over the boilers in that scope, one by one).
    parameter: Callable[[str], Any] | None = field(default=None, kw_only=True, compare=False,
                                                   repr=False)
    # Intermediate results several facts share (e.g. each VOC material assessed against the
    # limit table), computed once per review: see `shared`.  Not an argument: every context,
    # a dataclasses.replace() copy included, starts empty (no result of another application).
    memo: dict = field(init=False, default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, app: ProjectApplication, energy: EnergyAccount, as_of: dt.date,
           tables: dict[str, Any], impact: Any = None,
           parameter: Callable[[str], Any] | None = None) -> "Context":
        """``Context(app, energy, as_of, tables, impact, parameter=parameter)``, without the
        generated __init__ (one object.__setattr__ per field; a review makes one)."""
        return frozen(cls, {"app": app, "energy": energy, "as_of": as_of, "tables": tables,
                            "impact": impact, "parameter": parameter, "memo": {}})

    def shared(self, key: str, compute: Callable[["Context"], Any]) -> Any:
        """`compute(self)`, computed once for this context under `key`."""
        try:
            return self.memo[key]
        except KeyError:
            value = self.memo[key] = compute(self)
            return value

    def value_of(self, name: str) -> Any:
        """The rulebook parameter `name` as of the review date (None when unset or when the
        context was built without the rulebook's parameters)."""
        return None if self.parameter is None else self.parameter(name)


@dataclass(frozen=True)
class Fact:
    """One named fact: its reviewer-facing title, unit and type, and how it is derived."""

    name: str
    title: str
    unit: str | None
    kind: type
    derive: Callable[[Context], Any]
    tag: bool = False  # the value is a verification tag (V1/V2/UNVERIFIED/GAP) of table data
    no: str = "否"     # how a declared `false` reads (e.g. 申报不建设), never as 未申报
    # how a number of this fact reads (checker.values.quantity_text for its unit, its choices
    # made once: a review displays many numbers)
    number_text: Callable[[float | int], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "number_text", quantity_formatter(self.unit))

    def verified(self, value: Any) -> bool:
        """False when this fact is a verification state other than verified (V1, read
        已核实): shown as 待核实."""
        return (not self.tag or value is None or str(value).startswith("V1")
                or value == Status.V1.short_label)

    def display(self, value: Any) -> str:
        """The value as a reviewer reads it: 3,000.0000 tce → "3,000 吨标准煤"; a declared
        false reads as `no` (申报不建设…), an absent value as 未申报."""
        kind = type(value)
        if kind is float or kind is int:  # the common case first (a bool is not an int here)
            return self.number_text(value)
        if value is None:
            return "未申报"
        if kind is bool:
            return "是" if value else self.no
        if isinstance(value, list) and not value:
            return "无"
        return value_text(value, self.unit)


CATALOGUE: dict[str, Fact] = {}


def fact(name: str, title: str, kind: type, unit: str | None = None, tag: bool = False,
         no: str = "否"):
    """Register a fact derivation under `name` (a decorator).

    ``tag=True`` marks a fact whose value is the verification tag of the table row a rule
    read; a finding that reads a tag other than V1 is flagged as 待核实.
    """

    def register(derive: Callable[[Context], Any]):
        if name in CATALOGUE:
            raise ValueError(f"fact {name} registered twice")
        CATALOGUE[name] = Fact(name, title, unit, kind, derive, tag, no)
        return derive

    return register


RATIO_CAP = 1e12  # a ratio over a vanishing denominator is "immeasurably large", not infinite


def ratio(numerator: float, denominator: float, digits: int = 4) -> float | None:
    """numerator ÷ denominator, rounded; None when the denominator is not positive.

    Tiny denominators would give an infinite float, which no comparison (and not the
    engine) can take; such a ratio is capped at RATIO_CAP, which is still "very large".
    """
    if denominator is None or numerator is None or denominator <= 0:
        return None
    value = numerator / denominator
    return round(value if math.isfinite(value) and value < RATIO_CAP else RATIO_CAP, digits)


def _of_kind(value: Any, kind: type) -> bool:
    """Values must have their declared type, so the engine and the reference evaluator,
    which compare mixed types differently, never meet one (bool is not a number here)."""
    if kind in (int, float):
        return is_number(value)
    return isinstance(value, kind)


def derive_all(context: Context) -> dict[str, Any]:
    """Every fact present for this application (absent ones are left out), in catalogue
    order: each derivation run once, a value not of its fact's exact type converted or
    refused (`_checked`)."""
    count, function = _DERIVE_ALL
    if count != len(CATALOGUE):
        function = _compile_derive_all()
    return function(context)


_DERIVE_ALL: list = [-1, None]  # (catalogue size when compiled, the compiled derive_all)


def _compile_derive_all() -> Callable[[Context], dict[str, Any]]:
    """`derive_all` as one function over the catalogue, built once all modules have
    registered (issue 29): the loop unrolled, and a declared ``section.attribute`` fact (or a
    figure of the energy account) read in place rather than through its derive function.
    Fact names enter the code only as
    string literals (their `repr`), section and attribute names only when they are plain
    identifiers; everything else is called through the namespace."""
    derivations = _derivations()
    namespace: dict[str, Any] = {"_isfinite": math.isfinite, "_checked": _checked,
                                 "_as_float": _as_float, "_float": float}
    lines = ["def derive_all(c):", "    facts = {}", "    app = c.app"]
    # section path → the local holding the section (or, "…", its fields' dict), each read
    # once, where first used
    sections: dict[tuple, str] = {(): "app"}
    for index, (name, derive, exact, entry) in enumerate(derivations):
        path = getattr(derive, "declared_path", None)
        accounted = getattr(derive, "accounted_attribute", None)
        if path is not None and all(p.isidentifier() and not keyword.iskeyword(p)
                                    for p in path):
            lines.append(f"    v = {_read_code(path, sections, lines)}")
        elif accounted is not None and accounted.isidentifier() \
                and not keyword.iskeyword(accounted):
            lines.append(f"    v = c.energy.{accounted}")
        else:
            namespace[f"d{index}"] = derive
            lines.append(f"    v = d{index}(c)")
        namespace[f"e{index}"] = entry
        lines.append("    if v is not None:")
        if exact is float:  # an int (e.g. a sum of nothing, 0) becomes a float at once
            lines.append("        if type(v) is not _float or not _isfinite(v):")
            lines.append(f"            v = _as_float({name!r}, e{index}, v)")
        else:
            namespace[f"k{index}"] = exact
            lines.append(f"        if type(v) is not k{index}:")
            lines.append(f"            v = _checked({name!r}, e{index}, v)")
        lines.append(f"        facts[{name!r}] = v")
    lines.append("    return facts")
    exec(compiled("\n".join(lines), "<derive_all>"), namespace)  # noqa: S102
    function = namespace["derive_all"]
    _DERIVE_ALL[:] = [len(derivations), function]
    return function


def _read_code(path: tuple[str, ...], sections: dict[tuple, str], lines: list[str]) -> str:
    """The code of `derive_all` reading the declared value at `path` below the application
    (None once a step is absent), each section (and sub-section) read once into a local
    where first used (`sections`, the lines appended to `lines`): through the section's
    fields dict when it is a model that declares the field — a read on a pydantic model is an
    unspecialised attribute lookup, hundreds of instructions (issue 29) — else by attribute."""
    parent, name = path[:-1], path[-1]
    model = _model_at(parent)
    if model is not None and name in model.model_fields:
        fields = sections.get((*parent, "…"))
        if fields is None:
            holder = _section_local(parent, sections, lines)
            fields = sections[(*parent, "…")] = f"f_{len(sections)}"
            lines.append(f"    {fields} = {holder}.__dict__" if not parent else
                         f"    {fields} = None if {holder} is None else {holder}.__dict__")
        return f"{fields}[{name!r}]" if not parent else \
            f"None if {fields} is None else {fields}[{name!r}]"
    holder = _section_local(parent, sections, lines)
    return f"{holder}.{name}" if not parent else f"None if {holder} is None else {holder}.{name}"


def _section_local(path: tuple[str, ...], sections: dict[tuple, str], lines: list[str]) -> str:
    local = sections.get(path)
    if local is None:
        code = _read_code(path, sections, lines)
        local = sections[path] = f"s_{len(sections)}"
        lines.append(f"    {local} = {code}")
    return local


def _model_at(path: tuple[str, ...]) -> type | None:
    """The pydantic model of the application's part at `path` (a section may be absent:
    ``X | None``), None when it is not one model."""
    model: Any = ProjectApplication
    for name in path:
        field_info = model.model_fields.get(name)
        if field_info is None:
            return None
        kinds = [k for k in (typing.get_args(field_info.annotation) or (field_info.annotation,))
                 if k is not type(None)]
        if len(kinds) != 1 or not isinstance(kinds[0], type) \
                or not issubclass(kinds[0], BaseModel):
            return None
        model = kinds[0]
    return model


def _as_float(name: str, entry: Fact, value: Any) -> Any:
    """`_checked` for a fact declared float: an int (e.g. a sum of nothing, 0) is converted
    at once, anything else checked."""
    return float(value) if type(value) is int else _checked(name, entry, value)


def _checked(name: str, entry: Fact, value: Any) -> Any:
    """`value` as fact `name` holds it (an int where a float is declared becomes a float),
    or an error when it is not of the fact's kind or not a finite number."""
    if entry.kind is float and is_number(value):
        value = float(value)
    if not _of_kind(value, entry.kind):
        raise TypeError(f"事实 {name} 应为 {entry.kind.__name__}，得到 {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"事实 {name} 的值不是有限数值（{value}），请用 ratio() 等有界计算")
    return value


_DERIVATIONS: list[tuple[str, Callable[[Context], Any], type, Fact]] = []


def _derivations() -> list[tuple[str, Callable[[Context], Any], type, Fact]]:
    """(name, derive, the exact type taken without conversion, fact) for every catalogued
    fact, in catalogue order (built once all modules have registered)."""
    if len(_DERIVATIONS) != len(CATALOGUE):
        _DERIVATIONS[:] = [(name, entry.derive, entry.kind, entry)
                           for name, entry in CATALOGUE.items()]
    return _DERIVATIONS


def present(section: Any, attribute: str) -> Any:
    """`section.attribute`, or None when the section is absent."""
    return None if section is None else getattr(section, attribute)


def declared(name: str, title: str, kind: type, unit: str | None = None,
             path: str | None = None, no: str = "否") -> None:
    """Register a fact that is the applicant's declaration itself, found by its name:
    ``buildings.rooftop_pv`` is ``application.buildings.rooftop_pv`` (absent with its section);
    `path` gives the place in the application when it differs from the name.
    """
    path = tuple((path or name).split("."))

    if len(path) == 2:  # the common shape, without a loop: section.attribute
        section, attribute = path

        def derive(c: Context) -> Any:
            node = getattr(c.app, section)
            return None if node is None else getattr(node, attribute)
    else:
        def derive(c: Context) -> Any:
            node: Any = c.app
            for attribute in path:
                node = present(node, attribute)
            return node

    derive.declared_path = path  # derive_all reads it in place
    fact(name, title, kind, unit, no=no)(derive)


def _register_modules() -> None:
    """Import every module of this package: each registers its facts on import."""
    import importlib
    import pkgutil

    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}")


_register_modules()
