"""Facts about a data centre (标准机架 per 工信部联通〔2013〕13号; PUE)."""
from __future__ import annotations

from checker.facts import declared

declared("data_centre.standard_racks", "数据中心标准机架数", int, "架")
declared("data_centre.design_pue", "数据中心设计PUE", float)
declared("data_centre.renewable_energy_plan", "已提交可再生能源利用方案", bool)
