# language: zh-CN
功能: 新建建筑（开福区方案 三（三）、三（六））

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目

  场景大纲: 绿色建筑标准
    假如字段"buildings"为{"new_floor_area_m2": <面积>, "green_building_standard": <绿建>}
    当审查该项目
    那么规则"buildings.green_building"<结果>

    例子:
      | 面积  | 绿建  | 结果   |
      | 20000 | false | 触发   |
      | 20000 | true  | 不触发 |
      | 0     | false | 不触发 |

  场景: 未执行绿色建筑标准列为须落实的要求，引用三（三）
    假如字段"buildings"为{"new_floor_area_m2": 20000, "green_building_standard": false}
    并且年综合能源消费量为3000吨标准煤（当量值）
    当审查该项目
    那么规则"buildings.green_building"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（三）"
    并且该规则读取"新建建筑执行绿色建筑标准"为"否"
    并且审查结论为"conditional"

  场景: 未申报是否执行绿色建筑标准，提示补正
    假如字段"buildings"为{"new_floor_area_m2": 20000}
    当审查该项目
    那么规则"buildings.green_building"提示缺少材料
    并且该规则引用方案条款"三（三）"

  场景大纲: 新建公共机构建筑或厂房屋顶光伏（提示）
    假如字段"project.public_institution"为<公共机构>
    并且字段"buildings"为{"new_floor_area_m2": 8000, "factory_roof_area_m2": <屋顶>, "rooftop_pv": <光伏>}
    当审查该项目
    那么规则"buildings.rooftop_pv"<结果>

    例子:
      | 公共机构 | 屋顶 | 光伏  | 结果   |
      | true     | 0    | false | 触发   |
      | false    | 5000 | false | 触发   |
      | false    | 5000 | true  | 不触发 |
      | false    | 0    | false | 不触发 |

  场景: 屋顶光伏为提示，引用三（三）
    假如字段"buildings"为{"new_floor_area_m2": 8000, "factory_roof_area_m2": 5000}
    当审查该项目
    那么规则"buildings.rooftop_pv"触发
    并且该规则的严重程度为"advisory"
    并且该规则引用方案条款"三（三）"

  场景大纲: 公共机构新建建筑“光伏+储能”
    假如字段"project.public_institution"为<公共机构>
    并且字段"buildings"为{"new_floor_area_m2": 8000, "pv_with_storage": <储能>}
    当审查该项目
    那么规则"buildings.pv_storage"<结果>

    例子:
      | 公共机构 | 储能  | 结果   |
      | true     | false | 触发   |
      | true     | true  | 不触发 |
      | false    | false | 不触发 |

  场景: “光伏+储能”为提示，引用三（六）
    假如字段"project.public_institution"为true
    并且字段"buildings"为{"new_floor_area_m2": 8000}
    当审查该项目
    那么规则"buildings.pv_storage"触发
    并且该规则的严重程度为"advisory"
    并且该规则引用方案条款"三（六）"

  场景大纲: 装配式建筑与钢结构（提示）
    假如字段"buildings"为{"new_floor_area_m2": 8000, "factory_roof_area_m2": 4000, "prefabricated": <装配>, "steel_structure": <钢>}
    当审查该项目
    那么规则"buildings.prefabricated"<装配结果>
    并且规则"buildings.steel_structure"<钢结果>

    例子:
      | 装配  | 钢    | 装配结果 | 钢结果 |
      | false | false | 触发     | 触发   |
      | true  | true  | 不触发   | 不触发 |

  场景: 装配式与钢结构引用三（三）
    假如字段"buildings"为{"new_floor_area_m2": 8000, "factory_roof_area_m2": 4000}
    当审查该项目
    那么规则"buildings.prefabricated"触发
    并且该规则引用方案条款"三（三）"
    并且该规则的严重程度为"advisory"
    那么规则"buildings.steel_structure"触发
    并且该规则引用方案条款"三（三）"

  场景: 非工业、非公共机构建筑不提示钢结构
    假如字段"buildings"为{"new_floor_area_m2": 8000}
    当审查该项目
    那么规则"buildings.steel_structure"不触发

  场景大纲: 停车场充电设施
    假如字段"buildings"为{"new_floor_area_m2": 8000, "parking_spaces": <车位>, "charging_spaces": <充电>}
    当审查该项目
    那么规则"buildings.charging"<结果>

    例子:
      | 车位 | 充电 | 结果   |
      | 200  | 0    | 触发   |
      | 200  | 1    | 不触发 |
      | 0    | 0    | 不触发 |

  场景: 公共机构项目有停车位未申报充电设施，列为须落实的要求并引用三（六）
    假如字段"project.public_institution"为true
    并且字段"buildings"为{"new_floor_area_m2": 8000, "parking_spaces": 120}
    当审查该项目
    那么规则"buildings.charging"触发
    并且该规则的情形为"public_institution"
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"三（六）"
    并且该规则读取"配建或预留充电设施车位"为"未申报"

  场景: 其他项目有停车位未配建充电设施，作提示
    假如字段"buildings"为{"new_floor_area_m2": 8000, "parking_spaces": 120, "charging_spaces": 0}
    当审查该项目
    那么规则"buildings.charging"触发
    并且该规则的情形为"other"
    并且该规则的严重程度为"advisory"
