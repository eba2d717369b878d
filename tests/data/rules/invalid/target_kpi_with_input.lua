-- expect: targets[1].input: 用 kpi 时不能再有 input
return huifang.policy {
  name = "表与指标",
  inputs = { cb = { fields = { id = "编号", kind = "类别", score = { "评分", type = "int", optional = true }, day = { "日期", type = "date" } } } },
  targets = { { "x", kpi = "pass_rate", input = "cb", at_least = 0.9 } },
}
