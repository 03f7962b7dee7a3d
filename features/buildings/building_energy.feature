# language: zh-CN
功能: 公共建筑能耗强度（GB/T 51161-2016《民用建筑能耗标准》，夏热冬冷地区）与绿色建筑星级
  申报公共建筑主要使用功能的，设计单位建筑面积年能耗（节能报告的计算值，未填的按年电力消费量除以该使用功能的建筑面积）
  对照规则库建筑能耗表该类建筑的约束值与引导值：高于已核实的约束值列为须落实的要求，高于待核实的约束值或高于引导值
  只作提示，从不否决。规则库所附各行的数值尚未核实（GAP），对照不了的作提示，由审查人员人工对照；标准未列医院、学校建筑。
  下列场景中的约束值、引导值是场景录入的测试数值，不是标准的数值。

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目
    并且字段"buildings"为{"new_floor_area_m2": 20000, "green_building_standard": true, "public_use": "办公建筑（商业办公）", "public_floor_area_m2": 20000, "public_building_class": "B类"}

  场景大纲: 办公建筑在约束值、引导值两侧（申报的设计能耗）
    假如建筑能耗表中"办公建筑（商业办公）""B类"行的约束值为110、引导值为80，核实状态为"V1"
    并且字段"buildings.design_intensity_kwh_m2"为<设计能耗>
    并且年电力消费量为2000000千瓦时
    当审查该项目
    那么规则"buildings.intensity_constraint"<约束值>
    并且规则"buildings.intensity_guide"<引导值>
    并且规则"buildings.intensity_unassessed"不触发

    例子:
      | 设计能耗 | 约束值 | 引导值 |
      | 80       | 不触发 | 不触发 |
      | 80.1     | 不触发 | 触发   |
      | 110      | 不触发 | 触发   |
      | 110.1    | 触发   | 不触发 |

  场景大纲: 未填设计能耗的，按年电力消费量除以建筑面积计
    假如建筑能耗表中"办公建筑（商业办公）""B类"行的约束值为110、引导值为80，核实状态为"V1"
    并且年电力消费量为<电力>千瓦时
    当审查该项目
    那么规则"buildings.intensity_constraint"<约束值>
    并且规则"buildings.intensity_guide"<引导值>

    例子:
      | 电力    | 约束值 | 引导值 |
      | 1600000 | 不触发 | 不触发 |
      | 2200000 | 不触发 | 触发   |
      | 2202000 | 触发   | 不触发 |

  场景: 高于已核实的约束值为须落实的要求，写明设计能耗与约束值，不否决
    假如建筑能耗表中"办公建筑（商业办公）""B类"行的约束值为110、引导值为80，核实状态为"V1"
    并且字段"buildings.design_intensity_kwh_m2"为125
    并且年电力消费量为12500000千瓦时
    当审查该项目
    那么规则"buildings.intensity_constraint"触发
    并且该规则的情形为"verified"
    并且该规则的严重程度为"condition"
    并且该规则的依据包含"GB/T 51161-2016"
    并且该规则读取"GB/T 51161-2016 约束值（夏热冬冷）"为"110 kWh/(m²·a)"
    并且节能审查结论为"conditional"

  场景: 约束值待核实的行只作提示
    假如建筑能耗表中"办公建筑（商业办公）""B类"行的约束值为110、引导值为80，核实状态为"UNVERIFIED"
    并且字段"buildings.design_intensity_kwh_m2"为125
    并且年电力消费量为2500000千瓦时
    当审查该项目
    那么规则"buildings.intensity_constraint"触发
    并且该规则的情形为"unverified"
    并且该规则的严重程度为"advisory"

  场景: 规则库所附的办公建筑指标未录入（GAP）：提示人工对照，不作判断
    假如年电力消费量为2500000千瓦时
    当审查该项目
    那么规则"buildings.intensity_constraint"不触发
    并且规则"buildings.intensity_guide"不触发
    并且规则"buildings.intensity_unassessed"触发
    并且该规则的情形为"value_missing"
    并且该规则的严重程度为"advisory"

  场景大纲: 医院、学校建筑：GB/T 51161-2016 未列指标，不论能耗高低都只提示
    假如字段"buildings.public_use"为"<功能>"
    并且年电力消费量为<电力>千瓦时
    当审查该项目
    那么规则"buildings.intensity_constraint"不触发
    并且规则"buildings.intensity_guide"不触发
    并且规则"buildings.intensity_unassessed"触发
    并且该规则的情形为"not_covered"

    例子:
      | 功能     | 电力     |
      | 医院建筑 | 1000000  |
      | 医院建筑 | 9000000  |
      | 学校建筑 | 1000000  |

  场景: 办公建筑未注明A类、B类的，提示注明
    假如字段"buildings"为{"new_floor_area_m2": 20000, "green_building_standard": true, "public_use": "办公建筑（党政机关）", "public_floor_area_m2": 20000}
    并且年电力消费量为2000000千瓦时
    当审查该项目
    那么规则"buildings.intensity_unassessed"触发
    并且该规则的情形为"class_missing"

  场景: 设计能耗既未申报、也无电力可计算的，已核实的约束值提示缺少材料
    假如建筑能耗表中"办公建筑（商业办公）""B类"行的约束值为110、引导值为80，核实状态为"V1"
    并且年综合能源消费量为500吨标准煤（当量值）
    当审查该项目
    那么规则"buildings.intensity_constraint"提示缺少材料

  场景: 不申报公共建筑使用功能的项目不对照
    假如字段"buildings"为{"new_floor_area_m2": 20000, "green_building_standard": true}
    并且年电力消费量为2000000千瓦时
    当审查该项目
    那么规则"buildings.intensity_constraint"不触发
    并且规则"buildings.intensity_unassessed"不触发
    并且规则"buildings.green_star"不触发

  场景: 政府投资公共建筑的绿色建筑星级：规定星级未核实（GAP）时未评估
    假如字段"project.investment_type"为"政府投资"
    并且字段"buildings.green_building_star"为"基本级"
    当审查该项目
    那么规则"buildings.green_star"未评估

  场景大纲: 本局配置规定星级后，低于规定星级的列为须落实的要求
    假如管理员自"2025-01-01"起在本地配置参数"buildings.public_green_star_minimum"为2
    并且字段"project.investment_type"为"政府投资"
    并且字段"buildings.green_building_star"为"<星级>"
    当审查该项目
    那么规则"buildings.green_star"<结果>

    例子:
      | 星级   | 结果   |
      | 一星级 | 触发   |
      | 二星级 | 不触发 |
      | 三星级 | 不触发 |

  场景: 企业投资的非公共机构建筑不审查星级
    假如管理员自"2025-01-01"起在本地配置参数"buildings.public_green_star_minimum"为2
    并且字段"buildings.green_building_star"为"基本级"
    当审查该项目
    那么规则"buildings.green_star"不触发

  场景: 约束值的核实状态是审查人员读取的数值，不写入发给建设单位的措辞
    假如建筑能耗表中"办公建筑（商业办公）""B类"行的约束值为110、引导值为80，核实状态为"UNVERIFIED"
    并且字段"buildings.design_intensity_kwh_m2"为125
    并且年电力消费量为2500000千瓦时
    当审查该项目
    那么规则"buildings.intensity_constraint"触发
    并且该规则读取"所依建筑能耗指标的核实状态"为"UNVERIFIED"
    并且该规则标注待核实

  场景: 不单独进行节能审查的公共建筑：提示在项目申报材料中对照，不要求编制节能报告
    假如年电力消费量为1000000千瓦时
    当审查该项目
    那么审查结果为"exempt"
    并且规则"buildings.intensity_unassessed"触发
    并且该规则对建设单位的要求包含"项目申报材料（可行性研究报告或节能报告）"
