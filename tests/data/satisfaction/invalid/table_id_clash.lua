-- expect: satisfaction[1]: 调查 s 生成的表 id「s_by_who」已被 tables 使用
return huifang.policy {
  name = "无效用例",
  inputs = { r = { fields = { who = "受访者", q1 = "问题一" } } },
  tables = { { "s_by_who", input = "r", list = { "who" } } },
  scales = { five = { { "满意", 3 } } },
  satisfaction = { { "s", input = "r", scale = "five", questions = { "q1" }, by = { "who" } } },
}
