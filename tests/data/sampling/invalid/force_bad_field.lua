-- force where names no field
-- expect: sampling[1].force[1].where
-- expect: 没有名为「unit_price」的字段
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
      force = { { "单价超过 2000 元", where = { unit_price = { gt = 2000 } } } },
    },
  },
}
