-- expect: scales: 应为 table（{ five = { { "很满意", 3 }, ... }, ... }），实际为 string
return huifang.policy {
  name = "无效用例",
  inputs = { r = { fields = { who = "受访者", q1 = "问题一" } } },
  scales = "five",
}
