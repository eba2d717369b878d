-- A list table and a summary with `date`: with --period 2026-10 the rows of 09-30 and 11-01 are left out and counted.
return huifang.policy {
  name = "统计期过滤",
  inputs = { calls = { fields = { id = "编号", date = { "日期", type = "date" }, at = { "时间", type = "datetime" } } } },
  tables = {
    { "in_period", title = "本月回访", input = "calls", date = "date", list = { "id", "date" } },
    { "summary", title = "本月合计", input = "calls", date = "date", columns = { { "n", "回访数" } } },
    { "by_time", title = "按时间", input = "calls", date = "at", list = { "id" } },
  },
  targets = {
    { "month_calls", label = "本月回访数", input = "calls", date = "date", count = true, at_least = 3 },
    { "all_calls", label = "全部回访数", input = "calls", count = true, at_least = 3 },
  },
}
