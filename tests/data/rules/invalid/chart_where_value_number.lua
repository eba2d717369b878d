-- expect: report.charts[1].where.level
-- The report section is read whatever else the rule holds: one input is enough.
return huifang.policy {
  name = "报告设置",
  inputs = { rows = { fields = { kind = "类别" } } },
  report = { charts = { { "c", kind = "donut", table = "t", label = "kind", value = "n", where = { level = 3 } } } },
}
