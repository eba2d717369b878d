#!/usr/bin/env python3
"""End-to-end oracle test for the gas policy (P6 of DOMAIN.md, rules/gas.lua).

Generates a month with samples/gas/generate.py into a temporary folder, runs
`huifang run --rules rules/gas.lua --format json,csv,pdf`, and checks the
results against values computed INDEPENDENTLY here: the CSV files are read with
Python's csv module, the policy's choices are hard-coded below from DOMAIN.md P6
and the numbers the rule file states (not read from it), and the ranks and the
selection come from tests/data/sampling/sampling_oracle.py (hashlib; written
from docs/rules-sampling.md). Nothing is copied back from the program's output.

Checks: the quotas per business type, every 单项工程 chosen (forced, 100%), the
exclusions counted per reason, the 90-day de-dup against history.csv (from the
outputs alone), the chosen set, ranks and hashes; the work list carries the
contact fields; GB18030 input gives the same tables; two runs give identical
bytes; the PDF passes qpdf --check, embeds its fonts, and pdftotext finds the
title and the names of chosen customers.

Env: HUIFANG (the CLI), HUIFANG_SOURCE_DIR, HUIFANG_BUILD_DIR (set by ctest).
Prints "N passed, 0 failed" at the end; exits 1 on any mismatch.
"""
import datetime
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hflib  # noqa: E402
from hflib import (SRC, HUIFANG, SAMPLING_ORACLE_DIR,  # noqa: E402
                   check, finish, read_csv, run_results, require_huifang, check_pdf_clients,
                   same_bytes, tables_only, read_bytes)
from hflib import diff_abs as diff  # noqa: E402
RULES = os.path.join(SRC, "rules", "gas.lua")
GENERATOR = os.path.join(SRC, "samples", "gas", "generate.py")
sys.path.insert(0, SAMPLING_ORACLE_DIR)
from sampling_oracle import Rec, select, ymd  # noqa: E402

# DOMAIN.md P6 and the numbers rules/gas.lua states in its comments.
TITLE = "燃气客户回访月度清单"
SEED = "2026-10"
MONTH = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
TYPES = ["维修", "置换", "安检", "售气", "零散", "单项工程", "车用燃气"]
MONTHLY = {"维修": 10, "置换": 8, "安检": 10, "售气": 6, "零散": 5, "车用燃气": 4}   # fixed households a month
ALL_OF = "单项工程"                                                                     # 100% callback (forced)
WINDOW = 90                                                                            # days
EXCLUSIONS = ["无联系电话", "客户不同意回访"]

def generate(out, *args):
    """Run this policy's sample generator into `out`."""
    hflib.generate(GENERATOR, out, *args)


def run(data_dir, out, formats="json,csv,pdf", extra=()):
    """`huifang run` on data_dir (one check: exit 0); results.json or None."""
    cmd = [HUIFANG, "run", "--rules", RULES, "--data-dir", data_dir, "--out", out, "--format", formats,
           "--period", "2026-10", *extra]
    return run_results(cmd, f"huifang run exits 0 ({os.path.basename(out)})", out)


# ------------------------------------------------------------------ oracle

def oracle(d, encoding="utf-8-sig"):
    orders = read_csv(os.path.join(d, "orders.csv"), encoding)
    hist = [(r["客户编号"], ymd(r["回访日期"])) for r in read_csv(os.path.join(d, "history.csv"), encoding)]
    recs, outside = [], 0
    for i, r in enumerate(orders):
        day = ymd(r["完工日期"])
        if not MONTH[0] <= day <= MONTH[1]:
            outside += 1
            continue
        if r["工单状态"] != "已完工":
            continue
        ex = EXCLUSIONS[0] if r["联系电话"] == "" else EXCLUSIONS[1] if r["同意回访"] == "否" else None
        fo = ALL_OF if ex is None and r["业务类型"] == ALL_OF else None
        recs.append(Rec(i, r["工单号"], r["业务类型"], ex, fo, r["客户编号"], day, data=dict(r, _line=i + 2)))

    def rule(stratum):
        return {"kind": "all"} if stratum == ALL_OF else {"kind": "count", "value": MONTHLY[stratum]}

    tallies = select(recs, SEED, rule, WINDOW, hist, [t for t in TYPES])
    return recs, tallies, hist, outside


def want_tables(recs, tallies):
    strata = [{"stratum": t["stratum"], "population": t["population"], "excluded": t["excluded"],
               "eligible": t["eligible"], "forced": t["forced"], "quota": t["quota"], "ranked": t["ranked"],
               "chosen": t["chosen"], "shortfall": t["shortfall"], "coverage": t["coverage"],
               "rule": "全部" if t["stratum"] == ALL_OF else f"{MONTHLY[t['stratum']]} 条"} for t in tallies]
    work, decisions = [], []
    for t in tallies:
        for r in t["order"]:
            decisions.append({"stratum": t["stratum"], "order_id": r.key, "line": r.data["_line"],
                              "decision": r.reason, "rank": r.rank, "hash": f"{r.hash:016x}", "chosen": r.chosen})
            if r.chosen:
                work.append({"stratum": t["stratum"], "order_id": r.key, "name": r.data["客户姓名"],
                             "phone": r.data["联系电话"], "address": r.data["用气地址"],
                             "reason": f"必抽：{ALL_OF}" if r.reason == "forced" else "按序抽中",
                             "rank": r.rank, "hash": f"{r.hash:016x}"})
    excluded = [{"reason": e, "count": sum(1 for r in recs if r.excluded == e)} for e in EXCLUSIONS]
    return {"callback_list_strata": strata, "callback_list": work, "callback_list_decisions": decisions,
            "callback_list_excluded": excluded}


# ------------------------------------------------------------------ checks

def check_month(tag, d, doc, encoding="utf-8-sig"):
    recs, tallies, hist, outside = oracle(d, encoding)
    want = want_tables(recs, tallies)
    check(doc.get("seed") == SEED, f"{tag}: results.json records the seed {SEED}", f"got {doc.get('seed')!r}")
    check(doc.get("title") == TITLE, f"{tag}: title", f"got {doc.get('title')!r}")
    for tid, rows in want.items():
        got = doc["tables"].get(tid, {}).get("rows")
        if not check(got is not None, f"{tag}: table {tid} present", list(doc["tables"])):
            continue
        check(not diff(got, rows), f"{tag}: {tid} ({len(rows)} rows) = oracle", diff(got, rows))
    strata = {r["stratum"]: r for r in doc["tables"]["callback_list_strata"]["rows"]}
    check([r["stratum"] for r in doc["tables"]["callback_list_strata"]["rows"]] ==
          sorted(TYPES, key=lambda s: s.encode()), f"{tag}: one stratum per business type, in byte order")
    for t, n in MONTHLY.items():
        s = strata.get(t, {})
        quota = min(n, s.get("eligible", 0) - s.get("forced", 0))
        check(s.get("quota") == quota and s.get("shortfall", -1) >= 0 and s.get("ranked") == quota - s["shortfall"],
              f"{tag}: {t}: {n} a month (quota {quota}; what de-dup leaves short is the shortfall)",
              json.dumps(s, ensure_ascii=False))
    dx = [r for r in recs if r.stratum == ALL_OF and r.excluded is None]
    work = doc["tables"]["callback_list"]["rows"]
    chosen_ids = {w["order_id"] for w in work}
    check(dx and all(r.key in chosen_ids for r in dx) and strata[ALL_OF]["coverage"] == 1,
          f"{tag}: every eligible 单项工程 ({len(dx)}) is on the list (100%)")
    # The 90-day window, from the outputs and history.csv alone: no pick by rank within 90 days of any
    # other contact of its customer (history, or another pick of this list).
    orders = {r["工单号"]: r for r in read_csv(os.path.join(d, "orders.csv"), encoding)}
    contacts = {}
    for c, day in hist:
        contacts.setdefault(c, []).append((None, day))
    for w in work:
        o = orders[w["order_id"]]
        contacts.setdefault(o["客户编号"], []).append((w["order_id"], ymd(o["完工日期"])))
    bad = []
    for w in work:
        if w["reason"] != "按序抽中":
            continue
        o = orders[w["order_id"]]
        for other, day in contacts[o["客户编号"]]:
            if other != w["order_id"] and abs((ymd(o["完工日期"]) - day).days) < WINDOW:
                bad.append(f"{w['order_id']} ({o['客户编号']}, {o['完工日期']}) vs {other or 'history'} {day}")
    check(not bad, f"{tag}: no customer picked by rank within {WINDOW} days of another contact", bad)
    ndedup = sum(1 for r in recs if r.reason == "dedup")
    check(ndedup > 0, f"{tag}: the de-dup window passes over some orders ({ndedup}): the test exercises it")
    check(all(w["phone"] for w in work) and all(w["address"] for w in work),
          f"{tag}: every order on the list has a phone and an address")
    check(doc["kpis"]["callback_list_chosen"]["value"] == len(work), f"{tag}: KPI chosen = {len(work)}")
    check(outside > 0 and any(f"{outside} 行的日期不在统计期" in w for w in doc["warnings"]),
          f"{tag}: the {outside} orders dated outside the month are warned about (the sample has some)",
          doc["warnings"])
    scores = [f"{tid}.{c['id']} {c['label']}" for tid, t in doc["tables"].items() for c in t["columns"]
              if "score" in c["id"] or "评分" in c["label"] or "得分" in c["label"]]
    check(not scores, f"{tag}: no score columns anywhere (P6: the company forbids scores)", scores)
    labels = [c["label"] for c in doc["tables"]["callback_list"]["columns"]]
    check(labels == ["业务类型", "工单号", "客户姓名", "联系电话", "用气地址", "抽中原因", "名次", "哈希值"],
          f"{tag}: work list columns (the contact fields the policy names)", labels)
    return work


def check_pdf(tag, pdf, work):
    _, flat = check_pdf_clients(tag, pdf)
    check(TITLE in flat, f"{tag}: pdftotext finds the title {TITLE}")
    ranked = [w for w in work if w["reason"] == "按序抽中"]
    missing = [w["name"] for w in ranked[:5] + work[:3] if w["name"] not in flat]
    check(not missing, f"{tag}: pdftotext finds the names of chosen customers", missing)
    check(work[0]["phone"] in flat and work[0]["order_id"] in flat,
          f"{tag}: pdftotext finds a chosen order's number and phone on one line (no wrapping)")
    check("每条记录的抽样判定" not in flat, f"{tag}: the decisions table stays out of the PDF")


def main():
    require_huifang()
    with tempfile.TemporaryDirectory(prefix="hf-gas-") as tmp:
        a, b = os.path.join(tmp, "gen-a"), os.path.join(tmp, "gen-b")
        generate(a)
        generate(b)
        for f in ("orders.csv", "history.csv"):
            check(same_bytes(os.path.join(a, f), os.path.join(b, f)),
                  f"generator: the same arguments give a byte-identical {f}")
        raw = read_bytes(os.path.join(a, "orders.csv"))
        check(raw.startswith("\ufeff工单号,业务类型,".encode()) and b"\r\n" in raw,
              "generator: orders.csv is UTF-8 with BOM, CRLF, Chinese header")
        orders = read_csv(os.path.join(a, "orders.csv"))
        kinds = {r["业务类型"] for r in orders}
        check(kinds == set(TYPES), "generator: all seven business types occur", sorted(kinds))
        print(f"gas month: {len(orders)} orders, "
              f"{sum(1 for r in orders if r['业务类型'] == ALL_OF)} 单项工程")

        outs = [os.path.join(tmp, "out-1"), os.path.join(tmp, "out-2")]
        docs = [run(a, o) for o in outs]
        if docs[0] is not None:
            work = check_month("default", a, docs[0])
            check_pdf("default", os.path.join(outs[0], "report.pdf"), work)
            csv_rows = read_csv(os.path.join(outs[0], "callback_list.csv"))
            check([r["工单号"] for r in csv_rows] == [w["order_id"] for w in work],
                  "default: callback_list.csv lists the work list in order")
        if docs[0] is not None and docs[1] is not None:
            for f in ("results.json", "report.pdf", "callback_list.csv", "callback_list_decisions.csv"):
                check(same_bytes(os.path.join(outs[0], f), os.path.join(outs[1], f)),
                      f"default: two runs give a byte-identical {f}")

        g = os.path.join(tmp, "gen-gb")
        generate(g, "--encoding", "gb18030")
        doc = run(g, os.path.join(tmp, "out-gb"), "json")
        if doc is not None and docs[0] is not None:
            check_month("gb18030", g, doc, "gb18030")
            check(tables_only(doc) ==
                  tables_only(docs[0]), "gb18030: the same tables as UTF-8")

        other = os.path.join(tmp, "gen-nov")
        generate(other, "--month", "2026-11", "--seed", "7")
        out = os.path.join(tmp, "out-nov")
        doc = run_results([HUIFANG, "run", "--rules", RULES, "--data-dir", other, "--out", out, "--format", "json",
                           "--period", "2026-11", "--seed", "2026-11"], "November with --seed 2026-11 runs", out)
        if doc is not None:
            check(doc.get("seed") == "2026-11", "--seed 2026-11 is recorded")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
