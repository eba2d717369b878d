-- expect: syntax_error.lua:4:
-- expect: near
return huifang.policy {
  name = = "x",
}
