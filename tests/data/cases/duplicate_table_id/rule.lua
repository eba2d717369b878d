-- Two sections produce the table id "targets" (a list table and the targets section's own table).
return huifang.policy {
  name = "重复的表 id",
  inputs = { calls = { fields = { id = "编号" } } },
  tables = { { "targets", input = "calls", list = { "id" } } },
  targets = { { "n", label = "回访数", input = "calls", count = true, at_least = 1 } },
}
