# language: zh-CN
功能: 国家重大项目能耗单列（开福区方案 四（一）；发改环资〔2021〕1310号）
  申报单列的项目在结果中说明；节能审查要求不变，从全区总量中扣除由能耗台账处理。

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目
    并且年综合能源消费量为1500吨标准煤（当量值）

  场景: 未申报单列不说明
    当审查该项目
    那么规则"dual_control.separate_listing"不触发

  场景: 申报单列并注明依据，作说明，不改变结论
    假如字段"project.energy_separately_listed"为true
    并且字段"project.separate_listing_basis"为"国家重大项目清单（示例文号）"
    当审查该项目
    那么规则"dual_control.separate_listing"触发
    并且该规则的情形为"with_basis"
    并且该规则的严重程度为"info"
    并且该规则引用方案条款"四（一）"
    并且该规则的依据包含"发改环资〔2021〕1310号"
    并且该规则读取"能耗单列依据"为"国家重大项目清单（示例文号）"

  场景: 申报单列但未注明依据，提示补充
    假如字段"project.energy_separately_listed"为true
    当审查该项目
    那么规则"dual_control.separate_listing"触发
    并且该规则的情形为"without_basis"
    并且该规则的严重程度为"advisory"
