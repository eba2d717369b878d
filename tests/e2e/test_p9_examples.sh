#!/usr/bin/env bash
# The two P9 examples of docs/rules.md run as written, with hand-worked results:
# concrete: supplies of 1200, 999.5, 1000 and 30 m3 -> exactly S1 and S3 (>= 1000) get a visit;
# lightning: K1 (quarterly from 2026-01-31) is due 04-30, 07-31 (both visited) and 10-31 (open on 10-31);
#            K2 (half-yearly from 2026-01-15) is due 07-15 (visited 07-10) and 2027-01-15 (open).
#            Open-ended series run to the first slot due after the horizon 2027-12-31 (docs/rules.md,
#            schedules): K1 then 2027-01-31, 04-30, 07-31, 10-31, 2028-01-31; K2 2027-07-15, 2028-01-15,
#            all upcoming. Exactly these rows, in this order.
set -euo pipefail
src=${HUIFANG_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${HUIFANG:-$src/build/huifang}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" run --rules "$src/tests/data/p9/concrete.lua" --out "$out/a" --format json 2>/dev/null
"$bin" run --rules "$src/tests/data/p9/lightning.lua" --as-of 2026-10-31 --out "$out/b" --format json 2>/dev/null
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
a = json.load(open(f"{out}/a/results.json"))
chosen = sorted(r["supply_no"] for r in a["tables"]["onsite_visits"]["rows"])
assert chosen == ["S1", "S3"], chosen
b = json.load(open(f"{out}/b/results.json"))
rows = [(r["client_no"], r["due"], r["status"]) for r in b["tables"]["lightning"]["rows"]]
expect = [("K1", "2026-04-30", "已完成"), ("K1", "2026-07-31", "已完成"), ("K1", "2026-10-31", "进行中")]
expect += [("K1", d, "未到期") for d in ("2027-01-31", "2027-04-30", "2027-07-31", "2027-10-31", "2028-01-31")]
expect += [("K2", "2026-07-15", "已完成"), ("K2", "2027-01-15", "进行中")]
expect += [("K2", d, "未到期") for d in ("2027-07-15", "2028-01-15")]
assert rows == expect, (rows, expect)
print("p9 examples: ok")
PY
