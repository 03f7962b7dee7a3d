# language: zh-CN
功能: 坚决遏制“两高”项目盲目发展（开福区方案 四（三））
  “两高”按六个行业的产品、工序小类判定，不按整个行业大类：水泥制品（3021）、钢压延（3130）、有色金属压延（325x）
  不是“两高”；4411火力发电、4412热电联产、4430热力生产和供应只在申报燃料中有煤炭时属“两高”（煤电）；
  4417生物质能发电不是煤电。省级目录认定（申报 project.two_highs）优先于行业代码，两个方向均覆盖。

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目

  场景大纲: “两高”项目未申报产品时提示缺少材料，非“两高”不适用
    假如行业代码为"<代码>"
    并且年综合能源消费量为2000吨标准煤（当量值）
    当审查该项目
    那么规则"two_highs.benchmark_level"<结果>

    例子:
      | 代码 | 结果         |
      | 3011 | 触发         |
      | 3110 | 触发         |
      | 3216 | 触发         |
      | 2511 | 触发         |
      | 4413 | 不触发       |
      | 4411 | 不触发       |
      | 4412 | 不触发       |
      | 4417 | 不触发       |
      | 4430 | 不触发       |
      | 4415 | 不触发       |
      | 4420 | 不触发       |
      | 44   | 不触发       |
      | 30   | 不触发       |
      | 3021 | 不触发       |
      | 3130 | 不触发       |
      | 3251 | 不触发       |
      | 2710 | 不触发       |

  场景大纲: 火力发电、热电联产、供热小类以申报燃料中有无煤炭判定“两高”
    假如行业代码为"<代码>"
    并且字段"energy"为<能源>
    当审查该项目
    那么规则"two_highs.benchmark_level"<结果>

    例子:
      | 代码 | 能源                                                                     | 结果   |
      | 4430 | [{"carrier": "raw_coal", "quantity": 20000, "unit": "t"}]                | 触发   |
      | 4430 | [{"carrier": "natural_gas", "quantity": 800, "unit": "万m³"}]            | 不触发 |
      | 4411 | [{"carrier": "raw_coal", "quantity": 20000, "unit": "t"}]                | 触发   |
      | 4411 | [{"carrier": "natural_gas", "quantity": 800, "unit": "万m³"}]            | 不触发 |
      | 4412 | [{"carrier": "washed_coal", "quantity": 100, "unit": "t"}]               | 触发   |
      | 4417 | [{"carrier": "raw_coal", "quantity": 20000, "unit": "t"}]                | 不触发 |

  场景: 燃煤锅炉也是申报的煤炭燃料
    假如行业代码为"4430"
    并且字段"boilers"为[{"fuel": "燃煤", "capacity_t_h": 40, "nox_mg_m3": 100, "so2_mg_m3": 100, "pm_mg_m3": 20}]
    当审查该项目
    那么规则"two_highs.benchmark_level"触发

  场景: 混凝土企业不是“两高”项目，不须申报产品、削减方案和A级
    假如行业代码为"3021"
    并且字段"pollutants"为{"regional_reduction_plan": false}
    当审查该项目
    那么规则"two_highs.benchmark_level"不触发
    并且规则"two_highs.regional_reduction_plan"不触发
    并且规则"two_highs.performance_grade_a"不触发

  场景大纲: 省级目录认定优先于行业代码（两个方向；认定不属“两高”须有认定文件）
    假如行业代码为"<代码>"
    并且字段"project.two_highs"为<认定>
    并且字段"project.two_highs_basis"为<认定文件>
    并且字段"pollutants"为{"regional_reduction_plan": false}
    当审查该项目
    那么规则"two_highs.regional_reduction_plan"<结果>

    例子:
      | 代码 | 认定  | 认定文件            | 结果   |
      | 3021 | true  | null                | 触发   |
      | 3011 | false | "湘发改环资〔2026〕1号" | 不触发 |
      | 3011 | false | null                | 触发   |
      | 3011 | true  | null                | 触发   |
      | 7010 | false | null                | 不触发 |

  场景: 结果写明认定依据是省级目录认定
    假如行业代码为"3021"
    并且字段"project.two_highs"为true
    并且字段"pollutants"为{"regional_reduction_plan": false}
    当审查该项目
    那么规则"two_highs.regional_reduction_plan"触发
    并且该规则读取"“两高”认定依据"为"省级目录认定（申报/审查认定，优先于行业代码）：属“两高”"

  场景: 未申报认定的，结果写明按行业代码判定
    假如行业代码为"3011"
    并且字段"pollutants"为{"regional_reduction_plan": false}
    当审查该项目
    那么规则"two_highs.regional_reduction_plan"触发
    并且该规则读取"“两高”认定依据"为"按行业代码3011及申报燃料判定（未申报省级目录认定）"

  场景: “两高”项目申报了对标产品，须对照标杆建设
    假如行业代码为"3011"
    并且年综合能源消费量为2000吨标准煤（当量值）
    并且字段"products"为[{"code": "cement_clinker", "name": "水泥熟料", "unit_energy": 99, "unit_energy_unit": "kgce/t"}]
    当审查该项目
    那么规则"two_highs.benchmark_level"触发
    并且该规则的情形为"required"
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"四（三）"
    并且该规则的依据包含"环环评〔2021〕45号"

  场景: “两高”项目未申报产品，情形为缺少材料
    假如行业代码为"3011"
    当审查该项目
    那么规则"two_highs.benchmark_level"触发
    并且该规则的情形为"no_products"
    并且该规则的严重程度为"missing"

  场景: “两高”项目的产品未纳入对标表，提示人工核对
    假如行业代码为"2651"
    并且字段"products"为[{"code": "pvc", "name": "聚氯乙烯"}]
    当审查该项目
    那么规则"two_highs.benchmark_level"触发
    并且该规则的情形为"not_assessable"

  场景大纲: 区域污染物削减方案
    假如行业代码为"3011"
    并且字段"pollutants"为<污染物>
    当审查该项目
    那么规则"two_highs.regional_reduction_plan"<结果>

    例子:
      | 污染物                                | 结果         |
      | {"regional_reduction_plan": false}    | 触发         |
      | {"regional_reduction_plan": true}     | 不触发       |
      | {"nox_t": 10}                         | 提示缺少材料 |

  场景: 未制定削减方案的“两高”项目不予通过
    假如行业代码为"3110"
    并且字段"pollutants"为{"regional_reduction_plan": false}
    当审查该项目
    那么规则"two_highs.regional_reduction_plan"触发
    并且该规则的严重程度为"veto"
    并且该规则引用方案条款"四（三）"
    并且污染物控制结论为"non_compliant"

  场景: 非“两高”项目不要求削减方案
    假如行业代码为"7010"
    当审查该项目
    那么规则"two_highs.regional_reduction_plan"不触发

  场景大纲: 用煤“两高”项目须煤炭消费减量替代
    假如行业代码为"<代码>"
    并且字段"energy"为[{"carrier": "raw_coal", "quantity": <煤>, "unit": "t"}, {"carrier": "electricity", "quantity": 100, "unit": "万kWh"}]
    当审查该项目
    那么规则"two_highs.coal_substitution"<结果>

    例子:
      | 代码 | 煤   | 结果   |
      | 3011 | 1000 | 触发   |
      | 3011 | 0    | 不触发 |
      | 1441 | 1000 | 不触发 |

  场景: 煤炭减量替代为须落实的要求，引用四（三）
    假如行业代码为"3011"
    并且字段"energy"为[{"carrier": "raw_coal", "quantity": 1000, "unit": "t"}]
    当审查该项目
    那么规则"two_highs.coal_substitution"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"四（三）"

  场景大纲: “两高”项目和用煤项目须达到环保绩效A级
    假如行业代码为"<代码>"
    并且字段"energy"为[{"carrier": "raw_coal", "quantity": <煤>, "unit": "t"}]
    并且字段"emission_class"为{"performance_grade": "<等级>"}
    当审查该项目
    那么规则"two_highs.performance_grade_a"<结果>

    例子:
      | 代码 | 煤  | 等级   | 结果   |
      | 3011 | 0   | B      | 触发   |
      | 3011 | 0   | A      | 不触发 |
      | 3011 | 0   | 引领性 | 不触发 |
      | 1441 | 500 | B      | 触发   |
      | 1441 | 0   | B      | 不触发 |

  场景: 绩效等级不达A级为须落实的要求（原文“应达到”，无禁止性后果；二次审核 N11），引用四（三）
    假如行业代码为"3120"
    并且字段"emission_class"为{"performance_grade": "C"}
    当审查该项目
    那么规则"two_highs.performance_grade_a"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"四（三）"

  场景: 用煤的食品企业环保绩效B级：有条件符合，而不是不符合（二次审核 N11）
    假如行业代码为"1391"
    并且字段"energy"为[{"carrier": "raw_coal", "quantity": 500, "unit": "t"}]
    并且字段"emission_class"为{"performance_grade": "B"}
    当审查该项目
    那么规则"two_highs.performance_grade_a"触发
    并且该规则的严重程度为"condition"
    并且该规则的说明包含"年煤炭消费量500.00 吨（折标准煤357.15 吨标准煤）"
    并且污染物控制结论为"conditional"

  场景: 未申报绩效等级，提示缺少材料
    假如行业代码为"3120"
    当审查该项目
    那么规则"two_highs.performance_grade_a"提示缺少材料

  场景大纲: A级要求自《关于加强重点城市大气污染联防联控的若干措施》见报之日（2025-10-11）起适用
    假如审查日期为"<日期>"
    并且行业代码为"3120"
    并且字段"emission_class"为{"performance_grade": "C"}
    当审查该项目
    那么规则"two_highs.performance_grade_a"<结果>

    例子:
      | 日期       | 结果   |
      | 2024-06-01 | 不触发 |
      | 2025-10-10 | 不触发 |
      | 2025-10-11 | 触发   |

  场景大纲: 新增能耗5万吨标准煤及以上的“两高”项目须国家窗口指导
    假如行业代码为"<代码>"
    并且年综合能源消费量为<tce>吨标准煤（当量值）
    当审查该项目
    那么规则"two_highs.window_guidance"<结果>

    例子:
      | 代码 | tce      | 结果   |
      | 3011 | 50000    | 触发   |
      | 3011 | 49999.99 | 不触发 |
      | 6450 | 80000    | 不触发 |

  场景: 窗口指导为提示，引用四（三）和1310号
    假如行业代码为"2511"
    并且年综合能源消费量为60000吨标准煤（当量值）
    当审查该项目
    那么规则"two_highs.window_guidance"触发
    并且该规则的严重程度为"advisory"
    并且该规则引用方案条款"四（三）"
    并且该规则的依据包含"发改环资〔2021〕1310号"
    并且该规则读取"审查口径年综合能源消费量（当量值；改建按增量）"为"60,000.00 吨标准煤"

  场景: 所属行业未纳入绩效分级的，不再永远“材料不全”，提示人工认定
    假如行业代码为"1441"
    并且字段"energy"为[{"carrier": "raw_coal", "quantity": 500, "unit": "t"}]
    并且字段"emission_class"为{"performance_grade": "行业未分级"}
    当审查该项目
    那么规则"two_highs.performance_grade_a"触发
    并且该规则的情形为"ungraded_industry"
    并且该规则的严重程度为"advisory"
