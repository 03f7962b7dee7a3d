# language: zh-CN
功能: 道路车辆与非道路移动机械排放阶段（开福区方案 三（四））

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目
    并且行业代码为"1340"

  场景大纲: 道路车辆国六、非道路移动机械国四
    假如字段"vehicles"为{"onroad_standard": "<道路>", "nonroad_standard": "<非道路>"}
    当审查该项目
    那么规则"emission_class.onroad_china6"<道路结果>
    并且规则"emission_class.nonroad_china4"<非道路结果>

    例子:
      | 道路 | 非道路 | 道路结果 | 非道路结果 |
      | 国五 | 国三   | 触发     | 触发       |
      | 国四 | 国二   | 触发     | 触发       |
      | 国六 | 国四   | 不触发   | 不触发     |

  场景: 道路车辆低于国六为须落实的要求，引用三（四），日期未核实
    假如字段"vehicles"为{"onroad_standard": "国五"}
    当审查该项目
    那么规则"emission_class.onroad_china6"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（四）"
    并且该规则标注待核实

  场景: 非道路机械低于国四为须落实的要求，2022-12-01起适用
    假如审查日期为"2022-11-30"
    并且字段"vehicles"为{"nonroad_standard": "国三"}
    当审查该项目
    那么规则"emission_class.nonroad_china4"不触发
    当审查日期改为"2026-01-15"后再次审查
    那么规则"emission_class.nonroad_china4"触发
    并且该规则引用方案条款"三（四）"
    并且该规则的严重程度为"condition"
