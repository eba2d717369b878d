-- expect: trend 图表只用 kpis
return huifang.policy {
  name = "最小规则",
  report = { charts = { { "t", kind = "trend", kpis = { "pass_rate" }, where = { a = "b" } } } },
  inputs = {
    checks = {
      fields = {
        agent = "工号",
        team = "组别",
        date = { "日期", type = "date" },
        secs = { "时长", type = "int" },
        note = { "备注", optional = true },
      },
    },
    volume = { fields = { date = { "日期", type = "date" }, recordings = { "录音量", type = "int" } } },
  },
  scorecard = {
    input = "checks",
    date = "date",
    values = { pass = "1", fail = "0", na = "N/A" },
    items = {
      { "甲", group = "A", fatal = true },
      { "乙", group = "B" },
    },
    list = { fields = { "agent" }, note = "note" },
  },
  groups = { { "by_agent", title = "坐席", by = { "agent" }, carry = { "team" } } },
  coverage = { input = "volume", date = "date", count = "recordings", ratio = 0.1 },
}
