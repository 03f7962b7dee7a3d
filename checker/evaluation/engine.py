"""The durable-rules adapter: the only module that calls the engine.

durable-rules crashes, hangs or silently drops findings unless it is used in one way
(docs/design/durable-rules.md, measured here).  This adapter is that way:

- a `Host` subclass with no background dispatch threads, driven synchronously;
- one process-wide lock around every engine call (the C core is not thread-safe);
- the application is asserted as a *fact* (every matching rule fires; an event would be
  consumed by the first), with a fresh session id, and the session state is deleted in
  ``finally`` (a ruleset holds at most 1024 live sessions);
- a catch-all rule of lowest priority, so no fact is ever unmatched (an unmatched fact
  leaves a state whose deletion segfaults);
- one pattern per rule, rulesets of at most 60 rulebook rules (capacity limits: the entries
  of one rule exclude each other, so at most 60 of a ruleset's patterns match at once), only
  the facts the rules read (key-count limit), numbers written positionally (the engine's
  parser rejects ``1e-07``);
- the fired rules are read straight from the engine's action queue for the asserted state
  (``start_action_for_state`` / ``complete_and_start_action``, the calls durable-rules' own
  ``do_actions`` makes): the name of each fired rule is the first key of its action message,
  and no Python action runs, so no action can fail; any engine error discards the host.
"""
from __future__ import annotations

import json
import math
import itertools
import threading
from collections import OrderedDict
from decimal import Decimal
from typing import Any

import durable_rules_engine
from durable.engine import Host

from checker.evaluation.compiler import Plan
from checker.evaluation.conditions import FALSE, All, Compare, prune, simplify, to_durable
from checker.rulebook import cache as bookcache

MARKER = "_kind"
MARKER_VALUE = "application"
CATCH_ALL = "_catch_all"
LOWEST_PRIORITY = 65000
MAX_HOSTS = 16
MAX_RULES_PER_RULESET = 60  # error 303 above 64 rules matching one fact at once
RULESETS_FORMAT = 1  # the version of the ruleset definitions kept in the on-disk cache


class EngineError(RuntimeError):
    """The engine failed on a review; the host has been discarded and will be rebuilt."""


class _SyncHost(Host):
    """A host without background timers or dispatch threads."""

    def _run(self):
        pass


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
        self.names = frozenset(entry.name for entry in plan.entries) | {CATCH_ALL}
        # The facts the plan reads, each under a short field name of its own (f0, f1 …: the
        # engine parses and hashes every name of every fact it is given, and returns the whole
        # fact with each fired rule), written once as the start of its JSON member.
        aliases = {fact: f"f{index}" for index, fact in enumerate(sorted(plan.facts))}
        aliases[MARKER] = MARKER
        self.fields = {fact: f'"{alias}": ' for fact, alias in aliases.items() if fact != MARKER}
        # the rulesets depend on the plan alone: kept with it in the on-disk cache
        definitions = bookcache.derived(plan.source, "durable-rulesets", RULESETS_FORMAT,
                                        lambda: self._definitions(chunks, aliases))
        self.host = _SyncHost()
        try:
            for name, rules in definitions.items():  # one at a time: each is freed on failure
                self.host.set_rulesets({name: rules})
        except Exception:
            self.close()
            raise
        self.handles = [self.host.get_ruleset(name)._handle for name in self.rulesets]

    def _definitions(self, chunks: list[list], aliases: dict[str, str]) -> dict[str, dict]:
        definitions: dict[str, dict] = {}
        for name, entries in zip(self.rulesets, chunks, strict=True):
            rules = {}
            for entry in entries:
                condition = prune(entry.condition)  # smaller patterns, same meaning
                if condition == FALSE:
                    continue  # can never hold: no pattern
                pattern = simplify(All((Compare(MARKER, "==", MARKER_VALUE), condition)))
                rules[entry.name] = {"all": [{"m_0": to_durable(pattern, aliases.__getitem__)}],
                                     "pri": 1,
                                     "run": _never}
            rules[CATCH_ALL] = {"all": [{"m_0": {MARKER: MARKER_VALUE}}],
                                "pri": LOWEST_PRIORITY, "run": _never}
            definitions[name] = rules
        return definitions

    def encode(self, facts: dict[str, Any]) -> str:
        """The fact fields of one review as the engine's JSON members (no braces)."""
        fields = self.fields
        parts = []
        for fact, value in facts.items():
            field = fields.get(fact)
            if field is None:
                continue  # no rule reads it
            kind = type(value)
            if kind is float:
                text = repr(value)  # shortest round trip; positional unless it has an exponent
                parts.append(field + (_number(value) if "e" in text or "n" in text else text))
            elif kind is str:
                parts.append(field + _string(value))
            elif kind is bool:
                parts.append(field + ("true" if value else "false"))
            else:
                parts.append(field + _value(value))
        parts.append(_MARKER_FIELD)
        return ", ".join(parts)

    def close(self) -> None:
        """Free the C ruleset handles (the Python layer never does)."""
        for ruleset in self.host._ruleset_list:
            try:
                durable_rules_engine.delete_ruleset(ruleset._handle)
            except Exception:  # noqa: BLE001 — best effort on a host being discarded
                pass


def _never(c):  # the rules' Python action: never run (fired rules are read from the queue)
    raise EngineError("规则动作不应被调用")


_string = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept (json.dumps's own)
_sessions = itertools.count()  # session ids: unique within the process, used under the lock
_MARKER_FIELD = f"{json.dumps(MARKER)}: {json.dumps(MARKER_VALUE)}"


def _number(value: float) -> str:
    """A float the engine's parser accepts: positional notation, never exponent."""
    if not math.isfinite(value):
        raise EngineError(f"非有限数值不能送入规则引擎：{value}")
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text if "." in text else text + ".0"


def _value(value: Any) -> str:
    """A value `_CompiledHost.encode` does not write itself (it writes floats, texts and
    booleans) as the engine's JSON: integers, lists, None."""
    if type(value) is int:
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _first_key(message: str, names: frozenset[str]) -> str:
    """The rule name of an action message ``{"<rule>": {...}}``: the text up to the first
    quote when that is one of the ruleset's names (rule names hold no quotes or escapes),
    else the first key of the parsed JSON."""
    if message.startswith('{"'):
        end = message.find('"', 2)
        if end > 2 and message[2:end] in names:
            return message[2:end]
    return next(iter(json.loads(message)))


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
                body = compiled.encode(facts)
                for handle in compiled.handles:
                    self._assert(compiled, handle, body, fired)
            except Exception as exc:
                # Any failure (MemoryError at the session limit included) can leave the
                # ruleset broken for good: discard the host; the next review builds a new one.
                self._discard(plan.digest)
                if isinstance(exc, EngineError):
                    raise
                raise EngineError(f"规则引擎错误：{exc!r}") from None
        fired.discard(CATCH_ALL)
        return fired

    @staticmethod
    def _assert(compiled: _CompiledHost, handle, body: str, fired: set[str]) -> None:
        """Assert the encoded fact under a fresh session id, collect the rules it fired from
        the action queue; always delete that session."""
        sid = f"r{next(_sessions)}"
        message = f'{{"sid": "{sid}", {body}}}'
        try:
            result = durable_rules_engine.assert_fact(handle, message)
            if result[0] == 1:  # cannot happen with the catch-all rule
                raise EngineError("规则引擎未处理该事实")
            if result[0] not in (0, 3):
                raise EngineError(f"规则引擎返回了意外的状态：{result[0]}")
            state = 0 if result[0] == 3 else result[1]  # as durable-rules' _handle_result
            action = durable_rules_engine.start_action_for_state(handle, state)
            pending = action[1] if action else None
            while pending:
                fired.add(_first_key(pending, compiled.names))
                pending = durable_rules_engine.complete_and_start_action(handle, state)
        except durable_rules_engine.error as exc:
            raise EngineError(f"规则引擎错误：{exc}") from None
        finally:
            try:
                durable_rules_engine.delete_state(handle, sid)
            except durable_rules_engine.error:
                pass  # no state was created (the assert itself failed)

    def _discard(self, key: str) -> None:
        compiled = self._hosts.pop(key, None)
        if compiled is not None:
            compiled.close()


ENGINE = Engine()
