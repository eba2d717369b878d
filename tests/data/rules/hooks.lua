-- Hooks that read the record view r (tests/unit/test_policy.c builds the records by hand).
return huifang.policy {
  name = "钩子",
  inputs = {
    checks = {
      fields = {
        agent = "工号",
        date = { "日期", type = "date" },
        secs = { "时长", type = "int" },
        score = { "得分", type = "number" },
        at = { "时间", type = "time" },
        note = { "备注", optional = true },
      },
    },
  },
  scorecard = {
    input = "checks",
    values = { pass = "1", fail = "0", na = "N/A" },
    items = { { "甲", fatal = true }, { "乙" }, { "丙" } },
    -- qualified: no fatal fail, at most one non-fatal, and the agent "A9" is never qualified
    qualified = function(r)
      return r.fatal_fails == 0 and r.nonfatal_fails <= 1 and r.agent ~= "A9"
    end,
    -- excellent: sees r.qualified, the items, the typed fields and the line
    excellent = function(r)
      return r.qualified and r.item["乙"] == "pass" and r.item["丙"] ~= "fail" and r.secs > 60
        and r.date == "2026-10-21" and r.at == "09:05:07" and r.score == 1.5 and r.note == nil
        and r.line == 7 and r.passes + r.fails + r.na == 3 and r.fails == 0 and r["甲"] == r.item["甲"]
    end,
  },
}
