-- key names no field
-- expect: sampling[1].key
-- expect: 没有名为「order_id」的字段
-- expect: 已声明的字段
return huifang.policy {
  name = "invalid sampling",
  seed = "s",
  inputs = {
    orders = { fields = { id = "单号", kind = "类型", customer = "客户", date = { "日期", type = "date" },
                           price = { "单价", type = "number" } } },
    history = { fields = { customer = "客户", date = { "回访日期", type = "date" }, note = "意见" } },
  },
  sampling = {
    { "list", input = "orders", key = "order_id",
      count = 5,
    },
  },
}
