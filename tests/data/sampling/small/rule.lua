-- A small sampling fixture (tests/unit/test_sampling.c, tests/e2e/test_sampling_properties.py):
-- every feature of the `sampling` section on 40 orders.
return huifang.policy {
  name = "抽样小样例",
  seed = "2026-10",
  inputs = {
    orders = {
      file = "orders.csv",
      fields = {
        id       = "单号",
        kind     = "业务类型",
        customer = "客户编号",
        name     = "客户姓名",
        phone    = "联系电话",
        date     = { "日期", type = "date" },
        price    = { "单价", type = "number" },
        anon     = "匿名",
        onspot   = "当场解决",
        status   = "状态",
      },
    },
    history = { file = "history.csv", fields = { customer = "客户编号", date = { "回访日期", type = "date" } } },
    last    = { file = "last.csv", fields = { id = "单号" } },
  },
  sampling = {
    { "callback_list", title = "本月回访清单", input = "orders", key = "id", date = "date",
      where = { status = "已完成" },
      exclude = {
        { "匿名投诉", where = { anon = "是" } },
        { "当场解决", where = { onspot = "是" } },
      },
      force = { { "单价超过 2000 元", where = { price = { gt = 2000 } } } },
      strata = { "kind" },
      ratio = 0.3,                                   -- 30%, rounded up
      quotas = {
        ["单项工程"] = { all = true },
        ["维修"] = { count = 3 },
        ["车用燃气"] = { count = 2 },                 -- no such orders in the data: listed with 0
      },
      dedup = { customer = "customer", days = 90,
                history = { input = "history", customer = "customer", date = "date" } },
      previous = { input = "last", field = "id" },
      fields = { "name", "phone", "date" },
    },
  },
}
