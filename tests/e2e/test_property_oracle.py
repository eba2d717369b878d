#!/usr/bin/env python3
"""End-to-end oracle test for the property-management policy (P4 of DOMAIN.md, rules/property.lua).

Generates a month with samples/property/generate.py into a temporary folder, runs
`huifang run --rules rules/property.lua --format json,csv,pdf --period 2026-10`, and checks
the results against values computed INDEPENDENTLY here: the CSV files are read with
Python's csv module, the policy's numbers are hard-coded below from DOMAIN.md P4 and
seed 003 (not read from the rule file), and the ranks and selections come from
tests/data/sampling/sampling_oracle.py (hashlib; written from docs/rules.md) plus a
direct ceil / hash sort for the repair and routine lists. Nothing is copied back from
the program's output.

Checks: the 100% list of complaints and opinion solicitations (forced, per kind), the
exemptions (anonymous complaints, written-reply-only complaints) counted per reason and
kept off the list; the repair quota = ceil(30% x completed orders of the month) and the
chosen set by hash; 5 routine households (3-5 a month); the five targets (value, bound,
met); the monthly summary tables by kind and method; the register table and its two
lists; the work lists do not depend on the row order; GB18030 input gives the same tables; --seed changes the draw as the
oracle says; the PDF passes qpdf --check, embeds its fonts, and pdftotext finds the
title and chosen owners' names.

Env: HUIFANG (the CLI), HUIFANG_SOURCE_DIR, HUIFANG_BUILD_DIR (set by ctest).
Prints "N passed, 0 failed" at the end; exits 1 on any mismatch.
"""
import datetime
import json
import math
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hflib  # noqa: E402
from hflib import (SRC, HUIFANG, SAMPLING_ORACLE_DIR,  # noqa: E402
                   check, finish, read_csv, run_results, require_huifang, check_pdf_clients, same_bytes,
                   tables_only, read_bytes, shuffle_csv)
from hflib import diff_abs as diff  # noqa: E402
RULES = os.path.join(SRC, "rules", "property.lua")
GENERATOR = os.path.join(SRC, "samples", "property", "generate.py")
sys.path.insert(0, SAMPLING_ORACLE_DIR)
from sampling_oracle import Rec, hash_hex, select, ymd  # noqa: E402

# DOMAIN.md P4 / seed 003, and the choices rules/property.lua states in its comments.
TITLE = "物业回访月度报告"
SEED = "2026-10"
MONTH = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
ALL_KINDS = ["投诉", "意见征询"]              # 100% called back (四、1)
EXEMPT = ["匿名投诉（未留姓名）", "只要求复函（复函附投诉表后）"]   # 三、6, in the rule's order
FORCE_REASON = {"投诉": "投诉 100% 回访", "意见征询": "意见征询 100% 回访"}
REPAIR_SHARE = (3, 10)                       # 30% of the month's repair orders, rounded up (四、4)
ROUTINE = 5                                  # 3-5 households a month: 5 drawn (客户回访规程 4.2)
DOOR_SIGNED_MIN = 0.40                       # signed door visits >= 40% (四、1)
PHONE_LETTER_MAX = 0.60                      # phone + letter <= 60% of the year's callbacks (四、3)
WHOLE = "（全部）"                            # the stratum of a sampling without strata

def generate(out, *args):
    """Run this policy's sample generator into `out`."""
    hflib.generate(GENERATOR, out, *args)


def run(data_dir, out, formats="json,csv,pdf", extra=()):
    """`huifang run` on data_dir (one check: exit 0); results.json or None."""
    cmd = [HUIFANG, "run", "--rules", RULES, "--data-dir", data_dir, "--out", out, "--format", formats,
           "--period", "2026-10", *extra]
    return run_results(cmd, f"huifang run exits 0 ({os.path.basename(out)})", out)


def in_month(s):
    return MONTH[0] <= ymd(s) <= MONTH[1]


def compare(tag, doc, tid, rows):
    got = doc["tables"].get(tid, {}).get("rows")
    if check(got is not None, f"{tag}: table {tid} present", sorted(doc["tables"])):
        check(not diff(got, rows), f"{tag}: {tid} ({len(rows)} rows) = oracle", diff(got, rows))


# ------------------------------------------------------------------ oracle

def exempt_reason(r):
    if r["类别"] != "投诉":
        return None
    if r["业主姓名"].strip() == "":
        return EXEMPT[0]
    if r["仅要求复函"] == "是":
        return EXEMPT[1]
    return None


def oracle_register(d, seed):
    reg = read_csv(os.path.join(d, "register.csv"))
    recs = []
    for i, r in enumerate(reg):
        if not in_month(r["登记日期"]) or r["类别"] not in ALL_KINDS:
            continue
        ex = exempt_reason(r)
        recs.append(Rec(i, r["登记编号"], r["类别"], ex, None if ex else FORCE_REASON[r["类别"]],
                        data=dict(r, _line=i + 2)))
    tallies = select(recs, seed, lambda s: {"kind": "all"})
    work, strata = [], []
    for t in tallies:
        strata.append({k: t[k] for k in ("stratum", "population", "excluded", "eligible", "forced", "quota",
                                          "ranked", "chosen", "shortfall", "coverage")} | {"rule": "全部"})
        for r in t["order"]:
            if r.chosen:
                work.append({"stratum": t["stratum"], "reg_no": r.key, "owner": r.data["业主姓名"],
                             "room": r.data["房号"], "phone": r.data["联系电话"], "summary": r.data["内容摘要"],
                             "reason": f"必抽：{r.forced}", "rank": r.rank, "hash": f"{r.hash:016x}"})
    excluded = [{"reason": e, "count": sum(1 for r in recs if r.excluded == e)} for e in EXEMPT]
    return recs, work, strata, excluded


def oracle_ranked(rows, key, seed, quota, fields, in_population):
    """A plain draw without strata, exclusions or de-dup: the `quota` lowest hashes, ranked and cut here (not
    through sampling_oracle.select) as a second, simpler derivation; only the hash is sampling_oracle's."""
    pop = [(i, r) for i, r in enumerate(rows) if in_population(r)]
    q = min(quota(len(pop)), len(pop))
    ranked = sorted(pop, key=lambda x: (hash_hex(seed, x[1][key]), x[1][key].encode(), x[0]))
    work = []
    for n, (i, r) in enumerate(ranked[:q]):
        work.append({key: r[key], **{f: r[h] for f, h in fields.items()}, "reason": "按序抽中", "rank": n + 1,
                     "hash": hash_hex(seed, r[key])})
    strata = [{"stratum": WHOLE, "population": len(pop), "excluded": 0, "eligible": len(pop), "forced": 0,
               "quota": q, "ranked": q, "chosen": q, "shortfall": 0,
               "coverage": q / len(pop) if pop else None}]
    return pop, work, strata


def repair_quota(n):
    return math.ceil(n * REPAIR_SHARE[0] / REPAIR_SHARE[1])   # exact integer arithmetic: ceil(3n/10)


def oracle_repairs(d, seed):
    rows = read_csv(os.path.join(d, "repairs.csv"))
    keyed = [dict(r, repair_no=r["维修单号"]) for r in rows]
    return oracle_ranked(keyed, "repair_no", seed, repair_quota,
                         {"owner": "业主姓名", "room": "房号", "phone": "联系电话", "item": "维修项目", "worker": "维修人员"},
                         lambda r: r["维修状态"] == "已完成" and in_month(r["报修日期"]))


def oracle_routine(d, seed):
    rows = read_csv(os.path.join(d, "households.csv"))
    keyed = [dict(r, room=r["房号"]) for r in rows]
    return oracle_ranked(keyed, "room", seed, lambda n: max(3, min(ROUTINE, n)),
                         {"owner": "业主姓名", "phone": "联系电话", "building": "楼栋"},
                         lambda r: r["入住状态"] == "已入住")


def oracle_targets(d):
    reg = read_csv(os.path.join(d, "register.csv"))
    cbs = read_csv(os.path.join(d, "callbacks.csv"))

    def share(rows, of, where):
        den = [r for r in rows if of(r)]
        num = [r for r in den if where(r)]
        return len(num), len(den)

    out = {}
    n, m = share(reg, lambda r: r["类别"] == "投诉" and exempt_reason(r) is None, lambda r: r["回访日期"] != "")
    out["complaints_called"] = (n, m, 1.0, True)
    n, m = share(reg, lambda r: r["类别"] == "意见征询", lambda r: r["回访日期"] != "")
    out["solicitations_called"] = (n, m, 1.0, True)
    n, m = share(reg, lambda r: r["类别"] == "投诉" and r["仅要求复函"] == "是", lambda r: r["复函日期"] != "")
    out["replies_on_file"] = (n, m, 1.0, True)
    n, m = share(cbs, lambda r: True, lambda r: r["回访方式"] == "上门" and r["业主签名"] == "是")
    out["door_signed_share"] = (n, m, DOOR_SIGNED_MIN, True)
    n, m = share(cbs, lambda r: True, lambda r: r["回访方式"] in ("电话", "信函"))
    out["phone_letter_share"] = (n, m, PHONE_LETTER_MAX, False)
    return out


def oracle_summary(d):
    cbs = [r for r in read_csv(os.path.join(d, "callbacks.csv")) if in_month(r["回访日期"])]

    def cols(rows):
        c = {"count": len(rows),
             "door": sum(r["回访方式"] == "上门" for r in rows),
             "door_signed": sum(r["回访方式"] == "上门" and r["业主签名"] == "是" for r in rows),
             "door_refused": sum(r["回访方式"] == "上门" and r["业主签名"] == "拒签" for r in rows),
             "phone": sum(r["回访方式"] == "电话" for r in rows),
             "letter": sum(r["回访方式"] == "信函" for r in rows)}
        c["phone_letter"] = c["phone"] + c["letter"]
        c["signed_share"] = c["door_signed"] / c["count"] if c["count"] else 0
        c["phone_letter_share"] = c["phone_letter"] / c["count"] if c["count"] else 0
        return c

    kinds = sorted({r["回访类别"] for r in cbs}, key=str.encode)
    by_kind = [{"kind": k, **cols([r for r in cbs if r["回访类别"] == k])} for k in kinds]
    by_kind.append({"kind": "合计", **cols(cbs)})
    pairs = sorted({(r["回访类别"], r["回访方式"]) for r in cbs}, key=lambda p: (p[0].encode(), p[1].encode()))
    by_km = []
    for k, m in pairs:
        rows = [r for r in cbs if r["回访类别"] == k and r["回访方式"] == m]
        by_km.append({"kind": k, "method": m, "count": len(rows), "door_signed": sum(r["业主签名"] == "是" for r in rows)})
    by_km.append({"kind": "合计", "method": None, "count": len(cbs), "door_signed": sum(r["业主签名"] == "是" for r in cbs)})
    return cbs, by_kind, by_km


def oracle_register_tables(d):
    reg = [(i + 2, r) for i, r in enumerate(read_csv(os.path.join(d, "register.csv"))) if in_month(r["登记日期"])]

    def cols(rows):
        return {"count": len(rows), "anonymous": sum(r["业主姓名"] == "" for r in rows),
                "reply_only_count": sum(r["仅要求复函"] == "是" for r in rows),
                "called": sum(r["回访日期"] != "" for r in rows), "replied": sum(r["复函日期"] != "" for r in rows)}

    rows = [r for _, r in reg]
    kinds = sorted({r["类别"] for r in rows}, key=str.encode)
    by_kind = [{"kind": k, **cols([r for r in rows if r["类别"] == k])} for k in kinds] + [{"kind": "合计", **cols(rows)}]
    nz = lambda s: s or None  # noqa: E731  (an empty cell is null in results.json)
    not_called = [{"line": ln, "reg_no": r["登记编号"], "kind": r["类别"], "date": r["登记日期"], "owner": r["业主姓名"],
                   "room": r["房号"], "phone": r["联系电话"], "summary": r["内容摘要"]}
                  for ln, r in reg if r["类别"] in ALL_KINDS and exempt_reason(r) is None and r["回访日期"] == ""]
    exempt = [{"line": ln, "reg_no": r["登记编号"], "date": r["登记日期"], "owner": nz(r["业主姓名"]),
               "reply_only": r["仅要求复函"], "reply_date": nz(r["复函日期"]), "summary": r["内容摘要"]}
              for ln, r in reg if exempt_reason(r) is not None]
    return by_kind, not_called, exempt


# ------------------------------------------------------------------ checks

def check_month(tag, d, doc, seed=SEED):
    check(doc.get("seed") == seed, f"{tag}: results.json records the seed {seed}", f"got {doc.get('seed')!r}")
    check(doc.get("title") == TITLE, f"{tag}: title", f"got {doc.get('title')!r}")

    # 100% list of complaints and opinion solicitations, exemptions counted.
    recs, work, strata, excluded = oracle_register(d, seed)
    compare(tag, doc, "complaint_callbacks", work)
    compare(tag, doc, "complaint_callbacks_strata", strata)
    compare(tag, doc, "complaint_callbacks_excluded", excluded)
    check([e["count"] for e in excluded] == [3, 3], f"{tag}: 3 anonymous and 3 reply-only complaints exempt",
          excluded)
    listed = {w["reg_no"] for w in doc["tables"]["complaint_callbacks"]["rows"]}
    due = {r.key for r in recs if r.excluded is None}
    check(listed == due and all(s["coverage"] == 1 for s in doc["tables"]["complaint_callbacks_strata"]["rows"]),
          f"{tag}: every non-exempt complaint and solicitation of the month is on the list ({len(due)})")
    check(not listed & {r.key for r in recs if r.excluded}, f"{tag}: no exempt complaint is on the list")
    dec = {r["reg_no"]: r for r in doc["tables"]["complaint_callbacks_decisions"]["rows"]}
    bad = [k for k, r in dec.items() if (r["decision"] == "excluded") != (k in {x.key for x in recs if x.excluded})]
    check(not bad and len(dec) == len(recs), f"{tag}: decisions: exactly the exempt complaints are 'excluded'", bad)

    # Repairs: 30%, rounded up.
    pop, work, strata = oracle_repairs(d, seed)
    n = len(pop)
    compare(tag, doc, "repair_callbacks", work)
    compare(tag, doc, "repair_callbacks_strata", strata)
    got = doc["tables"]["repair_callbacks_strata"]["rows"][0]
    check(got.get("quota") == -(-3 * n // 10) and got.get("quota", 0) >= 0.3 * n,
          f"{tag}: the program's repair quota = ceil(30% x {n}) = {-(-3 * n // 10)}", got.get("quota"))
    check(got.get("rule") == "30%（向上取整）", f"{tag}: repair rule reads 30%（向上取整）", got.get("rule"))

    # Routine visits: 5 occupied households.
    pop, work, strata = oracle_routine(d, seed)
    compare(tag, doc, "routine_visits", work)
    compare(tag, doc, "routine_visits_strata", strata)
    check(3 <= len(doc["tables"]["routine_visits"]["rows"]) <= 5, f"{tag}: 3-5 routine households drawn")

    # Targets.
    for tid, (num, den, bound, at_least) in oracle_targets(d).items():
        k = doc["kpis"].get(tid)
        if not check(k is not None, f"{tag}: target KPI {tid} present", sorted(doc["kpis"])):
            continue
        value = num / den if den else 0
        met = value >= bound if at_least else value <= bound
        check(abs(k["value"] - value) < 1e-12 and k.get("target") == bound and k.get("met") == met
              and k.get("detail") == f"{num} / {den} 条",
              f"{tag}: {tid} = {num}/{den} = {value:.4f} {'≥' if at_least else '≤'} {bound}: met={met}",
              json.dumps(k, ensure_ascii=False))
    trows = {r["id"]: r for r in doc["tables"]["targets"]["rows"]}
    check(set(trows) == set(oracle_targets(d)), f"{tag}: the targets table has the five targets", sorted(trows))

    # Monthly summary tables, register tables and lists.
    _, by_kind, by_km = oracle_summary(d)
    compare(tag, doc, "monthly_by_kind", by_kind)
    compare(tag, doc, "monthly_by_kind_method", by_km)
    by_kind, not_called, exempt = oracle_register_tables(d)
    compare(tag, doc, "register_by_kind", by_kind)
    compare(tag, doc, "not_called_back", not_called)
    compare(tag, doc, "exempt_complaints", exempt)
    return doc


def check_pdf(tag, pdf, doc):
    _, flat = check_pdf_clients(tag, pdf)
    check(TITLE in flat, f"{tag}: pdftotext finds the title {TITLE}")
    names = [w["owner"] for w in doc["tables"]["repair_callbacks"]["rows"][:3]] + \
            [w["owner"] for w in doc["tables"]["complaint_callbacks"]["rows"][:3]] + \
            [w["owner"] for w in doc["tables"]["routine_visits"]["rows"]]
    missing = [n for n in names if n not in flat]
    check(not missing, f"{tag}: pdftotext finds chosen owners' names ({len(names)})", missing)
    check("本月回访汇总" in flat and "签名上门率" in flat, f"{tag}: the summary table and the targets are printed")


def shuffled_copy(src, dst, seed):
    os.makedirs(dst, exist_ok=True)
    rnd = random.Random(seed)
    for f in ("households.csv", "repairs.csv", "register.csv", "callbacks.csv"):
        shuffle_csv(os.path.join(src, f), os.path.join(dst, f), rnd)


def main():
    require_huifang()
    with tempfile.TemporaryDirectory(prefix="hf-property-") as tmp:
        a, b = os.path.join(tmp, "gen-a"), os.path.join(tmp, "gen-b")
        generate(a)
        generate(b)
        for f in ("households.csv", "repairs.csv", "register.csv", "callbacks.csv"):
            check(same_bytes(os.path.join(a, f), os.path.join(b, f)),
                  f"generator: the same arguments give a byte-identical {f}")
        raw = read_bytes(os.path.join(a, "register.csv"))
        check(raw.startswith("\ufeff登记编号,类别,".encode()) and b"\r\n" in raw,
              "generator: register.csv is UTF-8 with BOM, CRLF, Chinese header")
        cbs = read_csv(os.path.join(a, "callbacks.csv"))
        check({r["回访类别"] for r in cbs} == {"投诉", "意见征询", "意见建议", "维修", "日常回访"}
              and {r["回访方式"] for r in cbs} == {"上门", "电话", "信函"},
              "generator: every callback kind and method occurs")
        check(min(r["回访日期"] for r in cbs) < "2026-02-01" and max(r["回访日期"] for r in cbs) <= "2026-10-31",
              "generator: callbacks.csv covers the year to date")
        # The register's callback column agrees with the callback log (the generator's own consistency).
        logged = {(r["关联单号"], r["回访日期"], r["回访方式"]) for r in cbs}
        reg = read_csv(os.path.join(a, "register.csv"))
        bad = [r["登记编号"] for r in reg if r["回访日期"] and (r["登记编号"], r["回访日期"], r["回访方式"]) not in logged]
        check(not bad, "generator: every callback noted in register.csv is in callbacks.csv", bad)
        print(f"property month: {len(reg)} register rows, {len(cbs)} callbacks this year")

        out = os.path.join(tmp, "out")
        doc = run(a, out)
        if doc is not None:
            check_month("default", a, doc)
            check_pdf("default", os.path.join(out, "report.pdf"), doc)
            met = {k: doc["kpis"][k]["met"] for k in oracle_targets(a)}
            check(met["complaints_called"] is False and met["door_signed_share"] and met["phone_letter_share"],
                  "default: the sample misses the complaint 100% (one registered on the 31st), meets 40% / 60%", met)
            rows = read_csv(os.path.join(out, "repair_callbacks.csv"))
            check([r["维修单号"] for r in rows] == [w["repair_no"] for w in doc["tables"]["repair_callbacks"]["rows"]],
                  "default: repair_callbacks.csv lists the work list in order")

            s = os.path.join(tmp, "gen-shuffled")
            shuffled_copy(a, s, 11)
            doc2 = run(s, os.path.join(tmp, "out-shuffled"), "json")
            if doc2 is not None:
                for tid in ("complaint_callbacks", "repair_callbacks", "routine_visits", "monthly_by_kind",
                            "monthly_by_kind_method", "register_by_kind", "complaint_callbacks_excluded"):
                    check(doc2["tables"][tid]["rows"] == doc["tables"][tid]["rows"],
                          f"shuffled rows: {tid} is unchanged")
                check({k: v["value"] for k, v in doc2["kpis"].items()} == {k: v["value"] for k, v in doc["kpis"].items()},
                      "shuffled rows: every KPI is unchanged")

        g = os.path.join(tmp, "gen-gb")
        generate(g, "--encoding", "gb18030")
        doc4 = run(g, os.path.join(tmp, "out-gb"), "json")
        if doc4 is not None and doc is not None:
            check(tables_only(doc4) == tables_only(doc),
                  "gb18030: the same tables as UTF-8")

        doc3 = run(a, os.path.join(tmp, "out-seed"), "json", ("--seed", "2026-10-b"))
        if doc3 is not None:
            check_month("--seed", a, doc3, "2026-10-b")
            if doc is not None:
                check(doc3["tables"]["repair_callbacks"]["rows"] != doc["tables"]["repair_callbacks"]["rows"],
                      "--seed: another seed draws another repair list")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
