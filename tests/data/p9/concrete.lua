-- P9 example from docs/rules.md: every continuous supply >= 1000 m3 gets an on-site visit.
return huifang.policy {
  name = "大方量混凝土供应现场回访",
  seed = "2026-10",
  inputs = { supplies = { fields = { supply_no = "供应单号", customer = "客户", site = "工地",
                                     volume_m3 = { "方量", type = "number" } } } },
  sampling = {
    { "onsite_visits", title = "大方量供应现场回访", input = "supplies", key = "supply_no",
      where = { volume_m3 = { ge = 1000 } },
      all = true,
      fields = { "customer", "site", "volume_m3" } },
  },
}
