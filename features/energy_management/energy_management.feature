# language: zh-CN
功能: 能源管理体系（令2025年第31号第十六条（三）“能源管理体系是否完备”）
  能源管理体系（GB/T 23331）、能源管理人员、能耗在线监测三项要求，按本局确定的能耗水平提出（参数均为GAP，
  未设置时本项未评估，不推测）；申报已建立（配备、建设）的不再提出。重点用能单位（1万吨标准煤及以上）的能源管理
  岗位和能耗在线监测由 key_unit 族提出，能源管理人员、能耗在线监测两项只对门槛以下的项目提出。

  背景:
    假如审查日期为"2026-01-15"
    并且一个新建项目

  场景: 能耗水平未设置时三项均未评估，不推测
    假如年综合能源消费量为8000吨标准煤（当量值）
    当审查该项目
    那么规则"energy_management.system"未评估
    并且规则"energy_management.manager"未评估
    并且规则"energy_management.online_monitoring"未评估

  场景大纲: 本局确定能源管理体系的能耗水平后，门槛两侧
    假如管理员自"2025-09-01"起在本地配置参数"energy_management.system_min_tce"为5000
    并且年综合能源消费量为<tce>吨标准煤（当量值）
    当审查该项目
    那么规则"energy_management.system"<结果>

    例子:
      | tce     | 结果   |
      | 4999.99 | 不触发 |
      | 5000    | 触发   |
      | 20000   | 触发   |

  场景: 未建立能源管理体系列为须落实的要求，引用第十六条（三）的措辞
    假如管理员自"2025-09-01"起在本地配置参数"energy_management.system_min_tce"为5000
    并且年综合能源消费量为6000吨标准煤（当量值）
    并且字段"energy_management"为{"system": false}
    当审查该项目
    那么规则"energy_management.system"触发
    并且该规则的严重程度为"condition"
    并且该规则引用方案条款"四（六）"
    并且该规则的依据包含"第十六条"
    并且该规则严重程度的原文依据包含"能源管理体系是否完备"
    并且该规则读取"按GB/T 23331建立能源管理体系"为"否"

  场景大纲: 申报已建立（配备、建设）的不再提出，其他两项不受影响
    假如管理员自"2025-09-01"起在本地配置参数"energy_management.system_min_tce"为5000
    并且管理员自"2025-09-01"起在本地配置参数"energy_management.online_monitoring_min_tce"为5000
    并且年综合能源消费量为6000吨标准煤（当量值）
    并且字段"energy_management"为{"system": <体系>}
    当审查该项目
    那么规则"energy_management.system"<结果>
    并且规则"energy_management.online_monitoring"触发

    例子:
      | 体系  | 结果   |
      | true  | 不触发 |
      | false | 触发   |

  场景大纲: 能源管理人员与能耗在线监测只对重点用能单位门槛以下的项目提出（门槛以上见重点用能单位）
    假如管理员自"2025-09-01"起在本地配置参数"energy_management.manager_min_tce"为5000
    并且管理员自"2025-09-01"起在本地配置参数"energy_management.online_monitoring_min_tce"为5000
    并且年综合能源消费量为<tce>吨标准煤（当量值）
    当审查该项目
    那么规则"energy_management.manager"<门槛下>
    并且规则"energy_management.online_monitoring"<门槛下>
    并且规则"key_unit.energy_manager"<重点>
    并且规则"key_unit.online_monitoring"<重点>

    例子:
      | tce      | 门槛下 | 重点   |
      | 4999.99  | 不触发 | 不触发 |
      | 5000     | 触发   | 不触发 |
      | 9999.99  | 触发   | 不触发 |
      | 10000    | 不触发 | 触发   |

  场景大纲: 不须单独审查的项目和令2025年第31号施行前的审查不提出
    假如管理员自"2025-09-01"起在本地配置参数"energy_management.system_min_tce"为500
    并且审查日期为"<审查日>"
    并且年综合能源消费量为<tce>吨标准煤（当量值）
    当审查该项目
    那么规则"energy_management.system"<结果>

    例子:
      | 审查日     | tce    | 结果   |
      | 2026-01-15 | 999.99 | 不触发 |
      | 2026-01-15 | 1000   | 触发   |
      | 2025-08-31 | 1000   | 不触发 |
