-- an input that is not declared
-- expect: sampling[1].input
-- expect: 没有名为「order」的输入
-- expect: history, orders
return huifang.policy {
  name = "invalid sampling",
  seed = "s",
  inputs = {
    orders = { fields = { id = "单号", kind = "类型", customer = "客户", date = { "日期", type = "date" },
                           price = { "单价", type = "number" } } },
    history = { fields = { customer = "客户", date = { "回访日期", type = "date" }, note = "意见" } },
  },
  sampling = {
    { "list", input = "order", key = "id",
      count = 5,
    },
  },
}
