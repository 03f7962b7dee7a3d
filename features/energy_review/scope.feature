# language: zh-CN
功能: 节能审查范围（令2023年第2号，审查基准日2023-06-01至2025-08-31；开福区方案 四（一））
  年综合能源消费量（当量值）不满1000吨标准煤且年电力消费量不满500万千瓦时的项目，
  不单独进行节能审查；其余项目须编制节能报告。

  背景:
    假如审查日期为"2025-08-31"

  场景大纲: 年综合能源消费量在1000吨标准煤上下
    假如一个新建项目
    并且年综合能源消费量为<tce>吨标准煤（当量值）
    当审查该项目
    那么规则"energy_review.scope_order2"触发
    并且该规则的情形为"<情形>"
    并且该规则引用方案条款"四（一）"
    并且该规则的依据包含"长政发〔2023〕11号"

    例子:
      | tce    | 情形         |
      | 999.99 | exempt       |
      | 1000   | required_tce |

  场景大纲: 年电力消费量在500万千瓦时上下
    假如一个新建项目
    并且年电力消费量为<kwh>千瓦时
    当审查该项目
    那么规则"energy_review.scope_order2"触发
    并且该规则的情形为"<情形>"

    例子:
      | kwh     | 情形         |
      | 4999999 | exempt       |
      | 5000000 | required_kwh |

  场景: 未申报任何能源消费时不视为不单独审查，须补正
    假如一个新建项目
    当审查该项目
    那么规则"energy_review.scope_order2"触发
    并且该规则的情形为"undeclared"
    并且审查结论为"undetermined"

  场景: 改建项目按增量计算，增量不满1000吨标准煤
    假如一个改建项目
    并且字段"project.keeps_site_and_process"为true
    并且字段"energy"为[{"carrier": "raw_coal", "quantity": 3000, "unit": "t"}]
    并且字段"before_renovation"为[{"carrier": "raw_coal", "quantity": 2000, "unit": "t"}]
    当审查该项目
    那么规则"energy_review.scope_order2"触发
    并且该规则的情形为"exempt"
    并且该规则读取"审查口径年综合能源消费量（当量值；改建按增量）"为"714.30 吨标准煤"

  场景: 改建项目按增量计算但未申报改建前能耗
    假如一个改建项目
    并且字段"project.keeps_site_and_process"为true
    并且字段"energy"为[{"carrier": "raw_coal", "quantity": 3000, "unit": "t"}]
    当审查该项目
    那么规则"energy_review.scope_order2"提示缺少材料
    并且审查结果为"undetermined"
    并且节能审查结论为"undetermined"
    并且主文书为"补正通知"
