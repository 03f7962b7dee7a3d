"""Ledger benchmark on PostgreSQL: issued reviews seeded in bulk (SQL generate_series; a tenth
of the documents are drafts or voids, which the ledger must skip; each review has one to three
findings, in its findings_json and as ledger_findings rows) at 1k, 10k and 100k rows, then the
ledger's totals rebuilt in SQL (checker.store.ledger.rebuild: the same tables that issue and
void keep up to date one record at a time).  The ledger page (maintained totals + the largest
projects + template) and the full CSV and XLSX (write-only workbook) exports of one year are
timed at each size.  The page reads small aggregate tables, so its time should stay about
flat; the exports write every record of the year, so they grow linearly.  Ratios are against
the 1k run of the same process.

Database: $BENCH_DATABASE_URL, else $TEST_DATABASE_URL, else the local PostgreSQL test database
(a scratch schema, dropped afterwards).
"""
from __future__ import annotations

import json
import os
import time

from sqlalchemy import text
from sqlalchemy.orm import Session

from checker.store import create_user, make_engine, migrate
from checker.store.ledger import LedgerFilters, rebuild
from checker.store.scratch import scratch_schema

SIZES = (1_000, 10_000, 100_000)
YEAR = 2026
DEFAULT = False  # only when named: make bench PARTS=ledger (100k records seeded)
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

SEED_REVIEWS = """
INSERT INTO reviews (id, input_json, input_sha256, as_of, rulebook_version, conclusion, outcome,
  findings_json, summary_json, opinion_number, opinion_year, opinion_seq, issued_on, reviewer_id,
  project_name, industry_code, created_at, energy_tce, energy_equivalent_tce, co2_t, added_value)
SELECT g, '{}', md5(g::text), d, 'bench',
  (ARRAY['approve','conditional','reject','exempt','referred','referred','incomplete'])[1 + g % 7],
  (ARRAY['district','district','district','exempt','referral_city','referral_province','district'])[1 + g % 7],
  CASE g % 3 WHEN 0 THEN :findings0 WHEN 1 THEN :findings1 ELSE :findings2 END, '{}', 'B' || g, extract(year FROM d)::int, g, d, :user, '压测项目' || g,
  (ARRAY['7010','1441','2319','3011','4411','6450','2614'])[1 + g % 7], d,
  500 + (g % 97) * 40, 600 + (g % 89) * 55, NULL, 1000 + (g % 53) * 300
FROM (SELECT g, DATE '2021-01-01' + ((g * 7919) % 2190) AS d FROM generate_series(CAST(:first AS integer), CAST(:last AS integer)) g) s
"""
SEED_DOCUMENTS = """
INSERT INTO review_documents (review_id, position, doc_type, series, state, number, year, seq,
  issued_on)
SELECT id, 0, 'energy_opinion', 'energy_opinion',
  CASE WHEN id % 20 = 0 THEN 'draft' WHEN id % 20 = 1 THEN 'void' ELSE 'issued' END,
  'B' || id, opinion_year, id, issued_on FROM reviews WHERE id BETWEEN :first AND :last
"""

# the findings of a seeded review, by id % 3: (rule id, part, severity)
FINDINGS = ([("dual_control.separate_listing", "energy", "condition"),
             ("impact.target_effect", "energy", "info")],
            [("impact.target_effect", "energy", "info")],
            [("energy_review.scope", "energy", "veto"), ("metering.gb17167", "energy", "advisory"),
             ("impact.target_effect", "energy", "info")])
SEED_FINDINGS = """
INSERT INTO ledger_findings (review_id, rule_id, family, part, severity, outcome, issued_year,
  issued_month)
SELECT d.review_id, f.rule_id, split_part(f.rule_id, '.', 1), f.part, f.severity, '',
  extract(year FROM d.issued_on)::int, extract(month FROM d.issued_on)::int
FROM review_documents d JOIN (VALUES {values}) AS f(k, rule_id, part, severity)
  ON f.k = d.review_id % 3
WHERE d.position = 0 AND d.state = 'issued' AND d.review_id BETWEEN :first AND :last
"""


def _findings_json(findings) -> str:
    return json.dumps([{"rule_id": r, "part": p, "severity": s, "outcome": ""}
                       for r, p, s in findings])


def _seed(engine, first: int, last: int, user: int) -> None:
    """Reviews first..last with their main documents and findings, then the ledger's totals
    rebuilt in SQL, all in one transaction."""
    values = ", ".join(f"({k}, '{r}', '{p}', '{s}')"
                       for k, findings in enumerate(FINDINGS) for r, p, s in findings)
    with Session(engine) as session, session.begin():
        session.execute(text(SEED_REVIEWS), {
            "first": first, "last": last, "user": user,
            **{f"findings{k}": _findings_json(f) for k, f in enumerate(FINDINGS)}})
        session.execute(text(SEED_DOCUMENTS), {"first": first, "last": last})
        session.execute(text(SEED_FINDINGS.format(values=values)),
                        {"first": first, "last": last})
        rebuild(session)
    with engine.begin() as connection:
        for table in ("reviews", "review_documents", "ledger_findings", "ledger_totals",
                      "ledger_family_totals"):
            connection.execute(text(f"ANALYZE {table}"))


def _timed(function, repeat: int = 3, warm: bool = False) -> float:
    """The best of `repeat` runs (with `warm`, after one untimed run: template compiled,
    connections opened), in milliseconds."""
    if warm:
        function()
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def run() -> list[str]:
    from flask import render_template

    from web import create_app, ledger, ledger_export

    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or DEFAULT_URL
    lines: list[str] = []
    with scratch_schema(base, "bench") as url:
        engine = make_engine(url)
        migrate(engine)
        user = create_user(engine, "bench", "压测专用密码123456", "reviewer").id
        app = create_app({"TESTING": False, "SECRET_KEY": "bench", "DATABASE_URL": url})
        filters = LedgerFilters(year=YEAR)
        seeded, baseline = 0, None
        try:
            titles = app.extensions["rulebook"].shipped().family_titles
            for size in SIZES:
                started = time.perf_counter()
                _seed(engine, seeded + 1, size, user)
                seeding = time.perf_counter() - started
                seeded = size
                with app.test_request_context(f"/ledger?year={YEAR}"):
                    page = _timed(lambda: render_template(
                        "ledger.html", data=ledger.ledger_data(filters), classes=ledger.CLASSES,
                        years=range(YEAR, 2020, -1)), repeat=5, warm=True)
                    csv = _timed(lambda: sum(len(c) for c in ledger_export.csv_stream(
                        app.extensions["engine"], filters, titles)), repeat=1)
                    xlsx = _timed(lambda: ledger_export.xlsx_bytes(
                        app.extensions["engine"], filters, ledger.ledger_data(filters), titles),
                        repeat=1)
                rows = sum(1 for _ in ledger_export.record_rows(app.extensions["engine"], filters,
                                                                 titles))
                with app.test_request_context(f"/ledger?year={YEAR}"):
                    counted = ledger.ledger_data(filters)["total"]["count"]
                if counted != rows:  # the page's totals are the exported records
                    raise AssertionError(f"ledger total {counted} ≠ {rows} issued records")
                baseline = baseline or (page, csv, xlsx)
                lines.append(f"{size:>7,} reviews ({rows:,} issued in {YEAR}): page {page:8.1f} ms "
                             f"(×{page / baseline[0]:.2f}), CSV {csv:8.1f} ms "
                             f"(×{csv / baseline[1]:.1f}), XLSX {xlsx:8.1f} ms "
                             f"(×{xlsx / baseline[2]:.1f}); seeded in {seeding:.1f} s")
        finally:
            app.extensions["engine"].dispose()
            engine.dispose()
    return lines
