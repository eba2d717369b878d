-- A company's shared helpers, loaded by require("lib.common") from a rule in the parent folder.
local M = {}
M.loads = (M.loads or 0) + 1
function M.label(x) return "lib:" .. x end
return M
