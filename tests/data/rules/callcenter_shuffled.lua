-- Many keys, so pairs() order differs between two states: the loaded structs must not.
local fields = {}
for i = 1, 60 do fields["f" .. i] = "列" .. i end
return huifang.policy { name = "顺序", inputs = { z = { fields = fields }, a = { fields = { x = "X", b = "B" } },
  m = { fields = { k = "K" } } } }
