# language: zh-CN
功能: 煤炭与高污染燃料（开福区方案 三（八））

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目
    并且行业代码为"1340"

  场景大纲: 建成区新建燃煤锅炉容量在35 t/h上下
    假如字段"project.location"为{"built_up_area": <建成区>}
    并且字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": <容量>, "new": true}]
    当审查该项目
    那么规则"coal.built_up_small_boiler"<结果>

    例子:
      | 建成区 | 容量 | 结果   |
      | true   | 35   | 触发   |
      | true   | 10   | 触发   |
      | true   | 40   | 不触发 |
      | false  | 10   | 不触发 |

  场景: 建成区新建小型燃煤锅炉为须落实的要求（“原则上”，仅见征求意见稿），引用三（八）
    假如字段"project.location"为{"built_up_area": true}
    并且字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": 40, "new": true}, {"fuel": "燃煤", "capacity_t_h": 20, "new": true}]
    当审查该项目
    那么规则"coal.built_up_small_boiler"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（八）"
    并且该规则的依据包含"湖南省空气质量持续改善行动计划实施方案（征求意见稿）"
    并且该规则读取"新建燃煤锅炉最小单台额定蒸发量"为"20 t/h"
    并且该规则标注待核实

  场景大纲: 35蒸吨要求自征求意见稿已存在之日（征求意见截止2024-05-07）起适用
    假如审查日期为"<日期>"
    并且字段"project.location"为{"built_up_area": true}
    并且字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": 20, "new": true}]
    当审查该项目
    那么规则"coal.built_up_small_boiler"<结果>

    例子:
      | 日期       | 结果   |
      | 2023-06-01 | 不触发 |
      | 2024-05-06 | 不触发 |
      | 2024-05-07 | 触发   |

  场景: 建成区在用燃煤锅炉不属新建
    假如字段"project.location"为{"built_up_area": true}
    并且字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": 10, "new": false}]
    当审查该项目
    那么规则"coal.built_up_small_boiler"不触发

  场景大纲: 供热管网覆盖范围内的燃煤锅炉
    假如字段"project.location"为{"heat_network_coverage": <覆盖>}
    并且字段"boilers"为[{"fuel": "<燃料>", "capacity_t_h": 50, "new": <新建>}]
    当审查该项目
    那么规则"coal.heat_network"<结果>

    例子:
      | 覆盖  | 燃料 | 新建  | 结果   |
      | true  | 燃煤 | true  | 触发   |
      | true  | 燃煤 | false | 触发   |
      | true  | 燃气 | true  | 不触发 |
      | false | 燃煤 | true  | 不触发 |

  场景: 覆盖范围内新建燃煤锅炉为须落实的要求（原文为“推动淘汰”，非禁止性）
    假如字段"project.location"为{"heat_network_coverage": true}
    并且字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": 50, "new": true}]
    当审查该项目
    那么规则"coal.heat_network"触发
    并且该规则的情形为"new_coal_boiler"
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（八）"

  场景: 覆盖范围内保留在用燃煤锅炉，提示淘汰
    假如字段"project.location"为{"heat_network_coverage": true}
    并且字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": 50, "new": false}]
    当审查该项目
    那么规则"coal.heat_network"触发
    并且该规则的情形为"existing_coal_boiler"
    并且该规则的严重程度为"advisory"

  场景大纲: 禁燃区燃用高污染燃料
    假如字段"project.location"为{"no_burn_zone": <禁燃区>}
    并且字段"boilers"为[{"fuel": "<燃料>", "capacity_t_h": 4, "new": true}]
    当审查该项目
    那么规则"coal.no_burn_zone"<结果>

    例子:
      | 禁燃区 | 燃料   | 结果   |
      | true   | 燃煤   | 触发   |
      | true   | 燃油   | 不触发 |
      | true   | 燃气   | 不触发 |
      | true   | 电     | 不触发 |
      | false  | 燃煤   | 不触发 |

  场景: 禁燃区消费原煤（无锅炉）不予通过，引用三（八）及高污染燃料目录
    假如字段"project.location"为{"no_burn_zone": true}
    并且字段"energy"为[{"carrier": "raw_coal", "quantity": 100, "unit": "t"}]
    当审查该项目
    那么规则"coal.no_burn_zone"触发
    并且该规则的情形为"coal_or_heavy_oil"
    并且该规则的严重程度为"veto"
    并且该规则引用方案条款"三（八）"
    并且该规则的依据包含"国环规大气〔2017〕2号"
    并且污染物控制结论为"non_compliant"

  场景: 禁燃区燃用燃料油不予通过
    假如字段"project.location"为{"no_burn_zone": true}
    并且字段"energy"为[{"carrier": "fuel_oil", "quantity": 50, "unit": "t"}]
    当审查该项目
    那么规则"coal.no_burn_zone"触发
    并且该规则的情形为"coal_or_heavy_oil"

  场景: 禁燃区内2 t/h轻质柴油锅炉不属高污染燃料（Ⅲ类目录不含轻质燃油）
    假如字段"project.location"为{"no_burn_zone": true}
    并且字段"boilers"为[{"fuel": "燃油", "capacity_t_h": 2, "new": true, "nox_mg_m3": 100, "so2_mg_m3": 50, "pm_mg_m3": 10}]
    并且字段"energy"为[{"carrier": "diesel", "quantity": 300, "unit": "t"}]
    当审查该项目
    那么规则"coal.no_burn_zone"不触发

  场景大纲: 禁燃区生物质锅炉：只有非专用锅炉或未配置高效除尘设施的属高污染燃料
    假如字段"project.location"为{"no_burn_zone": true}
    并且字段"boilers"为[{"fuel": "生物质", "capacity_t_h": 4, "new": false, "dedicated_biomass": <专用>, "high_efficiency_dust_removal": <高效除尘>}]
    当审查该项目
    那么规则"coal.no_burn_zone"<结果>

    例子:
      | 专用  | 高效除尘 | 结果   |
      | true  | true     | 不触发 |
      | false | true     | 触发   |
      | true  | false    | 触发   |
      | false | false    | 触发   |

  场景: 禁燃区非专用生物质锅炉不予通过，引用Ⅲ类目录
    假如字段"project.location"为{"no_burn_zone": true}
    并且字段"boilers"为[{"fuel": "生物质", "capacity_t_h": 4, "new": false, "dedicated_biomass": false, "high_efficiency_dust_removal": true}]
    当审查该项目
    那么规则"coal.no_burn_zone"触发
    并且该规则的情形为"biomass_nonconforming"
    并且该规则的严重程度为"veto"
    并且该规则的依据包含"Ⅲ类（严格）"

  场景: 禁燃区生物质锅炉未申报是否专用、是否高效除尘，提示补正
    假如字段"project.location"为{"no_burn_zone": true}
    并且字段"boilers"为[{"fuel": "生物质", "capacity_t_h": 4, "new": false}]
    当审查该项目
    那么规则"coal.no_burn_zone"触发
    并且该规则的情形为"biomass_undeclared"
    并且该规则的严重程度为"missing"

  场景大纲: 新增煤炭消费须减量替代
    假如一个<性质>项目
    并且行业代码为"1340"
    并且字段"energy"为[{"carrier": "raw_coal", "quantity": <煤>, "unit": "t"}]
    当审查该项目
    那么规则"coal.reduction_substitution"<结果>

    例子:
      | 性质 | 煤  | 结果   |
      | 新建 | 100 | 触发   |
      | 扩建 | 100 | 触发   |
      | 新建 | 0   | 不触发 |
      | 改建 | 100 | 不触发 |

  场景: 煤炭减量替代为须落实的要求，引用三（八）与环环评〔2021〕45号
    假如字段"energy"为[{"carrier": "raw_coal", "quantity": 1000, "unit": "t"}]
    当审查该项目
    那么规则"coal.reduction_substitution"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（八）"
    并且该规则的依据包含"环环评〔2021〕45号"

  场景大纲: 燃煤锅炉“煤改电”提示
    假如字段"boilers"为[{"fuel": "<燃料>", "capacity_t_h": 40, "new": false}]
    当审查该项目
    那么规则"coal.coal_to_electricity"<结果>

    例子:
      | 燃料 | 结果   |
      | 燃煤 | 触发   |
      | 燃气 | 不触发 |

  场景: “煤改电”为提示，引用三（八）
    假如字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": 40, "new": true}]
    当审查该项目
    那么规则"coal.coal_to_electricity"触发
    并且该规则的严重程度为"advisory"
    并且该规则引用方案条款"三（八）"

  场景: “两高”项目的煤炭减量替代由两高规则审查，本规则不重复
    假如行业代码为"3011"
    并且字段"energy"为[{"carrier": "raw_coal", "quantity": 1000, "unit": "t"}]
    当审查该项目
    那么规则"coal.reduction_substitution"不触发
    并且规则"two_highs.coal_substitution"触发

  场景: 煤炭消费量以实物吨表述，折标准煤附后（令2025年第31号第八条以实物量计；二次审核 N18）
    假如一个新建项目
    并且字段"energy"为[{"carrier": "raw_coal", "quantity": 500, "unit": "t"}]
    当审查该项目
    那么规则"coal.reduction_substitution"触发
    并且该规则的说明包含"年煤炭消费量500.00 吨（折标准煤357.15 吨标准煤）"
