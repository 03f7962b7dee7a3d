# language: zh-CN
功能: 区域节能审查范围内的项目实行告知承诺制（令2025年第31号第十一条）
  已实施区域节能审查的开发区（新区）范围内的项目，除应由国家发展改革委和省级节能审查机关审查的以外，
  节能审查实行告知承诺制；是否在范围内由申报声明。湖南省区域节能审查具体实施办法未找到。

  背景:
    假如审查日期为"2025-09-01"

  场景: 区域节能审查范围内、区级权限的项目实行告知承诺制
    假如一个新建项目
    并且年综合能源消费量为2000吨标准煤（当量值）
    并且字段"project.regional_review_zone"为true
    当审查该项目
    那么规则"energy_review.regional_commitment"触发
    并且该规则的情形为"commitment"
    并且该规则的严重程度为"advisory"

  场景: 应由省级审查的项目不适用告知承诺制
    假如一个新建项目
    并且年综合能源消费量为12000吨标准煤（当量值）
    并且字段"project.regional_review_zone"为true
    当审查该项目
    那么规则"energy_review.regional_commitment"触发
    并且该规则的情形为"provincial"
    并且审查结果为"referral_province"

  场景: 未申报在区域节能审查范围内的，不适用
    假如一个新建项目
    并且年综合能源消费量为2000吨标准煤（当量值）
    当审查该项目
    那么规则"energy_review.regional_commitment"不触发

  场景: 2025年9月1日以前没有告知承诺制规则
    假如审查日期为"2025-08-31"
    并且一个新建项目
    并且年综合能源消费量为2000吨标准煤（当量值）
    并且字段"project.regional_review_zone"为true
    当审查该项目
    那么规则"energy_review.regional_commitment"不触发
