# language: zh-CN
功能: 能效标杆水平和基准水平（开福区方案 三（一）、四（一））
  达到标杆通过；标杆与基准之间为须落实的要求（“力争全面达到标杆水平”）；劣于基准且该行数值有来源（V1、V2）的不予通过，
  数值未核实的为须落实的要求；未纳入对标表的不评估。

  背景:
    假如审查日期为"2026-01-15"

  场景大纲: 水泥熟料单位能耗对标（标杆100、基准117 kgce/t）
    假如一个<性质>项目
    并且字段"products"为[{"code": "cement_clinker", "name": "水泥熟料", "unit_energy": <设计值>, "unit_energy_unit": "kgce/t"}]
    当审查该项目
    那么规则"benchmark.product_level"触发
    并且该规则的情形为"<情形>"
    并且该规则的严重程度为"<严重程度>"
    并且该规则引用方案条款"三（一）"

    例子:
      | 性质 | 设计值 | 情形                | 严重程度  |
      | 新建 | 100    | at_benchmark        | info      |
      | 新建 | 100.01 | between_levels      | condition |
      | 新建 | 117    | between_levels      | condition |
      | 新建 | 117.01 | worse_than_baseline | veto      |
      | 扩建 | 110    | between_levels      | condition |
      | 扩建 | 120    | worse_than_baseline | veto      |

  场景大纲: 转炉工序能耗为负值时越低越好（标杆−30、基准−10）
    假如一个新建项目
    并且行业代码为"3120"
    并且字段"products"为[{"code": "steel_bof", "name": "转炉钢", "unit_energy": <设计值>, "unit_energy_unit": "kgce/t"}]
    当审查该项目
    那么规则"benchmark.product_level"触发
    并且该规则的情形为"<情形>"

    例子:
      | 设计值 | 情形                |
      | -31    | at_benchmark        |
      | -20    | between_levels      |
      | -5     | worse_than_baseline |

  场景: 多个产品按最不利产品判断，并读取对标表数值
    假如一个新建项目
    并且字段"products"为[{"code": "cement_clinker", "name": "一线熟料", "unit_energy": 98, "unit_energy_unit": "kgce/t"}, {"code": "cement_clinker", "name": "二线熟料", "unit_energy": 120, "unit_energy_unit": "kgce/t"}]
    并且年综合能源消费量为3000吨标准煤（当量值）
    当审查该项目
    那么规则"benchmark.product_level"触发
    并且该规则的情形为"worse_than_baseline"
    并且该规则读取"最不利产品单位产品能耗设计值"为"120"
    并且该规则读取"最不利产品能效基准水平（对标表）"为"117"
    并且审查结论为"reject"

  场景: 未纳入对标表的产品不评估
    假如一个新建项目
    并且字段"products"为[{"code": "dairy_low_temperature", "name": "低温乳制品", "unit_energy": 50, "unit_energy_unit": "kgce/t"}]
    当审查该项目
    那么规则"benchmark.unlisted_products"触发
    并且该规则的严重程度为"info"
    并且该规则引用方案条款"三（一）"
    并且规则"benchmark.product_level"不触发

  场景: 对标表中标杆/基准缺失（GAP）的产品视同未纳入
    假如一个新建项目
    并且字段"products"为[{"code": "soda_ash", "name": "纯碱", "unit_energy": 350, "unit_energy_unit": "kgce/t"}]
    当审查该项目
    那么规则"benchmark.unlisted_products"触发
    并且规则"benchmark.product_level"不触发

  场景大纲: 已纳入对标表但缺少设计值或单位不符，提示缺少材料
    假如一个新建项目
    并且字段"products"为[<产品>]
    当审查该项目
    那么规则"benchmark.unit_energy_missing"<结果>

    例子:
      | 产品                                                                                          | 结果   |
      | {"code": "cement_clinker", "name": "水泥熟料"}                                                | 触发   |
      | {"code": "cement_clinker", "name": "水泥熟料", "unit_energy": 0.1, "unit_energy_unit": "tce/t"} | 触发   |
      | {"code": "cement_clinker", "name": "水泥熟料", "unit_energy": 99, "unit_energy_unit": "kgce/t"} | 不触发 |

  场景: 缺少设计值的严重程度为缺少材料
    假如一个新建项目
    并且字段"products"为[{"code": "cement_clinker", "name": "水泥熟料"}]
    当审查该项目
    那么规则"benchmark.unit_energy_missing"触发
    并且该规则的严重程度为"missing"
    并且该规则引用方案条款"三（一）"

  场景: 工业项目的单位增加值能耗参考值缺失，报告未评估
    假如一个新建项目
    并且行业代码为"3011"
    并且年综合能源消费量为2000吨标准煤（当量值）
    并且字段"project.annual_added_value"为10000
    当审查该项目
    那么规则"benchmark.added_value_intensity"未评估
    并且该规则引用方案条款"四（一）"
    并且该规则读取"单位工业增加值能耗（当量值）"为"0.2 吨标准煤/万元"

  场景: 工业项目未申报年工业增加值，提示缺少材料
    假如一个新建项目
    并且行业代码为"3011"
    并且年综合能源消费量为2000吨标准煤（当量值）
    当审查该项目
    那么规则"benchmark.added_value_intensity"提示缺少材料

  场景大纲: 非工业项目或不须节能审查的项目不计算单位增加值能耗
    假如一个新建项目
    并且行业代码为"<代码>"
    并且年综合能源消费量为<tce>吨标准煤（当量值）
    当审查该项目
    那么规则"benchmark.added_value_intensity"不触发

    例子:
      | 代码 | tce  |
      | 7010 | 2000 |
      | 0511 | 2000 |
      | 4711 | 2000 |
      | 3011 | 999  |

  场景大纲: 工业大类上下限（06与46）
    假如一个新建项目
    并且行业代码为"<代码>"
    并且年综合能源消费量为2000吨标准煤（当量值）
    当审查该项目
    那么规则"benchmark.added_value_intensity"提示缺少材料

    例子:
      | 代码 |
      | 0610 |
      | 4610 |

  场景: 水泥熟料一行已核实（V1，2023年版），劣于基准的不予通过且不标注待核实
    假如一个新建项目
    并且字段"products"为[{"code": "cement_clinker", "name": "水泥熟料", "unit_energy": 120, "unit_energy_unit": "kgce/t"}]
    当审查该项目
    那么规则"benchmark.product_level"触发
    并且该规则的情形为"worse_than_baseline"
    并且该规则读取"对标表该行数值核实状态"为"已核实"

  场景: 数值未核实的行（记忆值）劣于基准的，为须落实的要求并标注待核实
    假如一个新建项目
    并且字段"products"为[{"code": "flat_glass", "name": "平板玻璃", "unit_energy": 13, "unit_energy_unit": "kgce/重量箱"}]
    当审查该项目
    那么规则"benchmark.product_level"触发
    并且该规则的情形为"worse_than_unverified_baseline"
    并且该规则的严重程度为"condition"
    并且该规则标注待核实
    并且该规则读取"对标表该行数值核实状态"为"待核实"

  场景大纲: 已确认不是723号领域的行已从对标表删除，按未纳入报告
    假如一个新建项目
    并且字段"products"为[{"code": "<代码>", "name": "产品", "unit_energy": 500, "unit_energy_unit": "kgce/t"}]
    当审查该项目
    那么规则"benchmark.unlisted_products"触发
    并且规则"benchmark.product_level"不触发

    例子:
      | 代码              |
      | alumina_bayer     |
      | steel_sintering   |
      | steel_pelletizing |

  场景: 硅铁按2023年版数值（V2）对标
    假如一个新建项目
    并且行业代码为"3140"
    并且字段"products"为[{"code": "ferrosilicon", "name": "硅铁", "unit_energy": 1800, "unit_energy_unit": "kgce/t"}]
    当审查该项目
    那么规则"benchmark.product_level"触发
    并且该规则的情形为"between_levels"
    并且该规则读取"最不利产品能效基准水平（对标表）"为"1,850"

  场景大纲: 对标自本规则库起始日适用：2023-07-04以前按2021年版，此后按2023年版（二次审核 N12）
    假如审查日期为"<日期>"
    并且一个新建项目
    并且字段"products"为[{"code": "cement_clinker", "name": "水泥熟料", "unit_energy": 120, "unit_energy_unit": "kgce/t"}]
    当审查该项目
    那么规则"benchmark.product_level"<结果>

    例子:
      | 日期       | 结果   |
      | 2023-04-01 | 触发   |
      | 2023-07-03 | 触发   |
      | 2023-07-04 | 触发   |

  场景大纲: 对标数值按审查基准日适用的版次：2023-07-04以前为2021年版（发改产业〔2021〕1609号；二次审核 N12）
    假如审查日期为"<日期>"
    并且一个新建项目
    并且字段"project.two_highs"为false
    并且字段"products"为[{"code": "cement_clinker", "name": "水泥熟料", "unit_energy": 118, "unit_energy_unit": "kgce/t"}]
    当审查该项目
    那么规则"benchmark.product_level"触发
    并且该规则的情形为"worse_than_baseline"
    并且该规则的说明包含"<版次>"
    并且该规则引用的文件为"<文件>"

    例子:
      | 日期       | 版次      | 文件                                  |
      | 2023-07-03 | 2021年版 | 能效标杆水平和基准水平（2021年版） |
      | 2023-07-04 | 2023年版 | 能效标杆水平和基准水平（2023年版） |

  场景: 2021年版未列有来源数值的产品，2023-07-04以前不借用2023年版的数值
    假如审查日期为"2023-07-03"
    并且一个新建项目
    并且行业代码为"3120"
    并且字段"products"为[{"code": "steel_bof", "name": "转炉钢", "unit_energy": -5, "unit_energy_unit": "kgce/t"}]
    当审查该项目
    那么规则"benchmark.product_level"不触发
    并且规则"benchmark.unlisted_products"触发
