# language: zh-CN
功能: 交通物流（开福区方案 三（四）、三（六））

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目

  场景大纲: 新增公交车纯电动比例100%
    假如字段"vehicles"为{"new_buses": <公交>, "new_electric_buses": <纯电>}
    当审查该项目
    那么规则"transport.electric_buses"<结果>

    例子:
      | 公交 | 纯电 | 结果   |
      | 20   | 19   | 触发   |
      | 20   | 20   | 不触发 |
      | 0    | 0    | 不触发 |

  场景: 纯电动比例不足为须落实的要求（区域目标，不否决），引用三（四）
    假如字段"vehicles"为{"new_buses": 10, "new_electric_buses": 8}
    当审查该项目
    那么规则"transport.electric_buses"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（四）"
    并且该规则读取"新增公交车中纯电动比例"为"80%"

  场景大纲: 公务用车新能源占比80%上下
    假如字段"vehicles"为{"new_official_vehicles": 10, "new_official_nev": <新能源>}
    当审查该项目
    那么规则"transport.official_nev"<结果>

    例子:
      | 新能源 | 结果   |
      | 7      | 触发   |
      | 8      | 不触发 |
      | 10     | 不触发 |

  场景: 公务用车新能源占比不足引用三（六）
    假如字段"vehicles"为{"new_official_vehicles": 5, "new_official_nev": 3}
    当审查该项目
    那么规则"transport.official_nev"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（六）"
    并且该规则读取"新增公务用车、执法执勤车中新能源汽车比例"为"60%"

  场景大纲: 港区岸电（提示）
    假如字段"project.location"为{"port_area": <港区>}
    并且字段"vehicles"为{"shore_power": <岸电>}
    当审查该项目
    那么规则"transport.shore_power"<结果>

    例子:
      | 港区  | 岸电  | 结果   |
      | true  | false | 触发   |
      | true  | true  | 不触发 |
      | false | false | 不触发 |

  场景: 港区未申报岸电，提示并引用三（四）
    假如字段"project.location"为{"port_area": true}
    当审查该项目
    那么规则"transport.shore_power"触发
    并且该规则的严重程度为"advisory"
    并且该规则引用方案条款"三（四）"

  场景大纲: 物流仓储、快递绿色包装（提示；行业映射待核实）
    假如行业代码为"<行业>"
    并且字段"vehicles"为{"green_packaging": <包装>}
    当审查该项目
    那么规则"transport.green_packaging"<结果>

    例子:
      | 行业 | 包装  | 结果   |
      | 5920 | false | 触发   |
      | 6020 | false | 触发   |
      | 5920 | true  | 不触发 |
      | 5810 | false | 不触发 |

  场景: 绿色包装提示引用三（四）并标注待核实
    假如行业代码为"5920"
    当审查该项目
    那么规则"transport.green_packaging"触发
    并且该规则的严重程度为"advisory"
    并且该规则引用方案条款"三（四）"
    并且该规则标注待核实
