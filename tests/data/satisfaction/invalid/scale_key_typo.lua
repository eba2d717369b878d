-- expect: scales.five.ful: 未知的键（可用的键：full, skip）
return huifang.policy {
  name = "无效用例",
  inputs = { r = { fields = { who = "受访者", q1 = "问题一", q2 = "问题二", n = { "数量", type = "int" },
                            e = { "选择", type = "enum", values = { "是", "否", "不清楚" } },
                            o = { "可空", optional = true } } } },
  scales = { five = { { "满意", 3 }, ful = 3 } },
  satisfaction = { { "s", input = "r", scale = "five", questions = { "q1" } } },
}
