"""Applicant-declared shortcuts (rules/declarations.yaml): the declared flags that lower an
obligation, shown with every result as "申报：…（依据：…）".

A review rests on what the applicant declares.  Some declarations lower what the rules ask
(``two_highs: false`` takes a project out of the "两高" rules, ``gb17167_compliant: true``
answers the metering rule, a natural-gas kind sets the coefficient, an approval level sets the
authority…).  The reviewer must see which of them the outcome rests on and what backs each:
the declared basis (e.g. the provincial catalogue document) or, where none is declared, that
it is the applicant's word.  Which fields these are and how they read is rulebook data a
policy officer can read and change; this module only finds them in an application.
"""

import functools
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from checker.rulebook.errors import RulebookError, read_yaml, unfold, validate_entry
from checker.trusted import trusted

ABSENT = "未申报"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Shortcut(_Strict):
    """One declared field that lowers an obligation when it has one of `lowering` values."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    path: str                         # section.field, or section[].field for each list item
    where: dict[str, Any] = {}        # list items only: the item's fields that must match
    lowering: list[Any]               # values that lower the obligation (null: not declared)
    label: str                        # what the declaration says; {value} is the value
    absent_label: str | None = None   # what not declaring says (when null is lowering)
    basis_path: str | None = None     # where the applicant names the basis document
    evidence: str                     # what would back the declaration
    effect: str                       # which obligation it lowers


class Declaration(_Strict):
    """A shortcut found in one application: "申报：{label}（依据：{basis}）"."""

    key: str
    field: str
    value: Any
    label: str
    basis: str | None                 # the declared basis document, when the applicant named it
    text: str                         # 申报：…（依据：…）
    effect: str


class DeclarationBook(_Strict):
    shortcuts: list[Shortcut]
    # each shortcut as `found_in` reads it (`_Reading`), worked out once from `shortcuts`
    _readings: tuple = PrivateAttr(default=())

    def model_post_init(self, context: Any) -> None:
        self._readings = tuple(_reading(shortcut) for shortcut in self.shortcuts)

    def found_in(self, app: Any) -> list[Declaration]:
        """The shortcuts `app` (a ProjectApplication) takes, in rulebook order."""
        found = []
        for (listed, where, names, conditions, lowering, basis_names, label, absent_label,
             evidence, key, path, effect) in self._readings:
            if listed:
                name = names[0]
                values = [getattr(item, name, None) for item in (_walk(app, where) or [])
                          if all(getattr(item, k, None) == v for k, v in conditions)]
            else:
                node = getattr(app, where, None)
                if node is None:
                    continue  # the section is absent: nothing was declared there
                values = (_walk(node, names),)
            for value in values:
                if value not in lowering:
                    continue
                basis = _walk(app, basis_names) if basis_names else None
                shown = (absent_label if value is None and absent_label
                         else label.format(value=ABSENT if value is None else value))
                ground = basis or ("建设单位未申报，按缺省处理" if value is None
                                   else f"建设单位申报，未附{evidence}")
                found.append(trusted(Declaration, {
                    "key": key, "field": path, "value": value, "label": shown, "basis": basis,
                    "text": f"申报：{shown}（依据：{ground}）", "effect": effect}))
        return found


def _reading(shortcut: Shortcut) -> tuple:
    """What `found_in` reads of a shortcut, its paths split (issue 29: a review reads every
    shortcut): (a `section[].field` path, the section or the list's attribute names, the
    attribute names below the section or the item's field, the `where` items, the lowering
    values, the basis path's names or None, label, absent label, evidence, key, path, effect)."""
    listed, where, names = _shape(shortcut.path)
    return (listed, _names(where) if listed else where, names, tuple(shortcut.where.items()),
            shortcut.lowering, _names(shortcut.basis_path) if shortcut.basis_path else None,
            shortcut.label, shortcut.absent_label, shortcut.evidence, shortcut.key,
            shortcut.path, shortcut.effect)


def _walk(node: Any, names: tuple[str, ...]) -> Any:
    """The value at `names` below `node` (None once a step is absent)."""
    for name in names:
        node = None if node is None else getattr(node, name, None)
    return node


@functools.lru_cache(maxsize=None)
def _names(path: str) -> tuple[str, ...]:
    """The attribute names of a dotted path (the rulebook's few paths, split once)."""
    return tuple(path.split("."))


@functools.lru_cache(maxsize=None)
def _shape(path: str) -> tuple[bool, str, tuple[str, ...]]:
    """(a `section[].field` path, the section it lives in or the list's dotted path, the
    attribute names below the section or the list item's field), the path split once."""
    if "[]." in path:
        items, _, name = path.partition("[].")
        return True, items, (name,)
    section, *names = path.split(".")
    return False, section, tuple(names)


def load_declarations(path: Path) -> DeclarationBook:
    """rules/declarations.yaml, validated (an absent file declares no shortcut)."""
    if not path.exists():
        return DeclarationBook(shortcuts=[])
    data = read_yaml(path) or {}
    entries = data.get("declarations") or []
    shortcuts = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise RulebookError(path, str(index), "每项申报事项须为映射")
        entry = {k: unfold(v) if isinstance(v, str) and k in ("label", "absent_label", "evidence", "effect") else v
                 for k, v in entry.items()}
        shortcuts.append(validate_entry(Shortcut, entry, path, entry.get("key", str(index))))
    keys = [s.key for s in shortcuts]
    if len(keys) != len(set(keys)):
        raise RulebookError(path, None, "申报事项的 key 不能重复")
    return DeclarationBook(shortcuts=shortcuts)
