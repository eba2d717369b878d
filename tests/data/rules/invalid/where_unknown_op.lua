-- expect: tables[1].where.score.gte: 未知的键
return huifang.policy {
  name = "表与指标",
  inputs = { cb = { fields = { id = "编号", kind = "类别", score = { "评分", type = "int", optional = true }, day = { "日期", type = "date" } } } },
  tables = { { "t", input = "cb", where = { score = { gte = 5 } }, columns = { { "n", "数" } } } },
}
