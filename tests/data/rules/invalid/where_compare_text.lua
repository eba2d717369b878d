-- expect: tables[1].where.kind.gt: 字段「kind」是 string 类型，不能比较大小
return huifang.policy {
  name = "表与指标",
  inputs = { cb = { fields = { id = "编号", kind = "类别", score = { "评分", type = "int", optional = true }, day = { "日期", type = "date" } } } },
  tables = { { "t", input = "cb", where = { kind = { gt = 1 } }, columns = { { "n", "数" } } } },
}
