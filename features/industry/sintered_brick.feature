# language: zh-CN
功能: 城镇开发边界内不再新增烧结砖瓦企业（湖南省若干措施，二次审核 N24）

  背景:
    假如审查日期为"2026-01-15"
    并且行业代码为"3031"

  场景大纲: 新建烧结砖瓦企业按是否位于城镇开发边界内判断
    假如一个<性质>项目
    并且行业代码为"3031"
    并且字段"project.sintered_brick"为<烧结>
    并且字段"project.location.urban_development_boundary"为<边界内>
    当审查该项目
    那么规则"industry.sintered_brick_boundary"<结果>

    例子:
      | 性质 | 烧结  | 边界内 | 结果   |
      | 新建 | true  | true   | 触发   |
      | 新建 | true  | false  | 不触发 |
      | 新建 | false | true   | 不触发 |
      | 扩建 | true  | true   | 不触发 |

  场景: 城镇开发边界内新建烧结砖瓦企业不予通过，引用湖南省措施
    假如一个新建项目
    并且行业代码为"3031"
    并且字段"project.sintered_brick"为true
    并且字段"project.location.urban_development_boundary"为true
    当审查该项目
    那么规则"industry.sintered_brick_boundary"触发
    并且该规则的严重程度为"veto"
    并且该规则的依据包含"城镇开发边界内不再新增烧结砖瓦企业"
    并且污染物控制结论为"non_compliant"

  场景: 未申报是否位于城镇开发边界内，列为材料不全
    假如一个新建项目
    并且行业代码为"3031"
    并且字段"project.sintered_brick"为true
    当审查该项目
    那么规则"industry.sintered_brick_boundary"提示缺少材料

  场景: 见报日（2025-10-11）以前不适用
    假如审查日期为"2025-10-10"
    并且一个新建项目
    并且行业代码为"3031"
    并且字段"project.sintered_brick"为true
    并且字段"project.location.urban_development_boundary"为true
    当审查该项目
    那么规则"industry.sintered_brick_boundary"不触发
