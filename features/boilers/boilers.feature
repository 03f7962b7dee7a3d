# language: zh-CN
功能: 锅炉排放限值（GB 13271-2014；开福区方案 三（七））

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目

  场景大纲: 新建燃气锅炉设计浓度与特别排放限值（NOx 150、SO₂ 50、颗粒物 20）
    假如字段"boilers"为[{"fuel": "燃气", "capacity_t_h": 4, "nox_mg_m3": <NOx>, "so2_mg_m3": <SO2>, "pm_mg_m3": <PM>, "low_nox_burner": true}]
    当审查该项目
    那么规则"boilers.gas_limits"<结果>

    例子:
      | NOx | SO2 | PM | 结果   |
      | 150 | 50  | 20 | 不触发 |
      | 151 | 10  | 5  | 触发   |
      | 30  | 51  | 5  | 触发   |
      | 30  | 10  | 21 | 触发   |

  场景: 燃气锅炉NOx超特别排放限值为须落实的要求并标注待核实
    假如字段"boilers"为[{"fuel": "燃气", "capacity_t_h": 4, "nox_mg_m3": 180, "so2_mg_m3": 10, "pm_mg_m3": 5, "low_nox_burner": true}]
    当审查该项目
    那么规则"boilers.gas_limits"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（七）"
    并且该规则的依据包含"GB 13271-2014"
    并且该规则读取"新建燃气锅炉设计NOx排放浓度（最大值，GB 13271适用范围内的锅炉）"为"180 mg/m³"
    并且该规则标注待核实

  场景: 2019-10-01以前按表2（燃气NOx 200）判断
    假如审查日期为"2019-09-30"
    并且字段"boilers"为[{"fuel": "燃气", "capacity_t_h": 4, "nox_mg_m3": 180, "so2_mg_m3": 10, "pm_mg_m3": 5}]
    当审查该项目
    那么规则"boilers.gas_limits"不触发
    当审查日期改为"2019-10-01"后再次审查
    那么规则"boilers.gas_limits"触发

  场景大纲: 新建燃煤锅炉设计浓度与特别排放限值（200/200/30）
    假如字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": 40, "nox_mg_m3": <NOx>, "so2_mg_m3": <SO2>, "pm_mg_m3": <PM>}]
    当审查该项目
    那么规则"boilers.coal_limits"<结果>

    例子:
      | NOx | SO2 | PM | 结果   |
      | 200 | 200 | 30 | 不触发 |
      | 201 | 100 | 10 | 触发   |
      | 100 | 201 | 10 | 触发   |
      | 100 | 100 | 31 | 触发   |

  场景: 燃煤锅炉超限引用三（七）
    假如字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": 40, "nox_mg_m3": 250, "so2_mg_m3": 100, "pm_mg_m3": 10}]
    当审查该项目
    那么规则"boilers.coal_limits"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（七）"

  场景大纲: 新建燃油锅炉设计浓度与特别排放限值（200/100/30）
    假如字段"boilers"为[{"fuel": "燃油", "capacity_t_h": 2, "nox_mg_m3": <NOx>, "so2_mg_m3": <SO2>, "pm_mg_m3": <PM>}]
    当审查该项目
    那么规则"boilers.oil_limits"<结果>

    例子:
      | NOx | SO2 | PM | 结果   |
      | 200 | 100 | 30 | 不触发 |
      | 201 | 50  | 10 | 触发   |
      | 100 | 101 | 10 | 触发   |
      | 100 | 50  | 31 | 触发   |

  场景: 燃油锅炉超限引用三（七）并标注待核实
    假如字段"boilers"为[{"fuel": "燃油", "capacity_t_h": 2, "nox_mg_m3": 100, "so2_mg_m3": 150, "pm_mg_m3": 10}]
    当审查该项目
    那么规则"boilers.oil_limits"触发
    并且该规则引用方案条款"三（七）"
    并且该规则标注待核实

  场景: 在用锅炉不按新建锅炉限值审查
    假如字段"boilers"为[{"fuel": "燃气", "capacity_t_h": 4, "nox_mg_m3": 300, "so2_mg_m3": 10, "pm_mg_m3": 5, "new": false, "low_nox_burner": true}]
    当审查该项目
    那么规则"boilers.gas_limits"不触发
    并且规则"boilers.design_concentrations"不触发

  场景大纲: 新建锅炉设计浓度申报完整性
    假如字段"boilers"为[{"fuel": "<燃料>", "capacity_t_h": 4, "nox_mg_m3": 30<其余>}]
    当审查该项目
    那么规则"boilers.design_concentrations"<结果>

    例子:
      | 燃料 | 其余                                | 结果   |
      | 燃气 |                                     | 触发   |
      | 燃气 | , "so2_mg_m3": 10, "pm_mg_m3": 5    | 不触发 |
      | 电   |                                     | 不触发 |

  场景: 缺设计浓度提示补正
    假如字段"boilers"为[{"fuel": "燃气", "capacity_t_h": 4, "low_nox_burner": true}]
    当审查该项目
    那么规则"boilers.design_concentrations"触发
    并且该规则的严重程度为"missing"
    并且该规则引用方案条款"三（七）"
    并且污染物控制结论为"incomplete"

  场景大纲: 燃气锅炉低氮燃烧
    假如字段"boilers"为[{"fuel": "燃气", "capacity_t_h": 4, "nox_mg_m3": 30, "so2_mg_m3": 10, "pm_mg_m3": 5<低氮>}]
    当审查该项目
    那么规则"boilers.gas_low_nox"<结果>

    例子:
      | 低氮                       | 结果   |
      | , "low_nox_burner": false  | 触发   |
      | , "low_nox_burner": true   | 不触发 |
      |                            | 触发   |

  场景: 未采用低氮燃烧为须落实的要求，依据湘政发〔2022〕16号
    假如字段"boilers"为[{"fuel": "燃气", "capacity_t_h": 4, "nox_mg_m3": 30, "so2_mg_m3": 10, "pm_mg_m3": 5, "low_nox_burner": false}]
    当审查该项目
    那么规则"boilers.gas_low_nox"触发
    并且该规则的情形为"without_low_nox"
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（七）"
    并且该规则的依据包含"湘政发〔2022〕16号"

  场景: 未申报是否低氮燃烧作提示
    假如字段"boilers"为[{"fuel": "燃气", "capacity_t_h": 4, "nox_mg_m3": 30, "so2_mg_m3": 10, "pm_mg_m3": 5}]
    当审查该项目
    那么规则"boilers.gas_low_nox"触发
    并且该规则的情形为"undeclared"
    并且该规则的严重程度为"advisory"

  场景: 新建生物质锅炉按燃煤锅炉限值审查，超过表2新建锅炉限值不予通过
    假如字段"boilers"为[{"fuel": "生物质", "capacity_t_h": 10, "nox_mg_m3": 500, "so2_mg_m3": 400, "pm_mg_m3": 200, "dedicated_biomass": true, "high_efficiency_dust_removal": true}]
    当审查该项目
    那么规则"boilers.biomass_limits"触发
    并且该规则的情形为"above_new_boiler_limit"
    并且该规则的严重程度为"veto"
    并且该规则的依据包含"生物质成型燃料锅炉参照燃煤锅炉执行"
    并且该规则读取"新建生物质锅炉设计NOx排放浓度（最大值，GB 13271适用范围内的锅炉）"为"500 mg/m³"

  场景大纲: 新建生物质锅炉对照燃煤锅炉特别排放限值（200/200/30）
    假如字段"boilers"为[{"fuel": "生物质", "capacity_t_h": 10, "nox_mg_m3": <NOx>, "so2_mg_m3": 50, "pm_mg_m3": <PM>}]
    当审查该项目
    那么规则"boilers.biomass_limits"<结果>

    例子:
      | NOx | PM | 结果   |
      | 200 | 30 | 不触发 |
      | 250 | 10 | 触发   |
      | 100 | 31 | 触发   |

  场景大纲: 超过表2新建锅炉限值不予通过，只超过特别排放限值的为须落实的要求
    假如字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": 40, "nox_mg_m3": <NOx>, "so2_mg_m3": 100, "pm_mg_m3": 10}]
    当审查该项目
    那么规则"boilers.coal_limits"触发
    并且该规则的情形为"<情形>"
    并且该规则的严重程度为"<严重程度>"

    例子:
      | NOx | 情形                   | 严重程度  |
      | 301 | above_new_boiler_limit | veto      |
      | 250 | above_special_limit    | condition |

  场景: 超过强制性限值的锅炉不轻于数值未核实的倍量削减
    假如字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": 40, "nox_mg_m3": 400, "so2_mg_m3": 100, "pm_mg_m3": 10}]
    并且行业代码为"2231"
    并且字段"vocs"为{"new_emissions_t": 10, "secured_offset_t": 5}
    当审查该项目
    那么规则"boilers.coal_limits"触发
    并且该规则的严重程度为"veto"
    并且规则"vocs.offset"触发
    并且该规则的严重程度为"condition"

  场景大纲: GB 13271只适用于65 t/h及以下蒸汽锅炉
    假如字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": <容量>, "nox_mg_m3": 400, "so2_mg_m3": 100, "pm_mg_m3": 10}]
    当审查该项目
    那么规则"boilers.coal_limits"<限值结果>
    并且规则"boilers.beyond_gb13271_scope"<范围结果>

    例子:
      | 容量 | 限值结果 | 范围结果 |
      | 65   | 触发     | 不触发   |
      | 75   | 不触发   | 触发     |

  场景: 适用范围逐台判断：一台超过65 t/h的锅炉不使其他锅炉免于对照GB 13271（审计N2）
    假如行业代码为"1711"
    并且字段"boilers"为[{"fuel": "燃气", "kind": "蒸汽锅炉", "capacity_t_h": 75, "nox_mg_m3": 500, "so2_mg_m3": 400, "pm_mg_m3": 200}, {"fuel": "燃煤", "kind": "蒸汽锅炉", "capacity_t_h": 10, "nox_mg_m3": 500, "so2_mg_m3": 400, "pm_mg_m3": 200}]
    当审查该项目
    那么规则"boilers.coal_limits"触发
    并且该规则的严重程度为"veto"
    并且该规则读取"新建燃煤锅炉设计SO₂排放浓度（最大值，GB 13271适用范围内的锅炉）"为"400 mg/m³"
    并且规则"boilers.gas_limits"不触发
    并且规则"boilers.beyond_gb13271_scope"触发
    并且污染物控制结论为"non_compliant"

  场景: 超出适用范围的锅炉本身的设计浓度不对照GB 13271限值
    假如字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": 75, "nox_mg_m3": 400, "so2_mg_m3": 100, "pm_mg_m3": 10}, {"fuel": "燃煤", "capacity_t_h": 10, "nox_mg_m3": 100, "so2_mg_m3": 100, "pm_mg_m3": 10}]
    当审查该项目
    那么规则"boilers.coal_limits"不触发
    并且规则"boilers.beyond_gb13271_scope"触发
    并且该规则读取"超出GB 13271适用范围的新建燃烧类蒸汽锅炉台数"为"1 台"

  场景: 超出适用范围的锅炉提示人工对照火电厂标准，引用适用范围条款
    假如字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": 130, "nox_mg_m3": 400, "so2_mg_m3": 100, "pm_mg_m3": 10}]
    当审查该项目
    那么规则"boilers.beyond_gb13271_scope"触发
    并且该规则的严重程度为"advisory"
    并且该规则引用方案条款"三（七）"
    并且该规则的依据包含"锅炉大气污染物排放标准的适用范围"

  场景: 热水锅炉按MW申报，各种容量均适用GB 13271
    假如字段"boilers"为[{"fuel": "燃气", "kind": "热水锅炉", "capacity_mw": 70, "nox_mg_m3": 180, "so2_mg_m3": 10, "pm_mg_m3": 5, "low_nox_burner": true}]
    当审查该项目
    那么规则"boilers.gas_limits"触发
    并且规则"boilers.beyond_gb13271_scope"不触发

  场景: 蒸汽锅炉未申报额定蒸发量被拒绝
    假如字段"boilers"为[{"fuel": "燃气", "kind": "蒸汽锅炉", "capacity_mw": 7}]
    当提交该申报数据
    那么申报被拒绝，错误指向"boilers"
