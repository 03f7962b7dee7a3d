# language: zh-CN
功能: 重点排污单位设置专职环保人员（开福区方案 四（七））
  与重点用能单位设置能源管理岗位同条；属污染物排放与VOCs控制部分。

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目

  场景大纲: 重点排污单位与专职环保人员
    假如字段"environment"为{"key_polluter": <重点排污>, "full_time_env_staff": <专职>}
    当审查该项目
    那么规则"key_unit.env_staff"<结果>

    例子:
      | 重点排污 | 专职  | 结果   |
      | true     | false | 触发   |
      | true     | true  | 不触发 |
      | false    | false | 不触发 |

  场景: VOCs部分申报为重点排污单位亦适用，列为须落实的要求
    假如字段"vocs"为{"new_emissions_t": 0, "key_polluter": true}
    当审查该项目
    那么规则"key_unit.env_staff"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"四（七）"
    并且该规则读取"设置专职环保人员"为"未申报"
