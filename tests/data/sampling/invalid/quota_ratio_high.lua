-- a per-stratum ratio above 1
-- expect: sampling[1].quotas["维修"].ratio
-- expect: 比例应在 [0,1] 之间
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
      strata = { "kind" }, count = 5,
      quotas = { ["维修"] = { ratio = 2 } },
    },
  },
}
