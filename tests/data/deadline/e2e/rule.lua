-- Fixture of tests/e2e/test_deadline_report.py, which works every expected value by hand.
-- A decoration company's service commitments (DOMAIN.md P7): applications reviewed within 24 hours,
-- a service report within 7 working days, each site's weekly summary by Wednesday 12:00.
-- The calendar is MADE UP (not the official arrangement): National Day 10-01 .. 10-07 off,
-- Sunday 09-27 and Saturday 10-10 worked (调休).
return huifang.policy {
  name = "装饰公司服务时限",
  report = { title = "服务承诺时限月报", company = "某装饰公司" },
  calendar = {
    holidays = { { from = "2026-10-01", to = "2026-10-07" } },
    workdays = { "2026-09-27", "2026-10-10" },
  },
  inputs = {
    service = {
      file = "service.csv",
      fields = {
        id = "申请编号", designer = "设计师", customer = "客户",
        applied = { "申请时间", type = "datetime" },
        reviewed = { "审核时间", type = "datetime", optional = true },   -- empty: not reviewed yet
        reported = { "报告日期", type = "date", optional = true },       -- a date: done by 24:00 that day
      },
    },
    weekly = {
      file = "weekly.csv",
      fields = { site = "工地", week = { "周次", type = "date" },
                 submitted = { "提交时间", type = "datetime", optional = true } },
    },
  },
  deadlines = {
    { "review_24h", title = "申请审核（24 小时）", input = "service", start = "applied", done = "reviewed",
      within = { hours = 24 }, by = { "designer" }, fields = { "id", "customer" }, target = 0.9 },
    { "service_report", title = "服务报告（7 个工作日）", input = "service", start = "applied", done = "reported",
      within = { working_days = 7 }, by = { "designer" }, fields = { "id", "customer" } },
    { "weekly_summary", title = "工地周报（下周三 12:00）", input = "weekly", start = "week", done = "submitted",
      weekday_at = { 3, "12:00" }, by = { "site" }, fields = { "site" } },
  },
}
