"""Issued records for the ledger tests: a few projects stored through the real review and store,
one left as a draft and one voided (they must not count)."""
from __future__ import annotations

import datetime as dt
import json

from checker import intake
from checker.review import review
from checker.store import list_users, save_review
from tests.support.ledger_state import set_document_state

YEAR = 2026
OFFICE = {"project": {"name": "办公楼", "applicant": "某公司", "industry_code": "7010",
                      "nature": "新建", "investment": 20000, "annual_added_value": 5000},
          "energy": [{"carrier": "electricity", "quantity": 900, "unit": "万kWh"}]}
PROJECTS = [("写字楼甲", "7010", 700, 4000, 3), ("食品厂乙", "1441", 1200, 9000, 3),
            ("印刷厂丙", "2319", 800, 3000, 5), ("草稿项目", "7010", 5000, 1000, 5),
            ("作废项目", "1441", 6000, 1000, 6)]


def seed(engine) -> list:
    user = next(u for u in list_users(engine) if u.name == "reviewer")
    stored = []
    for name, code, kwh, added, month in PROJECTS:
        data = json.loads(json.dumps(OFFICE))
        data["project"].update(name=name, industry_code=code, annual_added_value=added)
        data["energy"][0]["quantity"] = kwh
        result = review(intake.validate(data), dt.date(YEAR, 1, 15))
        record = save_review(engine, result, json.dumps(data), user.id,
                             recorded_on=dt.date(YEAR, month, 10))
        set_document_state(engine, record.id, "issued", dt.date(YEAR, month, 10))
        stored.append(record)
    set_document_state(engine, stored[3].id, "draft")
    set_document_state(engine, stored[4].id, "void")
    return stored[:3]
