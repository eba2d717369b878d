-- expect: tables[1]: id「By-Kind」只能由小写字母、数字和下划线组成
return huifang.policy {
  name = "表与指标",
  inputs = { cb = { fields = { id = "编号", kind = "类别", score = { "评分", type = "int", optional = true }, day = { "日期", type = "date" } } } },
  tables = { { "By-Kind", input = "cb", columns = { { "n", "数" } } } },
}
