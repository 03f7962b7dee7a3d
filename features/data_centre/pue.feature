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

  场景: PUE不达标时不予通过，并引用三（一）
    假如字段"data_centre"为{"standard_racks": 5000, "design_pue": 1.4}
    并且年综合能源消费量为3000吨标准煤（当量值）
    当审查该项目
    那么规则"data_centre.pue"触发
    并且该规则的严重程度为"veto"
    并且该规则引用方案条款"三（一）"
    并且该规则读取"数据中心设计PUE"为"1.4"
    并且审查结论为"reject"

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
