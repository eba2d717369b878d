-- expect: satisfaction[1].questions[1]: 字段「o」允许空白（optional = true），但量表 five 的 skip 里没有 ""
return huifang.policy {
  name = "无效用例",
  inputs = { r = { fields = { who = "受访者", q1 = "问题一", q2 = "问题二", n = { "数量", type = "int" },
                            e = { "选择", type = "enum", values = { "是", "否", "不清楚" } },
                            o = { "可空", optional = true } } } },
  scales = { five = { { "满意", 3 }, skip = "不适用" } },
  satisfaction = { { "s", input = "r", scale = "five", questions = { "o" } } },
}
