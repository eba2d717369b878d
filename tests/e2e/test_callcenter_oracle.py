#!/usr/bin/env python3
"""End-to-end oracle test for the call-center policy (issue 2, items 6 and 9).

Generates sample months with samples/callcenter/generate.py, runs
`huifang run --rules rules/callcenter.lua` on them, and checks results.json
against values computed INDEPENDENTLY here from the CSV files with Python's
csv module and the P1 formulas of ../shared/DOMAIN.md. The item list and the
fatal flags are hard-coded below from DOMAIN.md's table; nothing is read from
the rule file or copied back from the program's output.

Also: the same month encoded as GB18030 and as UTF-8 without BOM gives
identical tables; every CSV output starts with a BOM and equals its JSON
table; the PDF passes `qpdf --check`, embeds all its fonts, and its text holds
the title, page numbers, agent names and their pass rates; two runs give
byte-identical results.json and report.pdf.

Env: HUIFANG (the CLI), HUIFANG_SOURCE_DIR, HUIFANG_BUILD_DIR (set by ctest).
Prints "N passed, 0 failed" at the end; exits 1 on any mismatch.
"""
import datetime
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hflib  # noqa: E402
from hflib import (SRC, HUIFANG, check, die, finish, same, sha256_file, run_results, same_bytes,  # noqa: E402
                   require_huifang, check_csv_tables, check_qpdf, check_fonts_embedded, pdf_text, pdf_pages,
                   tables_only, csv_records, read_bytes, check_inputs, check_kpis)
RULES = os.path.join(SRC, "rules", "callcenter.lua")
GENERATOR = os.path.join(SRC, "samples", "callcenter", "generate.py")

# DOMAIN.md, P1: (item, group, fatal) in policy order.
ITEMS = [
    ("业务精准度及风险控制", "业务类", True),
    ("业务熟练度", "业务类", True),
    ("通话类型及通话登记", "业务类", True),
    ("规范话术", "业务类", False),
    ("服务礼仪", "服务类", False),
    ("服务主动性", "服务类", True),
    ("服务禁忌项", "服务类", True),
    ("语言规范", "通话技巧", False),
    ("语言表达逻辑性", "通话技巧", False),
    ("主动安抚", "通话技巧", False),
]
MAX_NONFATAL = 2          # 合格: 致命项 = 0 and 非致命项 < 3
COVERAGE_RATIO = 0.10     # daily sample >= 10% of the day's recordings
WEIGHT = 1                # 质检比例
TITLE = "回访组录音质检月报"
LEVELS = ("优秀", "中等", "差")

GROUP_COLUMNS = ["checked", "qualified", "excellent", "middling", "unqualified", "pass_rate", "excellence_rate",
                 "qc_score"]
EXPECTED_COLUMNS = {
    "by_agent": ["agent", "name", "team"] + GROUP_COLUMNS,
    "by_team": ["team"] + GROUP_COLUMNS,
    "by_item": ["item", "group", "fatal", "fails", "applicable", "fail_rate"],
    "daily_coverage": ["date", "recordings", "checked", "ratio", "met"],
    "unqualified": ["line", "date", "time", "agent", "name", "team", "call_id", "fatal_fails", "nonfatal_fails",
                    "failed_items", "improve"],
}

# ------------------------------------------------------------------ oracle

def ymd_iso(s):
    if not re.fullmatch(r"\d{8}", s):
        raise ValueError(f"not yyyymmdd: {s!r}")
    return f"{s[:4]}-{s[4:6]}-{s[6:]}"


def ratio(num, den):
    return num / den if den else 0.0


def group_row(acc):
    c, q, e = acc["checked"], acc["qualified"], acc["excellent"]
    pr, er = ratio(q, c), ratio(e, q)
    return {"checked": c, "qualified": q, "excellent": e, "middling": q - e, "unqualified": c - q,
            "pass_rate": pr, "excellence_rate": er, "qc_score": (pr + er) * WEIGHT}


def oracle(data_dir, encoding):
    """Everything results.json should say, from the CSV files and DOMAIN.md's formulas alone."""
    agents, teams = {}, {}
    items = [{"fails": 0, "applicable": 0} for _ in ITEMS]
    checked_by_day, rec_by_day = {}, {}
    unqualified = []
    levels = dict.fromkeys(LEVELS, 0)
    total = {"checked": 0, "qualified": 0, "excellent": 0}
    dates = []
    col, records = csv_records(os.path.join(data_dir, "checks.csv"), encoding)   # physical start lines
    nrows = len(records)
    for first_line, row in records:
        get = lambda h: row[col[h]]                # noqa: E731
        fatal = nonfatal = 0
        failed_items = []
        for k, (name, _, is_fatal) in enumerate(ITEMS):
            v = get(name)
            if v not in ("1", "0", "N/A"):
                die(f"generator wrote {v!r} for {name} at line {first_line}")
            if v == "N/A":
                continue
            items[k]["applicable"] += 1
            if v == "0":
                items[k]["fails"] += 1
                failed_items.append(name)
                if is_fatal:
                    fatal += 1
                else:
                    nonfatal += 1
        qualified = fatal == 0 and nonfatal <= MAX_NONFATAL
        excellent = qualified and fatal + nonfatal == 0
        levels["优秀" if excellent else "中等" if qualified else "差"] += 1
        date = ymd_iso(get("抽检日期"))
        dates.append(date)
        checked_by_day[date] = checked_by_day.get(date, 0) + 1
        for acc in (agents.setdefault(get("工号"), {"name": get("员工姓名"), "team": get("组别"),
                                                   "checked": 0, "qualified": 0, "excellent": 0}),
                    teams.setdefault(get("组别"), {"checked": 0, "qualified": 0, "excellent": 0}),
                    total):
            acc["checked"] += 1
            acc["qualified"] += qualified
            acc["excellent"] += excellent
        if not qualified:
            unqualified.append({
                "line": first_line, "date": date, "time": get("抽检时间"), "agent": get("工号"),
                "name": get("员工姓名"), "team": get("组别"), "call_id": get("通话流水"),
                "fatal_fails": fatal, "nonfatal_fails": nonfatal, "failed_items": "、".join(failed_items),
                "improve": get("待改进") or None,
            })
    col, records = csv_records(os.path.join(data_dir, "volume.csv"), encoding)
    nvol = len(records)
    for _, row in records:
        d = ymd_iso(row[col["日期"]])
        rec_by_day[d] = rec_by_day.get(d, 0) + int(row[col["录音量"]])

    by_agent = [dict({"agent": a, "name": v["name"], "team": v["team"]}, **group_row(v))
                for a, v in sorted(agents.items(), key=lambda kv: kv[0].encode())]
    by_team = [dict({"team": t}, **group_row(v)) for t, v in sorted(teams.items(), key=lambda kv: kv[0].encode())]
    by_item = [{"item": name, "group": group, "fatal": fat, "fails": items[k]["fails"],
                "applicable": items[k]["applicable"],
                "fail_rate": items[k]["fails"] / items[k]["applicable"] if items[k]["applicable"] else None}
               for k, (name, group, fat) in enumerate(ITEMS)]
    coverage = []
    for d in sorted(set(checked_by_day) | set(rec_by_day)):
        rec, chk = rec_by_day.get(d, 0), checked_by_day.get(d, 0)
        r = chk / rec if rec else None
        coverage.append({"date": d, "recordings": rec, "checked": chk, "ratio": r,
                         "met": r is not None and r >= COVERAGE_RATIO})
    overall = group_row(total)
    all_rec = sum(rec_by_day.values())
    days_met = sum(1 for c in coverage if c["met"])
    kpis = {
        "checked": {"value": total["checked"]},
        "pass_rate": {"value": overall["pass_rate"], "format": "percent"},
        "excellence_rate": {"value": overall["excellence_rate"], "format": "percent"},
        "qc_score": {"value": overall["qc_score"], "format": "number"},
        "coverage_ratio": {"value": total["checked"] / all_rec, "target": COVERAGE_RATIO,
                           "met": total["checked"] / all_rec >= COVERAGE_RATIO, "format": "percent"},
        "coverage_days_met": {"value": days_met, "target": len(coverage), "format": "int"},
    }
    level_rows = [{"level": lv, "count": levels[lv], "share": levels[lv] / total["checked"]} for lv in LEVELS]
    return {
        "rows": {"checks": nrows, "volume": nvol},
        "period": {"from": min(dates), "to": max(dates)},
        "kpis": kpis,
        "tables": {"by_agent": by_agent, "by_team": by_team, "by_item": by_item, "daily_coverage": coverage,
                   "unqualified": unqualified, "levels": level_rows},
        "stats": {"unqualified": len(unqualified), "excellent": total["excellent"], "checked": total["checked"],
                  "days_unmet": len(coverage) - days_met},
    }


# ------------------------------------------------------------------ comparison

def diff_rows(want_rows, got_rows):
    """Mismatch descriptions between two lists of row dicts (positional)."""
    return hflib.diff_rows(want_rows, got_rows, name=lambda w: w.get("agent") or w.get("team") or w.get("item")
                           or w.get("date") or w.get("line") or w.get("level"))


def check_results(tag, doc, want, data_dir, encoding):
    """Compare one results.json with the oracle."""
    check(doc.get("huifang") == "0.1.0", f"{tag}: huifang version is 0.1.0", f"got {doc.get('huifang')!r}")
    pol = doc.get("policy") or {}
    check(pol.get("sha256") == sha256_file(RULES), f"{tag}: policy.sha256 is the rule file's SHA-256",
          f"got {pol.get('sha256')!r}")
    check(doc.get("title") == TITLE, f"{tag}: title is {TITLE}", f"got {doc.get('title')!r}")
    check(doc.get("period") == want["period"], f"{tag}: period is the checks' date range {want['period']}",
          f"got {doc.get('period')!r}")
    check(doc.get("as_of") == want["period"]["to"], f"{tag}: as_of is period.to", f"got {doc.get('as_of')!r}")

    check_inputs(tag, doc, want["rows"], data_dir, encoding)
    check_kpis(tag, doc, want["kpis"])
    days = doc.get("kpis", {}).get("coverage_days_met", {})
    x_of_y = f"{want['kpis']['coverage_days_met']['value']} / {want['kpis']['coverage_days_met']['target']}"
    check(x_of_y in str(days.get("detail", "")), f"{tag}: coverage_days_met.detail names {x_of_y}",
          f"got {days.get('detail')!r}")

    tables = doc.get("tables", {})
    for tid, want_rows in want["tables"].items():
        t = tables.get(tid)
        if not check(isinstance(t, dict) and isinstance(t.get("rows"), list), f"{tag}: table {tid} present",
                     f"tables: {list(tables)}"):
            continue
        if tid in EXPECTED_COLUMNS:
            ids = [c.get("id") for c in t.get("columns", [])]
            check(ids == EXPECTED_COLUMNS[tid], f"{tag}: {tid} column ids", f"got {ids}")
            bad_order = [i for i, r in enumerate(t["rows"]) if list(r.keys()) != ids]
            check(not bad_order, f"{tag}: {tid} rows have every column id, in column order",
                  [f"row {i}: {list(t['rows'][i].keys())}" for i in bad_order])
        check(not diff_rows(want_rows, t["rows"]), f"{tag}: table {tid} ({len(want_rows)} rows) equals the oracle",
              diff_rows(want_rows, t["rows"]))
    labels = {c.get("id"): c.get("label") for c in tables.get("by_agent", {}).get("columns", [])}
    check(labels.get("agent") == "工号" and labels.get("name") == "员工姓名" and labels.get("team") == "组别",
          f"{tag}: by_agent field columns are labelled with the company's headers", f"got {labels}")
    check("rejected" not in tables or tables["rejected"].get("rows") == [],
          f"{tag}: no rejected table (nothing skipped)")
    check(doc.get("warnings") == [], f"{tag}: no warnings", [str(w) for w in doc.get("warnings", [])])


def check_csv_outputs(tag, out, doc):
    """Each table's <id>.csv: BOM, CRLF, header = labels, rows = the JSON rows."""
    check_csv_tables(f"{tag}: every table's CSV (BOM, CRLF, labels, rows) equals its JSON rows", out, doc)


def check_pdf(tag, pdf, doc):
    if not check(os.path.isfile(pdf), f"{tag}: report.pdf written"):
        return
    check_qpdf(tag, pdf)
    check_fonts_embedded(tag, pdf)
    p, flat = pdf_text(pdf)
    check(p.returncode == 0 and TITLE in flat, f"{tag}: pdftotext finds the title {TITLE}")
    pages = pdf_pages(pdf)
    check(pages > 1 and f"第1页/共{pages}页" in flat and f"第{pages}页/共{pages}页" in flat,
          f"{tag}: \"第 N 页 / 共 M 页\" on the first and last of {pages} pages")
    missing = []
    for row in doc["tables"]["by_agent"]["rows"][:6]:
        pct = f"{row['pass_rate'] * 100:.1f}%"
        for s in (row["name"], row["agent"], pct):
            if s not in flat:
                missing.append(f"{s!r} (agent {row['agent']})")
    check(not missing, f"{tag}: pdftotext finds the first by_agent rows' names, ids and pass rates (one decimal)",
          missing)
    for kid in ("pass_rate", "excellence_rate"):
        v = doc["kpis"][kid]["value"]
        check(f"{v * 100:.1f}%" in flat, f"{tag}: pdftotext finds the KPI {kid} {v * 100:.1f}%")
    for row in doc["tables"]["by_item"]["rows"][:3]:
        check(row["item"] in flat, f"{tag}: pdftotext finds the item {row['item']}")


# ------------------------------------------------------------------ plumbing

def generate(out, *args):
    """Run this policy's sample generator into `out`."""
    hflib.generate(GENERATOR, out, *args)


def check_publish(tag, doc, data_dir, enc):
    """P1 timeliness, recomputed: day T's results are due at T+1 11:30 (inclusive); an empty 发布时间 is not yet
    published: open while the end of the as-of day (24:00) is not past the due, else overdue.
    met rate = met / (met + late + overdue)."""
    as_of_end = datetime.datetime.strptime(doc["as_of"], "%Y-%m-%d") + datetime.timedelta(days=1)
    want = []
    _, records = csv_records(os.path.join(data_dir, "publish.csv"), "gb18030" if enc == "gb18030" else "utf-8-sig")
    for line, (day, published) in records:
        due = datetime.datetime.strptime(day, "%Y%m%d") + datetime.timedelta(days=1, hours=11, minutes=30)
        if published:
            done = datetime.datetime.strptime(published, "%Y-%m-%d %H:%M")
            state = "按时完成" if done <= due else "超时完成"
        else:
            state = "未到期" if as_of_end <= due else "逾期未完成"
        want.append((line, state))
    got = [(r["line"], r["state"]) for r in doc["tables"]["qc_publish_all"]["rows"]]
    check(got == want, f"{tag}: every publishing record's state (T+1 11:30)", f"want {want}\n got {got}")
    n = {st: sum(1 for _, s in want if s == st) for st in ("按时完成", "超时完成", "未到期", "逾期未完成")}
    decided = n["按时完成"] + n["超时完成"] + n["逾期未完成"]
    rate = n["按时完成"] / decided if decided else 0
    k = doc["kpis"]["qc_publish_met_rate"]
    check(same(k["value"], rate), f"{tag}: publishing met rate", f"want {rate} got {k['value']}")
    check(doc["kpis"]["qc_publish_overdue"]["value"] == n["逾期未完成"], f"{tag}: publishing overdue count")
    check(n["按时完成"] > 0 and n["超时完成"] > 0, f"{tag}: the sample has on-time and late publishing", str(n))


def huifang(data_dir, out, formats, extra=()):
    cmd = [HUIFANG, "run", "--rules", RULES, "--input", f"checks={os.path.join(data_dir, 'checks.csv')}",
           "--input", f"volume={os.path.join(data_dir, 'volume.csv')}", "--out", out, "--format", formats, *extra]
    if os.path.exists(os.path.join(data_dir, "publish.csv")):
        cmd[4:4] = ["--input", f"publish={os.path.join(data_dir, 'publish.csv')}"]
    return run_results(cmd, f"huifang run exits 0 ({os.path.basename(data_dir)}, {formats})", out)


def main():
    require_huifang()
    with tempfile.TemporaryDirectory(prefix="hf-oracle-") as tmp:
        # 1. The generator is deterministic.
        a, b = os.path.join(tmp, "det-a"), os.path.join(tmp, "det-b")
        generate(a, "--rows", "3000", "--agents", "30")
        generate(b, "--rows", "3000", "--agents", "30")
        for f in ("checks.csv", "volume.csv"):
            check(same_bytes(os.path.join(a, f), os.path.join(b, f)),
                  f"generator: same arguments give a byte-identical {f}")
        raw = read_bytes(os.path.join(a, "checks.csv"))
        check(raw.startswith(b"\xef\xbb\xbf\xe5\xb7\xa5\xe5\x8f\xb7,") and b"\r\n" in raw,
              "generator: default checks.csv is UTF-8 with BOM, CRLF, header starts with 工号")

        # 2. The small month in three encodings: oracle, then identical tables.
        small = {}
        for enc in ("utf-8-sig", "gb18030", "utf-8"):
            d = os.path.join(tmp, f"small-{enc}")
            generate(d, "--rows", "3000", "--agents", "30", "--encoding", enc)
            want = oracle(d, enc)
            out = os.path.join(tmp, f"out-small-{enc}")
            doc = huifang(d, out, "json,csv")
            if doc is None:
                continue
            check_results(f"small/{enc}", doc, want, d, enc)
            check_publish(f"small/{enc}", doc, d, enc)
            small[enc] = doc
        if "utf-8-sig" in small:
            base = tables_only(small["utf-8-sig"])
            for enc in ("gb18030", "utf-8"):
                if enc in small:
                    check(tables_only(small[enc]) == base, f"small/{enc}: tables identical to the UTF-8 (BOM) run")
                    check(small[enc]["kpis"] == small["utf-8-sig"]["kpis"],
                          f"small/{enc}: kpis identical to the UTF-8 (BOM) run")
            check_csv_outputs("small/utf-8-sig", os.path.join(tmp, "out-small-utf-8-sig"), small["utf-8-sig"])

        # 3. --period: the whole month.
        d = os.path.join(tmp, "small-utf-8-sig")
        doc = huifang(d, os.path.join(tmp, "out-period"), "json", ["--period", "2026-10"])
        if doc is not None:
            check(doc.get("period") == {"from": "2026-10-01", "to": "2026-10-31"} and doc.get("as_of") == "2026-10-31",
                  "--period 2026-10: period 2026-10-01..2026-10-31, as_of 2026-10-31",
                  f"got period {doc.get('period')!r}, as_of {doc.get('as_of')!r}")
            if "utf-8-sig" in small:
                # The publishing deadline is judged as of the period's end: with --period that is 10-31, not the
                # data's last day 10-30, so the last unpublished day turns overdue; every other table is the same.
                scored = {k: v for k, v in tables_only(doc).items() if not k.startswith("qc_publish")}
                base = {k: v for k, v in tables_only(small["utf-8-sig"]).items() if not k.startswith("qc_publish")}
                check(scored == base, "--period 2026-10: same tables (the publishing deadline aside)")
            check_publish("--period 2026-10", doc, d, "utf-8-sig")

        # 4. The default-size month, all formats, twice.
        d = os.path.join(tmp, "default")
        generate(d)
        want = oracle(d, "utf-8-sig")
        st = want["stats"]
        print(f"default month: {st['checked']} recordings, {st['unqualified']} unqualified "
              f"({100 * st['unqualified'] / st['checked']:.1f}%), {st['excellent']} excellent "
              f"({100 * st['excellent'] / st['checked']:.1f}%), {st['days_unmet']} days below 10%")
        check(0.04 <= st["unqualified"] / st["checked"] <= 0.11 and 0.58 <= st["excellent"] / st["checked"] <= 0.77
              and st["days_unmet"] >= 1 and 15000 <= st["checked"] <= 25000,
              "generator: default month is realistic (~20k rows, 4-11% unqualified, 58-77% excellent, unmet days)")
        outs = [os.path.join(tmp, "out-default-1"), os.path.join(tmp, "out-default-2")]
        docs = [huifang(d, o, "json,csv,pdf") for o in outs]
        if docs[0] is not None:
            check_results("default", docs[0], want, d, "utf-8-sig")
            check_csv_outputs("default", outs[0], docs[0])
            check_pdf("default", os.path.join(outs[0], "report.pdf"), docs[0])
            leftovers = [f for f in os.listdir(outs[0]) if ".tmp" in f or f.startswith(".")]
            check(not leftovers, "default: no temporary files left in --out", leftovers)
        if docs[0] is not None and docs[1] is not None:
            for f in ("results.json", "report.pdf"):
                check(same_bytes(os.path.join(outs[0], f), os.path.join(outs[1], f)),
                      f"default: two runs give a byte-identical {f}")

    return finish()


if __name__ == "__main__":
    sys.exit(main())
