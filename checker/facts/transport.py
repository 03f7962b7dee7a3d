"""Facts about vehicles, ships and non-road machinery (开福区方案 三（四）、三（六）).

Shares are derived here as plain ratios (subset ÷ whole, only when the whole is positive);
the required shares are rulebook parameters.
"""
from __future__ import annotations

from checker.facts import Context, declared, fact, ratio

declared("vehicles.new_buses", "新增公交车", int, "辆")
declared("vehicles.new_electric_buses", "其中纯电动公交车", int, "辆")


@fact("vehicles.new_bus_electric_share", "新增公交车中纯电动比例", float, "比例")
def _bus_share(c: Context):
    """纯电动 ÷ 新增公交车，新增公交车为0时不适用（缺省）。"""
    v = c.app.vehicles
    return None if v is None else ratio(v.new_electric_buses, v.new_buses)


declared("vehicles.new_official_vehicles", "新增公务用车、执法执勤车", int, "辆")
declared("vehicles.new_official_nev", "其中新能源汽车", int, "辆")


@fact("vehicles.official_nev_share", "新增公务用车、执法执勤车中新能源汽车比例", float, "比例")
def _official_share(c: Context):
    """新能源 ÷ 新增公务用车和执法执勤车（申报数应已除去特殊用车），为0时不适用。"""
    v = c.app.vehicles
    return None if v is None else ratio(v.new_official_nev, v.new_official_vehicles)


declared("vehicles.onroad_standard", "道路车辆排放阶段", str)
declared("vehicles.nonroad_standard", "非道路移动机械排放阶段", str)
declared("vehicles.shore_power", "码头配套岸电", bool, no="申报不配套")
declared("vehicles.green_packaging", "物流采用绿色包装", bool, no="申报不采用")
declared("vehicles.bulk_freight", "有大宗货物运输", bool)
declared("vehicles.bulk_clean_transport", "大宗货物采用铁路、水路或新能源车辆等清洁运输", bool,
         no="申报不采用")
declared("vehicles.port_vehicles_electric", "港区装卸运输车辆电动化", bool, no="申报不采用")
