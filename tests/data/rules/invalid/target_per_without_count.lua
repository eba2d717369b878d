-- expect: targets[1].count_at_least: per 需要 count_at_least
return huifang.policy {
  name = "表与指标",
  inputs = { cb = { fields = { id = "编号", kind = "类别", score = { "评分", type = "int", optional = true }, day = { "日期", type = "date" } } } },
  targets = { { "x", input = "cb", per = "id", at_least = 1 } },
}
