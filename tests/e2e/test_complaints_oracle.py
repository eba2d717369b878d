#!/usr/bin/env python3
"""End-to-end oracle test for the complaint-callback policy (P5 of DOMAIN.md, seed 001, rules/complaints.lua).

Generates a month with samples/complaints/generate.py into a temporary folder, runs
`huifang run --rules rules/complaints.lua --data-dir DIR --out OUT --format json,csv,pdf`, and checks the results
against values computed INDEPENDENTLY here: the CSV is read with Python's csv module, the policy's choices are
hard-coded below from DOMAIN.md P5 and the seed (not read from the rule file), the hashes come from hashlib, the
24-hour states from datetime arithmetic as docs/rules.md (deadlines) defines them. Nothing is copied back from the
program's output.

Checks: the three exemptions counted per reason (first match, in the seed's order); the work list = every handled,
non-exempt complaint, per management office, in hash order, with the contact fields; the strata table (all, 100%);
the QC notice within 24 hours (every record's due, state and lateness, per category and per office, met rate and
overdue KPIs); the monthly 顾客投诉分类统计表 and the channel table; the daily log; the callback-coverage target;
GB18030 input and a shuffled file give the same tables; two runs give identical bytes; the PDF passes qpdf --check,
embeds its fonts, and pdftotext finds the title, a category name and a name from the work list.

Env: HUIFANG (the CLI), HUIFANG_SOURCE_DIR, HUIFANG_BUILD_DIR (set by ctest).
Prints "N passed, 0 failed" at the end; exits 1 on any mismatch.
"""
import collections
import datetime
import json
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hflib  # noqa: E402
from hflib import (SRC, HUIFANG, SAMPLING_ORACLE_DIR, DEADLINE_ORACLE_DIR,  # noqa: E402
                   check, finish, read_csv, run_results, require_huifang, check_pdf_clients, same_bytes,
                   tables_only, read_bytes, shuffle_csv)
from hflib import diff_abs as diff  # noqa: E402
sys.path[:0] = [SAMPLING_ORACLE_DIR, DEADLINE_ORACLE_DIR]
from sampling_oracle import hash_hex  # noqa: E402
from deadline_oracle import STATE_NAMES, as_of_end, due_stamp, judge, lateness_problems, stamp  # noqa: E402
RULES = os.path.join(SRC, "rules", "complaints.lua")
GENERATOR = os.path.join(SRC, "samples", "complaints", "generate.py")

# DOMAIN.md P5 / seed 001, and the numbers rules/complaints.lua states in its comments.
TITLE = "顾客投诉处理与回访月报"
SEED = "2026-10"
HOURS = 24                                        # QC notified within 24 hours of the complaint
COVERAGE_TARGET = 1.0                             # every owed complaint called back
QC_TARGET = 1.0                                   # every complaint's QC notice on time
EXEMPTIONS = ["现场即时处理并经顾客满意确认", "匿名投诉或无法确定联络方式", "不便回访的敏感投诉"]
CATEGORIES = ["工程质量", "施工进度", "服务不周", "价格纠纷", "工程变更", "材料供应", "现场管理", "其他"]
CHANNELS = ["电话", "当面", "书面", "电子邮件", "网络平台", "社交媒体"]

def generate(out, *args):
    """Run this policy's sample generator into `out`."""
    hflib.generate(GENERATOR, out, *args)


def run(data_dir, out, formats="json,csv,pdf", extra=()):
    """`huifang run` on data_dir (one check: exit 0); results.json or None."""
    cmd = [HUIFANG, "run", "--rules", RULES, "--data-dir", data_dir, "--out", out, "--format", formats, *extra]
    return run_results(cmd, f"huifang run exits 0 ({os.path.basename(out)})", out)


# ------------------------------------------------------------------ oracle

def parse_dt(s):
    """2026/10/3 9:05 (the generator's Excel style) -> datetime."""
    day, clock = s.split(" ")
    y, m, d = (int(x) for x in day.split("/"))
    hh, mm = (int(x) for x in clock.split(":"))
    return datetime.datetime(y, m, d, hh, mm)


def parse_d(s):
    y, m, d = (int(x) for x in s.split("/"))
    return datetime.date(y, m, d)


def h16(key):
    return hash_hex(SEED, key)


def exemption(r):
    """The seed's three cases, in its order; the first that holds counts."""
    if r["现场解决"] == "是" and r["顾客确认"] == "是":
        return EXEMPTIONS[0]
    if r["匿名投诉"] == "是" or r["联系方式"].strip() == "":
        return EXEMPTIONS[1]
    if r["敏感投诉"] == "是":
        return EXEMPTIONS[2]
    return None


def bsort(values):
    return sorted(values, key=lambda s: s.encode())


def pct1(x):
    return f"{x * 100:.1f}%"


def oracle(rows):
    """rows: dicts in file order (line = index + 2). Returns the expected tables and KPIs."""
    for i, r in enumerate(rows):
        r["_line"] = i + 2
        r["_handled"] = r["处理状态"] == "已处理"
        r["_ex"] = exemption(r)
        r["_owed"] = r["_handled"] and r["_ex"] is None
        r["_called"] = r["回访日期"] != ""
    want, kpis = {}, {}

    # The work list: population = handled complaints; all eligible chosen; per office, byte order, then hash.
    pop = [r for r in rows if r["_handled"]]
    want["callback_list_excluded"] = [{"reason": e, "count": sum(1 for r in pop if r["_ex"] == e)}
                                      for e in EXEMPTIONS]
    strata, work, decisions = [], [], []
    for office in bsort({r["管理处"] for r in pop}):
        mine = [r for r in pop if r["管理处"] == office]
        elig = sorted((r for r in mine if r["_ex"] is None), key=lambda r: (h16(r["投诉编号"]), r["投诉编号"].encode(),
                                                                          r["_line"]))
        n = len(elig)
        strata.append({"stratum": office, "rule": "全部", "population": len(mine), "excluded": len(mine) - n,
                       "eligible": n, "forced": 0, "quota": n, "ranked": n, "chosen": n, "shortfall": 0,
                       "coverage": 1 if n else None})
        for k, r in enumerate(elig, 1):
            work.append({"stratum": office, "id": r["投诉编号"], "name": r["顾客姓名"] or None,
                         "contact": r["联系方式"], "category": r["投诉类别"], "handler": r["受理人"],
                         "reason": "按序抽中", "rank": k, "hash": h16(r["投诉编号"])})
        ranks = {r["投诉编号"]: k for k, r in enumerate(elig, 1)}
        for r in sorted(mine, key=lambda r: (h16(r["投诉编号"]), r["投诉编号"].encode(), r["_line"])):
            decisions.append({"stratum": office, "id": r["投诉编号"], "line": r["_line"],
                              "decision": "excluded" if r["_ex"] else "rank",
                              "rank": ranks.get(r["投诉编号"]), "hash": h16(r["投诉编号"]),
                              "chosen": r["_ex"] is None})
    want["callback_list_strata"], want["callback_list"], want["callback_list_decisions"] = strata, work, decisions
    kpis["callback_list_chosen"] = len(work)
    kpis["callback_list_short_strata"] = 0

    # QC notified within 24 hours. Period = the complaints' days (no --period); as-of = its last day, whole.
    days = [parse_dt(r["投诉时间"]).date() for r in rows]
    period = (min(days), max(days))
    end = as_of_end(period[1])
    recs = []
    for r in rows:
        start = parse_dt(r["投诉时间"])
        due = start + datetime.timedelta(hours=HOURS)
        done = parse_dt(r["通知质检时间"]) if r["通知质检时间"] else None
        state, late = judge(due, done, end)
        recs.append({"line": r["_line"], "id": r["投诉编号"], "handler": r["受理人"], "start": stamp(start),
                     "due": due_stamp(due), "done": stamp(done) if done else None, "state": STATE_NAMES[state],
                     "lateness_seconds": late, "_cat": r["投诉类别"], "_office": r["管理处"]})
    want["qc_notice_all"] = [{k: v for k, v in x.items() if not k.startswith("_")} for x in recs]
    want["qc_notice"] = [x for x in want["qc_notice_all"] if x["state"] in ("超时完成", "逾期未完成")]

    def tally(sub):
        c = collections.Counter(x["state"] for x in sub)
        m, l, o, p = c["按时完成"], c["超时完成"], c["逾期未完成"], c["未到期"]
        return m, l, o, p, (m / (m + l + o) if m + l + o else None)

    for field, key in (("category", "_cat"), ("office", "_office")):
        out = []
        for v in bsort({x[key] for x in recs}):
            m, l, o, p, rate = tally([x for x in recs if x[key] == v])
            out.append({field: v, "records": m + l + o + p, "met": m, "late": l, "open": p, "overdue": o,
                        "met_rate": rate})
        want[f"qc_notice_by_{field}"] = out
    m, l, o, p, rate = tally(recs)
    kpis["qc_notice_met_rate"] = {"value": rate or 0, "target": QC_TARGET, "met": (rate or 0) >= QC_TARGET,
                                  "detail": f"按时 {m} / {m + l + o} 条（超时 {l}，逾期 {o}，未到期 {p}）"}
    kpis["qc_notice_overdue"] = {"value": o, "detail": f"截至 {period[1].isoformat()}"}

    # The monthly statistics.
    def stats(sub, exempt_cols):
        owed = sum(1 for r in sub if r["_owed"])
        called = sum(1 for r in sub if r["_owed"] and r["_called"])
        row = {"count": len(sub), "handled": sum(1 for r in sub if r["_handled"])}
        if exempt_cols:
            for col, e in zip(("exempt_on_spot", "exempt_anonymous", "exempt_sensitive"), EXEMPTIONS):
                row[col] = sum(1 for r in sub if r["_handled"] and r["_ex"] == e)
        row.update(owed=owed, called=called, callback_rate=called / owed if owed else 0)
        return row

    for tid, field, col, ex in (("by_category", "投诉类别", "category", True),
                                ("by_channel", "投诉渠道", "channel", False)):
        want[tid] = [dict({col: v}, **stats([r for r in rows if r[field] == v], ex))
                     for v in bsort({r[field] for r in rows})] + [dict({col: "合计"}, **stats(rows, ex))]

    want["daily_log"] = [{"line": r["_line"], "id": r["投诉编号"], "received": stamp(parse_dt(r["投诉时间"])),
                          "channel": r["投诉渠道"], "category": r["投诉类别"], "office": r["管理处"],
                          "qc_at": stamp(parse_dt(r["通知质检时间"])) if r["通知质检时间"] else None,
                          "status": r["处理状态"],
                          "callback": parse_d(r["回访日期"]).isoformat() if r["回访日期"] else None} for r in rows]

    owed = sum(1 for r in rows if r["_owed"])
    called = sum(1 for r in rows if r["_owed"] and r["_called"])
    cov = called / owed
    kpis["callback_coverage"] = {"value": cov, "target": COVERAGE_TARGET, "met": cov >= COVERAGE_TARGET,
                                 "detail": f"{called} / {owed} 条"}
    gap = round((cov - COVERAGE_TARGET) * 100, 1)
    want["targets"] = [{"id": "callback_coverage", "actual": pct1(cov), "target": f"≥ {COVERAGE_TARGET * 100:.1f}%",
                        "met": cov >= COVERAGE_TARGET, "gap": f"{gap:+.1f} 个百分点"}]
    return want, kpis, period


# ------------------------------------------------------------------ checks

def check_month(tag, rows, doc):
    want, kpis, period = oracle(rows)
    check(doc.get("title") == TITLE, f"{tag}: title", f"got {doc.get('title')!r}")
    check(doc.get("seed") == SEED, f"{tag}: results.json records the seed {SEED}", f"got {doc.get('seed')!r}")
    check(doc.get("period") == {"from": period[0].isoformat(), "to": period[1].isoformat()}
          and doc.get("as_of") == period[1].isoformat(), f"{tag}: period and as-of = the complaints' days",
          f"{doc.get('period')} {doc.get('as_of')}")
    for tid, rows_want in want.items():
        got = doc["tables"].get(tid, {}).get("rows")
        if not check(got is not None, f"{tag}: table {tid} present", list(doc["tables"])):
            continue
        check(not diff(got, rows_want), f"{tag}: {tid} ({len(rows_want)} rows) = oracle", diff(got, rows_want))
    for kid, w in kpis.items():
        got = doc["kpis"].get(kid)
        if not check(got is not None, f"{tag}: KPI {kid} present", list(doc["kpis"])):
            continue
        w = w if isinstance(w, dict) else {"value": w}
        bad = diff([got], [w])
        check(not bad, f"{tag}: KPI {kid} = oracle", bad)

    # Lateness in words, from the seconds.
    bad = lateness_problems(doc["tables"]["qc_notice_all"]["rows"])
    check(not bad, f"{tag}: lateness in words (truncated units)", bad)

    # Properties the policy promises, from the outputs alone.
    work = doc["tables"]["callback_list"]["rows"]
    owed_ids = {r["投诉编号"] for r in rows if r["_owed"]}
    check({w["id"] for w in work} == owed_ids and len(work) == len(owed_ids),
          f"{tag}: the work list is exactly the {len(owed_ids)} handled, non-exempt complaints (100%, no sample)")
    check(all(w["contact"] for w in work), f"{tag}: every complaint on the work list has a contact")
    labels = [c["label"] for c in doc["tables"]["callback_list"]["columns"]]
    check(labels == ["管理处", "投诉编号", "顾客姓名", "联系方式", "投诉类别", "受理人", "抽中原因", "名次", "哈希值"],
          f"{tag}: work list columns (the contact fields)", labels)
    cat = doc["tables"]["by_category"]
    check([c["label"] for c in cat["columns"]] ==
          ["投诉类别", "投诉数", "已处理", "免回访：现场解决", "免回访：匿名/无联系", "免回访：敏感", "应回访", "已回访",
           "回访率"], f"{tag}: 顾客投诉分类统计表 columns", [c["label"] for c in cat["columns"]])
    tot = collections.defaultdict(int, cat["rows"][-1])
    check(tot["handled"] == tot["exempt_on_spot"] + tot["exempt_anonymous"] + tot["exempt_sensitive"] + tot["owed"],
          f"{tag}: handled = the three exemptions + owed", json.dumps(cat["rows"][-1], ensure_ascii=False))
    check([r["count"] for r in doc["tables"]["callback_list_excluded"]["rows"]] ==
          [tot["exempt_on_spot"], tot["exempt_anonymous"], tot["exempt_sensitive"]],
          f"{tag}: the exclusion counts of the work list = the category table's exempt columns")
    check(doc["tables"]["callback_list_excluded"]["rows"] and
          all(r["count"] > 0 for r in doc["tables"]["callback_list_excluded"]["rows"]),
          f"{tag}: each exemption occurs (the test exercises all three)")
    check(not doc["warnings"], f"{tag}: no warnings", doc["warnings"])
    return want


def check_pdf(tag, pdf, work):
    _, flat = check_pdf_clients(tag, pdf)
    check(TITLE in flat, f"{tag}: pdftotext finds the title {TITLE}")
    check("顾客投诉分类统计表" in flat and "工程质量" in flat and "价格纠纷" in flat,
          f"{tag}: pdftotext finds the 顾客投诉分类统计表 and its categories")
    named = [w for w in work if w["name"]][:3]
    missing = [w["name"] for w in named if w["name"] not in flat]
    check(named and not missing, f"{tag}: pdftotext finds names on the work list", missing)
    check("每条记录的抽样判定" not in flat, f"{tag}: the decisions table stays out of the PDF")


def main():
    require_huifang()
    with tempfile.TemporaryDirectory(prefix="hf-complaints-") as tmp:
        a, b = os.path.join(tmp, "gen-a"), os.path.join(tmp, "gen-b")
        generate(a)
        generate(b)
        raw = read_bytes(os.path.join(a, "complaints.csv"))
        check(raw == read_bytes(os.path.join(b, "complaints.csv")),
              "generator: the same arguments give a byte-identical complaints.csv")
        check(raw.startswith("\ufeff投诉编号,投诉时间,".encode()) and b"\r\n" in raw,
              "generator: complaints.csv is UTF-8 with BOM, CRLF, Chinese header")
        rows = read_csv(os.path.join(a, "complaints.csv"))
        check({r["投诉类别"] for r in rows} == set(CATEGORIES), "generator: all eight categories occur")
        check({r["投诉渠道"] for r in rows} == set(CHANNELS), "generator: all six channels occur")
        both = sum(1 for r in rows if r["处理状态"] == "已处理" and
                   sum([r["现场解决"] == "是" and r["顾客确认"] == "是",
                        r["匿名投诉"] == "是" or not r["联系方式"], r["敏感投诉"] == "是"]) > 1)
        check(both > 0, f"generator: {both} handled complaints match two exemptions (first-match order matters)")
        spot_unconfirmed = sum(1 for r in rows if r["处理状态"] == "已处理" and r["现场解决"] == "是"
                               and r["顾客确认"] == "否" and exemption(r) is None)
        check(spot_unconfirmed > 0, f"generator: {spot_unconfirmed} on-the-spot complaints without confirmation "
                                    "are still owed a callback")
        exact = [r for r in rows if r["通知质检时间"] and
                 parse_dt(r["通知质检时间"]) - parse_dt(r["投诉时间"]) == datetime.timedelta(hours=HOURS)]
        check(exact, "generator: some QC notices fall exactly on the 24-hour due moment (on time)")
        check(any(r["投诉时间"].endswith(" 0:00") for r in rows),
              "generator: a complaint at midnight (its due is written 24:00:00 of the day after)")
        print(f"complaints month: {len(rows)} complaints, {len(exact)} notified exactly at 24 h, "
              f"{both} with two exemptions")

        outs = [os.path.join(tmp, "out-1"), os.path.join(tmp, "out-2")]
        docs = [run(a, o) for o in outs]
        if docs[0] is not None:
            want = check_month("default", read_csv(os.path.join(a, "complaints.csv")), docs[0])
            check_pdf("default", os.path.join(outs[0], "report.pdf"), want["callback_list"])
            csv_rows = read_csv(os.path.join(outs[0], "callback_list.csv"))
            check([r["投诉编号"] for r in csv_rows] == [w["id"] for w in want["callback_list"]],
                  "default: callback_list.csv lists the work list in order")
            csv_rows = read_csv(os.path.join(outs[0], "by_category.csv"))
            check([r["投诉类别"] for r in csv_rows] == [w["category"] for w in want["by_category"]],
                  "default: by_category.csv has the categories and the 合计 row")
        if docs[0] is not None and docs[1] is not None:
            for f in ("results.json", "report.pdf", "callback_list.csv", "by_category.csv", "qc_notice_all.csv"):
                check(same_bytes(os.path.join(outs[0], f), os.path.join(outs[1], f)),
                      f"default: two runs give a byte-identical {f}")

        # --period 2026-10 gives the same (the month is the whole register).
        doc = run(a, os.path.join(tmp, "out-period"), "json", ("--period", "2026-10"))
        if doc is not None and docs[0] is not None:
            check(tables_only(doc) ==
                  tables_only(docs[0]), "--period 2026-10: the same tables")

        # GB18030 (plain "CSV" from a Chinese Excel) gives the same tables.
        g = os.path.join(tmp, "gen-gb")
        generate(g, "--encoding", "gb18030")
        doc = run(g, os.path.join(tmp, "out-gb"), "json")
        if doc is not None and docs[0] is not None:
            check_month("gb18030", read_csv(os.path.join(g, "complaints.csv"), "gb18030"), doc)
            check(tables_only(doc) ==
                  tables_only(docs[0]), "gb18030: the same tables as UTF-8")

        # A shuffled register: the work list and its tallies do not depend on the row order.
        s = os.path.join(tmp, "gen-shuffled")
        os.makedirs(s)
        shuffle_csv(os.path.join(a, "complaints.csv"), os.path.join(s, "complaints.csv"), random.Random(11))
        doc = run(s, os.path.join(tmp, "out-shuffled"), "json")
        if doc is not None and docs[0] is not None:
            check_month("shuffled", read_csv(os.path.join(s, "complaints.csv")), doc)
            for tid in ("callback_list", "callback_list_strata", "callback_list_excluded", "by_category",
                        "by_channel", "qc_notice_by_category", "qc_notice_by_office"):
                check(doc["tables"][tid]["rows"] == docs[0]["tables"][tid]["rows"],
                      f"shuffled: {tid} identical to the sorted register's")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
