-- per-group target with a filtered universe: groups are units A and B (C is filtered out);
-- a call for Z (not in the universe) counts in no group and is warned about.
return huifang.policy {
  name = "组覆盖",
  inputs = { units = { fields = { id = "编号", state = "状态" } }, calls = { fields = { id = "编号" } } },
  targets = {
    { "units_called", label = "在建单位回访覆盖", input = "calls", per = "id", count_at_least = 1,
      universe = { input = "units", field = "id", where = { state = "在建" } }, at_least = 1 },
  },
}
