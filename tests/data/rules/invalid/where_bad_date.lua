-- expect: tables[1].where.day.ge: 「2026-13-01」不是字段「day」能比较的值：不是真实存在的日期
return huifang.policy {
  name = "表与指标",
  inputs = { cb = { fields = { id = "编号", kind = "类别", score = { "评分", type = "int", optional = true }, day = { "日期", type = "date" } } } },
  tables = { { "t", input = "cb", where = { day = { ge = "2026-13-01" } }, columns = { { "n", "数" } } } },
}
