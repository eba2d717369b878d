-- Property-test rule (tests/e2e/test_sampling_properties.py generates its data
-- with random.Random and checks the outputs against tests/data/sampling/sampling_oracle.py).
-- Two samplings over one input: two strata fields, ratio with min/max, a
-- per-stratum override, dedup with history, the previous period; and distinct units.
return huifang.policy {
  name = "抽样性质测试",
  seed = "property-1",
  inputs = {
    calls = {
      file = "calls.csv",
      fields = {
        id       = "工单号",
        region   = "区域",
        category = "类别",
        customer = { "客户编号", optional = true },
        phone    = { "电话", optional = true },
        date     = { "日期", type = "date" },
        amount   = { "金额", type = "number" },
        channel  = "渠道",
        item     = "物品",
      },
    },
    history  = { file = "history.csv", fields = { customer = "客户编号", date = { "回访日期", type = "date" } } },
    previous = { file = "previous.csv", fields = { id = "工单号" } },
  },
  sampling = {
    { "visits", title = "回访抽样", input = "calls", key = "id", date = "date",
      where = { channel = { ne = "内部" } },
      exclude = {
        { "无联系方式", where = { customer = { empty = true } } },
        { "客户要求不回访", where = function(r) return r.phone == "拒访" end },
      },
      force = { { "金额超过 5000 元", where = { amount = { gt = 5000 } } } },
      strata = { "region", "category" },
      ratio = 0.1, min = 2, max = 30,            -- 10%, at least 2, at most 30 per stratum
      quotas = { ["华东 / 投诉"] = { all = true } },
      dedup = { customer = "customer", days = 30,
                history = { input = "history", customer = "customer", date = "date" } },
      previous = { input = "previous", field = "id" },
      fields = { "customer", "phone", "amount", "date" },
      pdf_limit = 40,
    },
    { "items", title = "物品抽样", input = "calls", key = "id",
      strata = { "category" }, count = 5, distinct = "item", fields = { "item" } },
  },
}
