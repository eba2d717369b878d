-- expect: groups_without_scorecard.lua: groups: 分组表按 scorecard 的输入统计，需要先声明 scorecard
return huifang.policy { name = "x", inputs = { a = { fields = { k = "K" } } },
  groups = { { "by_k", by = { "k" } } } }
