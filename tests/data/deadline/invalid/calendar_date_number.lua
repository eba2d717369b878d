-- expect: calendar.holidays[1]: 应为 string（日期，如 "2026-10-01"），实际为 integer（20261001）
return huifang.policy {
  name = "时限错误",
  inputs = {
    repairs = { fields = { order = "工单号", crew = "班组", n = { "数量", type = "int" }, met = "满足",
                           state = "状态", ["班组名"] = "班组名称",
                           notified = { "报修时间", type = "datetime" },
                           dispatched = { "派工时间", type = "datetime", optional = true } } },
  },
  calendar = { holidays = { 20261001 } },
}
