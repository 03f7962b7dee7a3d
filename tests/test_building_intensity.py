"""The design energy-use intensity of a public building (GB/T 51161-2016, kWh/(m²·a)) computed
from the year's electricity over the declared floor area: a bounded ratio, so a floor area the
form accepts but that is vanishingly small gives a very large, finite intensity the engine can
compare — never an infinite value that stops the review (found by the invariant suite)."""
from __future__ import annotations

import datetime as dt
import math

from checker import intake, rulebook
from checker.review import review


def test_a_tiny_floor_area_gives_a_finite_intensity_and_the_review_completes():
    data = {"project": {"name": "生成项目", "applicant": "生成单位", "industry_code": "7010",
                        "nature": "新建", "investment": 0.0, "construction_started": False,
                        "public_institution": False, "investment_type": "企业投资",
                        "energy_separately_listed": False,
                        "location": {"built_up_area": False, "no_burn_zone": False,
                                     "heat_network_coverage": False, "port_area": False,
                                     "drinking_water_protection_zone": False}},
            "energy": [{"carrier": "electricity", "unit": "MWh", "quantity": 1.0}],
            "buildings": {"new_floor_area_m2": 0.0, "public_use": "办公建筑（党政机关）",
                          "public_floor_area_m2": 2.2250738585e-313}}
    book = rulebook.shipped()
    result = review(intake.validate(data, book.carriers), dt.date(2025, 9, 1), book)
    intensity = result.facts["buildings.design_intensity_kwh_m2"]
    assert intensity is not None and math.isfinite(intensity) and intensity > 1e6
