"""Facts about environmental management: EIA status, key polluting units and their staff,
livestock farms and rural tourism, construction waste and reclaimed water.

All are the applicant's declarations (开福区方案 三（五）、三（十）、四（二）、四（七）).
"""
from __future__ import annotations

from checker.facts import Context, declared, fact

declared("environment.eia_document", "环境影响评价文件类别", str)
declared("environment.eia_approved", "已取得环评批复", bool)
declared("environment.eia_approval_number", "环评批复文号", str)
declared("environment.full_time_env_staff", "设置专职环保人员", bool)


@fact("environment.key_polluter", "属（或将列入）重点排污单位", bool)
def _key_polluter(c: Context):
    """True when either declaration says so (环境管理 or VOCs section); absent when neither
    section declares it."""
    declarations = [c.app.environment.key_polluter if c.app.environment else None,
                    c.app.vocs.key_polluter if c.app.vocs else None]
    if True in declarations:
        return True
    return False if False in declarations else None


declared("agriculture.livestock_farm", "畜禽养殖场项目", bool)
declared("agriculture.scale_farm", "达到省定畜禽规模养殖标准", bool)
declared("agriculture.manure_facilities", "配套粪污综合利用和无害化处理设施（或委托处理）", bool)
declared("agriculture.manure_to_field", "粪污就近就地还田利用", bool)
declared("agriculture.biogas", "建设沼气工程", bool)
declared("agriculture.rural_tourism", "农家乐、民宿等乡村旅游项目", bool)
declared("agriculture.wastewater", "生活污水去向", str)

declared("resources.construction_waste_recycling", "建筑垃圾资源化利用", bool)
declared("resources.industrial_water_m3", "年工业用水量", float, "m³")
declared("resources.reclaimed_water", "使用再生水", bool)
