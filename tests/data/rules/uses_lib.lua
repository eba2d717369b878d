-- require of a sibling rule file (lib/common.lua); the second require returns the cached module.
local common = require("lib.common")
local again = require("lib.common")
assert(rawequal(common, again), "require 应缓存模块")
return huifang.policy {
  name = common.label("ok"),
  inputs = { a = { fields = { k = "K" } } },
}
