"""The durable-rules adapter: the only module that calls the engine.

durable-rules crashes, hangs or silently drops findings unless it is used in one way
(docs/design/durable-rules.md, measured here).  This adapter is that way:

- the engine's C functions (``durable_rules_engine``) called directly, synchronously:
  durable-rules' Python `Host` layer (its dispatch threads, JSON round trips and the import
  of ``durable.engine`` with ``logging``) is not used; each ruleset is created from its
  definition's JSON text, kept in the rulebook's on-disk cache;
- one process-wide lock around every engine call (the C core is not thread-safe);
- the application is asserted as a *fact* (every matching rule fires; an event would be
  consumed by the first) into the one session each ruleset keeps, under a fixed fact id, and
  retracted by that id once its fired rules are read: the session is made once per ruleset,
  not once per review (making one clears the state of every rule: most of the engine's cost
  per review when it was made afresh, issue 29), and it holds no fact between reviews;
- a catch-all rule of lowest priority, so no fact is ever unmatched (an unmatched fact
  leaves a state whose deletion segfaults);
- one pattern per rule, rulesets of at most 60 rulebook rules (capacity limits: the entries
  of one rule exclude each other, so at most 60 of a ruleset's patterns match at once), only
  the facts the rules read (key-count limit), numbers written positionally (the engine's
  parser rejects ``1e-07``);
- the fired rules are read straight from the engine's action queue for the asserted state
  (``start_action_for_state`` / ``complete_and_start_action``, the calls durable-rules' own
  ``do_actions`` makes): the name of each fired rule is the first key of its action message,
  and no Python action runs, so no action can fail; any engine error, or an assert or
  retraction that does not report success, discards the host (its session included);
- each ruleset is sent only the facts its own patterns read (the engine parses every field
  it is given and copies the whole fact into the message of each rule it fires).
"""
from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from decimal import Decimal
from typing import Any

import durable_rules_engine

from checker.evaluation.compiler import Plan
from checker.evaluation.conditions import (FALSE, All, Compare, facts_of, prune, simplify,
                                           to_durable)
from checker.rulebook import cache as bookcache

MARKER = "_kind"
MARKER_VALUE = "application"
CATCH_ALL = "_catch_all"
LOWEST_PRIORITY = 65000
MAX_HOSTS = 16
MAX_RULES_PER_RULESET = 60  # error 303 above 64 rules matching one fact at once
RULESETS_FORMAT = 3  # the version of the ruleset definitions kept in the on-disk cache


class EngineError(RuntimeError):
    """The engine failed on a review; the host has been discarded and will be rebuilt."""


class _CompiledHost:
    """One host for one plan: the entries in rulebook order, cut into rulesets of at most
    MAX_RULES_PER_RULESET rules (a rule's entries exclude each other, so fewer than 64
    patterns can match one fact at once)."""

    def __init__(self, plan: Plan):
        chunks: list[list] = [[]]
        rules_in_chunk: set[str] = set()
        for entry in plan.entries:
            if entry.rule_id not in rules_in_chunk and len(rules_in_chunk) >= MAX_RULES_PER_RULESET:
                chunks.append([])
                rules_in_chunk = set()
            rules_in_chunk.add(entry.rule_id)
            chunks[-1].append(entry)
        self.rulesets = [f"plan_{index}" for index in range(len(chunks))]
        self.ruleset_entries = {name: frozenset(entry.name for entry in entries)
                                for name, entries in zip(self.rulesets, chunks, strict=True)}
        self.names = frozenset(entry.name for entry in plan.entries) | {CATCH_ALL}
        # The facts the plan reads, each under a short field name of its own (f0, f1 …: the
        # engine parses and hashes every name of every fact it is given, and returns the whole
        # fact with each fired rule), written once as the start of its JSON member.
        aliases = {fact: f"f{index}" for index, fact in enumerate(sorted(plan.facts))}
        aliases[MARKER] = MARKER
        # the rulesets depend on the plan alone: kept with it in the on-disk cache
        definitions, read = bookcache.derived(plan.source, "durable-rulesets", RULESETS_FORMAT,
                                              lambda: self._definitions(chunks, aliases))
        self.handles: list[int] = []  # the C rulesets, in the order of `rulesets`
        try:
            for name in self.rulesets:  # one at a time: those made are freed on failure
                self.handles.append(durable_rules_engine.create_ruleset(name, definitions[name]))
        except Exception:
            self.close()
            raise
        # Each fact a pattern reads: its JSON member's start and the rulesets it is sent to.
        self.fields = {fact: (f'"{aliases[fact]}": ', tuple(targets))
                       for fact, targets in read.items()}

    def _definitions(self, chunks: list[list], aliases: dict[str, str]
                     ) -> tuple[dict[str, str], dict[str, list[int]]]:
        """The durable-rules definition of each ruleset as the engine's JSON text, and for
        each fact a pattern reads the rulesets whose patterns read it."""
        definitions: dict[str, str] = {}
        read: dict[str, list[int]] = {}  # fact → the rulesets whose patterns read it
        for index, (name, entries) in enumerate(zip(self.rulesets, chunks, strict=True)):
            rules = {}
            for entry in entries:
                condition = prune(entry.condition)  # smaller patterns, same meaning
                if condition == FALSE:
                    continue  # can never hold: no pattern
                for fact in facts_of(condition):
                    targets = read.setdefault(fact, [])
                    if index not in targets:
                        targets.append(index)
                pattern = simplify(All((Compare(MARKER, "==", MARKER_VALUE), condition)))
                rules[entry.name] = {"all": [{"m_0": to_durable(pattern, aliases.__getitem__)}],
                                     "pri": 1}
            rules[CATCH_ALL] = {"all": [{"m_0": {MARKER: MARKER_VALUE}}],
                                "pri": LOWEST_PRIORITY}
            definitions[name] = json.dumps(rules, ensure_ascii=False)  # as durable-rules' own
        return definitions, read

    def encode(self, facts: dict[str, Any]) -> list[str]:
        """The fact fields of one review as each ruleset's JSON members (no braces): only the
        facts its patterns read."""
        fields = self.fields
        parts: list[list[str]] = [[] for _ in self.handles]
        for fact, value in facts.items():
            spec = fields.get(fact)
            if spec is None:
                continue  # no rule reads it
            field, targets = spec
            kind = type(value)  # the commonest kinds first
            if kind is int:
                member = field + str(value)
            elif kind is bool:
                member = field + ("true" if value else "false")
            elif kind is float:
                text = repr(value)  # shortest round trip; positional unless it has an exponent
                member = field + (_number(value) if "e" in text or "n" in text else text)
            elif kind is str:
                member = field + _string(value)
            else:
                member = field + _value(value)
            if len(targets) == 1:
                parts[targets[0]].append(member)
            else:
                for target in targets:
                    parts[target].append(member)
        for members in parts:
            members.append(_MARKER_FIELD)
        return [", ".join(members) for members in parts]

    def close(self) -> None:
        """Free the C rulesets (with the one session each keeps)."""
        for handle in self.handles:
            try:
                durable_rules_engine.delete_ruleset(handle)
            except Exception:  # noqa: BLE001 — best effort on a host being discarded
                pass
        self.handles = []


_string = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept (json.dumps's own)
_MARKER_FIELD = f"{json.dumps(MARKER)}: {json.dumps(MARKER_VALUE)}"
# The one session of each ruleset and the id of the one fact asserted into it (the engine
# only ever holds the fact of the review being evaluated, under the lock).  Neither name is
# a field any rule reads (a condition on `sid` or `id` hangs the engine).
SESSION = "review"
FACT_ID = "application"
_HEAD = f'{{"sid": "{SESSION}", "id": "{FACT_ID}", '
_RETRACT = f'{{"sid": "{SESSION}", "id": "{FACT_ID}"}}'


def _number(value: float) -> str:
    """A float the engine's parser accepts: positional notation, never exponent."""
    if not math.isfinite(value):
        raise EngineError(f"非有限数值不能送入规则引擎：{value}")
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text if "." in text else text + ".0"


def _value(value: Any) -> str:
    """A value `_CompiledHost.encode` does not write itself (it writes floats, texts,
    booleans and integers) as the engine's JSON: lists, None (integers here too)."""
    if type(value) is int:
        return str(value)
    return json.dumps(value, ensure_ascii=False)


class Engine:
    """Evaluates compiled plans on durable-rules; safe to share between threads."""

    _lock = threading.Lock()  # process-wide: the C core shares state across hosts

    def __init__(self) -> None:
        self._hosts: OrderedDict[str, _CompiledHost] = OrderedDict()

    def _host_for(self, plan: Plan) -> _CompiledHost:
        key = plan.digest
        compiled = self._hosts.get(key)
        if compiled is None:
            try:
                compiled = _CompiledHost(plan)
            except Exception as exc:  # noqa: BLE001 — the engine only says "error code: N"
                raise EngineError(f"规则库无法编译为规则引擎规则：{exc}") from None
            self._hosts[key] = compiled
            if len(self._hosts) > MAX_HOSTS:
                self._hosts.popitem(last=False)[1].close()
        else:
            self._hosts.move_to_end(key)
        return compiled

    def fired(self, plan: Plan, facts: dict[str, Any]) -> set[str]:
        """The names of the plan entries whose conditions hold for `facts`."""
        with self._lock:
            compiled = self._host_for(plan)
            fired: set[str] = set()
            try:
                for handle, body in zip(compiled.handles, compiled.encode(facts), strict=True):
                    self._assert(compiled, handle, body, fired)
            except BaseException as exc:
                # Any failure (a fact left in a session included) can leave the ruleset broken
                # for good, and an interruption (KeyboardInterrupt, a worker's time limit) can
                # leave the fact in its session: discard the host; the next review builds a
                # new one.
                self._discard(plan.digest)
                if isinstance(exc, EngineError) or not isinstance(exc, Exception):
                    raise
                raise EngineError(f"规则引擎错误：{exc!r}") from None
        fired.discard(CATCH_ALL)
        return fired

    @staticmethod
    def _assert(compiled: _CompiledHost, handle, body: str, fired: set[str]) -> None:
        """Assert the encoded fact into the ruleset's session, collect the rules it fired from
        the action queue, then retract it (the session is left empty for the next review; a
        failure on the way raises, and the caller discards the host with its session)."""
        try:
            result = durable_rules_engine.assert_fact(handle, _HEAD + body + "}")
            if result[0] == 1:  # cannot happen with the catch-all rule
                raise EngineError("规则引擎未处理该事实")
            if result[0] != 0:  # 2: the session still held a fact of the same id
                raise EngineError(f"规则引擎返回了意外的状态：{result[0]}")
            state = result[1]
            action = durable_rules_engine.start_action_for_state(handle, state)
            pending = action[1] if action else None
            names, add = compiled.names, fired.add
            complete = durable_rules_engine.complete_and_start_action
            while pending:
                # the rule's name: the message's first key, ``{"<rule>": {...}}`` (rule names
                # hold no quotes or escapes); parsed as JSON should the text not be that
                name = pending[2:pending.find('"', 2)]
                add(name if name in names and pending.startswith('{"')
                    else next(iter(json.loads(pending))))
                pending = complete(handle, state)
            if durable_rules_engine.retract_fact(handle, _RETRACT)[0] != 0:
                raise EngineError("规则引擎未能撤回该事实")
        except durable_rules_engine.error as exc:
            raise EngineError(f"规则引擎错误：{exc}") from None

    def _discard(self, key: str) -> None:
        compiled = self._hosts.pop(key, None)
        if compiled is not None:
            compiled.close()


ENGINE = Engine()
