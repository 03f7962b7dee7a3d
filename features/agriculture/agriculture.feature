# language: zh-CN
功能: 畜禽养殖与乡村旅游（开福区方案 三（五））
  畜禽规模养殖场配套粪污处理设施；鼓励粪污还田和沼气工程；农家乐、民宿生活污水治理。

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目

  场景大纲: 规模养殖场的粪污处理设施
    假如字段"agriculture"为{"livestock_farm": true, "scale_farm": <规模>, "manure_facilities": <设施>}
    当审查该项目
    那么规则"agriculture.manure_facilities"<结果>

    例子:
      | 规模  | 设施  | 结果   |
      | true  | false | 触发   |
      | true  | true  | 不触发 |
      | false | false | 不触发 |

  场景: 未配套粪污处理设施列为须落实的要求，条例条文待核实
    假如字段"agriculture"为{"livestock_farm": true, "scale_farm": true}
    当审查该项目
    那么规则"agriculture.manure_facilities"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（五）"
    并且该规则的依据包含"畜禽规模养殖污染防治条例"
    并且该规则标注待核实

  场景大纲: 粪污还田与沼气工程为提示
    假如字段"agriculture"为{"livestock_farm": <养殖场>, "manure_to_field": <还田>, "biogas": <沼气>}
    当审查该项目
    那么规则"agriculture.manure_to_field"<还田结果>
    并且规则"agriculture.biogas"<沼气结果>

    例子:
      | 养殖场 | 还田  | 沼气  | 还田结果 | 沼气结果 |
      | true   | false | false | 触发     | 触发     |
      | true   | true  | true  | 不触发   | 不触发   |
      | false  | false | false | 不触发   | 不触发   |

  场景: 鼓励性措辞只作提示
    假如字段"agriculture"为{"livestock_farm": true}
    当审查该项目
    那么规则"agriculture.manure_to_field"触发
    并且该规则的严重程度为"advisory"
    并且规则"agriculture.biogas"触发
    并且该规则的严重程度为"advisory"

  场景大纲: 农家乐、民宿的生活污水去向
    假如字段"agriculture"为{"rural_tourism": true, "wastewater": "<去向>"}
    当审查该项目
    那么规则"agriculture.homestay_wastewater"<结果>

    例子:
      | 去向         | 结果   |
      | 无           | 触发   |
      | 接入污水管网 | 不触发 |
      | 自建处理设施 | 不触发 |

  场景: 非乡村旅游项目不提示；未说明污水去向的乡村旅游项目提示
    假如字段"agriculture"为{"rural_tourism": true}
    当审查该项目
    那么规则"agriculture.homestay_wastewater"触发
    并且该规则的严重程度为"advisory"
    并且该规则读取"生活污水去向"为"未申报"

  场景: 不是乡村旅游项目时不提示
    假如字段"agriculture"为{"rural_tourism": false, "livestock_farm": false}
    当审查该项目
    那么规则"agriculture.homestay_wastewater"不触发

  场景: 畜禽养殖场未申报是否达到规模标准，列为材料不全而不是不提示（二次审核 N4）
    假如年电力消费量为500000千瓦时
    并且行业代码为"0313"
    并且字段"agriculture"为{"livestock_farm": true, "manure_facilities": false}
    当审查该项目
    那么规则"agriculture.manure_facilities"提示缺少材料
    并且污染物控制结论为"incomplete"

  场景: 申报未达到规模标准的养殖场不适用规模养殖场的配套设施要求
    假如字段"agriculture"为{"livestock_farm": true, "scale_farm": false, "manure_facilities": false}
    当审查该项目
    那么规则"agriculture.manure_facilities"不触发
