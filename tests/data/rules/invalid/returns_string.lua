-- expect: returns_string.lua: 规则文件应返回 huifang.policy { ... }，实际返回 string
return "policy"
