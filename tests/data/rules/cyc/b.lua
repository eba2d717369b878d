-- The other half of the cycle.
return require("cyc.a")
