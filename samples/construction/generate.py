#!/usr/bin/env python3
"""Deterministic generator of a construction company's warranty-visit data
(policy P3 of DOMAIN.md, rules/construction.lua): DIR/projects.csv (工程项目台账,
one row per project), DIR/visits.csv (工程回访记录, one row per visit made),
DIR/repairs.csv (保修报修登记, one row per repair notice) and DIR/complaints.csv
(顾客投诉登记, one row per complaint).

    python3 samples/construction/generate.py [--out DIR] [--projects 60] [--as-of 2026-10-31]
        [--seed 20263] [--encoding utf-8-sig|utf-8|gb18030]

About 60 projects completed over the three years before --as-of (plus a few
still under construction), in seven categories with their warranty lengths;
six project managers. Visits follow the company's plan loosely: most on time,
some late, some early, some twice in one window, some missing, and two for
project numbers not in the ledger. Repairs (about 48) and complaints (about 32)
fall in the five months before --as-of: most dispatched / answered in time, some
late, some never, and the last ones still open at the as-of day. The generator has its own rough idea of the
plan; the visits are just data, and the oracle test recomputes everything from
the CSV files.

Same arguments -> byte-identical files: every random choice comes from one
random.Random(seed); nothing reads the clock. Python 3 standard library only.
"""
import argparse
import datetime
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from _genlib import add_months, fmt_slash, write_csv  # noqa: E402

PROJECT_HEADER = ["项目编号", "项目名称", "建设单位", "联系电话", "工程类别", "项目经理",
                  "开工日期", "竣工验收日期", "保修期（月）"]
VISIT_HEADER = ["项目编号", "回访日期", "回访方式", "回访人", "客户意见"]
REPAIR_HEADER = ["报修单号", "项目编号", "报修时间", "报修内容", "派工时间", "维修班组"]
COMPLAINT_HEADER = ["投诉编号", "项目编号", "投诉时间", "投诉内容", "答复时间", "处理人"]

# (category, warranty months, weight): 000's 半年 / 一年 / 三年 / 五年.
CATEGORIES = [
    ("土建工程", 12, 5),
    ("屋面防水", 60, 3),
    ("外墙防水", 60, 2),
    ("给排水管道", 36, 2),
    ("设备安装", 12, 2),
    ("门窗工程", 12, 2),
    ("装饰装修", 6, 2),
]
RAINY = {"屋面防水", "外墙防水", "门窗工程", "设备安装"}
MANAGERS = ["王建国", "李明辉", "张振华", "刘洋", "陈志强", "赵卫东"]
QC_STAFF = ["周丽", "吴敏"]
ESTATES = ["滨江花园", "翠湖苑", "城南学校", "金色家园", "东方明珠小区", "阳光新城", "锦绣华庭", "科技园",
           "人民医院", "实验中学", "高新区厂房", "中心商务楼", "御景湾", "龙湖天街", "文化中心", "体育馆"]
PARTS = {
    "土建工程": ["{n}号楼主体工程", "{n}号楼土建工程", "地下车库"],
    "屋面防水": ["{n}号楼屋面防水", "屋面防水改造"],
    "外墙防水": ["{n}号楼外墙防水", "外墙渗漏整治"],
    "给排水管道": ["给排水管网改造", "{n}号楼给排水安装"],
    "设备安装": ["空调机组安装", "电梯设备安装", "消防设备安装"],
    "门窗工程": ["{n}号楼门窗更换", "幕墙门窗工程"],
    "装饰装修": ["办公楼装饰装修", "大堂精装修", "{n}号楼公共区域装修"],
}
CUSTOMERS = ["{e}房地产开发有限公司", "{e}置业有限公司", "{e}物业管理有限公司", "{e}建设投资有限公司"]
INSTITUTIONS = {"城南学校": "城南学校", "人民医院": "市人民医院", "实验中学": "实验中学", "文化中心": "市文化中心",
                "体育馆": "市体育局"}
METHODS = ["电话", "电话", "电话", "上门", "上门", "信函"]
OPINIONS = ["", "", "", "使用正常，无意见", "满意", "屋面局部渗水，已报修", "门窗密封条老化，要求更换",
            "卫生间地漏反味", "墙面有细微裂缝，待观察", "对维修及时性表示满意", "希望加快整改进度"]

# Repairs: the crew that takes each category's defects, and what the customers report.
CREWS = {"土建工程": "土建维修班", "屋面防水": "防水维修班", "外墙防水": "防水维修班", "给排水管道": "水电维修班",
         "设备安装": "水电维修班", "门窗工程": "门窗维修班", "装饰装修": "土建维修班"}
REPAIR_TEXT = {
    "土建维修班": ["墙面裂缝", "地面空鼓", "楼梯踏步破损", "阳台栏杆松动", "吊顶开裂", "墙砖脱落"],
    "防水维修班": ["屋面渗漏", "顶层天花板渗水", "外墙渗水", "卫生间渗漏至楼下", "雨篷漏水"],
    "水电维修班": ["给水管漏水", "排水管堵塞", "地漏反味", "空调机组不制冷", "水泵异响", "消防栓压力不足"],
    "门窗维修班": ["窗户密封条老化", "推拉窗关不严", "入户门锁具损坏", "幕墙玻璃胶开裂"],
}
COMPLAINT_HANDLERS = ["周丽", "吴敏", "孙建军"]
COMPLAINT_TEXT = ["报修后迟迟无人上门", "维修后再次渗漏", "维修人员态度差", "施工垃圾未清运", "维修噪音扰民",
                  "外墙修补颜色不一致", "对保修期起算日有异议", "回访电话过于频繁", "维修工期拖延", "保修金返还进度慢"]


def rough_plan(completion, months, category, as_of):
    """The generator's own rough list of (window_from, due) the company owes: enough
    to make realistic visits; the oracle does not use it."""
    end = add_months(completion, months)
    plan = []
    k = 1
    while add_months(completion, 3 * k) < end:
        plan.append((add_months(completion, 3 * (k - 1)) + datetime.timedelta(days=1), add_months(completion, 3 * k)))
        k += 1
    if category in RAINY:
        for y in range(completion.year, end.year + 1):
            lo, hi = max(datetime.date(y, 6, 1), completion), min(datetime.date(y, 8, 31), end)
            if lo <= hi:
                plan.append((lo, hi))
    plan.append((end - datetime.timedelta(days=29), end))
    k = 1
    while add_months(end, 12 * k) <= as_of + datetime.timedelta(days=400):
        plan.append((add_months(end, 12 * (k - 1)) + datetime.timedelta(days=1), add_months(end, 12 * k)))
        k += 1
    return sorted(plan, key=lambda w: (w[1], w[0]))


def fmt_compact(d):
    return f"{d.year}{d.month:02d}{d.day:02d}"


def make_projects(rng, n, as_of):
    weights = [c[2] for c in CATEGORIES]
    first = as_of - datetime.timedelta(days=3 * 365)
    span = (as_of - datetime.timedelta(days=30) - first).days
    projects = []
    used = set()
    for i in range(n):
        cat, months, _ = rng.choices(CATEGORIES, weights)[0]
        while True:
            estate = rng.choice(ESTATES)
            part = rng.choice(PARTS[cat]).format(n=rng.randint(1, 12))
            name = estate + part
            if name not in used:
                used.add(name)
                break
        customer = INSTITUTIONS.get(estate) or rng.choice(CUSTOMERS).format(e=estate)
        phone = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
        completion = first + datetime.timedelta(days=rng.randint(0, span))
        start = completion - datetime.timedelta(days=rng.randint(60, 540))
        projects.append({"cat": cat, "months": months, "name": name, "customer": customer, "phone": phone,
                         "manager": MANAGERS[i % len(MANAGERS)], "start": start, "completion": completion})
    # A few still under construction: no completion date, no warranty yet.
    for i in range(max(2, n // 15)):
        cat, months, _ = CATEGORIES[i % len(CATEGORIES)]
        estate = ESTATES[(i * 5 + 3) % len(ESTATES)]
        projects.append({"cat": cat, "months": months, "name": estate + "二期" + PARTS[cat][0].format(n=i + 1),
                         "customer": rng.choice(CUSTOMERS).format(e=estate),
                         "phone": "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9)),
                         "manager": MANAGERS[(i * 2 + 1) % len(MANAGERS)],
                         "start": as_of - datetime.timedelta(days=rng.randint(30, 300)), "completion": None})
    projects.sort(key=lambda p: (p["start"], p["name"]))
    for i, p in enumerate(projects):
        p["id"] = f"GC-{p['start'].year}-{i + 1:03d}"
    return projects


def make_visits(rng, projects, as_of):
    visits = []
    for p in projects:
        if p["completion"] is None:
            continue
        behaviour = rng.random()  # some managers' projects are neglected more than others
        miss_rate = 0.08 if behaviour < 0.6 else 0.25
        for lo, hi in rough_plan(p["completion"], p["months"], p["cat"], as_of):
            if lo > as_of:
                break
            r = rng.random()
            if r < miss_rate:
                continue                                              # missing
            if r < miss_rate + 0.10:
                d = hi + datetime.timedelta(days=rng.randint(1, 45))  # late
            elif r < miss_rate + 0.14:
                d = lo - datetime.timedelta(days=rng.randint(1, 20))  # early: before the window
            else:
                last = min(hi, as_of)
                first = max(lo, last - datetime.timedelta(days=40))
                d = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
            if d > as_of or d < p["completion"] - datetime.timedelta(days=5):
                continue
            visits.append((d, p["id"], p["manager"]))
            if rng.random() < 0.04:                                   # twice in one window
                d2 = d + datetime.timedelta(days=rng.randint(3, 20))
                if d2 <= as_of:
                    visits.append((d2, p["id"], p["manager"]))
    # Two visits logged against project numbers that are not in the ledger (typos).
    for k in range(2):
        d = as_of - datetime.timedelta(days=rng.randint(10, 400))
        visits.append((d, f"GC-{d.year}-9{k + 1}{k + 7}", rng.choice(MANAGERS)))
    visits.sort(key=lambda v: (v[0], v[1]))
    rows = []
    for d, pid, manager in visits:
        method = rng.choice(METHODS)
        visitor = manager if method == "上门" or rng.random() < 0.5 else rng.choice(QC_STAFF)
        rows.append([pid, fmt_compact(d), method, visitor, rng.choice(OPINIONS)])
    return rows


def fmt_dt(t, sep="-"):
    return f"{t.year}{sep}{t.month:02d}{sep}{t.day:02d} {t.hour:02d}:{t.minute:02d}"


def random_moment(rng, day):
    """A moment on `day` in office-ish hours (some in the evening or early morning), to the minute."""
    hour = rng.choice([7, 8, 8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 16, 17, 18, 19, 20, 21, 22])
    return datetime.datetime(day.year, day.month, day.day, hour, rng.randint(0, 59))


def make_done(rng, start, allowed, as_of, rates):
    """The moment the thing was done, or None. rates = (never, late, exactly at the due moment):
    late ones come 10 minutes to 3 days after the due moment; on-time ones somewhere within
    `allowed`. Nothing is done after the as-of day; what would be stays undone."""
    end = datetime.datetime(as_of.year, as_of.month, as_of.day) + datetime.timedelta(days=1)
    due = start + allowed
    r = rng.random()
    if due >= end and r < 0.6:
        return None                                                   # recent: not done yet
    never, late, exact = rates
    if r < never:
        return None
    if r < never + late:
        done = due + datetime.timedelta(minutes=rng.randint(10, 3 * 24 * 60))
    elif r < never + late + exact:
        done = due
    else:
        done = start + datetime.timedelta(minutes=rng.randint(20, int(allowed.total_seconds() // 60) - 10))
    return done if done < end else None


def make_repairs(rng, projects, as_of, n=48):
    """保修报修登记: n repair notices over the 150 days before --as-of, the last two on the as-of day itself
    (afternoon and evening: the 12-hour deadline has not passed yet at its end)."""
    done = [p for p in projects if p["completion"] is not None and p["completion"] < as_of - datetime.timedelta(days=150)]
    moments = [random_moment(rng, as_of - datetime.timedelta(days=rng.randint(1, 150))) for _ in range(n - 2)]
    moments += [datetime.datetime(as_of.year, as_of.month, as_of.day, 14, rng.randint(0, 59)),
                datetime.datetime(as_of.year, as_of.month, as_of.day, 19, rng.randint(0, 59))]
    moments.sort()
    rows = []
    for i, t in enumerate(moments):
        p = rng.choice(done)
        crew = CREWS[p["cat"]]
        dispatched = make_done(rng, t, datetime.timedelta(hours=12), as_of, (0.07, 0.15, 0.04))
        rows.append([f"BX-{t.year}-{i + 1:04d}", p["id"], fmt_dt(t), rng.choice(REPAIR_TEXT[crew]),
                     fmt_dt(dispatched) if dispatched else "", crew])
    return rows


def make_complaints(rng, projects, as_of, n=32):
    """顾客投诉登记: n complaints over the 150 days before --as-of, the last two within its last two days."""
    done = [p for p in projects if p["completion"] is not None]
    moments = [random_moment(rng, as_of - datetime.timedelta(days=rng.randint(2, 150))) for _ in range(n - 2)]
    moments += [random_moment(rng, as_of - datetime.timedelta(days=1)), random_moment(rng, as_of)]
    moments.sort()
    rows = []
    for i, t in enumerate(moments):
        p = rng.choice(done)
        replied = make_done(rng, t, datetime.timedelta(days=2), as_of, (0.08, 0.18, 0.04))
        rows.append([f"TS-{t.year}-{i + 1:03d}", p["id"], fmt_dt(t, "/"), rng.choice(COMPLAINT_TEXT),
                     fmt_dt(replied, "/") if replied else "", rng.choice(COMPLAINT_HANDLERS)])
    return rows


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(here, "generated"))
    ap.add_argument("--projects", type=int, default=60)
    ap.add_argument("--as-of", default="2026-10-31")
    ap.add_argument("--seed", type=int, default=20263)
    ap.add_argument("--encoding", default="utf-8-sig", choices=["utf-8-sig", "utf-8", "gb18030"])
    a = ap.parse_args(argv)
    as_of = datetime.date.fromisoformat(a.as_of)
    rng = random.Random(a.seed)
    projects = make_projects(rng, a.projects, as_of)
    visits = make_visits(rng, projects, as_of)
    os.makedirs(a.out, exist_ok=True)
    write_csv(os.path.join(a.out, "projects.csv"), PROJECT_HEADER,
              [[p["id"], p["name"], p["customer"], p["phone"], p["cat"], p["manager"], fmt_slash(p["start"]),
                fmt_slash(p["completion"]) if p["completion"] else "",
                str(p["months"])] for p in projects], a.encoding)
    write_csv(os.path.join(a.out, "visits.csv"), VISIT_HEADER, visits, a.encoding)
    # Drawn after the projects and visits from the same generator: those two files keep their bytes.
    repairs = make_repairs(rng, projects, as_of)
    complaints = make_complaints(rng, projects, as_of)
    write_csv(os.path.join(a.out, "repairs.csv"), REPAIR_HEADER, repairs, a.encoding)
    write_csv(os.path.join(a.out, "complaints.csv"), COMPLAINT_HEADER, complaints, a.encoding)
    print(f"{a.out}: {len(projects)} projects, {len(visits)} visits, {len(repairs)} repairs, "
          f"{len(complaints)} complaints")


if __name__ == "__main__":
    main(sys.argv[1:])
