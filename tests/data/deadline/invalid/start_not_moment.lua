-- expect: start_not_moment.lua: deadlines[1].start: 字段「order」的类型是 string，这里应为 date 或 datetime
return huifang.policy {
  name = "时限错误",
  inputs = {
    repairs = { fields = { order = "工单号", crew = "班组", n = { "数量", type = "int" }, met = "满足",
                           state = "状态", ["班组名"] = "班组名称",
                           notified = { "报修时间", type = "datetime" },
                           dispatched = { "派工时间", type = "datetime", optional = true } } },
  },
  deadlines = {
    { "repair_dispatch", input = "repairs", start = "order", done = "dispatched", within = { hours = 12 } },
  },
}
