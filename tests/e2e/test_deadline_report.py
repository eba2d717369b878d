#!/usr/bin/env python3
"""End-to-end test of the `calendar` and `deadlines` sections (issue 3, item "Deadlines").

Runs `huifang run` on tests/data/deadline/e2e (a decoration company's service commitments, DOMAIN.md P7:
applications reviewed within 24 hours, a service report within 7 working days, each site's weekly summary by
Wednesday 12:00) with --period 2026-10 --as-of 2026-10-20, and checks results.json, the CSV files and the PDF
against values worked out BY HAND below (each one commented); nothing is copied back from the program's output.

The calendar in the rule is made up: 2026-10-01 .. 10-07 off (Thu .. Wed), Sun 09-27 and Sat 10-10 worked.
Weekdays: 2026-10-02 Fri, 10-05 Mon, 10-08 Thu, 10-09 Fri, 10-12 Mon, 10-16 Fri, 10-20 Tue.
The as-of day 10-20 ends at 10-21 00:00: an unfinished record whose due moment is before that is 逾期未完成,
else 未到期. Met rate = met / (met + late + overdue).

Also: every CSV starts with a BOM, has CRLF line ends and the labels as its header; the PDF passes
`qpdf --check` and its text holds the section titles (not the JSON-only "全部记录" tables); two runs give the
same bytes; a rule whose calendar is wrong fails with exit 1, names the file and key path, and writes nothing.

Env: HUIFANG (the CLI), HUIFANG_SOURCE_DIR, HUIFANG_BUILD_DIR (set by ctest).
Prints "N passed, 0 failed" at the end; exits 1 on any mismatch.
"""
import csv
import io
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hflib import (SRC, HUIFANG, check, finish, same as hflib_same, load_results, run_tool, same_bytes,  # noqa: E402
                   check_csv_tables, check_qpdf, pdf_text, read_bytes, require_huifang)
CASE = os.path.join(SRC, "tests", "data", "deadline", "e2e")
INVALID = os.path.join(SRC, "tests", "data", "deadline", "invalid")

def same(a, b):
    """Floats within 1e-12 relative or 1e-15 absolute."""
    return hflib_same(a, b, abs_tol=1e-15)


# ------------------------------------------------------------------ hand-worked expectations

# Record columns: line, the rule's `fields`, start, due, done, state, lateness, lateness_seconds.
MET, LATE, OPEN, OVERDUE = "按时完成", "超时完成", "未到期", "逾期未完成"

# review_24h: start = 申请时间, within 24 hours, done = 审核时间 (datetime).
REVIEW_ALL = [
    # E1 (line 2) applied 09-30 16:00: before the period, not counted (a warning names line 2).
    # E2 10-08 09:00 -> due 10-09 09:00; reviewed 09:00 exactly: on time.
    [3, "E2", "客户乙", "2026-10-08 09:00:00", "2026-10-09 09:00:00", "2026-10-09 09:00:00", MET, None, None],
    # E3 10-09 17:30 -> due 10-10 17:30; reviewed 18:00: 30 minutes late.
    [4, "E3", "客户丙", "2026-10-09 17:30:00", "2026-10-10 17:30:00", "2026-10-10 18:00:00", LATE, "超时 30 分", 1800],
    # E4 10-16 10:00 -> due 10-17 10:00; not reviewed; 10-21 00:00 - 10-17 10:00 = 3 days 14 h = 309600 s.
    [5, "E4", "客户丁", "2026-10-16 10:00:00", "2026-10-17 10:00:00", None, OVERDUE, "超时 3 天 14 小时", 309600],
    # E5 10-20 15:00 -> due 10-21 15:00, after 10-21 00:00: open.
    [6, "E5", "客户戊", "2026-10-20 15:00:00", "2026-10-21 15:00:00", None, OPEN, None, None],
    # E6 on a holiday, 10-02 11:00 -> due 10-03 11:00 (hours ignore the calendar); reviewed 10:59: on time.
    [7, "E6", "客户己", "2026-10-02 11:00:00", "2026-10-03 11:00:00", "2026-10-03 10:59:00", MET, None, None],
]
# Met E2 E6 = 2, late E3, overdue E4, open E5: 2 / (2 + 1 + 1) = 0.5 < target 0.9.
# By designer, byte order (李 E6 9D 8E < 王 E7 8E 8B): 李工 E3 late + E4 overdue -> 0 / 2 = 0;
# 王工 E2 E6 met + E5 open -> 2 / 2 = 1.
REVIEW_BY = [
    {"designer": "李工", "records": 2, "met": 0, "late": 1, "open": 0, "overdue": 1, "met_rate": 0},
    {"designer": "王工", "records": 3, "met": 2, "late": 0, "open": 1, "overdue": 0, "met_rate": 1},
]

# service_report: start = 申请时间, within 7 working days (due 24:00 of the 7th working day after the
# start's day), done = 报告日期, a date: it stands for 24:00 of that day and is shown as the date.
REPORT_ALL = [
    # E2 Thu 10-08: Fri 10-09 (1), Sat 10-10 (2, 调休), Mon 10-12 .. Fri 10-16 (3..7): due 10-16 24:00;
    # reported "10-16" = 10-17 00:00 = due: on time.
    [3, "E2", "客户乙", "2026-10-08 09:00:00", "2026-10-16 24:00:00", "2026-10-16", MET, None, None],
    # E3 Fri 10-09: Sat 10-10 (1), 10-12 .. 10-16 (2..6), Mon 10-19 (7): due 10-19 24:00;
    # reported "10-20" = 10-21 00:00: one day late.
    [4, "E3", "客户丙", "2026-10-09 17:30:00", "2026-10-19 24:00:00", "2026-10-20", LATE, "超时 1 天", 86400],
    # E4 Fri 10-16: 10-19 .. 10-23 (1..5), Mon 10-26 (6), Tue 10-27 (7): due 10-27 24:00, open.
    [5, "E4", "客户丁", "2026-10-16 10:00:00", "2026-10-27 24:00:00", None, OPEN, None, None],
    # E5 Tue 10-20: 10-21 .. 10-23 (1..3), 10-26 .. 10-29 (4..7): due 10-29 24:00, open.
    [6, "E5", "客户戊", "2026-10-20 15:00:00", "2026-10-29 24:00:00", None, OPEN, None, None],
    # E6 Fri 10-02: 10-03 .. 10-07 off; Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 (3), 10-12 .. 10-15 (4..7):
    # due 10-15 24:00; reported 10-12: on time.
    [7, "E6", "客户己", "2026-10-02 11:00:00", "2026-10-15 24:00:00", "2026-10-12", MET, None, None],
]
# Met 2, late 1, open 2, overdue 0: 2 / 3. 李工 E3 late + E4 open -> 0 / 1; 王工 E2 E6 met + E5 open -> 1.
REPORT_BY = [
    {"designer": "李工", "records": 2, "met": 0, "late": 1, "open": 1, "overdue": 0, "met_rate": 0},
    {"designer": "王工", "records": 3, "met": 2, "late": 0, "open": 1, "overdue": 0, "met_rate": 1},
]

# weekly_summary: start = 周次 (a date: any day of the week summarised), due Wednesday 12:00 of the
# following ISO week (the calendar does not move it), done = 提交时间.
WEEKLY_ALL = [
    # Week of Mon 10-05 -> Wed 10-14 12:00; submitted 11:00: on time.
    [2, "一号工地", "2026-10-05", "2026-10-14 12:00:00", "2026-10-14 11:00:00", MET, None, None],
    # Same week, submitted 13:15: 1 h 15 min late = 4500 s.
    [3, "二号工地", "2026-10-05", "2026-10-14 12:00:00", "2026-10-14 13:15:00", LATE, "超时 1 小时 15 分", 4500],
    # Week of Mon 10-12 -> Wed 10-21 12:00, after 10-21 00:00: open.
    [4, "一号工地", "2026-10-12", "2026-10-21 12:00:00", None, OPEN, None, None],
    # Thu 10-01 is in the week of Mon 09-28 -> Wed 10-07 12:00 (a holiday: still due then); never submitted:
    # 10-21 00:00 - 10-07 12:00 = 13 days 12 h = 1166400 s.
    [5, "二号工地", "2026-10-01", "2026-10-07 12:00:00", None, OVERDUE, "超时 13 天 12 小时", 1166400],
]
# Met 1, late 1, overdue 1, open 1: 1 / 3. By site (一 E4 B8 80 < 二 E4 BA 8C): 一号工地 1 / 1; 二号工地 0 / 2.
WEEKLY_BY = [
    {"site": "一号工地", "records": 2, "met": 1, "late": 0, "open": 1, "overdue": 0, "met_rate": 1},
    {"site": "二号工地", "records": 2, "met": 0, "late": 1, "open": 0, "overdue": 1, "met_rate": 0},
]

KPIS = {
    "review_24h_met_rate": {"value": 0.5, "format": "percent", "target": 0.9, "met": False,
                            "detail": "按时 2 / 4 条（超时 1，逾期 1，未到期 1）"},
    "review_24h_overdue": {"value": 1, "format": "int", "detail": "截至 2026-10-20"},
    "service_report_met_rate": {"value": 2 / 3, "format": "percent", "detail": "按时 2 / 3 条（超时 1，逾期 0，未到期 2）"},
    "service_report_overdue": {"value": 0, "format": "int"},
    "weekly_summary_met_rate": {"value": 1 / 3, "format": "percent", "detail": "按时 1 / 3 条（超时 1，逾期 1，未到期 1）"},
    "weekly_summary_overdue": {"value": 1, "format": "int"},
}

RECORD_COLUMNS = ["start", "due", "done", "state", "lateness", "lateness_seconds"]
REVIEW_COLUMNS = ["line", "id", "customer"] + RECORD_COLUMNS
WEEKLY_COLUMNS = ["line", "site"] + RECORD_COLUMNS
GROUP_COLUMNS = ["records", "met", "late", "open", "overdue", "met_rate"]


def as_rows(columns, lists):
    return [dict(zip(columns, values)) for values in lists]


def late_only(rows):
    return [r for r in rows if r["state"] in (LATE, OVERDUE)]


EXPECTED_TABLES = {
    "review_24h_by_designer": (["designer"] + GROUP_COLUMNS, REVIEW_BY),
    "review_24h": (REVIEW_COLUMNS, late_only(as_rows(REVIEW_COLUMNS, REVIEW_ALL))),
    "review_24h_all": (REVIEW_COLUMNS, as_rows(REVIEW_COLUMNS, REVIEW_ALL)),
    "service_report_by_designer": (["designer"] + GROUP_COLUMNS, REPORT_BY),
    "service_report": (REVIEW_COLUMNS, late_only(as_rows(REVIEW_COLUMNS, REPORT_ALL))),
    "service_report_all": (REVIEW_COLUMNS, as_rows(REVIEW_COLUMNS, REPORT_ALL)),
    "weekly_summary_by_site": (["site"] + GROUP_COLUMNS, WEEKLY_BY),
    "weekly_summary": (WEEKLY_COLUMNS, late_only(as_rows(WEEKLY_COLUMNS, WEEKLY_ALL))),
    "weekly_summary_all": (WEEKLY_COLUMNS, as_rows(WEEKLY_COLUMNS, WEEKLY_ALL)),
}
# Column labels: the company's headers for fields, start and done; fixed words for the rest.
REVIEW_LABELS = ["行号", "申请编号", "客户", "申请时间", "应完成时间", "审核时间", "状态", "超时", "超时秒数"]
REPORT_LABELS = ["行号", "申请编号", "客户", "申请时间", "应完成时间", "报告日期", "状态", "超时", "超时秒数"]
GROUP_LABELS = ["设计师", "记录数", "按时完成", "超时完成", "未到期", "逾期未完成", "按时完成率"]


# ------------------------------------------------------------------ the run

def run(out, extra=()):
    cmd = [HUIFANG, "run", "--rules", os.path.join(CASE, "rule.lua"), "--data-dir", CASE, "--out", out,
           "--period", "2026-10", "--as-of", "2026-10-20", "--format", "json,csv,pdf", *extra]
    return run_tool(cmd, timeout=120)


def csv_text(value):
    """A JSON value as the CSV writer prints it: nulls empty, numbers in shortest form."""
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def check_results(out):
    doc = load_results(out)
    check(doc["period"] == {"from": "2026-10-01", "to": "2026-10-31"}, "period", doc["period"])
    check(doc["as_of"] == "2026-10-20", "as_of", doc["as_of"])
    for kid, want in KPIS.items():
        got = doc["kpis"].get(kid)
        if not check(got is not None, f"KPI {kid} present"):
            continue
        for key, value in want.items():
            check(same(got.get(key), value), f"KPI {kid}.{key}", f"got {got.get(key)!r}, want {value!r}")
    check("target" not in doc["kpis"]["service_report_met_rate"], "no target unless the rule sets one")
    for tid, (columns, want) in EXPECTED_TABLES.items():
        table = doc["tables"].get(tid)
        if not check(table is not None, f"table {tid} present"):
            continue
        got_columns = [c["id"] for c in table["columns"]]
        check(got_columns[:len(columns)] == columns and len(got_columns) == len(columns), f"{tid} columns",
              got_columns)
        rows = table["rows"]
        if check(len(rows) == len(want), f"{tid}: {len(want)} rows", f"got {len(rows)}"):
            for i, (g, w) in enumerate(zip(rows, want)):
                bad = {k: (g.get(k), v) for k, v in w.items() if not same(g.get(k), v)}
                check(not bad, f"{tid} row {i + 1}", bad)
    # Titles: "<title>：按<header>", "<title>：超时与逾期清单", "<title>：全部记录".
    check(doc["tables"]["review_24h_by_designer"]["title"] == "申请审核（24 小时）：按设计师", "by-table title")
    check(doc["tables"]["review_24h"]["title"] == "申请审核（24 小时）：超时与逾期清单", "list title")
    check(doc["tables"]["review_24h_all"]["title"] == "申请审核（24 小时）：全部记录", "all-records title")
    labels = [c["label"] for c in doc["tables"]["service_report"]["columns"]]
    check(labels == REPORT_LABELS, "service_report labels", labels)
    # The rule in words heads the tables.
    note = doc["tables"]["service_report"].get("note", "")
    check(note.startswith("时限：「申请时间」当日之后第 7 个工作日 24:00 前，以「报告日期」为完成时间。"), "rule in words", note)
    check("共 1 条（超时完成 1 条，逾期未完成 0 条，截至 2026-10-20）" in note, "list note counts", note)
    # E1 starts before the period: one warning per deadline on service.csv, naming line 2.
    warnings = [w for w in doc["warnings"] if "不在统计期 2026-10-01 至 2026-10-31 内，未计入（第一处在第 2 行）" in w]
    check(len(warnings) == 2 and "「申请审核（24 小时）」" in warnings[0] and "「服务报告（7 个工作日）」" in warnings[1],
          "period warnings", doc["warnings"])


def check_csv(out):
    for tid, (columns, want) in EXPECTED_TABLES.items():
        path = os.path.join(out, f"{tid}.csv")
        if not check(os.path.exists(path), f"{tid}.csv written"):
            continue
        raw = read_bytes(path)
        check(raw.startswith(b"\xef\xbb\xbf"), f"{tid}.csv starts with a BOM")
        check(raw.count(b"\r\n") == raw.count(b"\n") and raw.endswith(b"\r\n"), f"{tid}.csv CRLF line ends")
        rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
        header, body = rows[0], rows[1:]
        if tid == "review_24h":
            check(header == REVIEW_LABELS, f"{tid}.csv header", header)
        if tid.endswith("_by_designer"):
            check(header == GROUP_LABELS, f"{tid}.csv header", header)
        expect = [[csv_text(r[c]) for c in columns] for r in want]
        check(body == expect, f"{tid}.csv rows", f"got {body}\n  want {expect}")


def check_pdf(out):
    pdf = os.path.join(out, "report.pdf")
    check_qpdf("", pdf, "qpdf --check")
    p, flat = pdf_text(pdf, "-layout")   # flat: layout may break a title across spaces
    text = p.stdout
    for title in ["申请审核（24小时）：按设计师", "申请审核（24小时）：超时与逾期清单",
                  "服务报告（7个工作日）：超时与逾期清单", "工地周报（下周三12:00）：按工地",
                  "工地周报（下周三12:00）：超时与逾期清单"]:
        check(title in flat, f"PDF shows {title}")
    check("全部记录" not in flat, "the all-records tables are not in the PDF")
    # The list rows: the late review E3 with its lateness, the overdue weekly summary.
    check("超时30分" in flat and "超时13天12小时" in flat and "逾期未完成" in flat, "PDF list rows")
    check("2026-10-19 24:00:00" in text, "PDF shows a 24:00 due")


def check_error():
    """A calendar listing a date as both holiday and working day: exit 1, the file and key path, no output."""
    with tempfile.TemporaryDirectory() as out:
        target = os.path.join(out, "out")
        proc = run_tool([HUIFANG, "run", "--rules", os.path.join(INVALID, "calendar_both_lists.lua"),
                               "--data-dir", CASE, "--out", target], timeout=60)
        check(proc.returncode == 1, "bad calendar exits 1", proc.returncode)
        check("calendar_both_lists.lua: calendar.workdays[2]: 2026-10-04 同时列为节假日和调休工作日" in proc.stderr,
              "bad calendar message", proc.stderr.strip())
        check(not os.path.exists(target) or os.listdir(target) == [], "bad calendar writes nothing")
        proc = run_tool([HUIFANG, "run", "--rules", os.path.join(INVALID, "within_two_units.lua"),
                               "--data-dir", CASE, "--out", target], timeout=60)
        check(proc.returncode == 1 and "within_two_units.lua: deadlines[1].within: 只能有一种单位" in proc.stderr,
              "two units message", proc.stderr.strip())


def main():
    require_huifang()
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        proc = run(a)
        if not check(proc.returncode == 0, "run exits 0", proc.stderr.strip()):
            sys.exit(finish())
        check_results(a)
        check_csv(a)
        check_csv_tables("every table's CSV equals its JSON rows", a, load_results(a))
        check_pdf(a)
        proc = run(b)
        if check(proc.returncode == 0, "second run exits 0", proc.stderr.strip()):
            names = sorted(os.listdir(a))
            check(names == sorted(os.listdir(b)), "two runs write the same files", [names, sorted(os.listdir(b))])
            for name in names:
                second = os.path.join(b, name)
                check(os.path.isfile(second) and same_bytes(os.path.join(a, name), second),
                      f"two runs give the same {name}")
    check_error()
    sys.exit(finish())


if __name__ == "__main__":
    main()
