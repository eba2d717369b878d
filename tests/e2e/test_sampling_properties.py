#!/usr/bin/env python3
"""End-to-end property tests of the `sampling` section (issue item 7).

Everything expected here is computed INDEPENDENTLY: the CSV files are read with
Python's csv module, the rule's filters are re-coded in Python below, and the
ranks and the selection come from tests/data/sampling/sampling_oracle.py (a
re-implementation from docs/rules-sampling.md, with hashlib). Nothing is copied
back from the program's output.

1. The small fixture (tests/data/sampling/small): every table equals the oracle.
2. Row order does not matter: shuffled copies of every input give a
   byte-identical work list CSV, strata CSV and exclusions CSV, and the same
   decisions (only the line numbers move, and each still points at its row).
3. The de-dup window is never violated: checked from the outputs and the
   history file alone.
4. Different seeds give different samples of the same sizes.
5. A generated population (random.Random, 3000 rows, two samplings, two strata
   fields, min/max, distinct units): oracle equality, shuffle, dedup, seeds.
6. The seed: recorded in results.json, --seed overrides it, and a sampling
   policy with no seed is an error naming the rule file (exit 1).
7. A policy error names the rule file and the key path (exit 1).

Env: HUIFANG (the CLI), HUIFANG_SOURCE_DIR, HUIFANG_BUILD_DIR (set by ctest).
Prints "N passed, 0 failed" at the end; exits 1 on any mismatch.
"""
import csv
import datetime
import json
import os
import random
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hflib import (HUIFANG, SAMPLING_ORACLE_DIR, check, finish, read_csv, load_results,  # noqa: E402
                   require_huifang, run_tool, check_qpdf, pdf_text, same_bytes)
from hflib import diff_abs as subset  # noqa: E402  (mismatches of want's keys; floats within 1e-12)
SDATA = SAMPLING_ORACLE_DIR
sys.path.insert(0, SDATA)
from sampling_oracle import Rec, select, ymd  # noqa: E402

OCT = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
def run(rules, data_dir, out, extra=(), formats="json,csv"):
    cmd = [HUIFANG, "run", "--rules", rules, "--data-dir", data_dir, "--out", out, "--format", formats, *extra]
    p = run_tool(cmd)
    return p, (load_results(out) if p.returncode == 0 else None)


def run_ok(rules, data_dir, out, extra=(), formats="json,csv"):
    p, doc = run(rules, data_dir, out, extra, formats)
    check(p.returncode == 0, f"huifang run exits 0 ({os.path.basename(out)})",
          [f"exit {p.returncode}"] + p.stderr.strip().splitlines()[-8:])
    return doc


def rows(doc, tid):
    return doc["tables"][tid]["rows"]


# ------------------------------------------------------------------ oracles

def small_oracle(d, seed="2026-10"):
    """tests/data/sampling/small/rule.lua, re-coded."""
    orders = read_csv(os.path.join(d, "orders.csv"))
    hist = [(r["客户编号"], ymd(r["回访日期"])) for r in read_csv(os.path.join(d, "history.csv"))]
    last = {r["单号"] for r in read_csv(os.path.join(d, "last.csv"))}
    recs = []
    for i, r in enumerate(orders):
        day = ymd(r["日期"])
        if not OCT[0] <= day <= OCT[1] or r["状态"] != "已完成":
            continue
        ex = "匿名投诉" if r["匿名"] == "是" else "当场解决" if r["当场解决"] == "是" else None
        fo = "单价超过 2000 元" if ex is None and float(r["单价"]) > 2000 else None
        recs.append(Rec(i, r["单号"], r["业务类型"], ex, fo, r["客户编号"], day, None, r["单号"] in last,
                        dict(r, _line=i + 2)))
    rules = {"单项工程": {"kind": "all"}, "维修": {"kind": "count", "value": 3},
             "车用燃气": {"kind": "count", "value": 2}}
    tallies = select(recs, seed, lambda s: rules.get(s, {"kind": "ratio", "value": 0.3}), 90, hist, ["车用燃气"])
    work = []
    for t in tallies:
        for r in t["order"]:
            if r.chosen:
                work.append({"stratum": t["stratum"], "id": r.key, "name": r.data["客户姓名"],
                             "phone": r.data["联系电话"], "date": r.date.isoformat(),
                             "reason": "必抽：单价超过 2000 元" if r.reason == "forced" else "按序抽中",
                             "rank": r.rank, "hash": f"{r.hash:016x}"})
    return recs, tallies, work, hist


def strata_rows(tallies, label=lambda s: s):
    return [{k: t[k] for k in ("population", "excluded", "eligible", "forced", "quota", "ranked", "chosen",
                               "shortfall", "coverage")} | {"stratum": label(t["stratum"])} for t in tallies]


def decision_rows(tallies, keyname, label=lambda s: s):
    out = []
    for t in tallies:
        for r in t["order"]:
            out.append({"stratum": label(t["stratum"]), keyname: r.key, "line": r.data["_line"],
                        "decision": r.reason, "rank": r.rank, "hash": f"{r.hash:016x}", "chosen": r.chosen})
    return out


def dedup_violations(work, customer_of, date_of, hist, window, forced_of):
    """Pairs of contacts of one customer closer than `window` days where the later-judged one is a rank pick:
    every pick by rank must be >= window days from every history contact and every other pick."""
    contacts = {}
    for c, d in hist:
        contacts.setdefault(c, []).append(("history", d))
    for w in work:
        contacts.setdefault(customer_of(w), []).append((w, date_of(w)))
    bad = []
    for w in work:
        if forced_of(w) or not customer_of(w):
            continue
        for other, d in contacts.get(customer_of(w), []):
            if other is w:
                continue
            if abs((date_of(w) - d).days) < window:
                bad.append(f"{customer_of(w)}: pick on {date_of(w)} and a contact on {d}")
    return bad


# ------------------------------------------------------------------ shuffles

def shuffled_copy(src, dst, names, seed):
    """Copies every CSV, data rows shuffled (header first); returns {file: new order of old row indexes}."""
    os.makedirs(dst, exist_ok=True)
    perms = {}
    for n in names:
        with open(os.path.join(src, n), "rb") as f:
            lines = f.read().split(b"\r\n")
        if lines and lines[-1] == b"":
            lines.pop()
        head, body = lines[0], lines[1:]
        idx = list(range(len(body)))
        random.Random(seed).shuffle(idx)
        with open(os.path.join(dst, n), "wb") as f:
            f.write(b"\r\n".join([head] + [body[i] for i in idx]) + b"\r\n")
        perms[n] = idx
    return perms


def check_shuffle(tag, rules, d, names, tids, keyname, extra=()):
    """Shuffled inputs: byte-identical CSVs of `tids`, decisions equal but for the line."""
    with tempfile.TemporaryDirectory(prefix="hf-smp-shuf-") as tmp:
        docs, outs = [], []
        for k, seed in enumerate((None, 11, 12)):
            dd = d if seed is None else os.path.join(tmp, f"data{k}")
            if seed is not None:
                shuffled_copy(d, dd, names, seed)
            out = os.path.join(tmp, f"out{k}")
            docs.append(run_ok(rules, dd, out, extra))
            outs.append((dd, out))
        if any(x is None for x in docs):
            return
        for k in (1, 2):
            for tid in tids:
                check(same_bytes(os.path.join(outs[0][1], tid + ".csv"), os.path.join(outs[k][1], tid + ".csv")),
                      f"{tag}: shuffle {k}: {tid}.csv byte-identical")
            for tid, t in docs[0]["tables"].items():
                strip = (lambda rs: [{c: v for c, v in r.items() if c != "line"} for r in rs])
                check(strip(t["rows"]) == strip(docs[k]["tables"][tid]["rows"]),
                      f"{tag}: shuffle {k}: table {tid} identical (line numbers aside)")
            check(docs[0]["kpis"] == docs[k]["kpis"], f"{tag}: shuffle {k}: KPIs identical")
            # each decision's line still names its record in the shuffled file
            for tid, t in docs[k]["tables"].items():
                if not tid.endswith("_decisions"):
                    continue
                data = read_csv(os.path.join(outs[k][0], names[0]))
                header_key = [c["label"] for c in t["columns"] if c["id"] == keyname][0]
                bad = [r for r in t["rows"] if data[r["line"] - 2][header_key] != r[keyname]]
                check(not bad, f"{tag}: shuffle {k}: {tid} lines point at their records in the shuffled file",
                      [json.dumps(r, ensure_ascii=False) for r in bad])


# ------------------------------------------------------------------ 1-4: the small fixture

def test_small(tmp):
    rules = os.path.join(SDATA, "small", "rule.lua")
    d = os.path.join(SDATA, "small")
    out = os.path.join(tmp, "small")
    doc = run_ok(rules, d, out, ["--period", "2026-10"], "json,csv,pdf")
    if doc is None:
        return
    recs, tallies, work, hist = small_oracle(d)
    check(doc.get("seed") == "2026-10", "small: results.json records the seed", f"got {doc.get('seed')!r}")
    check(not subset(rows(doc, "callback_list_strata"), strata_rows(tallies)), "small: strata table = oracle",
          subset(rows(doc, "callback_list_strata"), strata_rows(tallies)))
    check(not subset(rows(doc, "callback_list"), work), "small: work list = oracle (order, reason, rank, hash)",
          subset(rows(doc, "callback_list"), work))
    want_dec = decision_rows(tallies, "id")
    check(not subset(rows(doc, "callback_list_decisions"), want_dec), "small: decisions = oracle",
          subset(rows(doc, "callback_list_decisions"), want_dec))
    exc = {}
    for r in recs:
        if r.excluded:
            exc[r.excluded] = exc.get(r.excluded, 0) + 1
    want_exc = [{"reason": "匿名投诉", "count": exc.get("匿名投诉", 0)},
                {"reason": "当场解决", "count": exc.get("当场解决", 0)}]
    check(rows(doc, "callback_list_excluded") == want_exc, "small: exclusions counted per reason",
          f"got {rows(doc, 'callback_list_excluded')}, expected {want_exc}")
    nchosen = sum(1 for r in recs if r.chosen)
    check(doc["kpis"]["callback_list_chosen"]["value"] == nchosen, f"small: KPI chosen = {nchosen}")
    nshort = sum(1 for t in tallies if t["shortfall"])
    check(doc["kpis"]["callback_list_short_strata"]["value"] == nshort, f"small: KPI short strata = {nshort}")
    check(any("车用燃气" in w and "没有记录" in w for w in doc["warnings"]),
          "small: a quota naming no stratum in the data is warned about")
    short = [t["stratum"] for t in tallies if t["shortfall"]]
    check(short and all(any(f"分层「{s}」" in w for w in doc["warnings"]) for s in short),
          f"small: a warning per stratum with a shortfall ({short}; 车用燃气 has one at least)", doc["warnings"])
    csv_rows = read_csv(os.path.join(out, "callback_list.csv"))
    labels = ["业务类型", "单号", "客户姓名", "联系电话", "日期", "抽中原因", "名次", "哈希值"]
    check(csv_rows and list(csv_rows[0].keys()) == labels, "small: work list CSV header is the labels",
          f"got {list(csv_rows[0].keys()) if csv_rows else None}")
    check([r["单号"] for r in csv_rows] == [w["id"] for w in work], "small: work list CSV rows = oracle order")
    cust = {r["单号"]: r["客户编号"] for r in read_csv(os.path.join(d, "orders.csv"))}
    bad = dedup_violations(rows(doc, "callback_list"), lambda w: cust[w["id"]],
                           lambda w: datetime.date.fromisoformat(w["date"]), hist, 90,
                           lambda w: w["reason"].startswith("必抽"))
    check(not bad, "small: no pick by rank within 90 days of another contact of its customer (outputs + history)",
          bad)
    # the PDF: the work list is in it, the decisions are not
    pdf = os.path.join(out, "report.pdf")
    check_qpdf("small", pdf)
    text = pdf_text(pdf)[0].stdout
    check("本月回访清单" in text and work[0]["hash"] in text and work[0]["name"] in text,
          "small: pdftotext finds the work list (title, first name, first hash)")
    check("每条记录的抽样判定" not in text, "small: the decisions table is not in the PDF (no_pdf)")

    # 2. shuffled inputs
    check_shuffle("small", rules, d, ["orders.csv", "history.csv", "last.csv"],
                  ["callback_list", "callback_list_strata", "callback_list_excluded"], "id", ["--period", "2026-10"])

    # 4. another seed: other picks, same quotas
    doc2 = run_ok(rules, d, os.path.join(tmp, "small-seed"), ["--period", "2026-10", "--seed", "2026-11"])
    if doc2:
        _, _, work2, _ = small_oracle(d, "2026-11")
        check(doc2.get("seed") == "2026-11", "seed: --seed overrides the rule's seed in results.json")
        check(not subset(rows(doc2, "callback_list"), work2), "seed 2026-11: work list = oracle",
              subset(rows(doc2, "callback_list"), work2))
        check([r["quota"] for r in rows(doc2, "callback_list_strata")] ==
              [r["quota"] for r in rows(doc, "callback_list_strata")], "seed: same quotas per stratum")
        check({w["id"] for w in work} != {w["id"] for w in work2}, "seed: a different seed gives a different sample")


# ------------------------------------------------------------------ 5: a generated population

REGIONS = ["华东", "华北", "华南", "西南"]
CATEGORIES = ["维修", "投诉", "咨询", "安装", "表扬"]
ITEMS = [f"物品{k:02d}" for k in range(40)]


def generate(d, seed, n=3000, customers=500):
    rnd = random.Random(seed)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "calls.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["工单号", "区域", "类别", "客户编号", "电话", "日期", "金额", "渠道", "物品"])
        for i in range(n):
            cust = "" if rnd.random() < 0.03 else f"K{rnd.randrange(customers):05d}"
            phone = "拒访" if rnd.random() < 0.02 else f"1390000{rnd.randrange(10000):04d}"
            day = datetime.date(2026, 10, 1) + datetime.timedelta(days=rnd.randrange(31))
            if rnd.random() < 0.02:
                day = datetime.date(2026, 9, 30)
            amount = round(rnd.choices([rnd.uniform(20, 900), rnd.uniform(900, 4000), rnd.uniform(4000, 9000)],
                                       weights=[70, 26, 4])[0], 2)
            cat = rnd.choices(CATEGORIES, weights=[5, 1, 3, 2, 0.12])[0]
            w.writerow([f"W{2026100000 + i * 3}", rnd.choice(REGIONS), cat, cust, phone, day.strftime("%Y%m%d"),
                        f"{amount:.2f}", "内部" if rnd.random() < 0.05 else rnd.choice(["电话", "网站", "门店"]),
                        rnd.choice(ITEMS[:12] if cat == "投诉" else ITEMS)])
    with open(os.path.join(d, "history.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["客户编号", "回访日期"])
        for _ in range(customers // 2):
            day = datetime.date(2026, 9, 1) + datetime.timedelta(days=rnd.randrange(60))
            w.writerow([f"K{rnd.randrange(customers):05d}", day.isoformat()])
    ids = [r["工单号"] for r in read_csv(os.path.join(d, "calls.csv"))]
    with open(os.path.join(d, "previous.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("工单号\r\n" + "".join(i + "\r\n" for i in rnd.sample(ids, 150)))


def property_oracle(d, seed):
    calls = read_csv(os.path.join(d, "calls.csv"))
    hist = [(r["客户编号"], ymd(r["回访日期"])) for r in read_csv(os.path.join(d, "history.csv"))]
    prev = {r["工单号"] for r in read_csv(os.path.join(d, "previous.csv"))}
    visits, items = [], []
    for i, r in enumerate(calls):
        day = ymd(r["日期"])
        data = dict(r, _line=i + 2)
        items.append(Rec(i, r["工单号"], r["类别"], unit=r["物品"], data=data))
        if not OCT[0] <= day <= OCT[1] or r["渠道"] == "内部":
            continue
        ex = "无联系方式" if r["客户编号"] == "" else "客户要求不回访" if r["电话"] == "拒访" else None
        fo = "金额超过 5000 元" if ex is None and float(r["金额"]) > 5000 else None
        visits.append(Rec(i, r["工单号"], f"{r['区域']} / {r['类别']}", ex, fo, r["客户编号"] or None, day, None,
                          r["工单号"] in prev, data))
    rule = {"kind": "ratio", "value": 0.1, "min": 2, "max": 30}
    tv = select(visits, seed, lambda s: {"kind": "all"} if s == "华东 / 投诉" else rule, 30, hist)
    ti = select(items, seed, lambda s: {"kind": "count", "value": 5})
    return visits, tv, items, ti, hist


def test_generated(tmp):
    rules = os.path.join(SDATA, "property", "rule.lua")
    for gseed in (1, 2):
        d = os.path.join(tmp, f"gen{gseed}")
        generate(d, gseed)
        docs = {}
        for seed in ("property-1", "property-2"):
            out = os.path.join(tmp, f"gen{gseed}-{seed}")
            extra = ["--period", "2026-10"] + ([] if seed == "property-1" else ["--seed", seed])
            doc = run_ok(rules, d, out, extra, "json,csv,pdf" if seed == "property-1" else "json,csv")
            if doc is None:
                continue
            docs[seed] = doc
            tag = f"gen{gseed}/{seed}"
            visits, tv, items, ti, _ = property_oracle(d, seed)
            check(not subset(rows(doc, "visits_strata"), strata_rows(tv)), f"{tag}: visits strata = oracle",
                  subset(rows(doc, "visits_strata"), strata_rows(tv)))
            want = [{"stratum": t["stratum"], "id": r.key, "rank": r.rank, "hash": f"{r.hash:016x}"}
                    for t in tv for r in t["order"] if r.chosen]
            check(not subset(rows(doc, "visits"), want), f"{tag}: visits work list = oracle ({len(want)} rows)",
                  subset(rows(doc, "visits"), want))
            check(not subset(rows(doc, "visits_decisions"), decision_rows(tv, "id")),
                  f"{tag}: visits decisions = oracle ({len(visits)} rows)",
                  subset(rows(doc, "visits_decisions"), decision_rows(tv, "id")))
            check(not subset(rows(doc, "items_strata"), strata_rows(ti, lambda s: s)), f"{tag}: items strata = oracle",
                  subset(rows(doc, "items_strata"), strata_rows(ti)))
            check(not subset(rows(doc, "items_decisions"), decision_rows(ti, "id")),
                  f"{tag}: items decisions = oracle (distinct units)",
                  subset(rows(doc, "items_decisions"), decision_rows(ti, "id")))
            picked = [r for r in rows(doc, "items_decisions") if r["decision"] == "rank"]
            per_item = {}
            for r in picked:
                item = next(x for x in items if x.key == r["id"]).unit
                per_item[item] = per_item.get(item, 0) + 1
            check(all(v == 1 for v in per_item.values()), f"{tag}: items: at most one record per item chosen by rank")
            check(any(r["decision"] == "same_unit" for r in rows(doc, "items_decisions")),
                  f"{tag}: items: the same_unit reason occurs (the test exercises it)")
            # 3. the dedup window, from the outputs and history.csv alone
            cust = {r["工单号"]: r["客户编号"] for r in read_csv(os.path.join(d, "calls.csv"))}
            hist_rows = [(r["客户编号"], ymd(r["回访日期"])) for r in read_csv(os.path.join(d, "history.csv"))]
            bad = dedup_violations(rows(doc, "visits"), lambda w: cust[w["id"]],
                                   lambda w: datetime.date.fromisoformat(w["date"]), hist_rows, 30,
                                   lambda w: w["reason"].startswith("必抽"))
            check(not bad, f"{tag}: dedup: no pick by rank within 30 days of another contact of its customer", bad)
            reasons = {r["decision"] for r in rows(doc, "visits_decisions")}
            check({"excluded", "forced", "rank", "not_reached", "dedup", "previous"} <= reasons,
                  f"{tag}: every decision kind occurs (the generated data exercises them)", sorted(reasons))
            mins = [r for r in rows(doc, "visits_strata")
                    if r["stratum"] != "华东 / 投诉" and 2 <= r["eligible"] - r["forced"] <= 10]
            check(mins and all(r["quota"] == 2 for r in mins),
                  f"{tag}: min = 2 lifts the small strata's 10% (ceil(0.1 × n) = 1) to 2", mins)
            caps = [r for r in rows(doc, "visits_strata") if r["stratum"] != "华东 / 投诉" and r["quota"] > 30]
            check(not caps, f"{tag}: max = 30 caps every ratio stratum", caps)
        if len(docs) == 2:
            a = [len(rows(docs[s], "visits_strata")) for s in docs]
            check(a[0] == a[1] and [r["quota"] for r in rows(docs["property-1"], "visits_strata")] ==
                  [r["quota"] for r in rows(docs["property-2"], "visits_strata")],
                  f"gen{gseed}: two seeds: same strata and quotas")
            sa = {r["id"] for r in rows(docs["property-1"], "visits")}
            sb = {r["id"] for r in rows(docs["property-2"], "visits")}
            check(sa != sb and len(sa & sb) < 0.8 * len(sa), f"gen{gseed}: two seeds: different samples "
                  f"({len(sa & sb)} of {len(sa)} in common, the forced ones and the 100% stratum)")
            ia = [r["ranked"] for r in rows(docs["property-1"], "items_strata")]
            ib = [r["ranked"] for r in rows(docs["property-2"], "items_strata")]
            check(ia == ib, f"gen{gseed}: two seeds: same sample sizes (items)", f"{ia} vs {ib}")
        if gseed == 1:
            check_shuffle("gen1", rules, d, ["calls.csv", "history.csv", "previous.csv"],
                          ["visits", "visits_strata", "visits_excluded", "items", "items_strata"], "id",
                          ["--period", "2026-10"])


# ------------------------------------------------------------------ 6-7: seed and errors

def test_errors(tmp):
    d = os.path.join(SDATA, "small")
    noseed = os.path.join(tmp, "noseed.lua")
    with open(os.path.join(d, "rule.lua"), encoding="utf-8") as f:
        text = f.read().replace('seed = "2026-10",', "")
    check("seed" not in text.split("sampling")[0], "noseed.lua has no seed")
    with open(noseed, "w", encoding="utf-8") as f:
        f.write(text)
    p, _ = run(noseed, d, os.path.join(tmp, "noseed-out"))
    check(p.returncode == 1 and noseed in p.stderr and "seed" in p.stderr and "--seed" in p.stderr,
          "no seed: exit 1, the message names the rule file and says how to give a seed",
          [f"exit {p.returncode}", p.stderr.strip()])
    check(not os.path.exists(os.path.join(tmp, "noseed-out", "results.json")), "no seed: no output written")
    doc = run_ok(noseed, d, os.path.join(tmp, "noseed-seed"), ["--seed", "2026-10", "--period", "2026-10"])
    ref = run_ok(os.path.join(d, "rule.lua"), d, os.path.join(tmp, "ref"), ["--period", "2026-10"])
    if doc and ref:
        check(doc["tables"] == ref["tables"] and doc["seed"] == "2026-10",
              "no seed + --seed 2026-10: the same tables as the rule's own seed 2026-10")
    bad = os.path.join(SDATA, "invalid", "history_without_days.lua")
    p, _ = run(bad, d, os.path.join(tmp, "bad-out"))
    check(p.returncode == 1 and "history_without_days.lua" in p.stderr and "sampling[1].dedup.days" in p.stderr,
          "a policy error: exit 1, names the file and the key path", p.stderr.strip())
    p = run_tool([HUIFANG, "run", "--help"])
    check("--seed" in p.stdout, "run --help mentions --seed")
    # duplicate keys are warned about
    dup = os.path.join(tmp, "dup")
    shutil.copytree(d, dup)
    with open(os.path.join(dup, "orders.csv"), "rb") as f:
        lines = f.read().split(b"\r\n")
    with open(os.path.join(dup, "orders.csv"), "wb") as f:
        f.write(b"\r\n".join(lines[:3] + [lines[2]] + lines[3:]))
    doc = run_ok(os.path.join(dup, "rule.lua"), dup, os.path.join(tmp, "dup-out"), ["--period", "2026-10"])
    if doc:
        check(any("重复" in w and "key" in w for w in doc["warnings"]), "duplicate keys: warned",
              doc["warnings"])


def main():
    require_huifang()
    with tempfile.TemporaryDirectory(prefix="hf-smp-") as tmp:
        test_small(tmp)
        test_generated(tmp)
        test_errors(tmp)
    sys.exit(finish())


if __name__ == "__main__":
    main()
