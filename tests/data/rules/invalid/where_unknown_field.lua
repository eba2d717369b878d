-- expect: tables[1].where.kinds: 输入 cb 没有名为「kinds」的字段
return huifang.policy {
  name = "表与指标",
  inputs = { cb = { fields = { id = "编号", kind = "类别", score = { "评分", type = "int", optional = true }, day = { "日期", type = "date" } } } },
  tables = { { "t", input = "cb", where = { kinds = "投诉" }, columns = { { "n", "数" } } } },
}
