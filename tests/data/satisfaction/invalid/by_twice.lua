-- expect: satisfaction[1].by: 分组字段「who」重复
return huifang.policy {
  name = "无效用例",
  inputs = { r = { fields = { who = "受访者", q1 = "问题一" } } },
  scales = { five = { { "满意", 3 } } },
  satisfaction = { { "s", input = "r", scale = "five", questions = { "q1" }, by = { "who", "who" } } },
}
