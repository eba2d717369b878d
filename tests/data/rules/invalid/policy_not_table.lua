-- expect: policy_not_table.lua:2: huifang.policy 的参数应为 table，实际为 string
return huifang.policy "回访"
