#!/usr/bin/env python3
"""End-to-end oracle test for the construction warranty-visit policy (P3,
rules/construction.lua; issue item 2 "Schedules").

Generates the sample with samples/construction/generate.py into a temp folder,
runs `huifang run --rules rules/construction.lua --as-of 2026-10-31`, and
recomputes EVERY slot and status here, independently: the policy's choices are
hard-coded below from the rule's header comment (DOMAIN.md P3), dates come from
the CSV files through this file's own parser, the slots are laid out here, and
the month arithmetic (calendar.monthrange clamping, each due computed from the
anchor in one step), the matching (each visit, by date, to the earliest
unsatisfied slot whose window (open, due] holds it) and the status come from
tests/data/schedule/schedule_oracle.py (written from docs/rules.md). Nothing is
read from the rule file or copied back from the program's output.

Checked: the every-slot table row by row, the overdue, upcoming, next-year
plan, per-owner and unknown-visit tables, both KPIs, each table's CSV against
its JSON, the PDF (qpdf --check; pdftotext finds the title, table titles and
owners' names), and two runs giving byte-identical results.json and report.pdf.

The deadlines (rule's choices 7 and 8): repairs dispatched within 12 hours of
the notice, per crew; complaints answered within 2 days (48 hours), per
handler. Each record's due moment, state (met / late / open / overdue against
the end of the as-of day) and lateness in seconds come from Python datetime
arithmetic on the CSV cells, parsed here, judged by
tests/data/deadline/deadline_oracle.py; the per-group counts, met rates
(met / (met + late + overdue), None when nothing is decided) and both KPIs per
deadline are recomputed from those states.

Env: HUIFANG (the CLI), HUIFANG_SOURCE_DIR. Prints "N passed, 0 failed".
"""
import datetime
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hflib  # noqa: E402
from hflib import (SRC, HUIFANG, DEADLINE_ORACLE_DIR, SCHEDULE_ORACLE_DIR, check, die, finish,  # noqa: E402
                   read_csv_lines, run_results, check_csv_tables, check_qpdf, check_fonts_embedded, diff_abs,
                   pdf_text, same_bytes)
sys.path[:0] = [DEADLINE_ORACLE_DIR, SCHEDULE_ORACLE_DIR]
from deadline_oracle import STATE_NAMES as STATE, as_of_end, due_stamp, judge, lateness_problems, stamp  # noqa: E402
from schedule_oracle import STATUS_NAMES as STATUS, add_months, match, status  # noqa: E402
RULES = os.path.join(SRC, "rules", "construction.lua")
GENERATOR = os.path.join(SRC, "samples", "construction", "generate.py")

# The policy, from rules/construction.lua's header (DOMAIN.md P3).
AS_OF = datetime.date(2026, 10, 31)
TITLE = "工程保修期回访报告"
SCHEDULE_TITLE = "保修期回访计划"
QUARTERLY, RAINY, PRE_EXPIRY, YEARLY = "保修期内季度回访", "雨季防水回访", "保修期满前回访", "保修期后年度回访"
RAINY_CATEGORIES = {"屋面防水", "外墙防水", "门窗工程", "设备安装"}
RAINY_MONTHS = (6, 8)          # June to August, one run
PRE_EXPIRY_DAYS = 30
UPCOMING_DAYS = 30
NOTIFY_DAYS = 20
HORIZON = datetime.date(AS_OF.year + 1, 12, 31)   # open-ended series cover up to here
DAY = datetime.timedelta(days=1)
# Deadlines (rule's choices 7, 8; DOMAIN.md P3, seed 001): (id, file, start, done, allowed, by, by id, fields).
DEADLINES = [
    ("repair_dispatch", "repairs.csv", "报修时间", "派工时间", datetime.timedelta(hours=12), "维修班组", "crew",
     [("order_id", "报修单号"), ("project_id", "项目编号")]),
    ("complaint_reply", "complaints.csv", "投诉时间", "答复时间", datetime.timedelta(days=2), "处理人", "handler",
     [("complaint_id", "投诉编号"), ("project_id", "项目编号")]),
]
AS_OF_END = as_of_end(AS_OF)   # the as-of day counts whole

# ------------------------------------------------------------ date arithmetic

def parse_date(s):
    s = s.strip()
    for pat in (r"(\d{4})(\d{2})(\d{2})", r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", r"(\d{4})年(\d{1,2})月(\d{1,2})日"):
        m = re.fullmatch(pat, s)
        if m:
            return datetime.date(*map(int, m.groups()))
    raise ValueError(f"not a date: {s!r}")


def iso(d):
    return d.isoformat()


def parse_datetime(s):
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?", s.strip())
    if not m:
        raise ValueError(f"not a date and time: {s!r}")
    return datetime.datetime(*(int(x or 0) for x in m.groups()))


def deadline_state(start, allowed, done):
    """(due, state, lateness seconds or None): due = start + allowed, judged as of the end of AS_OF."""
    due = start + allowed
    return (due, *judge(due, done, AS_OF_END))


# The deadline arithmetic on its edges (docs/rules.md "States").
H12, D2 = datetime.timedelta(hours=12), datetime.timedelta(days=2)
check(deadline_state(datetime.datetime(2026, 10, 1, 8), H12, datetime.datetime(2026, 10, 1, 20))[1] == "met",
      "oracle: done exactly at the due moment is on time")
check(deadline_state(datetime.datetime(2026, 10, 31, 12), H12, None)[1] == "open"
      and deadline_state(datetime.datetime(2026, 10, 31, 11, 59), H12, None)[1] == "overdue",
      "oracle: due at the as-of day's 24:00 is open, a minute earlier overdue")
check(deadline_state(datetime.datetime(2026, 10, 28, 9), D2, datetime.datetime(2026, 10, 30, 9, 1)) ==
      (datetime.datetime(2026, 10, 30, 9), "late", 60), "oracle: 2 days = 48 hours, one minute late = 60 s")

# The arithmetic itself, on the edges DOMAIN.md names.
check(add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28), "oracle: Jan 31 + 1 month = Feb 28")
check(add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29), "oracle: 2024-01-31 + 1 month = Feb 29")
check(add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28), "oracle: 2024-02-29 + 12 = 2025-02-28")
check(add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28), "oracle: Nov 30 + 3 months = Feb 28")


# ------------------------------------------------------------ the oracle

def plan_slots(completion, months, category):
    """[(label, k, open, due)] in rule order, then the stable sort by (due, open)."""
    w = add_months(completion, months)
    slots = []
    k = 1
    while add_months(completion, 3 * k) <= w - DAY:         # to = warranty_end - 1 day
        slots.append((QUARTERLY, k, add_months(completion, 3 * (k - 1)), add_months(completion, 3 * k)))
        k += 1
    if category in RAINY_CATEGORIES:
        for y in range(completion.year - 1, w.year + 1):
            lo = max(datetime.date(y, RAINY_MONTHS[0], 1), completion)
            hi = min(datetime.date(y, RAINY_MONTHS[1], 31), w)
            if lo <= hi:
                slots.append((RAINY, None, lo - DAY, hi))
    slots.append((PRE_EXPIRY, None, w - datetime.timedelta(days=PRE_EXPIRY_DAYS), w))
    k = 1
    while True:                                              # open-ended: up to the first due past the horizon
        due = add_months(w, 12 * k)
        slots.append((YEARLY, k, add_months(w, 12 * (k - 1)), due))
        if due > HORIZON:
            break
        k += 1
    return sorted(slots, key=lambda s: (s[3], s[2]))


def oracle(data):
    projects = read_csv_lines(os.path.join(data, "projects.csv"))
    visits = read_csv_lines(os.path.join(data, "visits.csv"))
    all_ids = {r["项目编号"] for _, r in projects}
    by_project = {}
    for line, v in visits:
        by_project.setdefault(v["项目编号"], []).append((parse_date(v["回访日期"]), line))
    plans = sorted((r for _, r in projects if r["竣工验收日期"].strip()), key=lambda r: r["项目编号"].encode())
    rows, extra_by_owner, plans_by_owner = [], {}, {}
    for r in plans:
        slots = plan_slots(parse_date(r["竣工验收日期"]), int(r["保修期（月）"]), r["工程类别"])
        dates = [d for d, _ in by_project.get(r["项目编号"], []) if d <= AS_OF]
        got, extra = match([(opened, due) for _, _, opened, due in slots], dates)
        m = r["项目经理"]
        extra_by_owner[m] = extra_by_owner.get(m, 0) + extra
        plans_by_owner[m] = plans_by_owner.get(m, 0) + 1
        for (label, k, opened, due), visit in zip(slots, got):
            rows.append({"id": r["项目编号"], "manager": m, "name": r["项目名称"], "phone": r["联系电话"],
                         "slot": label, "k": k, "open": opened, "due": due, "visit": visit,
                         "status": status(opened, due, visit, AS_OF), "seq": len(rows)})
    unknown = sorted((line, pid, d) for pid, vs in by_project.items() if pid not in all_ids for d, line in vs)
    return rows, extra_by_owner, plans_by_owner, unknown


def per_owner(rows):
    return sorted(rows, key=lambda x: (x["manager"].encode(), x["due"], x["id"].encode(), x["seq"]))


# ------------------------------------------------------------ run

def run(data, out):
    """`huifang run` as of AS_OF: one check that it exits 0, then results.json; die() if it does not."""
    doc = run_results([HUIFANG, "run", "--rules", RULES, "--data-dir", data, "--as-of", AS_OF.isoformat(),
                       "--out", out, "--format", "json,csv,pdf"], f"huifang run exits 0 ({os.path.basename(out)})",
                      out)
    if doc is None:
        die("no results to check")
    return doc


def compare(tid, got, want, keys):
    problems = []
    if len(got) != len(want):
        problems.append(f"{len(got)} rows, expected {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        diff = [f"{k}: {g.get(k)!r} != {w[k]!r}" for k in keys if g.get(k) != w[k]]
        if diff:
            problems.append(f"row {i + 1} ({w.get('id')}): " + "; ".join(diff))
    check(not problems, f"{tid}: {len(want)} rows equal the oracle's", problems)


def check_tables(doc, rows, extra_by_owner, plans_by_owner, unknown):
    tables = doc["tables"]
    want = [{"project_id": r["id"], "manager": r["manager"], "project_name": r["name"], "phone": r["phone"],
             "slot": r["slot"], "k": r["k"], "window_from": iso(r["open"] + DAY), "due": iso(r["due"]),
             "status": STATUS[r["status"]], "visit_date": iso(r["visit"]) if r["visit"] else None} for r in rows]
    compare("warranty_visits", tables["warranty_visits"]["rows"], want, list(want[0]))

    overdue = [r for r in per_owner(rows) if r["status"] == "overdue"]
    want = [{"manager": r["manager"], "project_id": r["id"], "project_name": r["name"], "phone": r["phone"],
             "slot": r["slot"], "due": iso(r["due"]), "days_overdue": (AS_OF - r["due"]).days} for r in overdue]
    compare("warranty_visits_overdue", tables["warranty_visits_overdue"]["rows"], want, list(want[0]))

    until = AS_OF + datetime.timedelta(days=UPCOMING_DAYS)
    upcoming = [r for r in per_owner(rows)
                if r["status"] == "open" or (r["status"] == "upcoming" and r["open"] + DAY <= until)]
    want = [{"manager": r["manager"], "project_id": r["id"], "slot": r["slot"], "window_from": iso(r["open"] + DAY),
             "due": iso(r["due"]), "status": STATUS[r["status"]]} for r in upcoming]
    compare("warranty_visits_upcoming", tables["warranty_visits_upcoming"]["rows"], want, list(want[0]))

    plan = [r for r in per_owner(rows) if r["due"].year == AS_OF.year + 1]
    want = [{"manager": r["manager"], "project_id": r["id"], "slot": r["slot"], "window_from": iso(r["open"] + DAY),
             "due": iso(r["due"]), "notify_by": iso(r["open"] + DAY - datetime.timedelta(days=NOTIFY_DAYS))}
            for r in plan]
    compare("warranty_visits_plan", tables["warranty_visits_plan"]["rows"], want, list(want[0]))
    check(tables["warranty_visits_plan"]["title"] == f"{SCHEDULE_TITLE}：{AS_OF.year + 1} 年度回访计划",
          "plan table title names next year")

    want = []
    for m in sorted(plans_by_owner, key=str.encode):
        mine = [r for r in rows if r["manager"] == m]
        due = [r for r in mine if r["due"] < AS_OF]
        done = sum(r["status"] == "done" for r in due)
        want.append({"manager": m, "plans": plans_by_owner[m], "due_slots": len(due), "done": done,
                     "overdue": sum(r["status"] == "overdue" for r in mine),
                     "done_rate": done / len(due) if due else None,
                     "open": sum(r["status"] == "open" for r in mine), "extra_visits": extra_by_owner[m]})
    compare("warranty_visits_by_owner", tables["warranty_visits_by_owner"]["rows"], want, list(want[0]))

    want = [{"line": line, "key": pid, "visit_date": iso(d)} for line, pid, d in unknown]
    compare("warranty_visits_unknown_visits", tables.get("warranty_visits_unknown_visits", {"rows": []})["rows"],
            want, ["line", "key", "visit_date"])

    due = [r for r in rows if r["due"] < AS_OF]
    done = sum(r["status"] == "done" for r in due)
    k = doc["kpis"]["warranty_visits_done_rate"]
    check(k["value"] == done / len(due) and k["detail"] == f"{done} / {len(due)} 次已到期应回访",
          f"KPI done rate {done}/{len(due)}", [k])
    overdue_plans = len({r["id"] for r in rows if r["status"] == "overdue"})
    k = doc["kpis"]["warranty_visits_overdue"]
    check(k["value"] == len(overdue) and k["detail"] == f"涉及 {overdue_plans} 个计划",
          f"KPI overdue {len(overdue)} in {overdue_plans} plans", [k])

    # The sample must exercise what the policy is about, or the comparison proves little.
    seen = {r["status"] for r in rows}
    labels = {r["slot"] for r in rows if r["status"] == "done"}
    check(seen == set(STATUS) and labels == {QUARTERLY, RAINY, PRE_EXPIRY, YEARLY} and unknown
          and sum(extra_by_owner.values()) > 0 and len(plans_by_owner) == 6,
          "the sample has every status, every kind of slot done, extra and unknown visits, six managers",
          [sorted(seen), sorted(labels), len(unknown)])


def deadline_oracle(data, spec):
    """[record] in file order for one deadline."""
    _, name, start_h, done_h, allowed, by_h, by_id, fields = spec
    records = []
    for line, r in read_csv_lines(os.path.join(data, name)):
        start = parse_datetime(r[start_h])
        done = parse_datetime(r[done_h]) if r[done_h].strip() else None
        due, state, late_s = deadline_state(start, allowed, done)
        rec = {"line": line}
        rec.update({fid: r[h] for fid, h in fields})
        rec.update({"start": stamp(start), "due": due_stamp(due), "done": stamp(done) if done else None,
                    "state": STATE[state], "lateness_seconds": late_s, by_id: r[by_h], "_state": state})
        records.append(rec)
    return records


def counts(records):
    c = {k: sum(r["_state"] == k for r in records) for k in ("met", "late", "open", "overdue")}
    decided = c["met"] + c["late"] + c["overdue"]
    return c, decided


def check_deadlines(doc, data):
    tables, kpis = doc["tables"], doc["kpis"]
    for spec in DEADLINES:
        tid, by_id, fields = spec[0], spec[6], [f for f, _ in spec[7]]
        records = deadline_oracle(data, spec)
        keys = ["line"] + fields + ["start", "due", "done", "state", "lateness_seconds"]
        compare(f"{tid}_all", tables[f"{tid}_all"]["rows"], records, keys)
        missed = [r for r in records if r["_state"] in ("late", "overdue")]
        compare(tid, tables[tid]["rows"], missed, keys)
        bad = [(r["line"], g.get("lateness")) for g, r in zip(tables[f"{tid}_all"]["rows"], records)
               if (g.get("lateness") is not None) != (r["lateness_seconds"] is not None)
               or (g.get("lateness") is not None and not g["lateness"].startswith("超时 "))]
        bad += lateness_problems(tables[f"{tid}_all"]["rows"])
        check(not bad, f"{tid}: lateness words exactly on the late and overdue records, fitting the seconds", bad)

        want = []
        for value in sorted({r[by_id] for r in records}, key=str.encode):
            c, decided = counts([r for r in records if r[by_id] == value])
            want.append({by_id: value, "records": sum(c.values()), **c,
                         "met_rate": c["met"] / decided if decided else None})
        problems = diff_abs(tables[f"{tid}_by_{by_id}"]["rows"], want)   # met_rate within 1e-12, the rest exact
        check(not problems, f"{tid}_by_{by_id}: {len(want)} groups' counts and met rates equal the oracle's", problems)

        c, decided = counts(records)
        k = kpis[f"{tid}_met_rate"]
        rate = c["met"] / decided if decided else 0
        detail = f"按时 {c['met']} / {decided} 条（超时 {c['late']}，逾期 {c['overdue']}，未到期 {c['open']}）"
        check(abs(k["value"] - rate) < 1e-12 and k["detail"] == detail and "target" not in k,
              f"KPI {tid}_met_rate {c['met']}/{decided}", [k, detail])
        k = kpis[f"{tid}_overdue"]
        check(k["value"] == c["overdue"] and k["detail"] == f"截至 {AS_OF.isoformat()}",
              f"KPI {tid}_overdue {c['overdue']}", [k])
        # The sample must exercise every state, or the comparison proves little.
        check({r["_state"] for r in records} == set(STATE), f"{tid}: the sample has all four states",
              [sorted({r["_state"] for r in records})])


def check_csv(out, doc):
    check_csv_tables("every table's CSV (BOM, labels, rows) equals its JSON", out, doc)


def check_pdf(pdf, doc):
    check_qpdf("", pdf)
    check_fonts_embedded("", pdf)
    p, flat = pdf_text(pdf)
    wanted = [TITLE, f"{SCHEDULE_TITLE}：逾期未回访", f"{SCHEDULE_TITLE}：{AS_OF.year + 1}年度回访计划",
              f"{SCHEDULE_TITLE}：按项目经理汇总"]
    wanted += [r["manager"] for r in doc["tables"]["warranty_visits_by_owner"]["rows"]]
    wanted += [doc["tables"][t]["title"] for t in ("repair_dispatch_by_crew", "repair_dispatch",
                                                   "complaint_reply_by_handler", "complaint_reply")]
    wanted += [r["crew"] for r in doc["tables"]["repair_dispatch_by_crew"]["rows"]]
    wanted += [r["handler"] for r in doc["tables"]["complaint_reply_by_handler"]["rows"]]
    rate = doc["kpis"]["warranty_visits_done_rate"]["value"]
    wanted.append(f"{rate * 100:.1f}%")
    missing = [w for w in wanted if re.sub(r"\s+", "", w) not in flat]
    check(p.returncode == 0 and not missing, "pdftotext finds the title, table titles, owners and the done rate",
          missing)
    check(f"{SCHEDULE_TITLE}：全部应回访" not in flat, "the every-slot table is not printed (pdf_all_slots = false)")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        hflib.generate(GENERATOR, data)
        out1, out2 = os.path.join(tmp, "out1"), os.path.join(tmp, "out2")
        doc = run(data, out1)
        rows, extra_by_owner, plans_by_owner, unknown = oracle(data)
        check(doc["as_of"] == AS_OF.isoformat(), "as_of is --as-of")
        check_tables(doc, rows, extra_by_owner, plans_by_owner, unknown)
        check_deadlines(doc, data)
        check_csv(out1, doc)
        check_pdf(os.path.join(out1, "report.pdf"), doc)
        run(data, out2)
        for name in ("results.json", "report.pdf"):
            check(same_bytes(os.path.join(out1, name), os.path.join(out2, name)), f"two runs give byte-identical {name}")
    sys.exit(finish())


if __name__ == "__main__":
    main()
