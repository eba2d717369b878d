-- expect: scales.bad.full: 满分应 > 0，实际为 0（未写 full 时取最高分值
return huifang.policy {
  name = "无效用例",
  inputs = { r = { fields = { who = "受访者", q1 = "问题一", q2 = "问题二", n = { "数量", type = "int" },
                            e = { "选择", type = "enum", values = { "是", "否", "不清楚" } },
                            o = { "可空", optional = true } } } },
  scales = { bad = { { "不满意", 0 }, { "很不满意", -1 } } },
  satisfaction = { { "s", input = "r", scale = "bad", questions = { "q1" } } },
}
