-- expect: satisfaction[1].questions[1]: 字段「e」的取值「不清楚」既不是量表 yesno 的答案，也不在它的 skip 中
return huifang.policy {
  name = "无效用例",
  inputs = { r = { fields = { who = "受访者", q1 = "问题一", q2 = "问题二", n = { "数量", type = "int" },
                            e = { "选择", type = "enum", values = { "是", "否", "不清楚" } },
                            o = { "可空", optional = true } } } },
  scales = { yesno = { { "是", 1 }, { "否", 0 } } },
  satisfaction = { { "s", input = "r", scale = "yesno", questions = { "e" } } },
}
