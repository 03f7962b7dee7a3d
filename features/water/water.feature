# language: zh-CN
功能: 饮用水水源保护区（开福区方案 三（七）；水污染防治法）

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目

  场景大纲: 水源保护区内的排污项目
    假如字段"project.location"为{"drinking_water_protection_zone": <保护区>}
    并且字段"pollutants"为{"cod_t": <COD>, "total_quota_source": true, "discharge_permit": true}
    当审查该项目
    那么规则"water.protection_zone"<结果>

    例子:
      | 保护区 | COD | 结果   |
      | true   | 0.5 | 触发   |
      | true   | 0   | 不触发 |
      | false  | 0.5 | 不触发 |

  场景: 保护区内新增氨氮排放不予通过，依据水污染防治法（条号待核实）
    假如字段"project.location"为{"drinking_water_protection_zone": true}
    并且字段"pollutants"为{"nh3n_t": 0.2, "total_quota_source": true, "discharge_permit": true}
    当审查该项目
    那么规则"water.protection_zone"触发
    并且该规则的严重程度为"veto"
    并且该规则引用方案条款"三（七）"
    并且该规则的依据包含"水污染防治法"
    并且该规则标注待核实
    并且污染物控制结论为"non_compliant"

  场景: 保护区内只有大气污染物（VOCs）排放的，不据水源保护规则否决
    假如字段"project.location"为{"drinking_water_protection_zone": true}
    并且字段"vocs"为{"new_emissions_t": 1, "secured_offset_t": 2}
    当审查该项目
    那么规则"water.protection_zone"不触发
