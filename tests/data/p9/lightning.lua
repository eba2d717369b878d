-- P9 example from docs/rules.md: lightning-protection callbacks, quarterly or half-yearly per contract.
return huifang.policy {
  name = "防雷检测回访",
  inputs = {
    clients = { fields = { client_no = "客户编号", inspector = "检测员", cycle = "回访周期",
                           contract_date = { "签约日期", type = "date" } } },
    visits = { fields = { client_no = "客户编号", visit_date = { "回访日期", type = "date" } } },
  },
  schedules = {
    { "lightning", title = "防雷检测回访", input = "clients", key = "client_no", owner = "inspector",
      anchors = { { "contract", field = "contract_date" } },
      slots = {
        { "季度回访", anchor = "contract", every = { months = 3 }, where = { cycle = "季度" } },
        { "半年回访", anchor = "contract", every = { months = 6 }, where = { cycle = "半年" } },
      },
      visits = { input = "visits", key = "client_no", date = "visit_date" } },
  },
}
