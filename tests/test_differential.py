"""Differential test: durable-rules and the plain-Python reference evaluator agree.

Applications are generated across every section with hypothesis; for each one both
evaluators run the same compiled plan and must return the same findings.  `make test`
runs a few hundred cases; `make bench` runs ten thousand and more.
"""
from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import intake, reference
from checker.engine import ENGINE
from checker.generate import applications
from checker.review import review


def _keys(result):
    return [(f.rule_id, f.outcome, f.severity.value, f.message) for f in result.findings]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=applications(), day=st.sampled_from([
    dt.date(2024, 1, 1), dt.date(2024, 7, 23), dt.date(2025, 10, 11), dt.date(2026, 5, 31),
    dt.date(2026, 6, 1), dt.date(2027, 3, 1)]))
def test_engine_matches_reference(data, day):
    try:
        app = intake.validate(data)
    except intake.InputError:
        return  # generated combinations the model refuses (e.g. keeps_site on 新建) are skipped
    engine = review(app, day, evaluate=ENGINE.fired)
    plain = review(app, day, evaluate=reference.fired)
    assert _keys(engine) == _keys(plain)
    assert engine.conclusion == plain.conclusion
