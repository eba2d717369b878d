-- expect: satisfaction[1].questions[2].scale: 没有名为「fiv」的量表（scales 中定义的有：five）
return huifang.policy {
  name = "无效用例",
  inputs = { r = { fields = { who = "受访者", q1 = "问题一", q2 = "问题二", n = { "数量", type = "int" },
                            e = { "选择", type = "enum", values = { "是", "否", "不清楚" } },
                            o = { "可空", optional = true } } } },
  scales = { five = { { "满意", 3 }, { "一般", 2 }, { "不满意", 0 } } },
  satisfaction = { { "s", input = "r", questions = { { "q1", scale = "five" }, { "q2", scale = "fiv" } } } },
}
