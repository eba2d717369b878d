-- the key listed again in fields
-- expect: sampling[1].fields[1]
-- expect: 是 key
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
      count = 5, fields = { "id" },
    },
  },
}
