# language: zh-CN
功能: 数据中心规模分类与可再生能源利用方案（开福区方案 三（一））

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目
    并且行业代码为"6450"

  场景大纲: 按标准机架数分类
    假如字段"data_centre"为{"standard_racks": <机架>, "design_pue": 1.25, "renewable_energy_plan": true}
    当审查该项目
    那么规则"data_centre.size_class"触发
    并且该规则的情形为"<情形>"
    并且该规则引用方案条款"三（一）"

    例子:
      | 机架  | 情形         |
      | 10000 | hyperscale   |
      | 9999  | large        |
      | 3000  | large        |
      | 2999  | small_medium |
      | 101   | small_medium |
      | 100   | edge         |

  场景: 边缘数据中心不适用PUE要求和GB 40879，但新建的仍须可再生能源利用方案
    假如字段"data_centre"为{"standard_racks": 80, "design_pue": 1.6}
    当审查该项目
    那么规则"data_centre.pue"不触发
    并且规则"data_centre.energy_efficiency_limit"不触发
    并且规则"data_centre.renewable_plan"提示缺少材料

  场景大纲: 新建及改扩建数据中心（不论规模）须提交可再生能源利用方案
    假如字段"data_centre"为{"standard_racks": <机架>, "design_pue": 1.25<方案>}
    当审查该项目
    那么规则"data_centre.renewable_plan"<结果>

    例子:
      | 机架  | 方案                            | 结果         |
      | 3000  | , "renewable_energy_plan": false | 触发         |
      | 12000 | , "renewable_energy_plan": false | 触发         |
      | 3000  | , "renewable_energy_plan": true  | 不触发       |
      | 2999  | , "renewable_energy_plan": false | 触发         |
      | 500   | , "renewable_energy_plan": false | 触发         |
      | 3000  |                                  | 提示缺少材料 |

  场景: 未提交可再生能源利用方案为须落实的要求
    假如字段"data_centre"为{"standard_racks": 5000, "design_pue": 1.25, "renewable_energy_plan": false}
    当审查该项目
    那么规则"data_centre.renewable_plan"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（一）"

  场景大纲: 可再生能源利用方案要求自专项行动计划印发之日（2024-07-23）起适用
    假如审查日期为"<日期>"
    并且字段"data_centre"为{"standard_racks": 5000, "design_pue": 1.25, "renewable_energy_plan": false}
    当审查该项目
    那么规则"data_centre.renewable_plan"<结果>

    例子:
      | 日期       | 结果   |
      | 2024-07-01 | 不触发 |
      | 2024-07-22 | 不触发 |
      | 2024-07-23 | 触发   |

  场景大纲: 扩建、改建数据中心同样须提交可再生能源利用方案
    假如一个<性质>项目
    并且行业代码为"6450"
    并且字段"data_centre"为{"standard_racks": 5000, "design_pue": 1.25, "renewable_energy_plan": false}
    当审查该项目
    那么规则"data_centre.renewable_plan"触发

    例子:
      | 性质 |
      | 扩建 |
      | 改建 |
