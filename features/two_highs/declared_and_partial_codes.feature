# language: zh-CN
功能: 不能以不完整的行业代码或一句申报避开“两高”（令2025年第31号第八条；第二次审计N1、N3、N5）
  “两高”按四位小类判定。只申报两位大类或三位中类、其下含“两高”小类的，不能当作“不属‘两高’”：须补正四位小类，
  审查权限待定，区级不作审查结论。申报“不属‘两高’”而行业代码属“两高”小类的，只有提供省级目录认定文件才按申报认定，
  并提示审查人员核对；未提供的不采信。区域污染物削减方案只是新建“两高”项目的否决条件。

  背景:
    假如审查日期为"2026-06-01"
    并且一个新建项目
    并且字段"energy"为[{"carrier": "electricity", "quantity": 1000, "unit": "万kWh"}]

  场景大纲: 只申报大类或中类、其下含“两高”小类的，审查权限待定，不由区级审查（N1）
    假如行业代码为"<代码>"
    当审查该项目
    那么规则"energy_review.two_highs_undetermined"<结果>
    并且审查结果为"<审查结果>"

    例子:
      | 代码 | 结果   | 审查结果     |
      | 31   | 触发   | undetermined |
      | 311  | 触发   | undetermined |
      | 30   | 触发   | undetermined |
      | 26   | 触发   | undetermined |
      | 313  | 不触发 | district     |
      | 302  | 不触发 | district     |
      | 44   | 不触发 | district     |
      | 72   | 不触发 | district     |
      | 3130 | 不触发 | district     |
      | 3110 | 不触发 | referral_city |

  场景: 只申报大类“31”：须补正四位小类，一次告知补正而非出具节能审查意见（N1）
    假如行业代码为"31"
    当审查该项目
    那么规则"energy_review.two_highs_undetermined"触发
    并且该规则的严重程度为"missing"
    并且该规则的依据包含"令2025年第31号 第八条"
    并且规则"two_highs.class_undeclared"触发
    并且节能审查结论为"undetermined"
    并且主文书为"补正通知"

  场景: 大类“44”申报燃料中有煤炭的可能属煤电“两高”（N1）
    假如行业代码为"44"
    并且字段"energy"为[{"carrier": "electricity", "quantity": 1000, "unit": "万kWh"}, {"carrier": "raw_coal", "quantity": 10, "unit": "t"}]
    当审查该项目
    那么规则"energy_review.two_highs_undetermined"触发
    并且审查结果为"undetermined"

  场景: 按能耗已属市级审查的，仍按能耗转报
    假如行业代码为"31"
    并且年综合能源消费量为6000吨标准煤（当量值）
    当审查该项目
    那么审查结果为"referral_city"

  场景: 令2025年第31号施行前，只申报大类的提示补正四位小类，“两高”要求不按“不属‘两高’”处理
    假如审查日期为"2025-06-01"
    并且行业代码为"31"
    当审查该项目
    那么规则"two_highs.class_undeclared"触发
    并且该规则的严重程度为"missing"
    并且规则"energy_review.two_highs_undetermined"不触发

  场景: 申报不属“两高”而未提供省级目录认定文件的，不采信，仍转报（N5）
    假如行业代码为"3110"
    并且字段"project.two_highs"为false
    当审查该项目
    那么规则"two_highs.declared_not_two_highs"触发
    并且该规则的情形为"without_basis"
    并且规则"energy_review.two_highs_referral"触发
    并且审查结果为"referral_city"

  场景: 申报不属“两高”并提供认定文件的，按申报认定，并提示审查人员核对（N5）
    假如行业代码为"3110"
    并且字段"project.two_highs"为false
    并且字段"project.two_highs_basis"为"湘发改环资〔2026〕1号"
    当审查该项目
    那么规则"two_highs.declared_not_two_highs"触发
    并且该规则的情形为"with_basis"
    并且该规则的严重程度为"advisory"
    并且该规则读取"省级“两高”项目目录认定文件（申报）"为"湘发改环资〔2026〕1号"
    并且规则"energy_review.two_highs_referral"不触发
    并且审查结果为"district"

  场景: 申报不属“两高”而行业代码本不属“两高”的，不提示
    假如行业代码为"3130"
    并且字段"project.two_highs"为false
    当审查该项目
    那么规则"two_highs.declared_not_two_highs"不触发

  场景大纲: 区域污染物削减方案只是新建“两高”项目的否决条件；改建、扩建有新增排放的为须落实的要求（N3）
    假如一个<性质>项目
    并且行业代码为"3120"
    并且字段"pollutants"为<污染物>
    当审查该项目
    那么规则"two_highs.regional_reduction_plan"<结果>

    例子:
      | 性质 | 污染物                                                                                     | 结果   |
      | 新建 | {"regional_reduction_plan": false}                                                         | 触发   |
      | 扩建 | {"regional_reduction_plan": false}                                                         | 不触发 |
      | 改建 | {"regional_reduction_plan": false}                                                         | 不触发 |
      | 扩建 | {"nox_t": 5, "regional_reduction_plan": false, "total_quota_source": true, "discharge_permit": true} | 触发   |

  场景: 改建“两高”项目无新增排放的，不因未制定削减方案而不予通过（N3）
    假如一个改建项目
    并且行业代码为"3120"
    并且字段"pollutants"为{"regional_reduction_plan": false}
    并且字段"emission_class"为{"performance_grade": "A"}
    当审查该项目
    那么规则"two_highs.regional_reduction_plan"不触发
    并且污染物控制结论为"not_applicable"

  场景: 扩建“两高”项目有新增排放而无削减方案的，为须落实的要求（N3）
    假如一个扩建项目
    并且行业代码为"3120"
    并且字段"pollutants"为{"nox_t": 5, "regional_reduction_plan": false, "total_quota_source": true, "discharge_permit": true}
    当审查该项目
    那么规则"two_highs.regional_reduction_plan"触发
    并且该规则的情形为"extension_with_new_emissions"
    并且该规则的严重程度为"condition"
