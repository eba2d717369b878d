#!/usr/bin/env python3
"""End-to-end oracle test for the decoration callback policy (P7 of DOMAIN.md,
rules/decoration.lua; seed 004).

Generates the sample with samples/decoration/generate.py into a temp folder,
runs `huifang run --rules rules/decoration.lua --as-of 2026-10-31`, and
recomputes the results INDEPENDENTLY here from the CSV files: the policy's
numbers are hard-coded below from the rule's header comment (DOMAIN.md P7), the
dates are parsed and the slots laid out here; the month arithmetic (clamping to
the month's end, each due computed from the anchor in one step), the matching of
callbacks to slots (each callback, by date, to the earliest unsatisfied slot
whose window (open, due] holds it) and the slot status come from
tests/data/schedule/schedule_oracle.py, the deadline states and lateness from
tests/data/deadline/deadline_oracle.py (both written from docs/rules.md).
Nothing is read from the rule file or copied back from the program's output.

Checked: both schedules (the three construction-phase callbacks; the
warranty bands quarterly / half-yearly / yearly) row by row with statuses,
their overdue, per-owner and next-year plan tables and KPIs; the survey
(per question, overall, per designer / inspector / crew, recommend and 0-5
score KPIs); the complaint ratios per designer / inspector / crew (and the
ledger's counts against the complaint register); the four deadlines (weekly
documents by Wednesday 12:00 of the next week, 24 h review, 48 h assignment,
7 working days with the 2026 calendar) record by record and per group; both
targets; each table's CSV against its JSON; the PDF (qpdf --check, every font
embedded, pdftotext finds the title and every designer); two runs give
byte-identical results.json.

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
                   read_csv_lines, run_results, check_csv_tables, check_qpdf, check_fonts_embedded, pdf_text,
                   same_bytes)
sys.path[:0] = [DEADLINE_ORACLE_DIR, SCHEDULE_ORACLE_DIR]
from deadline_oracle import STATE_NAMES as STATE, as_of_end, due_stamp, judge, lateness_problems, stamp  # noqa: E402
from schedule_oracle import STATUS_NAMES as STATUS, add_months, match, status  # noqa: E402
RULES = os.path.join(SRC, "rules", "decoration.lua")
GENERATOR = os.path.join(SRC, "samples", "decoration", "generate.py")

# The policy, from rules/decoration.lua's header (DOMAIN.md P7, seed 004).
AS_OF = datetime.date(2026, 10, 31)
TITLE = "装饰工程回访月报"
DAY = datetime.timedelta(days=1)
HORIZON = datetime.date(AS_OF.year + 1, 12, 31)      # open-ended bands cover up to here
# Choice 1: (label, anchor column, offset days, window days or None = (anchor, due]).
PHASE_SLOTS = [("开工回访", "开工日期", 13, 7), ("中期回访", "中期款日期", 3, None), ("竣工回访", "竣工日期", 10, None)]
PHASE_KIND, WARRANTY_KIND, PHONE = "施工期回访", "质保期回访", "电话"
# Choice 2: (label, months from, every months, to months or None = open-ended).
BANDS = [("第一年季度回访", 0, 3, 12), ("第二年半年回访", 12, 6, 24), ("两年后年度回访", 24, 12, None)]
PHASE_UPCOMING, WARRANTY_UPCOMING, NOTIFY_DAYS = 14, 30, 0
# Choice 4: the survey.
YES_GOOD = [("是", 1), ("否", 0)]
YES_BAD = [("否", 1), ("是", 0)]
SKIP = {"", "不清楚"}
OVERALL = ["设计满意", "施工质量满意", "服务态度满意", "工期满意", "各阶段服务满意", "按要求巡查", "张贴文明施工标识",
           "文明施工安全满意", "规章制度满意", "发现违规行为"]
REVERSED = {"发现违规行为"}
# Choice 5: complaint ratios over 在施 projects.
ROLES = [("designer", "设计师", "本月设计投诉"), ("inspector", "巡检员", "本月巡检投诉"), ("crew", "施工队", "本月施工投诉")]
# Choice 8: the 2026 calendar.
HOLIDAYS = set()
for a, b in [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
             ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
             ("2026-10-01", "2026-10-07")]:
    d = datetime.date.fromisoformat(a)
    while d <= datetime.date.fromisoformat(b):
        HOLIDAYS.add(d)
        d += DAY
WORKDAYS = {datetime.date.fromisoformat(x) for x in
            ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")}
TARGET = 0.90
# A callback whose project number is not in the universe (a typo) counts in no group (docs/rules.md "targets").
GROUPS_OUTSIDE_UNIVERSE_COUNT = False

# ------------------------------------------------------------ arithmetic

def parse_date(s):
    s = s.strip()
    for pat in (r"(\d{4})(\d{2})(\d{2})", r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})"):
        m = re.fullmatch(pat, s)
        if m:
            return datetime.date(*map(int, m.groups()))
    raise ValueError(f"not a date: {s!r}")


def parse_dt(s):
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})", s.strip())
    if not m:
        raise ValueError(f"not a date and time: {s!r}")
    return datetime.datetime(*map(int, m.groups()))


def midnight(d):
    return datetime.datetime(d.year, d.month, d.day)


def is_workday(d):
    return d in WORKDAYS or (d.weekday() < 5 and d not in HOLIDAYS)


def working_due(d, n):
    """24:00 of the n-th working day after d (d itself never counts)."""
    k = 0
    while k < n:
        d += DAY
        k += is_workday(d)
    return midnight(d) + DAY


check(add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28), "oracle: Jan 31 + 1 month = Feb 28")
check(add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28), "oracle: 2024-02-29 + 12 = 2025-02-28")
check(working_due(datetime.date(2026, 9, 28), 7) == datetime.datetime(2026, 10, 14),
      "oracle: 7 working days after 09-28 skip National Day, count Saturday 10-10: by the end of 10-13")
check(working_due(datetime.date(2026, 9, 18), 1) == datetime.datetime(2026, 9, 21),
      "oracle: the working day after Friday 09-18 is Sunday 09-20 (调休)")


# ------------------------------------------------------------ reading

def read_csv(data, name):
    """[(line, row dict)] of data/name."""
    return read_csv_lines(os.path.join(data, name))


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(a - b) < 1e-12
    return a == b


def compare(tid, got, want, keys=None):
    keys = keys or (list(want[0]) if want else [])
    problems = [f"{len(got)} rows, expected {len(want)}"] if len(got) != len(want) else []
    for i, (g, w) in enumerate(zip(got, want)):
        diff = [f"{k}: {g.get(k)!r} != {w[k]!r}" for k in keys if not same(g.get(k), w[k])]
        if diff:
            problems.append(f"row {i + 1}: " + "; ".join(diff))
    check(not problems, f"{tid}: {len(want)} rows equal the oracle's", problems)


# ------------------------------------------------------------ schedules

def phase_slots(p):
    slots = []
    for label, col, offset, window in PHASE_SLOTS:
        if not p[col].strip():
            continue                                   # no anchor: not owed
        a = parse_date(p[col])
        due = a + datetime.timedelta(days=offset)
        slots.append({"slot": label, "k": None, "open": due - datetime.timedelta(days=window) if window else a,
                      "due": due})
    return slots


def warranty_slots(p):
    if not p["竣工日期"].strip():
        return None
    c = parse_date(p["竣工日期"])
    slots = []
    for label, start, every, to in BANDS:
        k = 1
        while True:
            due = add_months(c, start + k * every)
            if to is not None and due > add_months(c, to):
                break
            slots.append({"slot": label, "k": k, "open": add_months(c, start + (k - 1) * every), "due": due})
            if to is None and due > HORIZON:
                break
            k += 1
    return slots


def schedule_oracle(projects, callbacks, make, kind):
    visits = {}
    for _, v in callbacks:
        if v["回访类别"] == kind and v["回访方式"] == PHONE:
            visits.setdefault(v["工程编号"], []).append(parse_date(v["回访日期"]))
    rows, extra, plans = [], {}, {}
    for p in sorted((p for _, p in projects), key=lambda p: p["工程编号"].encode()):
        slots = make(p)
        if slots is None:
            continue                                   # not a plan (where)
        slots.sort(key=lambda s: (s["due"], s["open"]))   # stable: declared order on ties
        got, x = match([(s["open"], s["due"]) for s in slots], [d for d in visits.get(p["工程编号"], []) if d <= AS_OF])
        owner = p["回访员"]
        extra[owner] = extra.get(owner, 0) + x
        plans[owner] = plans.get(owner, 0) + 1
        for s, v in zip(slots, got):
            s.update(id=p["工程编号"], owner=owner, customer=p["客户姓名"], phone=p["联系电话"], visit=v, seq=len(rows))
            s["status"] = status(s["open"], s["due"], v, AS_OF)
            rows.append(s)
    return rows, extra, plans


def check_schedule(doc, sid, rows, extra, plans, upcoming_days, plan_next_year):
    t = doc["tables"]
    want = [{"project_id": r["id"], "clerk": r["owner"], "customer": r["customer"], "phone": r["phone"],
             "slot": r["slot"], "k": r["k"], "window_from": (r["open"] + DAY).isoformat(), "due": r["due"].isoformat(),
             "status": STATUS[r["status"]], "visit_date": r["visit"].isoformat() if r["visit"] else None}
            for r in rows]
    compare(sid, t[sid]["rows"], want)
    by_owner = sorted(rows, key=lambda r: (r["owner"].encode(), r["due"], r["id"].encode(), r["seq"]))
    want = [{"clerk": r["owner"], "project_id": r["id"], "slot": r["slot"], "due": r["due"].isoformat(),
             "days_overdue": (AS_OF - r["due"]).days} for r in by_owner if r["status"] == "overdue"]
    compare(f"{sid}_overdue", t[f"{sid}_overdue"]["rows"], want)
    until = AS_OF + datetime.timedelta(days=upcoming_days)
    want = [{"clerk": r["owner"], "project_id": r["id"], "slot": r["slot"], "window_from": (r["open"] + DAY).isoformat(),
             "due": r["due"].isoformat(), "status": STATUS[r["status"]]} for r in by_owner
            if r["status"] == "open" or (r["status"] == "upcoming" and r["open"] + DAY <= until)]
    compare(f"{sid}_upcoming", t[f"{sid}_upcoming"]["rows"], want)
    if plan_next_year:
        want = [{"clerk": r["owner"], "project_id": r["id"], "slot": r["slot"],
                 "window_from": (r["open"] + DAY).isoformat(), "due": r["due"].isoformat(),
                 "notify_by": (r["open"] + DAY - datetime.timedelta(days=NOTIFY_DAYS)).isoformat()}
                for r in by_owner if r["due"].year == AS_OF.year + 1]
        compare(f"{sid}_plan", t[f"{sid}_plan"]["rows"], want)
    want = []
    for o in sorted(plans, key=str.encode):
        mine = [r for r in rows if r["owner"] == o]
        due = [r for r in mine if r["due"] < AS_OF]
        done = sum(r["status"] == "done" for r in due)
        want.append({"clerk": o, "plans": plans[o], "due_slots": len(due), "done": done,
                     "overdue": sum(r["status"] == "overdue" for r in mine),
                     "done_rate": done / len(due) if due else None,
                     "open": sum(r["status"] == "open" for r in mine), "extra_visits": extra[o]})
    compare(f"{sid}_by_owner", t[f"{sid}_by_owner"]["rows"], want)
    due = [r for r in rows if r["due"] < AS_OF]
    done = sum(r["status"] == "done" for r in due)
    k = doc["kpis"][f"{sid}_done_rate"]
    check(same(k["value"], done / len(due)) and k["detail"] == f"{done} / {len(due)} 次已到期应回访",
          f"KPI {sid}_done_rate {done}/{len(due)}", [k])
    n_over = sum(r["status"] == "overdue" for r in rows)
    k = doc["kpis"][f"{sid}_overdue"]
    check(k["value"] == n_over and k["detail"] == f"涉及 {len({r['id'] for r in rows if r['status'] == 'overdue'})} 个计划",
          f"KPI {sid}_overdue {n_over}", [k])
    return rows


# ------------------------------------------------------------ survey

def check_survey(doc, surveys):
    t, kpis = doc["tables"], doc["kpis"]
    qs = {q: {"answered": 0, "skipped": 0, "points": 0} for q in OVERALL + ["愿意推荐", "整体评分"]}
    total = [0, 0]
    groups = {fid: {} for fid, _, _ in ROLES}
    respondents = {}
    for _, r in surveys:
        pts = full = 0
        for q in qs:
            a = r[q]
            if a in SKIP or (q == "整体评分" and a == ""):
                qs[q]["skipped"] += 1
                continue
            p = int(a) if q == "整体评分" else dict(YES_BAD if q in REVERSED else YES_GOOD)[a]
            qs[q]["answered"] += 1
            qs[q]["points"] += p
            if q in OVERALL:
                pts += p
                full += 1
        total[0] += pts
        total[1] += full
        for fid, head, _ in ROLES:
            g = groups[fid].setdefault(r[head], {"resp": set(), "answered": 0, "points": 0, "full": 0})
            g["resp"].add(r["工程编号"])
            g["answered"] += full
            g["points"] += pts
            g["full"] += full
        respondents.setdefault(r["工程编号"], 0)
    want = []
    for q, s in qs.items():
        fm = 5 if q == "整体评分" else 1
        want.append({"question": "未发现违规行为" if q in REVERSED else q, "answered": s["answered"],
                     "skipped": s["skipped"], "points": s["points"], "full": s["answered"] * fm,
                     "satisfaction": s["points"] / (s["answered"] * fm)})
    compare("survey_questions", t["survey_questions"]["rows"], want)
    for fid, head, _ in ROLES:
        want = [{fid: v, "respondents": len(g["resp"]), "answered": g["answered"], "points": g["points"],
                 "full": g["full"], "satisfaction": g["points"] / g["full"]}
                for v, g in sorted(groups[fid].items(), key=lambda kv: kv[0].encode())]
        compare(f"survey_by_{fid}", t[f"survey_by_{fid}"]["rows"], want)
    k = kpis["survey_satisfaction"]
    check(same(k["value"], total[0] / total[1]) and k["detail"] == f"{total[0]} / {total[1]} 分",
          f"KPI survey_satisfaction {total[0]}/{total[1]}", [k])
    k = kpis["survey_responses"]
    check(k["value"] == len(surveys) and k["detail"] == f"{len(respondents)} 位受访者",
          f"KPI survey_responses {len(surveys)} forms, {len(respondents)} projects", [k])
    for kid, q, fm in (("survey_recommend", "愿意推荐", 1), ("survey_score", "整体评分", 5)):
        s = qs[q]
        k = kpis[kid]
        check(same(k["value"], s["points"] / (s["answered"] * fm))
              and k["detail"] == f"{s['points']} / {s['answered'] * fm} 分", f"KPI {kid}", [k])
    return total[0] / total[1]


# ------------------------------------------------------------ complaints

def check_complaints(doc, projects, complaints):
    t = doc["tables"]
    # The ledger's monthly counts are the register's, per project and target (the generator's promise).
    reg = {}
    for _, c in complaints:
        reg[(c["工程编号"], c["投诉对象"])] = reg.get((c["工程编号"], c["投诉对象"]), 0) + 1
    bad = [(p["工程编号"], head) for _, p in projects for _, head, col in ROLES
           if int(p[col]) != reg.get((p["工程编号"], head), 0)]
    check(not bad, "projects.csv's monthly complaint counts equal complaints.csv's register", bad)
    by_person = {(c["投诉对象"], c["被投诉人"]) for _, c in complaints}
    bad = [c["投诉编号"] for _, c in complaints      # 投诉对象 is the projects.csv column naming that person
           if c["被投诉人"] != next(p for _, p in projects if p["工程编号"] == c["工程编号"])[c["投诉对象"]]]
    check(not bad and by_person, "every complaint names the project's own designer / inspector / crew", bad)
    active = [p for _, p in projects if p["工程状态"] == "在施"]
    for fid, head, col in ROLES:
        groups = {}
        for p in active:
            groups.setdefault(p[head], []).append(p)
        def row(v, ps):
            n, hit = len(ps), sum(int(p[col]) > 0 for p in ps)
            return {fid: v, "projects": n, "complained": hit, "ratio": hit / n if n else 0,
                    "complaints": sum(int(p[col]) for p in ps)}
        want = [row(v, ps) for v, ps in sorted(groups.items(), key=lambda kv: kv[0].encode())]
        want.append(row("合计", active))
        compare(f"complaints_by_{fid}", t[f"complaints_by_{fid}"]["rows"], want)
    counts = {}
    for _, c in complaints:
        counts[c["投诉对象"]] = counts.get(c["投诉对象"], 0) + 1
    want = [{"target": k, "count": v} for k, v in sorted(counts.items(), key=lambda kv: kv[0].encode())]
    want.append({"target": "合计", "count": len(complaints)})
    compare("complaints_by_target", t["complaints_by_target"]["rows"], want)
    want = [{"line": line, "complaint_id": c["投诉编号"], "date": parse_date(c["投诉日期"]).isoformat(),
             "project_id": c["工程编号"], "target": c["投诉对象"], "person": c["被投诉人"], "content": c["投诉内容"]}
            for line, c in complaints]
    compare("complaint_list", t["complaint_list"]["rows"], want)
    check(len(active) >= 20 and len(complaints) >= 10 and len(counts) == 3,
          f"the sample has {len(active)} projects under construction and {len(complaints)} complaints on all three roles")


# ------------------------------------------------------------ deadlines

AS_OF_END = as_of_end(AS_OF)


def deadline_records(rows, start_col, done_col, due_of, kind, by_col, fields):
    """kind "date": start and done are dates (the start 00:00 of its day, done 24:00 of its day, both shown as
    dates); "dt": both are moments; "mixed": the start a date (00:00, shown as the date), done a moment."""
    out = []
    for line, r in rows:
        if not r[start_col].strip():
            continue                                    # no start: not counted
        done_cell = r[done_col].strip()
        if kind == "date":
            start, done = parse_date(r[start_col]), parse_date(done_cell) if done_cell else None
            start_t, done_t = midnight(start), midnight(done) + DAY if done else None
            start_s, done_s = start.isoformat(), done.isoformat() if done else None
        elif kind == "mixed":
            start = parse_date(r[start_col])
            start_t, done_t = midnight(start), parse_dt(done_cell) if done_cell else None
            start_s, done_s = start.isoformat(), stamp(done_t) if done_t else None
        else:
            start_t, done_t = parse_dt(r[start_col]), parse_dt(done_cell) if done_cell else None
            start_s, done_s = stamp(start_t), stamp(done_t) if done_t else None
        due = due_of(start_t)
        state, late = judge(due, done_t, AS_OF_END)
        rec = {"line": line, **{fid: r[h] for fid, h in fields}, "start": start_s, "due": due_stamp(due),
               "done": done_s,
               "state": STATE[state], "lateness_seconds": late, "_state": state, "_by": r[by_col]}
        out.append(rec)
    return out


def check_deadline(doc, did, records, by_id):
    t, kpis = doc["tables"], doc["kpis"]
    keys = [k for k in records[0] if not k.startswith("_")]
    compare(f"{did}_all", t[f"{did}_all"]["rows"], records, keys)
    compare(did, t[did]["rows"], [r for r in records if r["_state"] in ("late", "overdue")], keys)
    bad = lateness_problems(t[f"{did}_all"]["rows"])
    check(not bad, f"{did}: lateness in words fits the seconds (truncated units)", bad)
    want = []
    for v in sorted({r["_by"] for r in records}, key=str.encode):
        mine = [r for r in records if r["_by"] == v]
        c = {s: sum(r["_state"] == s for r in mine) for s in STATE}
        dec = c["met"] + c["late"] + c["overdue"]
        want.append({by_id: v, "records": len(mine), **c, "met_rate": c["met"] / dec if dec else None})
    compare(f"{did}_by_{by_id}", t[f"{did}_by_{by_id}"]["rows"], want)
    c = {s: sum(r["_state"] == s for r in records) for s in STATE}
    dec = c["met"] + c["late"] + c["overdue"]
    k = kpis[f"{did}_met_rate"]
    detail = f"按时 {c['met']} / {dec} 条（超时 {c['late']}，逾期 {c['overdue']}，未到期 {c['open']}）"
    check(same(k["value"], c["met"] / dec if dec else 0) and k["detail"] == detail, f"KPI {did}_met_rate: {detail}",
          [k])
    check(kpis[f"{did}_overdue"]["value"] == c["overdue"], f"KPI {did}_overdue {c['overdue']}")
    return c


def check_deadlines(doc, weekly, service):
    def next_wednesday_noon(t):
        monday = t - datetime.timedelta(days=t.weekday())
        return monday + datetime.timedelta(days=9, hours=12)
    seen = {}
    # 周次 is a date, 上报时间 a datetime: the start is 00:00 of that day, done the moment itself.
    recs = deadline_records(weekly, "周次", "上报时间", next_wednesday_noon, "mixed", "材料名称",
                            [("material", "材料名称"), ("submitter", "上报人")])
    seen["weekly_report"] = check_deadline(doc, "weekly_report", recs, "material")
    fields = [("service_id", "申请编号"), ("project_id", "工程编号")]
    recs = deadline_records(service, "申请时间", "审核时间", lambda t: t + datetime.timedelta(hours=24), "dt", "负责人",
                            fields)
    seen["service_review"] = check_deadline(doc, "service_review", recs, "staff")
    recs = deadline_records(service, "审核时间", "派员时间", lambda t: t + datetime.timedelta(hours=48), "dt", "负责人",
                            fields)
    seen["service_assign"] = check_deadline(doc, "service_assign", recs, "staff")
    recs = deadline_records(service, "服务完成日期", "报告完成日期", lambda t: working_due(t.date(), 7), "date", "负责人",
                            fields)
    seen["service_report"] = check_deadline(doc, "service_report", recs, "staff")
    check(all(c["met"] and c["late"] for c in seen.values()) and seen["weekly_report"]["open"]
          and seen["service_review"]["overdue"], "the sample has met and late records in every deadline, open weekly "
          "documents and an overdue review", [seen])


# ------------------------------------------------------------ targets

def check_targets(doc, projects, callbacks):
    counts = {p["工程编号"]: 0 for _, p in projects}
    for _, v in callbacks:
        if v["回访类别"] == PHASE_KIND and v["回访方式"] == PHONE:
            if v["工程编号"] in counts or GROUPS_OUTSIDE_UNIVERSE_COUNT:
                counts[v["工程编号"]] = counts.get(v["工程编号"], 0) + 1
    for tid, n in (("callback_coverage", 1), ("three_callbacks", 3)):
        hit = sum(c >= n for c in counts.values())
        k = doc["kpis"][tid]
        value = hit / len(counts)
        check(same(k["value"], value) and k["target"] == TARGET and k["met"] == (value >= TARGET)
              and k["detail"] == f"{hit} / {len(counts)} 组达到 {n} 条", f"target {tid}: {hit}/{len(counts)}", [k])
        short = sorted((pid for pid, c in counts.items() if c < n), key=str.encode)
        got = [r["project_id"] for r in doc["tables"][f"{tid}_short"]["rows"]]
        check(sorted(got, key=str.encode) == short and all(r["count"] == counts[r["project_id"]]
                                                            for r in doc["tables"][f"{tid}_short"]["rows"]),
              f"{tid}_short lists the {len(short)} projects below {n}")


# ------------------------------------------------------------ outputs

def check_csv(out, doc):
    check_csv_tables(f"every table's CSV ({len(doc['tables'])}) equals its JSON", out, doc)


def check_pdf(pdf, doc):
    check_qpdf("", pdf)
    check_fonts_embedded("", pdf)
    p, flat = pdf_text(pdf)
    designers = [r["designer"] for r in doc["tables"]["complaints_by_designer"]["rows"] if r["designer"] != "合计"]
    wanted = [TITLE, "设计师被投诉比率", "施工回访", "质保回访", "电话回访满意度"] + designers
    missing = [w for w in wanted if w not in flat]
    check(p.returncode == 0 and not missing, "pdftotext finds the title, table titles and every designer", missing)


def run(data, out):
    """`huifang run` as of AS_OF: one check that it exits 0, then results.json; die() if it does not."""
    doc = run_results([HUIFANG, "run", "--rules", RULES, "--data-dir", data, "--as-of", AS_OF.isoformat(),
                       "--out", out, "--format", "json,csv,pdf"], f"huifang run exits 0 ({os.path.basename(out)})",
                      out)
    if doc is None:
        die("no results to check")
    return doc


def main():
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        hflib.generate(GENERATOR, data)
        out1, out2 = os.path.join(tmp, "out1"), os.path.join(tmp, "out2")
        doc = run(data, out1)
        check(doc["as_of"] == AS_OF.isoformat() and doc["title"] == TITLE, "as_of and title")
        projects, callbacks = read_csv(data, "projects.csv"), read_csv(data, "callbacks.csv")
        rows, extra, plans = schedule_oracle(projects, callbacks, phase_slots, PHASE_KIND)
        check_schedule(doc, "phase_callbacks", rows, extra, plans, PHASE_UPCOMING, False)
        check({r["status"] for r in rows} == set(STATUS) and {r["slot"] for r in rows if r["status"] == "done"}
              == {s[0] for s in PHASE_SLOTS} and sum(extra.values()) > 0,
              "phase sample: every status, every slot done somewhere, extra calls")
        rows, extra, plans = schedule_oracle(projects, callbacks, warranty_slots, WARRANTY_KIND)
        check_schedule(doc, "warranty_callbacks", rows, extra, plans, WARRANTY_UPCOMING, True)
        check({r["status"] for r in rows} == set(STATUS) and {r["slot"] for r in rows if r["status"] == "done"}
              == {b[0] for b in BANDS}, "warranty sample: every status, every band done somewhere")
        unknown = [{"line": line, "key": v["工程编号"], "visit_date": parse_date(v["回访日期"]).isoformat()}
                   for line, v in callbacks if v["工程编号"] not in {p["工程编号"] for _, p in projects}
                   and v["回访类别"] == PHASE_KIND and v["回访方式"] == PHONE]
        compare("phase_callbacks_unknown_visits", doc["tables"].get("phase_callbacks_unknown_visits", {"rows": []})
                ["rows"], unknown, ["line", "key", "visit_date"])
        s = check_survey(doc, read_csv(data, "surveys.csv"))
        check(0.6 < s < 0.95, f"survey satisfaction is realistic ({s:.1%})")
        check_complaints(doc, projects, read_csv(data, "complaints.csv"))
        check_deadlines(doc, read_csv(data, "weekly.csv"), read_csv(data, "service.csv"))
        check_targets(doc, projects, callbacks)
        check_csv(out1, doc)
        check_pdf(os.path.join(out1, "report.pdf"), doc)
        run(data, out2)
        check(same_bytes(os.path.join(out1, "results.json"), os.path.join(out2, "results.json")),
              "two runs give byte-identical results.json")
        data2 = os.path.join(tmp, "data2")
        hflib.generate(GENERATOR, data2)
        check(all(same_bytes(os.path.join(data, f), os.path.join(data2, f)) for f in os.listdir(data)),
              "the generator is deterministic (byte-identical CSVs)")
    sys.exit(finish())


if __name__ == "__main__":
    main()
