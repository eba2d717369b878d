-- Fixture of tests/unit/test_deadline.c: without --period the period is the scorecard's date range
-- (2026-10-01 .. 10-31, from checks.csv), known only after every input is read; the deadline's
-- records that start outside it (P1 on 09-30, P3 on 11-01) are not counted. P4 is dispatched before it
-- was notified (judged by its end: met, with a warning); P5 has no notice time (skipped, with a warning).
return huifang.policy {
  name = "统计期测试",
  inputs = {
    checks = { fields = { agent = "工号", date = { "日期", type = "date" } } },
    repairs = { fields = { order = "工单号", notified = { "报修时间", type = "datetime", optional = true },
                           dispatched = { "派工时间", type = "datetime", optional = true } } },
  },
  scorecard = { input = "checks", date = "date", values = { pass = "1", fail = "0", na = "N/A" },
                items = { { "甲" } } },
  deadlines = {
    { "repair_dispatch", title = "报修派工时限", input = "repairs", start = "notified", done = "dispatched",
      within = { hours = 12 }, fields = { "order" } },
  },
}
