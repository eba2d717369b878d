-- expect: targets[1].at_least
return huifang.policy {
  name = "表与指标",
  inputs = { cb = { fields = { id = "编号", kind = "类别", score = { "评分", type = "int", optional = true }, day = { "日期", type = "date" } } } },
  targets = { { "x", input = "cb", where = { kind = "投诉" }, at_least = 40 } },
}
