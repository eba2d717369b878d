-- expect: deadlines[1].where.team: 输入 repairs 没有名为「team」的字段
return huifang.policy {
  name = "时限错误",
  inputs = {
    repairs = { fields = { order = "工单号", crew = "班组", n = { "数量", type = "int" }, met = "满足",
                           state = "状态", ["班组名"] = "班组名称",
                           notified = { "报修时间", type = "datetime" },
                           dispatched = { "派工时间", type = "datetime", optional = true } } },
  },
  deadlines = {
    { "repair_dispatch", input = "repairs", start = "notified", done = "dispatched", within = { hours = 12 }, where = { team = "甲班" } },
  },
}
