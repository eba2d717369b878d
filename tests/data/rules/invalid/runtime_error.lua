-- expect: runtime_error.lua:3: 阈值表缺失
-- expect: stack traceback:
local function f() error("阈值表缺失") end
f()
return huifang.policy { name = "x", inputs = {} }
