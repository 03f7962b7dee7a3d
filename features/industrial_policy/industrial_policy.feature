# language: zh-CN
功能: 产业政策（开福区方案 四（三）“从产业规划和政策……严格把关”；令2023年第2号第十四条）
  申报《产业结构调整指导目录》类别与主要用能设备；淘汰类不予通过，限制类新建、扩建不予通过，
  淘汰类设备清单原文未取得时不评估。

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目

  场景大纲: 目录类别决定是否不予通过
    假如字段"industrial_policy"为{"catalogue_category": "<类别>", "catalogue_item": "示例条目"}
    当审查该项目
    那么规则"industrial_policy.eliminated"<淘汰>
    并且规则"industrial_policy.restricted"<限制>

    例子:
      | 类别   | 淘汰   | 限制   |
      | 淘汰类 | 触发   | 不触发 |
      | 限制类 | 不触发 | 触发   |
      | 允许类 | 不触发 | 不触发 |
      | 鼓励类 | 不触发 | 不触发 |

  场景: 淘汰类项目不予通过，引用四（三）与目录说明
    假如字段"industrial_policy"为{"catalogue_category": "淘汰类"}
    并且年综合能源消费量为2000吨标准煤（当量值）
    当审查该项目
    那么规则"industrial_policy.eliminated"触发
    并且该规则的严重程度为"veto"
    并且该规则引用方案条款"四（三）"
    并且该规则的依据包含"产业结构调整指导目录（2024年本）"
    并且该规则读取"《产业结构调整指导目录》类别"为"淘汰类"
    并且审查结论为"reject"

  场景大纲: 限制类按建设性质区分新增生产能力与改造升级
    假如一个<性质>项目
    并且字段"industrial_policy"为{"catalogue_category": "限制类"}
    当审查该项目
    那么规则"industrial_policy.restricted"触发
    并且该规则的情形为"<情形>"
    并且该规则的严重程度为"<严重程度>"
    并且该规则的依据包含"国家发展改革委令2023年第7号"

    例子:
      | 性质 | 情形         | 严重程度  |
      | 新建 | new_capacity | veto      |
      | 扩建 | new_capacity | veto      |
      | 改建 | upgrade      | condition |

  场景: 2024年本施行前，消息中的目录版本为2019年本且标注待核实
    假如审查日期为"2024-01-31"
    并且字段"industrial_policy"为{"catalogue_category": "淘汰类"}
    当审查该项目
    那么规则"industrial_policy.eliminated"触发
    并且该规则标注待核实

  场景大纲: 须单独审查的项目未申报目录类别时提示（门槛两侧）
    假如年综合能源消费量为<tce>吨标准煤（当量值）
    当审查该项目
    那么规则"industrial_policy.undeclared"<结果>

    例子:
      | tce    | 结果   |
      | 999.99 | 不触发 |
      | 1000   | 触发   |

  场景: 未申报目录类别为提示而非缺少材料
    假如年综合能源消费量为1500吨标准煤（当量值）
    当审查该项目
    那么规则"industrial_policy.undeclared"触发
    并且该规则的严重程度为"advisory"
    并且该规则引用方案条款"四（三）"

  场景: 已申报目录类别不再提示
    假如年综合能源消费量为1500吨标准煤（当量值）
    并且字段"industrial_policy"为{"catalogue_category": "允许类"}
    当审查该项目
    那么规则"industrial_policy.undeclared"不触发

  场景: 淘汰类设备清单未设置时未评估，不推测
    假如字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "主电机", "kind": "示例淘汰设备"}]}
    当审查该项目
    那么规则"industrial_policy.obsolete_equipment"未评估
    并且该规则的严重程度为"info"

  场景: 未申报设备时不评估淘汰设备
    假如字段"industrial_policy"为{"catalogue_category": "允许类"}
    当审查该项目
    那么规则"industrial_policy.obsolete_equipment"不触发

  场景大纲: 管理员配置淘汰类设备清单后逐项按名称比对
    假如管理员自"2024-02-01"起在本地配置参数"industrial_policy.eliminated_equipment"为["示例淘汰设备甲", "示例淘汰设备乙"]
    并且字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "主电机", "kind": "高效电机"}, {"name": "风机", "kind": "<类型>"}]}
    当审查该项目
    那么规则"industrial_policy.obsolete_equipment"<结果>

    例子:
      | 类型           | 结果   |
      | 示例淘汰设备乙 | 触发   |
      | 示例淘汰设备丙 | 不触发 |

  场景: 采用淘汰类设备不予通过
    假如管理员自"2024-02-01"起在本地配置参数"industrial_policy.eliminated_equipment"为["示例淘汰设备甲"]
    并且字段"industrial_policy"为{"catalogue_category": "允许类", "equipment": [{"name": "风机", "kind": "示例淘汰设备甲"}]}
    并且年综合能源消费量为2000吨标准煤（当量值）
    当审查该项目
    那么规则"industrial_policy.obsolete_equipment"触发
    并且该规则的严重程度为"veto"
    并且该规则读取"申报的主要用能设备类型"为"示例淘汰设备甲"
    并且审查结论为"reject"

  场景: 目录类别只能是四类之一，错误指明字段
    假如字段"industrial_policy"为{"catalogue_category": "禁止类"}
    当提交该申报数据
    那么申报被拒绝，错误指向"industrial_policy.catalogue_category"

  场景: 淘汰类否决所依的禁止性条款原文未见，引用并标注待核实（二次审核 N19）
    假如字段"industrial_policy"为{"catalogue_category": "淘汰类", "catalogue_item": "某淘汰类条目"}
    当审查该项目
    那么规则"industrial_policy.eliminated"触发
    并且该规则的严重程度为"veto"
    并且该规则的依据包含"国发〔2005〕40号 第十九条"
    并且该规则标注待核实

  场景: 令2025年第31号施行后，审查内容的依据为第十六条（次要项）
    假如审查日期为"2026-01-15"
    并且年综合能源消费量为1500吨标准煤（当量值）
    当审查该项目
    那么规则"industrial_policy.undeclared"触发
    并且该规则引用的文件为"令2025年第31号"
    并且该规则不引用"令2023年第2号"
