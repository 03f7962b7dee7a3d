# language: zh-CN
功能: 政府投资项目绿色采购（开福区方案 三（六）、三（九））
  政府投资项目执行节能环保产品优先采购和强制采购制度；鼓励使用低VOCs原辅材料、优先使用绿色设计示范产品。

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目

  场景大纲: 投资类型与申报情况
    假如字段"project.investment_type"为"<投资类型>"
    并且字段"government_investment"为{"green_procurement": <采购>, "green_products": <产品>}
    当审查该项目
    那么规则"government_investment.green_procurement"<采购结果>
    并且规则"government_investment.green_products"<产品结果>

    例子:
      | 投资类型 | 采购  | 产品  | 采购结果 | 产品结果 |
      | 政府投资 | false | false | 触发     | 触发     |
      | 政府投资 | true  | true  | 不触发   | 不触发   |
      | 企业投资 | false | false | 不触发   | 不触发   |

  场景: 强制采购为须落实的要求，引用三（六）
    假如字段"project.investment_type"为"政府投资"
    当审查该项目
    那么规则"government_investment.green_procurement"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（六）"
    并且该规则的依据包含"国办发〔2007〕51号"
    并且该规则读取"执行节能环保产品优先采购和强制采购制度"为"未申报"

  场景: 低VOCs原辅材料与绿色设计示范产品为提示，引用三（九）
    假如字段"project.investment_type"为"政府投资"
    当审查该项目
    那么规则"government_investment.green_products"触发
    并且该规则的严重程度为"advisory"
    并且该规则引用方案条款"三（九）"
