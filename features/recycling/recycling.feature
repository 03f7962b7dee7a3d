# language: zh-CN
功能: 建筑垃圾资源化与再生水利用（开福区方案 三（十））
  推进性、推广性措辞，只作提示；全区比率不作单个项目门槛。

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目

  场景大纲: 有新建建筑的项目推进建筑垃圾资源化利用
    假如字段"buildings"为{"new_floor_area_m2": <面积>, "green_building_standard": true}
    并且字段"resources"为{"construction_waste_recycling": <资源化>}
    当审查该项目
    那么规则"recycling.construction_waste"<结果>

    例子:
      | 面积 | 资源化 | 结果   |
      | 5000 | false  | 触发   |
      | 5000 | true   | 不触发 |
      | 0    | false  | 不触发 |

  场景: 建筑垃圾资源化为提示
    假如字段"buildings"为{"new_floor_area_m2": 5000, "green_building_standard": true}
    当审查该项目
    那么规则"recycling.construction_waste"触发
    并且该规则的严重程度为"advisory"
    并且该规则引用方案条款"三（十）"

  场景大纲: 有工业用水的项目推广再生水
    假如字段"resources"为{"industrial_water_m3": <用水>, "reclaimed_water": <再生水>}
    当审查该项目
    那么规则"recycling.reclaimed_water"<结果>

    例子:
      | 用水  | 再生水 | 结果   |
      | 20000 | false  | 触发   |
      | 20000 | true   | 不触发 |
      | 0     | false  | 不触发 |

  场景: 再生水为提示
    假如字段"resources"为{"industrial_water_m3": 20000}
    当审查该项目
    那么规则"recycling.reclaimed_water"触发
    并且该规则的严重程度为"advisory"
    并且该规则读取"年工业用水量"为"20,000.00 m³"
