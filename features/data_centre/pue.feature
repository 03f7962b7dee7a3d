# language: zh-CN
功能: 新建大型数据中心PUE低于1.3（开福区方案 三（一））

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目
    并且行业代码为"6450"

  场景大纲: 设计PUE在1.3上下
    假如字段"data_centre"为{"standard_racks": 3000, "design_pue": <pue>}
    当审查该项目
    那么规则"data_centre.pue"<结果>

    例子:
      | pue  | 结果   |
      | 1.29 | 不触发 |
      | 1.30 | 触发   |
      | 1.45 | 触发   |

  场景大纲: 标准机架数在3000上下
    假如字段"data_centre"为{"standard_racks": <racks>, "design_pue": 1.35}
    当审查该项目
    那么规则"data_centre.pue"<结果>

    例子:
      | racks | 结果   |
      | 2999  | 不触发 |
      | 3000  | 触发   |
      | 10000 | 触发   |

  场景: PUE未低于1.3为须落实的要求（“主要目标”表述），并引用三（一）
    假如字段"data_centre"为{"standard_racks": 5000, "design_pue": 1.4, "renewable_energy_plan": true}
    并且年综合能源消费量为3000吨标准煤（当量值）
    当审查该项目
    那么规则"data_centre.pue"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（一）"
    并且该规则读取"数据中心设计PUE"为"1.4"
    并且规则"data_centre.energy_efficiency_limit"触发
    并且该规则的情形为"below_grade_2"
    并且该规则的严重程度为"advisory"

  场景大纲: 新建及改扩建数据中心设计PUE超过GB 40879能效限定值（1.50）不予通过，不论规模
    假如一个<性质>项目
    并且行业代码为"6450"
    并且字段"data_centre"为{"standard_racks": <机架>, "design_pue": <pue>, "renewable_energy_plan": true}
    当审查该项目
    那么规则"data_centre.energy_efficiency_limit"<结果>

    例子:
      | 性质 | 机架 | pue  | 结果   |
      | 新建 | 500  | 1.51 | 触发   |
      | 扩建 | 5000 | 1.6  | 触发   |
      | 改建 | 200  | 1.51 | 触发   |
      | 扩建 | 5000 | 1.30 | 不触发 |
      | 新建 | 100  | 1.8  | 不触发 |

  场景: 超过能效限定值不予通过，引用GB 40879-2021
    假如一个扩建项目
    并且行业代码为"6450"
    并且字段"data_centre"为{"standard_racks": 5000, "design_pue": 1.55, "renewable_energy_plan": true}
    并且年综合能源消费量为3000吨标准煤（当量值）
    当审查该项目
    那么规则"data_centre.energy_efficiency_limit"触发
    并且该规则的情形为"above_limit"
    并且该规则的严重程度为"veto"
    并且该规则的依据包含"GB 40879-2021"
    并且该规则标注待核实
    并且审查结论为"reject"

  场景: 扩建5000架数据中心PUE 1.45不再无结果通过：提示未达到能效2级
    假如一个扩建项目
    并且行业代码为"6450"
    并且字段"data_centre"为{"standard_racks": 5000, "design_pue": 1.45, "renewable_energy_plan": true}
    当审查该项目
    那么规则"data_centre.energy_efficiency_limit"触发
    并且该规则的情形为"below_grade_2"

  场景: 新建大型数据中心在国家枢纽节点集群外，须说明布局依据
    假如字段"data_centre"为{"standard_racks": 5000, "design_pue": 1.25, "renewable_energy_plan": true}
    当审查该项目
    那么规则"data_centre.hub_siting"触发
    并且该规则的严重程度为"condition"
    并且该规则的依据包含"发改高技〔2021〕1742号"
    并且该规则读取"项目位于长沙市开福区（本系统审查范围）"为"是"

  场景大纲: 枢纽节点布局要求只适用于新建大型及以上数据中心
    假如一个<性质>项目
    并且行业代码为"6450"
    并且字段"data_centre"为{"standard_racks": <机架>, "design_pue": 1.25, "renewable_energy_plan": true}
    当审查该项目
    那么规则"data_centre.hub_siting"<结果>

    例子:
      | 性质 | 机架 | 结果   |
      | 新建 | 3000 | 触发   |
      | 新建 | 2999 | 不触发 |
      | 扩建 | 5000 | 不触发 |

  场景: 大型数据中心未申报设计PUE，提示补正
    假如字段"data_centre"为{"standard_racks": 5000}
    并且年综合能源消费量为3000吨标准煤（当量值）
    当审查该项目
    那么规则"data_centre.pue"提示缺少材料
    并且审查结论为"incomplete"

  场景: 扩建数据中心不适用新建PUE要求
    假如一个扩建项目
    并且字段"data_centre"为{"standard_racks": 5000, "design_pue": 1.4}
    当审查该项目
    那么规则"data_centre.pue"不触发
