# language: zh-CN
功能: 挥发性有机物（开福区方案 三（七）、三（九）、四（六））

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目
    并且行业代码为"3360"

  场景大纲: VOCs倍量削减（2倍）上下
    假如字段"vocs"为{"new_emissions_t": 10, "secured_offset_t": <削减>}
    当审查该项目
    那么规则"vocs.offset"<结果>

    例子:
      | 削减  | 结果   |
      | 19.99 | 触发   |
      | 20    | 不触发 |
      | 35    | 不触发 |

  场景: 倍数未核实，削减不足为须落实的要求，引用三（九）
    假如字段"vocs"为{"new_emissions_t": 10, "secured_offset_t": 10}
    当审查该项目
    那么规则"vocs.offset"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（九）"
    并且该规则读取"VOCs削减替代量与新增排放量之比"为"1"
    并且该规则标注待核实

  场景大纲: VOCs倍量削减只适用于工业项目（“涉VOCs排放的工业项目”）
    假如行业代码为"<代码>"
    并且字段"vocs"为{"new_emissions_t": 2}
    当审查该项目
    那么规则"vocs.offset"<结果>

    例子:
      | 代码 | 结果         |
      | 6110 | 不触发       |
      | 7010 | 不触发       |
      | 8111 | 不触发       |
      | 2231 | 提示缺少材料 |
      | 0610 | 提示缺少材料 |
      | 4620 | 提示缺少材料 |
      | 4700 | 不触发       |

  场景: 未申报削减替代量，提示补正
    假如字段"vocs"为{"new_emissions_t": 10}
    当审查该项目
    那么规则"vocs.offset"提示缺少材料
    并且该规则引用方案条款"三（九）"

  场景: 无新增VOCs排放不审查倍量削减
    假如字段"vocs"为{"new_emissions_t": 0}
    当审查该项目
    那么规则"vocs.offset"不触发

  场景大纲: 油墨对照GB 38507限值
    假如字段"vocs"为{"new_emissions_t": 0, "materials": [{"category": "油墨", "kind": "<类型>", "voc_content": <含量>, "content_unit": "<单位>"}]}
    当审查该项目
    那么规则"vocs.ink_limits"<结果>

    例子:
      | 类型                        | 含量 | 单位 | 结果   |
      | ink_solvent_gravure         | 75   | %    | 不触发 |
      | ink_solvent_gravure         | 76   | %    | 触发   |
      | ink_water_flexo_absorbent   | 5    | %    | 不触发 |
      | ink_water_flexo_absorbent   | 60   | g/kg | 触发   |
      | ink_water_flexo_absorbent   | 50   | g/kg | 不触发 |

  场景: 油墨超限不予通过，引用三（九）与GB 38507-2020，不标注待核实
    假如字段"vocs"为{"new_emissions_t": 0, "materials": [{"category": "油墨", "kind": "ink_solvent_inkjet", "name": "溶剂喷墨", "voc_content": 96, "content_unit": "%"}]}
    当审查该项目
    那么规则"vocs.ink_limits"触发
    并且该规则的严重程度为"veto"
    并且该规则引用方案条款"三（九）"
    并且该规则的依据包含"GB 38507-2020"
    并且该规则不标注待核实

  场景大纲: 胶粘剂、清洗剂对照限值（二手来源，待核实）
    假如字段"vocs"为{"new_emissions_t": 0, "materials": [{"category": "<类别>", "kind": "<类型>", "voc_content": <含量>, "content_unit": "g/L"}]}
    当审查该项目
    那么规则"<规则>"<结果>

    例子:
      | 类别   | 类型                         | 含量 | 规则                  | 结果   |
      | 胶粘剂 | adhesive_solvent_chloroprene | 600  | vocs.adhesive_limits  | 不触发 |
      | 胶粘剂 | adhesive_solvent_chloroprene | 601  | vocs.adhesive_limits  | 触发   |
      | 清洗剂 | cleaner_water                | 50   | vocs.cleaner_limits   | 不触发 |
      | 清洗剂 | cleaner_water                | 51   | vocs.cleaner_limits   | 触发   |

  场景: 胶粘剂超限引用三（九）并标注待核实
    假如字段"vocs"为{"new_emissions_t": 0, "materials": [{"category": "胶粘剂", "kind": "adhesive_water_pvac", "voc_content": 120, "content_unit": "g/L"}]}
    当审查该项目
    那么规则"vocs.adhesive_limits"触发
    并且该规则引用方案条款"三（九）"
    并且该规则的依据包含"GB 33372-2020"
    并且该规则标注待核实

  场景: 清洗剂超限引用三（九）
    假如字段"vocs"为{"new_emissions_t": 0, "materials": [{"category": "清洗剂", "kind": "cleaner_water", "voc_content": 80, "content_unit": "g/L"}]}
    当审查该项目
    那么规则"vocs.cleaner_limits"触发
    并且该规则的严重程度为"veto"
    并且该规则引用方案条款"三（九）"

  场景: 半水基清洗剂限值来源冲突，未评估不推测
    假如字段"vocs"为{"new_emissions_t": 0, "materials": [{"category": "清洗剂", "kind": "cleaner_semi_aqueous", "voc_content": 250, "content_unit": "g/L"}]}
    当审查该项目
    那么规则"vocs.cleaner_limits"不触发
    并且规则"vocs.materials_unassessed"触发
    并且该规则的严重程度为"info"
    并且该规则引用方案条款"三（九）"

  场景: 未纳入限值表的材料类型未评估
    假如字段"vocs"为{"new_emissions_t": 0, "materials": [{"category": "涂料", "kind": "wood_furniture_pu_topcoat", "voc_content": 500, "content_unit": "g/L"}]}
    当审查该项目
    那么规则"vocs.coating_limits"不触发
    并且规则"vocs.materials_unassessed"触发

  场景: 单位不能换算（g/L 对 %）未评估
    假如字段"vocs"为{"new_emissions_t": 0, "materials": [{"category": "油墨", "kind": "ink_solvent_gravure", "voc_content": 700, "content_unit": "g/L"}]}
    当审查该项目
    那么规则"vocs.ink_limits"不触发
    并且规则"vocs.materials_unassessed"触发

  场景大纲: 涂料对照GB 30981-2020限值（型材涂料）
    假如字段"vocs"为{"new_emissions_t": 0, "materials": [{"category": "涂料", "kind": "coating_profile_solvent_topcoat", "voc_content": <含量>, "content_unit": "g/L"}]}
    当审查该项目
    那么规则"vocs.coating_limits"<结果>

    例子:
      | 含量 | 结果   |
      | 600  | 不触发 |
      | 601  | 触发   |

  场景: GB 30981-2020于2026-06-01被GB 30981.2-2025代替，新版限值未设置则不评估
    假如审查日期为"2026-05-31"
    并且字段"vocs"为{"new_emissions_t": 0, "materials": [{"category": "涂料", "kind": "coating_profile_solvent_topcoat", "name": "溶剂型面漆", "voc_content": 650, "content_unit": "g/L"}]}
    当审查该项目
    那么规则"vocs.coating_limits"触发
    并且该规则的严重程度为"veto"
    并且该规则引用方案条款"三（九）"
    并且该规则读取"审查日适用的工业涂料VOCs限量标准"为"GB 30981-2020"
    并且规则"vocs.materials_unassessed"不触发
    当审查日期改为"2026-06-01"后再次审查
    那么规则"vocs.coating_limits"不触发
    并且规则"vocs.materials_unassessed"触发
    并且该规则的严重程度为"info"
    并且该规则读取"未评估的含VOCs材料及原因"为"溶剂型面漆（型材涂料（溶剂型，其他，面漆）：GB 30981.2-2025的限值未设置，状态GAP）"

  场景大纲: 涂装、印刷项目源头替代
    假如字段"vocs"为{"new_emissions_t": 0, "full_low_voc_substitution": <全部低VOCs>, "materials": [{"category": "<类别>", "kind": "x", "voc_content": 1, "content_unit": "%"}]}
    当审查该项目
    那么规则"vocs.source_substitution"<结果>

    例子:
      | 类别   | 全部低VOCs | 结果   |
      | 涂料   | false      | 触发   |
      | 油墨   | false      | 触发   |
      | 涂料   | true       | 不触发 |
      | 胶粘剂 | false      | 不触发 |

  场景: 源头替代为须落实的要求，引用三（九）
    假如行业代码为"2310"
    并且字段"vocs"为{"new_emissions_t": 0, "full_low_voc_substitution": false}
    当审查该项目
    那么规则"vocs.source_substitution"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（九）"

  场景: 印刷项目未申报是否全部低VOCs，提示补正
    假如行业代码为"2310"
    并且字段"vocs"为{"new_emissions_t": 0}
    当审查该项目
    那么规则"vocs.source_substitution"提示缺少材料

  场景大纲: 重点排污单位VOCs在线监测
    假如字段"vocs"为{"new_emissions_t": 5, "secured_offset_t": 10, "key_polluter": <重点>, "online_monitoring": <在线>}
    当审查该项目
    那么规则"vocs.online_monitoring"<结果>

    例子:
      | 重点  | 在线  | 结果   |
      | true  | false | 触发   |
      | true  | true  | 不触发 |
      | false | false | 不触发 |

  场景: 未安装在线监测为须落实的要求，引用四（六）与大气污染防治法
    假如字段"vocs"为{"new_emissions_t": 5, "secured_offset_t": 10, "key_polluter": true, "online_monitoring": false}
    当审查该项目
    那么规则"vocs.online_monitoring"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"四（六）"
    并且该规则的依据包含"大气污染防治法"

  场景: 重点排污单位未申报在线监测，提示补正
    假如字段"vocs"为{"new_emissions_t": 5, "secured_offset_t": 10, "key_polluter": true}
    当审查该项目
    那么规则"vocs.online_monitoring"提示缺少材料

  场景大纲: 重点行业VOCs全过程治理
    假如行业代码为"<行业>"
    并且字段"vocs"为{"new_emissions_t": 0, "whole_process_control": <全过程>}
    当审查该项目
    那么规则"vocs.whole_process"<结果>

    例子:
      | 行业 | 全过程 | 结果   |
      | 2110 | false  | 触发   |
      | 2641 | false  | 触发   |
      | 2319 | false  | 触发   |
      | 2110 | true   | 不触发 |
      | 3360 | false  | 不触发 |

  场景: 全过程治理为须落实的要求，引用三（七）并标注待核实（行业映射）
    假如行业代码为"2110"
    当审查该项目
    那么规则"vocs.whole_process"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（七）"
    并且该规则标注待核实
