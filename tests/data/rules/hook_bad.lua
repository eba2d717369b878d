-- Hooks that misbehave: qualified returns a number; excellent misbehaves per the record's agent.
return huifang.policy {
  name = "坏钩子",
  inputs = { checks = { fields = { agent = "工号" } } },
  scorecard = {
    input = "checks",
    values = { pass = "1", fail = "0" },
    items = { { "甲" } },
    qualified = function(r)
      return r.fails  -- a number, not a boolean
    end,
    excellent = function(r)
      if r.agent == "raise" then error("坏记录 " .. r.agent) end
      if r.agent == "typo" then return r.agnet == "x" end
      if r.agent == "write" then r.agent = "x" end
      if r.agent == "loop" then while true do end end
      if r.agent == "pcall" then pcall(function() while true do end end) return true end
      return true
    end,
  },
}
