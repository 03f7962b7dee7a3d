# language: zh-CN
功能: 外省公开的节能审查意见由规则库复现（issue 27）
  每份审查意见的出处、项目数据和要求记录在 tests/decisions/ 中；按其公布的能源品种和数量申报，本局参数按该意见的做法
  配置后审查：能耗合计与意见一致，意见提出的、规则库覆盖的要求由相应规则提出。规则库未覆盖的要求及原因列在记录中
  （tests/test_decisions.py 逐条核对）。

  场景: 四川省发展改革委川发改环资函〔2025〕577号（医院，4056.92吨标准煤）：当量值、等价值与意见一致
    假如外省公开的节能审查意见"sichuan_provincial_hospital_2025"的申报材料
    并且本局参数按该审查意见的做法配置
    当审查该项目
    那么年综合能源消费量（当量值）与审查意见公布的4056.92吨标准煤一致
    并且年综合能源消费量（等价值）与审查意见公布的8880.63吨标准煤一致
    并且能耗核算说明包含"电力等价值按 0.328 kgce/kWh 折算"

  场景: 四川医院的主要设备（冷水机组、热泵、风机、水泵）未申报能效等级，须补充
    假如外省公开的节能审查意见"sichuan_provincial_hospital_2025"的申报材料
    当审查该项目
    那么规则"equipment.grade_undeclared"触发
    并且该规则的严重程度为"missing"

  场景: 莆田市发展改革委（医院，4741.56吨标准煤）：当量值与意见一致，按其做法提出能源管理体系和能耗在线监测
    假如外省公开的节能审查意见"putian_first_hospital_2022"的申报材料
    并且本局参数按该审查意见的做法配置
    当审查该项目
    那么年综合能源消费量（当量值）与审查意见公布的4741.56吨标准煤一致
    并且规则"energy_management.system"触发
    并且该规则的严重程度为"condition"
    并且规则"energy_management.online_monitoring"触发
    并且该规则的严重程度为"condition"
    并且规则"procedure.energy_acceptance"触发

  场景: 本局未确定能源管理的能耗水平时，莆田医院的两项要求未评估（不推测）
    假如外省公开的节能审查意见"putian_first_hospital_2022"的申报材料
    当审查该项目
    那么规则"energy_management.system"未评估
    并且规则"energy_management.online_monitoring"未评估

  场景: 湛江市发展改革局（球形石墨改扩建，工业项目）：电力当量值一致，天然气系数意见未写，按油田天然气计合计多5.32吨
    假如外省公开的节能审查意见"zhanjiang_spherical_graphite"的申报材料
    当审查该项目
    那么电力1329.38万千瓦时的当量值为1633.81吨标准煤
    并且年综合能源消费量（当量值）比审查意见公布的4820.49吨标准煤多5.32吨

  场景: 湛江球形石墨不在能效对标表中，意见所定的单位产品能耗上限规则库不提出，只提示人工对照
    假如外省公开的节能审查意见"zhanjiang_spherical_graphite"的申报材料
    当审查该项目
    那么规则"benchmark.unlisted_products"触发
    并且该规则的严重程度为"info"
    并且规则"benchmark.product_level"不触发
