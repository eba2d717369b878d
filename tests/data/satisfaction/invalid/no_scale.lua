-- expect: satisfaction[1].questions[1]: 问题「q1」没有量表
return huifang.policy {
  name = "无效用例",
  inputs = { r = { fields = { who = "受访者", q1 = "问题一", q2 = "问题二", n = { "数量", type = "int" },
                            e = { "选择", type = "enum", values = { "是", "否", "不清楚" } },
                            o = { "可空", optional = true } } } },
  scales = { five = { { "满意", 3 } } },
  satisfaction = { { "s", input = "r", questions = { "q1" } } },
}
