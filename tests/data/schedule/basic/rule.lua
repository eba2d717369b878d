--[[
回访计划的手算用例（tests/unit/test_schedule.c 与 tests/e2e/test_schedule_cli.py 共用）。
A hand-worked schedule case; the expected values are worked out in test_schedule.c's header
comment, by hand from DOMAIN.md "Date arithmetic", not copied from the program.
Edges (issue item 7): month-end clamping (Jan 31 + 1 month = Feb 28; Nov 30 + 3 months = Feb 28),
leap years (2024-01-31 + 1 month = 2024-02-29; 2024-02-29 + 12 months = 2025-02-28),
a visit before the first window, a late visit filling the next slot, two visits in one
window, one visit that could satisfy two slots but satisfies only the first, an
open-ended yearly series, a plan row left out by `where`, a visit for an unknown plan,
a visit after as-of, an SMS that `visits.where` does not count.
]]
return huifang.policy {
  name = "回访计划手算用例",
  inputs = {
    projects = {
      fields = {
        id = "项目编号",
        name = "项目名称",
        manager = "项目经理",
        category = "类别",
        start = { "开工日期", type = "date" },
        completion = { "竣工日期", type = "date", optional = true },
        warranty = { "保修月数", type = "int", optional = true },
      },
    },
    visits = {
      fields = {
        id = "项目编号",
        date = { "回访日期", type = "date" },
        kind = "方式",
      },
    },
  },
  schedules = {
    { "visits_plan", title = "回访计划",
      input = "projects", key = "id", owner = "manager", fields = { "name" },
      where = { category = { ne = "已取消" } },
      anchors = {
        { "start", field = "start" },
        { "completion", field = "completion" },
        { "warranty_end", from = "completion", plus_months_field = "warranty" },
      },
      slots = {
        { "开工回访", anchor = "start", offset = { days = 10 } },
        { "月度回访", anchor = "start", every = { months = 1 }, to = { months = 3 } },
        { "保修季度回访", anchor = "completion", every = { months = 3 }, to = { anchor = "warranty_end" } },
        { "保修到期前回访", anchor = "warranty_end", offset = { days = 0 }, window = { days = 30 } },
        { "雨季回访", anchor = "completion", season = { 6, 7, 8 }, to = { anchor = "warranty_end" },
          where = { category = "防水" } },
        { "保修期满后年度回访", anchor = "warranty_end", every = { years = 1 } },
      },
      visits = { input = "visits", key = "id", date = "date", where = { kind = { ne = "短信" } } },
      upcoming_days = 30, plan_next_year = true, notify_days = 20, target = 0.9 },
  },
}
