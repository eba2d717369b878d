-- Fixture of tests/unit/test_deadline.c: every deadline kind on records worked by hand there.
-- The calendar is MADE UP (not the official arrangement): holidays 2026-10-01 .. 10-07,
-- 调休 working days Sun 2026-09-27 and Sat 2026-10-10. 2026-10-21 is a Wednesday.
return huifang.policy {
  name = "时限测试",
  calendar = {
    holidays = { { from = "2026-10-01", to = "2026-10-07" } },
    workdays = { "2026-09-27", "2026-10-10" },
  },
  inputs = {
    repairs = { fields = { order = "工单号", crew = "班组", notified = { "报修时间", type = "datetime" },
                           dispatched = { "派工时间", type = "datetime", optional = true } } },
    complaints = { fields = { id = "投诉编号", received = { "受理时间", type = "datetime" },
                              replied = { "回复日期", type = "date", optional = true } } },
    reports = { fields = { id = "申请编号", applied = { "申请日期", type = "date" },
                           submitted = { "报告提交时间", type = "datetime", optional = true } } },
    qc = { fields = { batch = "批次", day = { "抽检日期", type = "date" },
                      published = { "发布时间", type = "datetime", optional = true } } },
    weekly = { fields = { week = { "周次", type = "date" }, submitted = { "提交时间", type = "datetime", optional = true } } },
  },
  deadlines = {
    { "repair_dispatch", title = "报修派工时限（12 小时）", input = "repairs", where = { crew = { ne = "外包" } },
      start = "notified", done = "dispatched", within = { hours = 12 }, by = { "crew" }, fields = { "order" },
      target = 0.9 },
    { "complaint_reply", title = "投诉回复时限（2 天）", input = "complaints", start = "received", done = "replied",
      within = { days = 2 }, fields = { "id" } },
    { "service_report", title = "服务报告时限（7 个工作日）", input = "reports", start = "applied", done = "submitted",
      within = { working_days = 7 }, fields = { "id" } },
    { "qc_publish", title = "质检结果发布（T+1 11:30）", input = "qc", start = "day", done = "published",
      next_day_at = "11:30", fields = { "batch" }, pdf_limit = 1 },
    { "qc_publish_wd", title = "质检结果发布（下一工作日 11:30）", input = "qc", start = "day", done = "published",
      next_day_at = { "11:30", working = true }, fields = { "batch" } },
    { "weekly_summary", title = "周报（下周三 12:00）", input = "weekly", start = "week", done = "submitted",
      weekday_at = { 3, "12:00" } },
  },
}
