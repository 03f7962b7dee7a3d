"""Facts about energy management and public investment: energy metering (GB 17167),
energy management (GB/T 23331 system, manager, online monitoring),
green procurement in government-invested projects, and the 国家重大项目能耗单列 flag."""
from __future__ import annotations

from checker.facts import declared

declared("metering.gb17167_compliant", "能源计量器具按GB 17167配备", bool)
declared("energy_management.system", "按GB/T 23331建立能源管理体系", bool)
declared("energy_management.manager", "配备能源管理人员", bool)
declared("energy_management.online_monitoring", "建设能耗在线监测系统", bool)
declared("government_investment.green_procurement", "执行节能环保产品优先采购和强制采购制度",
         bool)
declared("government_investment.green_products", "优先使用绿色设计示范产品和低VOCs原辅材料", bool)
declared("project.energy_separately_listed", "列入国家重大项目能耗单列", bool)
declared("project.separate_listing_basis", "能耗单列依据", str)
