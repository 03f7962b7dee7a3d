# language: zh-CN
功能: 环境影响评价（开福区方案 四（二）；环境影响评价法第二十五条）
  编制环境影响报告书、报告表的项目，环评文件未经批准不得开工建设。

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目

  场景大纲: 环评未批先建（已开工、是否取得批复、文件类别）
    假如字段"environment"为{"eia_document": "<类别>", "eia_approved": <已批复>}
    并且字段"project.construction_started"为<已开工>
    当审查该项目
    那么规则"eia.built_before_approval"<未批先建>
    并且规则"eia.approval_pending"<待批复>

    例子:
      | 类别   | 已批复 | 已开工 | 未批先建 | 待批复 |
      | 报告表 | false  | true   | 触发     | 不触发 |
      | 报告书 | false  | true   | 触发     | 不触发 |
      | 报告表 | true   | true   | 不触发   | 不触发 |
      | 报告表 | false  | false  | 不触发   | 触发   |
      | 报告表 | true   | false  | 不触发   | 不触发 |
      | 登记表 | false  | true   | 不触发   | 不触发 |

  场景: 环评未批先建不予通过，属污染物部分的四（二）
    假如字段"environment"为{"eia_document": "报告表"}
    并且项目已开工建设
    当审查该项目
    那么规则"eia.built_before_approval"触发
    并且该规则的严重程度为"veto"
    并且该规则引用方案条款"四（二）"
    并且该规则的依据包含"环境影响评价法 第二十五条"
    并且污染物控制结论为"non_compliant"

  场景: 尚未取得环评批复列为须落实的要求
    假如字段"environment"为{"eia_document": "报告书"}
    当审查该项目
    那么规则"eia.approval_pending"触发
    并且该规则的严重程度为"condition"
    并且该规则的依据包含"建设项目环境保护管理条例 第九条"

  场景大纲: 有新增排放而未申报环评情况时提示
    假如字段"pollutants"为{"cod_t": <cod>}
    当审查该项目
    那么规则"eia.status_undeclared"<结果>

    例子:
      | cod | 结果   |
      | 0   | 不触发 |
      | 0.1 | 触发   |

  场景: 申报了环评类别不再提示，未申报为提示
    假如字段"pollutants"为{"cod_t": 1}
    当审查该项目
    那么规则"eia.status_undeclared"触发
    并且该规则的严重程度为"advisory"

  场景: 已申报环评类别时不提示
    假如字段"pollutants"为{"cod_t": 1}
    并且字段"environment"为{"eia_document": "报告表", "eia_approved": true}
    当审查该项目
    那么规则"eia.status_undeclared"不触发

  场景: 不纳入环评管理的项目不适用环评批复规则
    假如字段"environment"为{"eia_document": "不纳入环评管理"}
    并且项目已开工建设
    当审查该项目
    那么规则"eia.built_before_approval"不触发
    并且规则"eia.approval_pending"不触发
