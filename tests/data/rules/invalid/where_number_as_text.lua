-- expect: tables[1].where.score: 应为 number，实际为 string
return huifang.policy {
  name = "表与指标",
  inputs = { cb = { fields = { id = "编号", kind = "类别", score = { "评分", type = "int", optional = true }, day = { "日期", type = "date" } } } },
  tables = { { "t", input = "cb", where = { score = "5" }, columns = { { "n", "数" } } } },
}
