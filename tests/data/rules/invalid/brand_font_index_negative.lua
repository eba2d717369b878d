-- expect: report.brand.font_index
-- The report section is read whatever else the rule holds: one input is enough.
return huifang.policy {
  name = "报告设置",
  inputs = { rows = { fields = { kind = "类别" } } },
  report = { brand = { font_index = -1 } },
}
