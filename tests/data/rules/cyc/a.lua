-- Half of a require cycle: cyc.a -> cyc.b -> cyc.a.
return require("cyc.b")
