#!/usr/bin/env python3
"""End-to-end oracle test for the procurement policy (P8 of DOMAIN.md, rules/procurement.lua).

Generates a quarter with samples/procurement/generate.py into a temporary
folder, runs `huifang run --rules rules/procurement.lua --format json,csv,pdf`,
and checks the results against values computed INDEPENDENTLY here: the CSV files
are read with Python's csv module, the policy is hard-coded below from DOMAIN.md
P8 and the numbers the rule file states (not read from it), and the ranks and the
selection come from tests/data/sampling/sampling_oracle.py (hashlib; written from
docs/rules-sampling.md). Nothing is copied back from the program's output.

Checks: every purchase over 2000 yuan and every price more than 20% away from
the reference price is on the list (forced); per quarter 清洁用品 5, 维修材料 5,
工程材料 5, 办公用品 3 kinds, at most one purchase per item by rank; no item of
last quarter's list drawn again, and, running the next quarter with this
quarter's list as its previous.csv, adjacent quarters never share an item drawn
by rank; the chosen set, ranks and hashes; the PDF passes qpdf --check, embeds
its fonts, and pdftotext finds the title and chosen items and handlers.

Env: HUIFANG (the CLI), HUIFANG_SOURCE_DIR, HUIFANG_BUILD_DIR (set by ctest).
Prints "N passed, 0 failed" at the end; exits 1 on any mismatch.
"""
import csv
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hflib  # noqa: E402
from hflib import (SRC, HUIFANG, SAMPLING_ORACLE_DIR,  # noqa: E402
                   check, finish, read_csv, run_results, require_huifang, check_pdf_clients, same_bytes, read_bytes)
from hflib import diff_abs as diff  # noqa: E402
RULES = os.path.join(SRC, "rules", "procurement.lua")
GENERATOR = os.path.join(SRC, "samples", "procurement", "generate.py")
sys.path.insert(0, SAMPLING_ORACLE_DIR)
from sampling_oracle import Rec, select  # noqa: E402

# DOMAIN.md P8 and the numbers rules/procurement.lua states in its comments.
TITLE = "采购行为季度回访清单"
SEED = "2026Q3"
PRICE_LINE = 2000          # yuan: every purchase above is called back
DEVIATION = 0.20           # |price / reference - 1| above this is sampled on purpose
KINDS = {"清洁用品": 5, "维修材料": 5, "工程材料": 5, "办公用品": 3}   # per quarter; other categories: 0
FORCE_PRICE, FORCE_DEV = "单价超过 2000 元", "单价偏离参考价 20% 以上"

def generate(out, *args):
    """Run this policy's sample generator into `out`."""
    hflib.generate(GENERATOR, out, *args)


def run(data_dir, out, formats="json,csv,pdf", extra=()):
    """`huifang run` on data_dir (one check: exit 0); results.json or None."""
    cmd = [HUIFANG, "run", "--rules", RULES, "--data-dir", data_dir, "--out", out, "--format", formats, *extra]
    return run_results(cmd, f"huifang run exits 0 ({os.path.basename(out)})", out)


# ------------------------------------------------------------------ oracle

def forced_reason(r):
    price = float(r["单价"])
    if price > PRICE_LINE:
        return FORCE_PRICE
    ref = float(r["参考单价"]) if r["参考单价"] else None
    if ref and ref > 0 and abs(price / ref - 1) > DEVIATION:
        return FORCE_DEV
    return None


def oracle(d, seed=SEED):
    rows = read_csv(os.path.join(d, "purchases.csv"))
    prev = {r["物品编码"] for r in read_csv(os.path.join(d, "previous.csv"))}
    recs = [Rec(i, r["采购单号"], r["类别"], None, forced_reason(r), unit=r["物品编码"], previous=r["物品编码"] in prev,
                data=dict(r, _line=i + 2)) for i, r in enumerate(rows)]
    tallies = select(recs, seed, lambda s: {"kind": "count", "value": KINDS.get(s, 0)}, 0, (), list(KINDS))
    return rows, prev, recs, tallies


def want_tables(tallies):
    strata, work, decisions = [], [], []
    for t in tallies:
        strata.append({k: t[k] for k in ("stratum", "population", "excluded", "eligible", "forced", "quota", "ranked",
                                         "chosen", "shortfall", "coverage")}
                      | {"rule": f"{KINDS.get(t['stratum'], 0)} 种"})
        for r in t["order"]:
            decisions.append({"stratum": t["stratum"], "order_no": r.key, "line": r.data["_line"], "decision": r.reason,
                              "rank": r.rank, "hash": f"{r.hash:016x}", "chosen": r.chosen})
            if r.chosen:
                work.append({"stratum": t["stratum"], "order_no": r.key, "item_name": r.data["物品名称"],
                             "handler": r.data["经办人"], "phone": r.data["联系电话"],
                             "reason": f"必抽：{r.forced}" if r.reason == "forced" else "按序抽中",
                             "rank": r.rank, "hash": f"{r.hash:016x}"})
    return {"purchase_callbacks_strata": strata, "purchase_callbacks": work, "purchase_callbacks_decisions": decisions}


# ------------------------------------------------------------------ checks

def check_quarter(tag, d, doc, seed=SEED, expect_full=True):
    rows, prev, _, tallies = oracle(d, seed)
    for tid, want in want_tables(tallies).items():
        got = doc["tables"].get(tid, {}).get("rows")
        if check(got is not None, f"{tag}: table {tid} present", list(doc["tables"])):
            check(not diff(got, want), f"{tag}: {tid} ({len(want)} rows) = oracle", diff(got, want))
    check(doc.get("seed") == seed, f"{tag}: results.json records the seed {seed}")
    dates = sorted(r["采购日期"] for r in rows)
    check(doc.get("period") == {"from": dates[0], "to": dates[-1]}, f"{tag}: the period is the data's date range",
          f"got {doc.get('period')}")
    work = doc["tables"]["purchase_callbacks"]["rows"]
    on_list = {w["order_no"] for w in work}
    by_no = {r["采购单号"]: r for r in rows}
    dear = [r["采购单号"] for r in rows if float(r["单价"]) > PRICE_LINE]
    check(dear and all(n in on_list for n in dear), f"{tag}: every purchase over {PRICE_LINE} yuan ({len(dear)}) is on the list")
    off = [r["采购单号"] for r in rows if r["参考单价"] and abs(float(r["单价"]) / float(r["参考单价"]) - 1) > DEVIATION]
    check(off and all(n in on_list for n in off),
          f"{tag}: every price more than {DEVIATION:.0%} away from the reference ({len(off)}) is on the list")
    ranked = [w for w in work if w["reason"] == "按序抽中"]
    items = [by_no[w["order_no"]]["物品编码"] for w in ranked]
    check(len(items) == len(set(items)), f"{tag}: at most one purchase per item drawn by rank ('kinds')", items)
    forced_items = {by_no[w["order_no"]]["物品编码"] for w in work if w["reason"] != "按序抽中"}
    check(not set(items) & forced_items, f"{tag}: no item drawn by rank that is already on the list as forced",
          sorted(set(items) & forced_items))
    check(not set(items) & prev, f"{tag}: no item of last quarter's list drawn again",
          sorted(set(items) & prev))
    per_cat = {}
    for w in ranked:
        per_cat[w["stratum"]] = per_cat.get(w["stratum"], 0) + 1
    if expect_full:
        check(all(per_cat.get(c, 0) == k for c, k in KINDS.items()),
              f"{tag}: every quarter covers all four categories with {KINDS}", per_cat)
    check(all(c in KINDS for c in per_cat), f"{tag}: other categories get forced purchases only", per_cat)
    return work


def check_pdf(tag, pdf, work):
    _, flat = check_pdf_clients(tag, pdf)
    check(TITLE in flat, f"{tag}: pdftotext finds the title {TITLE}")
    missing = [s for w in work[:8] for s in (w["item_name"].replace(" ", ""), w["handler"], w["order_no"], w["phone"])
               if s not in flat]
    check(not missing, f"{tag}: pdftotext finds chosen items, handlers, order numbers and phones", missing)


def main():
    require_huifang()
    with tempfile.TemporaryDirectory(prefix="hf-proc-") as tmp:
        a, b = os.path.join(tmp, "gen-a"), os.path.join(tmp, "gen-b")
        generate(a)
        generate(b)
        for f in ("purchases.csv", "previous.csv"):
            check(same_bytes(os.path.join(a, f), os.path.join(b, f)),
                  f"generator: the same arguments give a byte-identical {f}")
        raw = read_bytes(os.path.join(a, "purchases.csv"))
        check(raw.startswith("\ufeff采购单号,采购日期,".encode()) and b"\r\n" in raw,
              "generator: purchases.csv is UTF-8 with BOM, CRLF, Chinese header")
        rows = read_csv(os.path.join(a, "purchases.csv"))
        check(set(KINDS) <= {r["类别"] for r in rows}, "generator: the four P8 categories occur")
        print(f"procurement quarter: {len(rows)} purchases, "
              f"{sum(1 for r in rows if float(r['单价']) > PRICE_LINE)} over {PRICE_LINE} yuan")

        out = os.path.join(tmp, "out-q3")
        doc = run(a, out)
        if doc is not None:
            work = check_quarter("2026Q3", a, doc)
            check_pdf("2026Q3", os.path.join(out, "report.pdf"), work)
            check(doc["warnings"] == [], "2026Q3: no warnings (every stratum full)", doc["warnings"])
            doc2 = run(a, os.path.join(tmp, "out-q3-again"))
            if doc2 is not None:
                for f in ("results.json", "report.pdf", "purchase_callbacks.csv"):
                    check(same_bytes(os.path.join(out, f), os.path.join(tmp, "out-q3-again", f)),
                          f"2026Q3: two runs give a byte-identical {f}")

            # The next quarter, with this quarter's list as its previous.csv: adjacent quarters never share an
            # item drawn by rank.
            q4 = os.path.join(tmp, "gen-q4")
            generate(q4, "--quarter", "2026Q4", "--seed", "9")
            q3_items = {}
            by_no = {r["采购单号"]: r for r in rows}
            for w in work:
                r = by_no[w["order_no"]]
                q3_items[r["物品编码"]] = (r["物品名称"], r["类别"])
            with open(os.path.join(q4, "previous.csv"), "w", encoding="utf-8-sig", newline="") as f:
                wr = csv.writer(f, lineterminator="\r\n")
                wr.writerow(["物品编码", "物品名称", "类别", "抽查季度"])
                for code in sorted(q3_items):
                    wr.writerow([code, *q3_items[code], "2026Q3"])
            doc4 = run(q4, os.path.join(tmp, "out-q4"), "json", ["--seed", "2026Q4"])
            if doc4 is not None:
                work4 = check_quarter("2026Q4", q4, doc4, "2026Q4", expect_full=False)
                q4_rows = {r["采购单号"]: r for r in read_csv(os.path.join(q4, "purchases.csv"))}
                again = sorted({q4_rows[w["order_no"]]["物品编码"] for w in work4 if w["reason"] == "按序抽中"}
                               & set(q3_items))
                check(not again, "adjacent quarters: no item drawn by rank in 2026Q4 was on 2026Q3's list", again)
                prev_hits = sum(1 for r in doc4["tables"]["purchase_callbacks_decisions"]["rows"]
                                if r["decision"] == "previous")
                check(prev_hits > 0, f"adjacent quarters: {prev_hits} purchases passed over as last quarter's items")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
