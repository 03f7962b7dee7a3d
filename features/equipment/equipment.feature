# language: zh-CN
功能: 主要用能设备能效（令2025年第31号第十六条（二）“主要设备能效是否符合强制性能效标准要求”）
  申报的主要用能设备按审查日实施的强制性能效标准比对申报的能效等级：低于能效限定值不予通过（所依版次已核实的），
  版次待核实的列为须落实的要求、不否决；未达节能评价值（2级）列为须落实的要求；未申报能效等级的补正材料。

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目
    并且年综合能源消费量为2000吨标准煤（当量值）

  场景大纲: 电动机（GB 18613-2020，3级为能效限定值，2级为节能评价值）等级两侧
    假如字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "主风机电机", "kind": "三相异步电动机", "efficiency_type": "电动机", "rated_capacity": 75, "rated_capacity_unit": "kW", "efficiency_grade": "<等级>"}]}
    当审查该项目
    那么规则"equipment.below_minimum"<否决>
    并且规则"equipment.below_grade2"<须落实>
    并且规则"equipment.grade_undeclared"不触发

    例子:
      | 等级           | 否决   | 须落实 |
      | 1级            | 不触发 | 不触发 |
      | 2级            | 不触发 | 不触发 |
      | 3级            | 不触发 | 触发   |
      | 低于能效限定值 | 触发   | 不触发 |

  场景: 低于能效限定值不予通过，写明所依标准，引用第十六条
    假如字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "主风机电机", "kind": "三相异步电动机", "efficiency_type": "电动机", "efficiency_grade": "低于能效限定值"}]}
    当审查该项目
    那么规则"equipment.below_minimum"触发
    并且该规则的严重程度为"veto"
    并且该规则的依据包含"第十六条"
    并且该规则严重程度的原文依据包含"主要设备能效是否符合强制性能效标准要求"
    并且该规则的说明包含"GB 18613-2020"
    并且该规则读取"所依能效标准的核实状态"为"V1"
    并且审查结论为"不予通过"

  场景大纲: 空气压缩机（GB 19153-2019，V2）与冷水机组按审查日选用版次（GB 19577-2024自2025-02-01实施）
    假如审查日期为"<审查日>"
    并且字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "<名称>", "kind": "<名称>", "efficiency_type": "<类别>", "efficiency_grade": "3级"}]}
    当审查该项目
    那么规则"equipment.below_grade2"触发
    并且该规则的说明包含"<标准>"

    例子:
      | 审查日     | 名称       | 类别             | 标准          |
      | 2026-01-15 | 螺杆空压机 | 容积式空气压缩机 | GB 19153-2019 |
      | 2026-01-15 | 离心冷水机 | 冷水机组及热泵   | GB 19577-2024 |

  场景大纲: 所依版次待核实的标准从不否决：低于能效限定值列为须落实的要求并标注待核实
    假如字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "<名称>", "kind": "<名称>", "efficiency_type": "<类别>", "efficiency_grade": "低于能效限定值"}]}
    当审查该项目
    那么规则"equipment.below_minimum"不触发
    并且规则"equipment.below_minimum_unverified"触发
    并且该规则的严重程度为"condition"
    并且该规则标注待核实
    并且该规则的说明包含"<标准>"

    例子:
      | 名称       | 类别             | 标准          |
      | 循环水泵   | 清水离心泵       | GB 19762-2007 |
      | 屋顶空调   | 单元式空气调节机 | GB 19576-2019 |

  场景大纲: 版次已核实（V2）的通风机、变压器、工业锅炉、离心泵低于能效限定值不予通过，按审查日选用版次
    假如审查日期为"<审查日>"
    并且字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "<名称>", "kind": "<名称>", "efficiency_type": "<类别>", "efficiency_grade": "低于能效限定值"}]}
    当审查该项目
    那么规则"equipment.below_minimum_unverified"不触发
    并且规则"equipment.below_minimum"触发
    并且该规则的说明包含"<标准>"
    并且该规则读取"所依能效标准的核实状态"为"V2"

    例子:
      | 审查日     | 名称       | 类别       | 标准          |
      | 2026-01-15 | 送风机     | 通风机     | GB 19761-2020 |
      | 2026-01-15 | 配电变压器 | 电力变压器 | GB 20052-2024 |
      | 2025-09-30 | 配电变压器 | 电力变压器 | GB 20052-2024 |
      | 2026-01-15 | 燃气锅炉   | 工业锅炉   | GB 24500-2020 |
      | 2026-03-01 | 循环水泵   | 清水离心泵 | GB 19762-2025 |

  场景: GB 19762-2025实施（2026-03-01）前，离心泵按待核实的GB 19762-2007比对，不否决
    假如审查日期为"2026-02-28"
    并且字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "循环水泵", "kind": "循环水泵", "efficiency_type": "清水离心泵", "efficiency_grade": "低于能效限定值"}]}
    当审查该项目
    那么规则"equipment.below_minimum"不触发
    并且规则"equipment.below_minimum_unverified"触发
    并且该规则的说明包含"GB 19762-2007"

  场景大纲: 电动机按额定功率与极数所在档比对申报效率（GB 18613-2020表1，75 kW 4极：1级96.7%、2级96.0%、3级95.0%）
    假如字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "主风机电机", "kind": "三相异步电动机", "efficiency_type": "电动机", "rated_capacity": 75, "rated_capacity_unit": "kW", "size_class": "4极", "efficiency_grade": "<等级>", "efficiency_value": <效率>}]}
    当审查该项目
    那么规则"equipment.below_minimum"<否决>
    并且规则"equipment.below_grade2"<须落实>
    并且规则"equipment.grade_mismatch"<更正>

    例子: 恰在限值上为达到，低0.1个百分点为未达
      | 等级           | 效率 | 否决   | 须落实 | 更正   |
      | 1级            | 96.7 | 不触发 | 不触发 | 不触发 |
      | 1级            | 96.6 | 不触发 | 不触发 | 触发   |
      | 2级            | 96.0 | 不触发 | 不触发 | 不触发 |
      | 2级            | 95.9 | 不触发 | 触发   | 触发   |
      | 3级            | 95.0 | 不触发 | 触发   | 不触发 |
      | 3级            | 94.9 | 触发   | 触发   | 触发   |
      | 低于能效限定值 | 94.9 | 触发   | 不触发 | 不触发 |
      | 低于能效限定值 | 95.0 | 触发   | 触发   | 触发   |

  场景: 申报效率低于所在档的能效限定值不予通过，写明档位、限值与分档限值的核实状态
    假如字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "主风机电机", "kind": "三相异步电动机", "efficiency_type": "电动机", "rated_capacity": 0.75, "rated_capacity_unit": "kW", "size_class": "2极", "efficiency_grade": "3级", "efficiency_value": 80.6}]}
    当审查该项目
    那么规则"equipment.below_minimum"触发
    并且该规则的严重程度为"veto"
    并且该规则的说明包含"0.75 kW 2极，申报效率80.6%，低于能效限定值80.7%"
    并且该规则读取"所依能效标准的核实状态"为"V2"
    并且规则"equipment.grade_mismatch"触发
    并且该规则的严重程度为"missing"
    并且该规则的说明包含"按所在档限值为低于能效限定值，申报为3级"
    并且审查结论为"不予通过"

  场景大纲: 额定功率不在表中某档、未填极数或单位不符的不比对效率；未申报等级的仍按效率比对
    假如字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "主风机电机", "kind": "三相异步电动机", "efficiency_type": "电动机"<规格>, "efficiency_value": 90.0}]}
    当审查该项目
    那么规则"equipment.below_minimum"<否决>
    并且规则"equipment.grade_mismatch"不触发

    例子:
      | 规格                                                                                                  | 否决   |
      | , "rated_capacity": 76, "rated_capacity_unit": "kW", "size_class": "4极", "efficiency_grade": "3级"   | 不触发 |
      | , "rated_capacity": 75, "rated_capacity_unit": "kW", "efficiency_grade": "3级"                        | 不触发 |
      | , "rated_capacity": 75, "rated_capacity_unit": "kVA", "size_class": "4极", "efficiency_grade": "3级"  | 不触发 |
      | , "rated_capacity": 75, "rated_capacity_unit": "kW", "size_class": "4极"                              | 触发   |

  场景: 未申报能效等级的补正材料，一台设备的结论不改变另一台的结论
    假如字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "主风机电机", "kind": "三相异步电动机", "efficiency_type": "电动机"}, {"name": "螺杆空压机", "kind": "螺杆空压机", "efficiency_type": "容积式空气压缩机", "efficiency_grade": "3级"}]}
    当审查该项目
    那么规则"equipment.grade_undeclared"触发
    并且该规则的严重程度为"missing"
    并且该规则的说明包含"主风机电机"
    并且规则"equipment.below_grade2"触发
    并且该规则的说明包含"螺杆空压机"
    并且该规则的说明不包含"主风机电机"

  场景大纲: 不须单独审查的项目、令2025年第31号施行前的审查、未填设备类别的设备不比对
    假如审查日期为"<审查日>"
    并且年综合能源消费量为<tce>吨标准煤（当量值）
    并且字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "主风机电机", "kind": "三相异步电动机"<类别>, "efficiency_grade": "低于能效限定值"}]}
    当审查该项目
    那么规则"equipment.below_minimum"<结果>

    例子:
      | 审查日     | tce    | 类别                       | 结果   |
      | 2026-01-15 | 999.99 | , "efficiency_type": "电动机" | 不触发 |
      | 2026-01-15 | 1000   | , "efficiency_type": "电动机" | 触发   |
      | 2025-08-31 | 1000   | , "efficiency_type": "电动机" | 不触发 |
      | 2026-01-15 | 1000   |                            | 不触发 |

  场景大纲: 型号属《高耗能落后机电设备（产品）淘汰目录》所列系列或型号的，条目待核实时列为须落实的要求、不否决
    假如字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "<名称>", "kind": "<名称>", "model": "<型号>"}]}
    当审查该项目
    那么规则"equipment.eliminated_model"不触发
    并且规则"equipment.eliminated_model_unverified"<结果>

    例子: 按型号系列（第一个“-”之前）比对，目录排版的全角横线与字母O、数字0混用视为相同；系列名只是前缀相同的不算
      | 名称       | 型号          | 结果   |
      | 起重机电机 | JZR2-31-6     | 触发   |
      | 风机电机   | JO2-52-4      | 触发   |
      | 风机电机   | J02－52－4    | 触发   |
      | 机床电机   | DP90S一2／M01 | 触发   |
      | 深井泵电机 | DM402-2       | 触发   |
      | 深井泵电机 | DM402-4       | 不触发 |
      | 风机电机   | YE3-160M-4    | 不触发 |
      | 起重机电机 | JZR3-31-6     | 不触发 |
      | 配电变压器 | S7-500/10     | 触发   |
      | 配电变压器 | S13-M-630/10  | 不触发 |
      | 燃煤锅炉   | LSG 0.4—8—A3  | 触发   |
      | 配电变压器 | S9-500/10     | 触发   |
      | 风机电机   | Y2-160M-4     | 触发   |
      | 风机电机   | YE2-160M-4    | 不触发 |
      | 水泵电机   | Y160M-4       | 触发   |
      | 水泵电机   | YE4-160M-4    | 不触发 |

  场景: 淘汰目录的匹配写明条目与淘汰原因，标注待核实
    假如字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "起重机电机", "kind": "冶金起重电机", "model": "JZR2-31-6"}, {"name": "主风机电机", "kind": "三相异步电动机", "model": "YE3-160M-4"}]}
    当审查该项目
    那么规则"equipment.eliminated_model_unverified"触发
    并且该规则的严重程度为"condition"
    并且该规则标注待核实
    并且该规则的说明包含"第一批第1-8项冶金起重电机：效率低，功率因数低"
    并且该规则的说明不包含"YE3"
    并且该规则读取"所依淘汰目录条目的核实状态"为"UNVERIFIED"

  场景: 淘汰目录条目附有淘汰时限或条件的，随结果写出，由审查人员核对设备的生产年份
    假如字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "配电变压器", "kind": "油浸式变压器", "model": "S9-500/10"}]}
    当审查该项目
    那么规则"equipment.eliminated_model_unverified"触发
    并且该规则的说明包含"第四批第1-2项"
    并且该规则的说明包含"1997年（含）前生产投运的该系列产品，最迟应于2017年底前停止使用"
