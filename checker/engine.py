"""The durable-rules adapter: the only module that calls the engine.

durable-rules crashes, hangs or silently drops findings unless it is used in one way
(shared/design/durable-rules.md, measured here).  This adapter is that way:

- a `Host` subclass with no background dispatch threads, driven synchronously;
- one process-wide lock around every engine call (the C core is not thread-safe);
- the application is asserted as a *fact* (every matching rule fires; an event would be
  consumed by the first), with a fresh session id, and the session state is deleted in
  ``finally`` (a ruleset holds at most 1024 live sessions);
- a catch-all rule of lowest priority, so no fact is ever unmatched (an unmatched fact
  leaves a state whose deletion segfaults);
- one pattern per rule, rulesets of at most 60 rules (capacity limits), only the facts the rules
  read (key-count limit), numbers written positionally (the engine's parser rejects
  ``1e-07``);
- one-argument actions that only record the rule name; any engine error discards the host.
"""
from __future__ import annotations

import json
import math
import threading
import uuid
from collections import OrderedDict
from decimal import Decimal
from typing import Any

import durable_rules_engine
from durable.engine import Host, MessageNotHandledException

from checker.compiler import Plan
from checker.conditions import All, Compare, engine_key, simplify, to_durable

MARKER = "_kind"
MARKER_VALUE = "application"
CATCH_ALL = "_catch_all"
LOWEST_PRIORITY = 65000
MAX_HOSTS = 16
MAX_ENTRIES_PER_RULESET = 60  # error 303 above 64 rules matching one fact at once


class EngineError(RuntimeError):
    """The engine failed on a review; the host has been discarded and will be rebuilt."""


class _SyncHost(Host):
    """A host without background timers or dispatch threads."""

    def _run(self):
        pass


class _CompiledHost:
    """One host for one plan: the entries in family order, cut into rulesets of at most
    MAX_ENTRIES_PER_RULESET (so that fewer than 64 rules can match one fact at once)."""

    def __init__(self, plan: Plan, record):
        chunks: list[list] = [[]]
        for entry in plan.entries:
            if len(chunks[-1]) >= MAX_ENTRIES_PER_RULESET:
                chunks.append([])
            chunks[-1].append(entry)
        self.rulesets = [f"plan_{index}" for index in range(len(chunks))]
        definitions: dict[str, dict] = {}
        for name, entries in zip(self.rulesets, chunks, strict=True):
            rules = {}
            for entry in entries:
                pattern = simplify(All((Compare(MARKER, "==", MARKER_VALUE), entry.condition)))
                rules[entry.name] = {"all": [{"m_0": to_durable(pattern)}], "pri": 1,
                                     "run": record(entry.name)}
            rules[CATCH_ALL] = {"all": [{"m_0": {MARKER: MARKER_VALUE}}],
                                "pri": LOWEST_PRIORITY, "run": record(None)}
            definitions[name] = rules
        self.host = _SyncHost()
        try:
            for name, rules in definitions.items():  # one at a time: each is freed on failure
                self.host.set_rulesets({name: rules})
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        """Free the C ruleset handles (the Python layer never does)."""
        for ruleset in self.host._ruleset_list:
            try:
                durable_rules_engine.delete_ruleset(ruleset._handle)
            except Exception:  # noqa: BLE001 — best effort on a host being discarded
                pass


def _number(value: float) -> str:
    """A float the engine's parser accepts: positional notation, never exponent."""
    if not math.isfinite(value):
        raise EngineError(f"非有限数值不能送入规则引擎：{value}")
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"


def _encode(fact: dict[str, Any]) -> str:
    """The fact as the engine's JSON, numbers positional; encoded once per review."""
    parts = []
    for key, value in fact.items():
        if isinstance(value, float):
            encoded = _number(value)
        else:
            encoded = json.dumps(value, ensure_ascii=False)
        parts.append(f"{json.dumps(key)}: {encoded}")
    return "{" + ", ".join(parts) + "}"


class Engine:
    """Evaluates compiled plans on durable-rules; safe to share between threads."""

    _lock = threading.Lock()  # process-wide: the C core shares state across hosts

    def __init__(self) -> None:
        self._hosts: OrderedDict[str, _CompiledHost] = OrderedDict()
        self._fired: list[str] = []

    def _record(self, name: str | None):
        def action(c):  # one argument: two would make durable-rules treat it as async
            if name is not None:
                self._fired.append(name)
        return action

    def _host_for(self, plan: Plan) -> _CompiledHost:
        key = plan.digest
        compiled = self._hosts.get(key)
        if compiled is None:
            try:
                compiled = _CompiledHost(plan, self._record)
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
        fact = {engine_key(k): v for k, v in facts.items() if k in plan.facts}
        body = _encode({**fact, MARKER: MARKER_VALUE})
        with self._lock:
            compiled = self._host_for(plan)
            self._fired = []
            try:
                for name in compiled.rulesets:
                    self._assert(compiled, name, body)
            except Exception as exc:
                # Any failure (MemoryError at the session limit included) can leave the
                # ruleset broken for good: discard the host; the next review builds a new one.
                self._discard(plan.digest)
                if isinstance(exc, EngineError):
                    raise
                raise EngineError(f"规则引擎错误：{exc!r}") from None
            return set(self._fired)

    def _assert(self, compiled: _CompiledHost, ruleset: str, body: str) -> None:
        """Assert the encoded fact under a fresh session id; always delete that session."""
        sid = uuid.uuid4().hex
        message = f'{{"sid": "{sid}", {body[1:]}'  # body always holds the marker field
        rules = compiled.host.get_ruleset(ruleset)
        errors: list[BaseException] = []
        try:
            result = rules._handle_result(
                durable_rules_engine.assert_fact(rules._handle, message), message)
            rules.do_actions(result, lambda error, state: errors.append(error) if error else None)
        except MessageNotHandledException as exc:  # cannot happen with the catch-all rule
            raise EngineError(f"规则引擎未处理该事实：{exc}") from None
        except durable_rules_engine.error as exc:
            raise EngineError(f"规则引擎错误：{exc}") from None
        finally:
            try:
                rules.delete_state(sid)
            except durable_rules_engine.error:
                pass  # no state was created (the assert itself failed)
        if errors:
            raise EngineError(f"规则动作出错：{errors[0]}")

    def _discard(self, key: str) -> None:
        compiled = self._hosts.pop(key, None)
        if compiled is not None:
            compiled.close()


ENGINE = Engine()
