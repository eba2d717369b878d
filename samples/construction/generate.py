#!/usr/bin/env python3
"""Deterministic generator of a construction company's warranty-visit data
(policy P3 of DOMAIN.md, rules/construction.lua): DIR/projects.csv (工程项目台账,
one row per project) and DIR/visits.csv (工程回访记录, one row per visit made).

    python3 samples/construction/generate.py [--out DIR] [--projects 60] [--as-of 2026-10-31]
        [--seed 20263] [--encoding utf-8-sig|utf-8|gb18030]

About 60 projects completed over the three years before --as-of (plus a few
still under construction), in seven categories with their warranty lengths;
six project managers. Visits follow the company's plan loosely: most on time,
some late, some early, some twice in one window, some missing, and two for
project numbers not in the ledger. The generator has its own rough idea of the
plan; the visits are just data, and the oracle test recomputes everything from
the CSV files.

Same arguments -> byte-identical files: every random choice comes from one
random.Random(seed); nothing reads the clock. Python 3 standard library only.
"""
import argparse
import calendar
import csv
import datetime
import os
import random
import sys

PROJECT_HEADER = ["项目编号", "项目名称", "建设单位", "联系电话", "工程类别", "项目经理",
                  "开工日期", "竣工验收日期", "保修期（月）"]
VISIT_HEADER = ["项目编号", "回访日期", "回访方式", "回访人", "客户意见"]

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


def add_months(d, n):
    """d + n months, clamped to the month's end (2026-01-31 + 1 = 2026-02-28)."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


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


def fmt_slash(d):
    return f"{d.year}/{d.month:02d}/{d.day:02d}"


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


def write_csv(path, header, rows, encoding):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)


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
    print(f"{a.out}: {len(projects)} projects, {len(visits)} visits")


if __name__ == "__main__":
    main(sys.argv[1:])
