#!/usr/bin/env python3
"""End-to-end oracle test for the satisfaction survey policy (issue item 4, P2 of DOMAIN.md).

Generates survey data with samples/survey/generate.py, runs
`huifang run --rules rules/survey.lua` on it, and checks results.json against
values computed INDEPENDENTLY here from the CSV files with Python's csv module
and the P2 formulas: the scales (seeds 001 and 004), the question list and which
questions make the overall satisfaction are hard-coded below; nothing is read
from the rule file or copied back from the program's output.

满意度 = 实际得分 / 满分; 满分 = the full marks of the answered questions only (a
blank or skip answer counts in neither). Sums are taken per form (questions in
order), then over forms in file order, as docs/rules-satisfaction.md says.

Also: the generator is deterministic; the same year in GB18030 and UTF-8 without
BOM gives identical tables; --period keeps only that month's forms (and says how
many it dropped); a single month from --month; every CSV output equals its JSON
table; the PDF passes `qpdf --check` and pdftotext finds the title, question
headers and the KPI values; two runs give byte-identical results.json and
report.pdf; an answer outside the scale stops the run naming file:line:column,
the header and the allowed answers.

Env: HUIFANG (the CLI), HUIFANG_SOURCE_DIR, HUIFANG_BUILD_DIR (set by ctest).
Prints "N passed, 0 failed" at the end; exits 1 on any mismatch.
"""
import csv
import datetime
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hflib  # noqa: E402
from hflib import (SRC, HUIFANG, check, die, finish, sha256_file, run_tool, run_results, same_bytes,  # noqa: E402
                   require_huifang, check_csv_tables, check_qpdf, pdf_text, tables_only, csv_records, read_bytes,
                   check_inputs, check_kpis)
RULES = os.path.join(SRC, "rules", "survey.lua")
GENERATOR = os.path.join(SRC, "samples", "survey", "generate.py")

# Seed 001: with 很满意: 3 2 1 0 −1, 满分 3. Seed 004: the overall score 0–5. Yes/no: 1 / 0.
# (answers with points in scale order, full marks, spellings that count as not answered)
FIVE = ([("很满意", 3), ("满意", 2), ("一般", 1), ("不满意", 0), ("很不满意", -1)], 3, {"", "不适用"})
SCORE05 = ([("5", 5), ("4", 4), ("3", 3), ("2", 2), ("1", 1), ("0", 0)], 5, {""})
YESNO = ([("是", 1), ("否", 0)], 1, {"", "不清楚"})
VIOLATION = ([("否", 1), ("是", 0)], 1, {"", "不清楚"})   # "did you see a violation?": 否 is the good answer
SCALE_NAMES = {id(FIVE): "five", id(SCORE05): "score05", id(YESNO): "yesno", id(VIOLATION): "violation"}

# Seed 004's phone-script questions: (header, scale, counted in the overall satisfaction, label, KPI id suffix)
QUESTIONS = [
    ("设计满意度", FIVE, True, None, None),
    ("施工质量", FIVE, True, None, None),
    ("服务态度", FIVE, True, None, None),
    ("工程进度", FIVE, True, None, None),
    ("各岗位服务", FIVE, True, None, None),
    ("定期巡查", YESNO, False, None, None),
    ("文明施工标识", YESNO, False, None, None),
    ("文明施工与安全", FIVE, True, None, None),
    ("管理规定", FIVE, True, None, None),
    ("违规行为", VIOLATION, False, "未发现违规行为", None),
    ("愿意推荐", YESNO, False, None, ("recommend", "推荐意愿")),
    ("整体评分", SCORE05, False, None, ("score", "整体评分（÷5）")),
]
TITLE = "顾客满意度调查报告"
SURVEY_TITLE = "顾客满意度"
SATISFACTION_TARGET = 0.85   # the rule's assumed quality objective (no seed gives one)
RETURN_TARGET = 0.50         # seed 002: 回收率应达到 50% 以上
BY = [("project", "楼盘项目"), ("team", "施工班组")]
CARRY = [("name", "客户姓名"), ("phone", "联系电话"), ("project", "楼盘项目"), ("team", "施工班组")]

EXPECTED_COLUMNS = {
    "survey_questions": ["question", "scale", "answered", "skipped", "points", "full", "mean", "satisfaction"],
    "survey_by_project": ["project", "respondents", "answered", "points", "full", "satisfaction"],
    "survey_by_team": ["team", "respondents", "answered", "points", "full", "satisfaction"],
    "survey_distribution": ["question", "answer", "points", "count", "share"],
    "survey_respondents": ["customer", "name", "phone", "project", "team", "forms", "answered", "points", "full",
                           "satisfaction"],
}

# ------------------------------------------------------------------ oracle

def parse_date(s):
    """The date forms of DOMAIN.md: 20261021, 2026-10-21, 2026/10/21, 2026年10月21日 (month/day may be one digit)."""
    m = (re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s) or re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", s)
         or re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", s))
    if not m:
        raise ValueError(f"not a date: {s!r}")
    return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def points_text(points, full):
    return f"{points:.0f} / {full:.0f} 分"


def sat(points, full):
    return points / full if full else None


def oracle(data_dir, encoding, period=None):
    """Everything results.json should say, from the CSV files and the P2 rules alone."""
    rcol, rrows = csv_records(os.path.join(data_dir, "responses.csv"), encoding)   # physical start lines
    scol, srows = csv_records(os.path.join(data_dir, "sent.csv"), encoding)
    inside = (lambda d: period[0] <= d <= period[1]) if period else (lambda d: True)
    dates, out = [], {"responses": [0, None], "sent": [0, None]}

    sent = 0
    for line, row in srows:
        d = parse_date(row[scol["发放日期"]])
        if not inside(d):
            out["sent"][0] += 1
            out["sent"][1] = out["sent"][1] or line
            continue
        dates.append(d)
        sent += 1

    qstats = [{"answered": 0, "skipped": 0, "points": 0, "full": 0, "counts": [0] * len(q[1][0])} for q in QUESTIONS]
    total = {"forms": 0, "answered": 0, "points": 0, "full": 0}
    groups = {f: {} for f, _ in BY}
    respondents = {}
    for line, row in rrows:
        get = lambda h: row[rcol[h]]           # noqa: E731
        for h, scale, *_ in QUESTIONS:         # every cell of every row must be a spelling of its scale
            if get(h) not in {a for a, _ in scale[0]} | scale[2]:
                die(f"generator wrote {get(h)!r} for {h} at line {line}")
        if get("问卷状态") != "有效":
            continue
        d = parse_date(get("回收日期"))
        if not inside(d):
            out["responses"][0] += 1
            out["responses"][1] = out["responses"][1] or line
            continue
        dates.append(d)
        form = {"forms": 1, "answered": 0, "points": 0, "full": 0}
        for k, (h, scale, overall, _, _) in enumerate(QUESTIONS):
            answers, full, _skip = scale
            a = get(h)
            idx = [x for x, _ in answers].index(a) if a in [x for x, _ in answers] else None
            if idx is None:
                qstats[k]["skipped"] += 1
                continue
            p = answers[idx][1]
            qs = qstats[k]
            qs["answered"] += 1
            qs["points"] += p
            qs["full"] += full
            qs["counts"][idx] += 1
            if overall:
                form["answered"] += 1
                form["points"] += p
                form["full"] += full
        for key in total:
            total[key] += form[key]
        cust = get("客户编号")
        r = respondents.setdefault(cust, {"forms": 0, "answered": 0, "points": 0, "full": 0,
                                          "carry": {f: get(h) for f, h in CARRY}})
        for key in ("forms", "answered", "points", "full"):
            r[key] += form[key]
        for f, h in BY:
            g = groups[f].setdefault(get(h), {"who": set(), "answered": 0, "points": 0, "full": 0})
            g["who"].add(cust)
            for key in ("answered", "points", "full"):
                g[key] += form[key]

    questions = []
    for (h, scale, _, label, _), qs in zip(QUESTIONS, qstats):
        questions.append({"question": label or h, "scale": SCALE_NAMES[id(scale)], "answered": qs["answered"],
                          "skipped": qs["skipped"], "points": qs["points"], "full": qs["full"],
                          "mean": qs["points"] / qs["answered"] if qs["answered"] else None,
                          "satisfaction": sat(qs["points"], qs["full"])})
    distribution = []
    for (h, scale, _, label, _), qs in zip(QUESTIONS, qstats):
        for (a, p), c in zip(scale[0], qs["counts"]):
            distribution.append({"question": label or h, "answer": a, "points": p, "count": c,
                                 "share": c / qs["answered"] if qs["answered"] else None})
        distribution.append({"question": label or h, "answer": "（未作答）", "points": None, "count": qs["skipped"],
                             "share": None})
    by = {}
    for f, _ in BY:
        by[f] = [{f: key, "respondents": len(g["who"]), "answered": g["answered"], "points": g["points"],
                  "full": g["full"], "satisfaction": sat(g["points"], g["full"])}
                 for key, g in sorted(groups[f].items(), key=lambda kv: kv[0].encode())]
    # Least satisfied first; nothing answered last; ties by the customer id's bytes.
    order = sorted(respondents.items(), key=lambda kv: (kv[1]["full"] == 0,
                                                        kv[1]["points"] / kv[1]["full"] if kv[1]["full"] else 0,
                                                        kv[0].encode()))
    resp_rows = [dict({"customer": c}, **r["carry"], forms=r["forms"], answered=r["answered"], points=r["points"],
                      full=r["full"], satisfaction=sat(r["points"], r["full"])) for c, r in order]

    s = sat(total["points"], total["full"]) or 0.0
    rate = total["forms"] / sent if sent else 0.0
    kpis = {
        "survey_satisfaction": {"label": SURVEY_TITLE, "value": s, "format": "percent", "target": SATISFACTION_TARGET,
                                "met": s >= SATISFACTION_TARGET, "detail": points_text(total["points"], total["full"])},
        "survey_responses": {"label": "回收问卷", "value": total["forms"], "format": "int",
                             "detail": f"{len(respondents)} 位受访者"},
        "survey_return_rate": {"label": "问卷回收率", "value": rate, "format": "percent", "target": RETURN_TARGET,
                               "met": sent > 0 and rate >= RETURN_TARGET, "detail": f"{total['forms']} / {sent} 份"},
    }
    for (h, _, _, _, kpi), qs in zip(QUESTIONS, qstats):
        if kpi:
            kpis[f"survey_{kpi[0]}"] = {"label": kpi[1], "value": sat(qs["points"], qs["full"]) or 0.0,
                                        "format": "percent", "detail": points_text(qs["points"], qs["full"])}
    tables = {"survey_questions": questions, "survey_distribution": distribution,
              "survey_respondents": resp_rows}
    for f, _ in BY:
        tables[f"survey_by_{f}"] = by[f]
    return {
        "rows": {"responses": len(rrows), "sent": len(srows)},
        "period": ({"from": period[0].isoformat(), "to": period[1].isoformat()} if period else
                   {"from": min(dates).isoformat(), "to": max(dates).isoformat()}),
        "kpis": kpis, "tables": tables, "out": out,
        "stats": {"sent": sent, "forms": total["forms"], "satisfaction": s, "rate": rate,
                  "negative": sum(1 for r in resp_rows if r["satisfaction"] is not None and r["satisfaction"] < 0),
                  "nothing": sum(1 for r in resp_rows if r["satisfaction"] is None),
                  "very_unsatisfied": sum(qs["counts"][4] for (h, sc, *_), qs in zip(QUESTIONS, qstats)
                                          if sc is FIVE),
                  "skipped": sum(qs["skipped"] for qs in qstats),
                  "voided": sum(1 for _, row in rrows if row[rcol["问卷状态"]] != "有效")},
    }


# ------------------------------------------------------------------ comparison

def check_results(tag, doc, want, data_dir, encoding, warnings=()):
    """Compare one results.json with the oracle."""
    check(doc.get("title") == TITLE, f"{tag}: title is {TITLE}", f"got {doc.get('title')!r}")
    check((doc.get("policy") or {}).get("sha256") == sha256_file(RULES), f"{tag}: policy.sha256 is the rule file's")
    check(doc.get("period") == want["period"], f"{tag}: period is {want['period']}", f"got {doc.get('period')!r}")
    check_inputs(tag, doc, want["rows"], data_dir, encoding)

    kpis = doc.get("kpis", {})
    check(list(kpis) == list(want["kpis"]), f"{tag}: KPI ids in order", f"got {list(kpis)}")
    check_kpis(tag, doc, want["kpis"])
    for kid, wk in want["kpis"].items():
        if isinstance(kpis.get(kid), dict):
            check(("target" in wk) == ("target" in kpis[kid]), f"{tag}: kpi {kid} has a target iff the rule sets one")

    tables = doc.get("tables", {})
    check(sorted(tables) == sorted(want["tables"]), f"{tag}: exactly the survey's tables", f"got {sorted(tables)}")
    for tid, want_rows in want["tables"].items():
        t = tables.get(tid)
        if not check(isinstance(t, dict) and isinstance(t.get("rows"), list), f"{tag}: table {tid} present"):
            continue
        ids = [c.get("id") for c in t.get("columns", [])]
        check(ids == EXPECTED_COLUMNS[tid], f"{tag}: {tid} column ids", f"got {ids}")
        check(not hflib.diff_rows(want_rows, t["rows"]), f"{tag}: table {tid} ({len(want_rows)} rows) equals the oracle",
              hflib.diff_rows(want_rows, t["rows"]))
    labels = {c.get("id"): c.get("label") for c in tables.get("survey_by_team", {}).get("columns", [])}
    check(labels.get("team") == "施工班组", f"{tag}: group columns are labelled with the company's headers",
          f"got {labels}")
    check(list(doc.get("warnings", [])) == list(warnings), f"{tag}: warnings as expected",
          [f"got: {w}" for w in doc.get("warnings", [])] + [f"want: {w}" for w in warnings])


def check_csv_outputs(tag, out, doc):
    """Each table's <id>.csv: BOM, CRLF, header = labels, rows = the JSON rows."""
    check_csv_tables(f"{tag}: every table's CSV equals its JSON rows", out, doc)


def check_pdf(tag, pdf, doc):
    if not check(os.path.isfile(pdf), f"{tag}: report.pdf written"):
        return
    check_qpdf(tag, pdf)
    p, flat = pdf_text(pdf)
    check(p.returncode == 0 and TITLE in flat, f"{tag}: pdftotext finds the title {TITLE}")
    for h in ("设计满意度", "文明施工与安全", "未发现违规行为", "整体评分"):
        check(h in flat, f"{tag}: pdftotext finds the question header {h}")
    for kid in ("survey_satisfaction", "survey_return_rate", "survey_recommend"):
        v = doc["kpis"][kid]["value"]
        check(f"{v * 100:.1f}%" in flat, f"{tag}: pdftotext finds the KPI {kid} {v * 100:.1f}%")
    check(doc["kpis"]["survey_return_rate"]["detail"].replace(" ", "") in flat,
          f"{tag}: pdftotext finds the return-rate detail {doc['kpis']['survey_return_rate']['detail']}")
    first = doc["tables"]["survey_respondents"]["rows"][0]
    check(first["customer"] in flat and f"{first['satisfaction'] * 100:.1f}%" in flat,
          f"{tag}: pdftotext finds the least satisfied customer {first['customer']} and their satisfaction")
    last = doc["tables"]["survey_respondents"]["rows"][-1]
    check(last["customer"] not in flat, f"{tag}: the respondent list is cut at pdf_limit (last customer absent)")


# ------------------------------------------------------------------ plumbing

def generate(out, *args):
    """Run this policy's sample generator into `out`."""
    hflib.generate(GENERATOR, out, *args)


def huifang(data_dir, out, formats, extra=(), expect_rc=0):
    cmd = [HUIFANG, "run", "--rules", RULES, "--data-dir", data_dir, "--out", out, "--format", formats, *extra]
    if expect_rc != 0:
        return run_tool(cmd)
    return run_results(cmd, f"huifang run exits 0 ({os.path.basename(data_dir)}, {formats} {' '.join(extra)})", out)


def main():
    require_huifang()
    with tempfile.TemporaryDirectory(prefix="hf-survey-") as tmp:
        # 1. The generator is deterministic and writes Excel-style CSV UTF-8.
        a, b = os.path.join(tmp, "det-a"), os.path.join(tmp, "det-b")
        generate(a)
        generate(b)
        for f in ("responses.csv", "sent.csv"):
            check(same_bytes(os.path.join(a, f), os.path.join(b, f)),
                  f"generator: same arguments give a byte-identical {f}")
        raw = read_bytes(os.path.join(a, "responses.csv"))
        check(raw.startswith("\ufeff问卷编号,".encode()) and b"\r\n" in raw,
              "generator: responses.csv is UTF-8 with BOM, CRLF, header starts with 问卷编号")

        # 2. The default year: oracle, all outputs, twice.
        want = oracle(a, "utf-8-sig")
        st = want["stats"]
        print(f"default year: {st['sent']} forms sent, {st['forms']} valid returned ({st['voided']} void), "
              f"return rate {st['rate'] * 100:.1f}%, satisfaction {st['satisfaction'] * 100:.1f}%, "
              f"{st['negative']} customers below 0, {st['nothing']} answered nothing, "
              f"{st['very_unsatisfied']} 很不满意 answers, {st['skipped']} skipped answers")
        check(1000 <= st["sent"] <= 2000 and 0.5 <= st["rate"] <= 0.65 and 0.6 <= st["satisfaction"] <= 0.85
              and st["negative"] >= 1 and st["nothing"] >= 1 and st["very_unsatisfied"] >= 10 and st["voided"] >= 5,
              "generator: the year is realistic (return rate 50-65%, satisfaction 60-85%, negative and "
              "all-skipped customers, 很不满意 answers, void forms)")
        outs = [os.path.join(tmp, "out-1"), os.path.join(tmp, "out-2")]
        docs = [huifang(a, o, "json,csv,pdf") for o in outs]
        if docs[0] is not None:
            check_results("year", docs[0], want, a, "utf-8-sig")
            check_csv_outputs("year", outs[0], docs[0])
            check_pdf("year", os.path.join(outs[0], "report.pdf"), docs[0])
        if docs[0] is not None and docs[1] is not None:
            for f in ("results.json", "report.pdf"):
                check(same_bytes(os.path.join(outs[0], f), os.path.join(outs[1], f)),
                      f"two runs give a byte-identical {f}")

        # 3. The same year in GB18030 and UTF-8 without BOM: identical tables and KPIs.
        for enc in ("gb18030", "utf-8"):
            d = os.path.join(tmp, f"year-{enc}")
            generate(d, "--encoding", enc)
            doc = huifang(d, os.path.join(tmp, f"out-{enc}"), "json")
            if doc is not None:
                check_results(f"year/{enc}", doc, oracle(d, enc), d, enc)
                if docs[0] is not None:
                    check(tables_only(doc) == tables_only(docs[0]) and doc["kpis"] == docs[0]["kpis"],
                          f"year/{enc}: tables and KPIs identical to the UTF-8 (BOM) run")

        # 4. --period 2026-06 on the year: only June's forms count, and the run says how many it dropped.
        june = (datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))
        want = oracle(a, "utf-8-sig", june)
        warn = [f"{os.path.join(a, 'responses.csv')}：{SURVEY_TITLE} {want['out']['responses'][0]} 行的日期不在统计期 "
                f"2026-06-01 至 2026-06-30 内，未计入（第一处在第 {want['out']['responses'][1]} 行）",
                f"{os.path.join(a, 'sent.csv')}：发放记录中 {want['out']['sent'][0]} 行的日期不在统计期 "
                f"2026-06-01 至 2026-06-30 内，未计入（第一处在第 {want['out']['sent'][1]} 行）"]
        doc = huifang(a, os.path.join(tmp, "out-june"), "json", ["--period", "2026-06"])
        if doc is not None:
            check_results("--period 2026-06", doc, want, a, "utf-8-sig", warn)

        # 5. One month from the generator (--month): a different, smaller data set.
        m = os.path.join(tmp, "month")
        generate(m, "--month", "2026-03", "--seed", "7")
        doc = huifang(m, os.path.join(tmp, "out-month"), "json,pdf")
        if doc is not None:
            want = oracle(m, "utf-8-sig")
            check(want["period"]["from"].startswith("2026-03") and want["period"]["to"].startswith("2026-03"),
                  "--month 2026-03: all dates in March", f"period {want['period']}")
            check_results("month", doc, want, m, "utf-8-sig")
            check_qpdf("month", os.path.join(tmp, "out-month", "report.pdf"))

        # 6. An answer outside the scale: exit 1, file:line:column, the header and the allowed answers.
        bad = os.path.join(tmp, "bad")
        shutil.copytree(a, bad)
        path = os.path.join(bad, "responses.csv")
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        col = rows[0].index("施工质量")
        rows[5][col] = "非常满意"        # the fifth form
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f, lineterminator="\r\n").writerows(rows)
        _, recs = csv_records(path)
        line = recs[4][0]
        p = huifang(bad, os.path.join(tmp, "out-bad"), "json", expect_rc=1)
        msg = p.stderr
        check(p.returncode == 1, "bad answer: exit 1", f"exit {p.returncode}: {msg.strip()}")
        check(f"responses.csv:{line}:{col + 1}: 列「施工质量」的值「非常满意」不在允许的取值中" in msg
              and "「很满意」、「满意」、「一般」、「不满意」、「很不满意」、「不适用」之一" in msg,
              "bad answer: the message names file:line:column, the header and the allowed answers", msg.strip())
        check(not os.path.exists(os.path.join(tmp, "out-bad", "results.json")), "bad answer: no results.json")

    sys.exit(finish())


if __name__ == "__main__":
    main()
