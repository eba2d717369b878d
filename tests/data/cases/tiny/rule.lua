-- A five-item scorecard small enough to work by hand (see expect.json).
return huifang.policy {
  name = "手算用例",
  report = { title = "手算用例", company = "测试公司" },
  inputs = {
    checks = {
      file = "checks.csv",
      fields = {
        agent = "工号", name = "姓名", team = "组别",
        date = { "日期", type = "date" },
        note = { "备注", optional = true },
      },
    },
    volume = {
      file = "volume.csv",
      fields = { date = { "日期", type = "date" }, agent = "工号", recordings = { "录音量", type = "int" } },
    },
  },
  scorecard = {
    input = "checks",
    date = "date",
    values = { pass = "1", fail = "0", na = "N/A" },
    items = {
      { "甲", group = "业务类", fatal = true },
      { "乙", group = "业务类", fatal = true },
      { "丙", group = "服务类" },
      { "丁", group = "服务类" },
      { "戊", group = "通话技巧" },
    },
    qualified = { max_fatal = 0, max_nonfatal = 2 },
    excellent = { max_fails = 0 },
    list = { fields = { "date", "agent", "name" }, note = "note" },
  },
  groups = {
    { "by_agent", title = "坐席", by = { "agent" }, carry = { "name", "team" } },
    { "by_team", title = "班组", by = { "team" } },
  },
  coverage = { input = "volume", date = "date", count = "recordings", ratio = 0.10 },
}
