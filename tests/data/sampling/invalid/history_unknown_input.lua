-- history names no input
-- expect: sampling[1].dedup.history.input
-- expect: 没有名为「callbacks」的输入
return huifang.policy {
  name = "invalid sampling",
  seed = "s",
  inputs = {
    orders = { fields = { id = "单号", kind = "类型", customer = "客户", date = { "日期", type = "date" },
                           price = { "单价", type = "number" } } },
    history = { fields = { customer = "客户", date = { "回访日期", type = "date" }, note = "意见" } },
  },
  sampling = {
    { "list", input = "orders", key = "id",
      count = 5,
      dedup = { customer = "customer", date = "date", days = 90,
                history = { input = "callbacks", customer = "customer", date = "date" } },
    },
  },
}
