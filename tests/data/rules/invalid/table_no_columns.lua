-- expect: tables[1].columns: 统计表需要 columns（清单表用 list）
return huifang.policy {
  name = "表与指标",
  inputs = { cb = { fields = { id = "编号", kind = "类别", score = { "评分", type = "int", optional = true }, day = { "日期", type = "date" } } } },
  tables = { { "t", input = "cb", by = { "kind" } } },
}
