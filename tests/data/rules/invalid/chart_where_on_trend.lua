-- expect: trend 图表只用 kpis
-- The report section is read whatever else the rule holds: one input is enough.
return huifang.policy {
  name = "报告设置",
  inputs = { rows = { fields = { kind = "类别" } } },
  report = { charts = { { "t", kind = "trend", kpis = { "pass_rate" }, where = { a = "b" } } } },
}
