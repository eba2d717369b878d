-- expect: tables[1].input: 没有名为「cbs」的输入
return huifang.policy {
  name = "表与指标",
  inputs = { cb = { fields = { id = "编号", kind = "类别", score = { "评分", type = "int", optional = true }, day = { "日期", type = "date" } } } },
  tables = { { "t", input = "cbs", columns = { { "n", "数" } } } },
}
