-- Requires cyc.a, which requires cyc.b, which requires cyc.a again: a cycle the host reports.
local a = require("cyc.a")
return huifang.policy { name = tostring(a), inputs = { a = { fields = { k = "K" } } } }
