-- expect: tables[1].columns[2].ratio: 「m」不是前面某一列的 id
return huifang.policy {
  name = "表与指标",
  inputs = { cb = { fields = { id = "编号", kind = "类别", score = { "评分", type = "int", optional = true }, day = { "日期", type = "date" } } } },
  tables = { { "t", input = "cb", columns = { { "n", "数" }, { "r", "率", ratio = { "n", "m" } } } } },
}
