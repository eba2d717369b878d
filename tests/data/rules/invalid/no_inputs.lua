-- expect: no_inputs.lua: inputs: 至少要声明一个输入
return huifang.policy { name = "x", inputs = {} }
