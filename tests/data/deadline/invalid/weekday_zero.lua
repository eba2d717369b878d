-- expect: deadlines[1].weekday_at[1]: 星期应为 1（周一）至 7（周日），实际为 0
return huifang.policy {
  name = "时限错误",
  inputs = {
    repairs = { fields = { order = "工单号", crew = "班组", n = { "数量", type = "int" }, met = "满足",
                           state = "状态", ["班组名"] = "班组名称",
                           notified = { "报修时间", type = "datetime" },
                           dispatched = { "派工时间", type = "datetime", optional = true } } },
  },
  deadlines = {
    { "repair_dispatch", input = "repairs", start = "notified", done = "dispatched", weekday_at = { 0, "12:00" } },
  },
}
