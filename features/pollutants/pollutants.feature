# language: zh-CN
功能: 主要污染物排放总量控制（开福区方案 四（二））

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目
    并且行业代码为"3360"

  场景大纲: 新增排放须明确总量指标来源
    假如字段"pollutants"为{"cod_t": <COD>, "total_quota_source": <来源>, "discharge_permit": true}
    当审查该项目
    那么规则"pollutants.total_quota"<结果>

    例子:
      | COD | 来源  | 结果   |
      | 1.5 | false | 触发   |
      | 1.5 | true  | 不触发 |
      | 0   | false | 不触发 |

  场景: 未明确总量指标来源为须落实的要求，引用四（二）
    假如字段"pollutants"为{"nh3n_t": 0.2, "total_quota_source": false, "discharge_permit": true}
    当审查该项目
    那么规则"pollutants.total_quota"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"四（二）"
    并且该规则读取"有新增排放的主要污染物种数（COD、氨氮、NOx、SO₂、VOCs）"为"1 种"

  场景: 只有VOCs新增排放也须申报总量指标来源
    假如字段"vocs"为{"new_emissions_t": 3, "secured_offset_t": 6}
    当审查该项目
    那么规则"pollutants.total_quota"提示缺少材料
    并且规则"pollutants.discharge_permit"提示缺少材料

  场景大纲: 排污许可
    假如字段"pollutants"为{"cod_t": 2, "total_quota_source": true, "discharge_permit": <许可>}
    当审查该项目
    那么规则"pollutants.discharge_permit"<结果>

    例子:
      | 许可  | 结果   |
      | false | 触发   |
      | true  | 不触发 |

  场景: 未申领排污许可为须落实的要求，引用四（二）
    假如字段"pollutants"为{"cod_t": 2, "total_quota_source": true, "discharge_permit": false}
    当审查该项目
    那么规则"pollutants.discharge_permit"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"四（二）"

  场景大纲: 重点行业项目的二氧化硫、氮氧化物倍量替代上下（2倍，未核实）
    假如行业代码为"3011"
    并且字段"pollutants"为{"so2_t": 10, "nox_t": 10, "so2_offset_t": <SO2削减>, "nox_offset_t": <NOx削减>, "total_quota_source": true, "discharge_permit": true, "regional_reduction_plan": true}
    当审查该项目
    那么规则"pollutants.so2_offset"<SO2结果>
    并且规则"pollutants.nox_offset"<NOx结果>

    例子:
      | SO2削减 | NOx削减 | SO2结果 | NOx结果 |
      | 19.9    | 20      | 触发    | 不触发  |
      | 20      | 19.9    | 不触发  | 触发    |
      | 25      | 30      | 不触发  | 不触发  |

  场景: 倍数未核实，替代不足为须落实的要求，依据为湖南省若干措施
    假如行业代码为"3011"
    并且字段"pollutants"为{"nox_t": 10, "nox_offset_t": 10, "total_quota_source": true, "discharge_permit": true, "regional_reduction_plan": true}
    当审查该项目
    那么规则"pollutants.nox_offset"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"四（二）"
    并且该规则的依据包含"关于加强重点城市大气污染联防联控的若干措施"
    并且该规则读取"氮氧化物削减替代量与新增排放量之比"为"1"
    并且该规则标注待核实

  场景大纲: 倍量替代只适用于重点行业项目（纺织车间、酒店锅炉不适用；不用煤的火力发电不属“两高”，只作提示）
    假如行业代码为"<代码>"
    并且字段"pollutants"为{"so2_t": 0.1, "nox_t": 0.5, "total_quota_source": true, "discharge_permit": true}
    当审查该项目
    那么规则"pollutants.so2_offset"<结果>
    并且规则"pollutants.nox_offset"<结果>

    例子:
      | 代码 | 结果         |
      | 1713 | 不触发       |
      | 6110 | 不触发       |
      | 7010 | 不触发       |
      | 4411 | 不触发       |
      | 2614 | 提示缺少材料 |

  场景大纲: 倍量替代自湖南省若干措施见报之日（2025-10-11）起适用，已到期的2018—2020年方案不作依据
    假如审查日期为"<日期>"
    并且行业代码为"3011"
    并且字段"pollutants"为{"nox_t": 10, "nox_offset_t": 10, "total_quota_source": true, "discharge_permit": true, "regional_reduction_plan": true}
    当审查该项目
    那么规则"pollutants.nox_offset"<结果>

    例子:
      | 日期       | 结果   |
      | 2023-06-01 | 不触发 |
      | 2025-10-10 | 不触发 |
      | 2025-10-11 | 触发   |

  场景: 未申报二氧化硫削减替代量，提示补正；无新增氮氧化物不审查
    假如行业代码为"3011"
    并且字段"pollutants"为{"so2_t": 3, "total_quota_source": true, "discharge_permit": true}
    当审查该项目
    那么规则"pollutants.so2_offset"提示缺少材料
    并且该规则引用方案条款"四（二）"
    并且规则"pollutants.nox_offset"不触发

  场景大纲: 重点行业按“两高”小类判定，不按整个行业大类：水泥制品、燃气供热不要求申报倍量替代（审计N10）
    假如审查日期为"2026-06-01"
    并且行业代码为"<代码>"
    并且字段"pollutants"为{"nox_t": 1.0, "so2_t": 0.2, "total_quota_source": true, "discharge_permit": true}
    当审查该项目
    那么规则"pollutants.so2_offset"<替代结果>
    并且规则"pollutants.nox_offset"<替代结果>
    并且规则"pollutants.key_industry_unlisted"<提示结果>

    例子:
      | 代码 | 替代结果     | 提示结果 |
      | 3021 | 不触发       | 触发     |
      | 4430 | 不触发       | 触发     |
      | 3130 | 不触发       | 触发     |
      | 3011 | 提示缺少材料 | 不触发   |
      | 1713 | 不触发       | 不触发   |

  场景: 商混站（3021）的污染物部分不再因倍量替代“需补正”（审计N10；清洁生产审核另为须落实的要求）
    假如审查日期为"2026-06-01"
    并且行业代码为"3021"
    并且字段"energy"为[{"carrier": "electricity", "quantity": 100, "unit": "万kWh"}]
    并且字段"pollutants"为{"nox_t": 1.0, "so2_t": 0.2, "total_quota_source": true, "discharge_permit": true}
    当审查该项目
    那么规则"pollutants.key_industry_unlisted"触发
    并且该规则的严重程度为"advisory"
    并且规则"pollutants.so2_offset"不触发
    并且规则"pollutants.nox_offset"不触发
    并且污染物控制结论为"conditional"
