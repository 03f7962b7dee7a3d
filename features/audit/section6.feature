# language: zh-CN
功能: 首次审核 §6 仍缺的要求（二次审核 §6 #8—#11）：推动性、鼓励性表述作提示
  既有建筑节能改造（三（三））、大宗货物“公转铁”和港区车辆电动化（三（四））、非化石能源（三（八））。
  浏阳河氮磷控制与污水管网（三（七））为政府任务，说明见 rules/coverage.yaml。

  背景:
    假如审查日期为"2026-01-15"

  场景大纲: 老旧小区改造、城市更新或涉及既有建筑的改建，提示同步推动既有建筑节能改造（§6 #8）
    假如一个<性质>项目
    并且字段"buildings"为{"new_floor_area_m2": 0, "urban_renewal": <更新>, "existing_floor_area_m2": <既有>, "existing_retrofit": <改造>}
    当审查该项目
    那么规则"buildings.existing_retrofit"<结果>

    例子:
      | 性质 | 更新  | 既有  | 改造  | 结果   |
      | 改建 | false | 20000 | false | 触发   |
      | 改建 | false | 20000 | true  | 不触发 |
      | 新建 | true  | 0     | false | 触发   |
      | 新建 | false | 0     | false | 不触发 |

  场景: 既有建筑节能改造为提示，引用三（三）
    假如一个改建项目
    并且字段"buildings"为{"new_floor_area_m2": 0, "existing_floor_area_m2": 20000}
    当审查该项目
    那么规则"buildings.existing_retrofit"触发
    并且该规则的严重程度为"advisory"
    并且该规则引用方案条款"三（三）"

  场景大纲: 大宗货物运输推进“公转铁”等清洁运输（§6 #9）
    假如一个新建项目
    并且字段"vehicles"为{"bulk_freight": <大宗>, "bulk_clean_transport": <清洁>}
    当审查该项目
    那么规则"transport.bulk_clean_transport"<结果>

    例子:
      | 大宗  | 清洁  | 结果   |
      | true  | false | 触发   |
      | true  | true  | 不触发 |
      | false | false | 不触发 |

  场景: 港区项目提示装卸运输车辆电动化（§6 #9）
    假如一个新建项目
    并且字段"project.location"为{"port_area": true}
    当审查该项目
    那么规则"transport.port_vehicles"触发
    并且该规则的严重程度为"advisory"
    并且该规则引用方案条款"三（四）"

  场景大纲: 须单独审查的项目未配置可再生能源的，提示提高非化石能源比重（§6 #11）
    假如一个新建项目
    并且年综合能源消费量为<tce>吨标准煤（当量值）
    并且字段"renewable_generation"为<可再生>
    当审查该项目
    那么规则"energy.non_fossil"<结果>

    例子:
      | tce  | 可再生                                                | 结果   |
      | 1500 | null                                                  | 触发   |
      | 1500 | {"self_consumed_kwh": 500000, "capacity_kw": 500}      | 不触发 |
      | 500  | null                                                  | 不触发 |
