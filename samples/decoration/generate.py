#!/usr/bin/env python3
"""Deterministic generator of a home-decoration company's callback data (policy P7
of DOMAIN.md, rules/decoration.lua): DIR/projects.csv (工程台账), DIR/callbacks.csv
(回访记录), DIR/surveys.csv (电话回访问卷), DIR/complaints.csv (本月投诉登记),
DIR/weekly.csv (周例会材料上报) and DIR/service.csv (回访保修服务申请).

    python3 samples/decoration/generate.py [--out DIR] [--projects 200] [--as-of 2026-10-31]
        [--seed 2027] [--encoding utf-8-sig|utf-8|gb18030]

About 200 projects started over the 40 months before --as-of (most completed,
the last few months' still under construction), five designers, three site
inspectors, four crews, three callback clerks. Callbacks follow the company's
plan loosely (the three construction-phase calls, then the warranty-period
calls): most on time, some late, some early, some by SMS instead of phone,
some missing, some twice. Surveys: about half of the last year's phone
callbacks. Complaints, weekly documents and service applications cover the
last one to two months. The oracle test recomputes everything from the CSVs.

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

DAY = datetime.timedelta(days=1)

PROJECT_HEADER = ["工程编号", "客户姓名", "联系电话", "工程地址", "设计师", "巡检员", "施工队", "回访员", "工程状态",
                  "开工日期", "中期款日期", "竣工日期", "本月设计投诉", "本月巡检投诉", "本月施工投诉"]
CALLBACK_HEADER = ["回访编号", "工程编号", "回访日期", "回访类别", "回访方式", "回访员", "客户意见"]
QUESTIONS = ["设计满意", "施工质量满意", "服务态度满意", "工期满意", "各阶段服务满意", "按要求巡查", "张贴文明施工标识",
             "文明施工安全满意", "规章制度满意", "发现违规行为", "愿意推荐"]
SURVEY_HEADER = ["问卷编号", "工程编号", "回访日期", "客户姓名", "设计师", "巡检员", "施工队"] + QUESTIONS + \
                ["整体评分", "意见建议"]
COMPLAINT_HEADER = ["投诉编号", "工程编号", "投诉日期", "投诉对象", "被投诉人", "投诉内容"]
WEEKLY_HEADER = ["周次", "材料名称", "上报人", "上报时间"]
SERVICE_HEADER = ["申请编号", "工程编号", "申请时间", "审核时间", "派员时间", "服务完成日期", "报告完成日期", "负责人"]

DESIGNERS = ["林晓峰", "苏雅琴", "郑浩然", "何静怡", "许文博"]
INSPECTORS = ["马国栋", "韩立新", "邓志远"]
CREWS = ["王师傅施工队", "刘师傅施工队", "陈师傅施工队", "赵师傅施工队"]
CLERKS = ["黄小燕", "周婷", "钱丽娜"]
SERVICE_STAFF = ["孙建军", "吕大伟", "钱丽娜"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
         "秀兰", "霞", "平", "刚", "桂英", "建华", "文", "华", "红", "玉兰", "晓东", "志刚", "海燕", "春梅"]
ESTATES = ["锦绣华庭", "滨江花园", "翠湖苑", "阳光新城", "御景湾", "金色家园", "龙湖天街", "碧桂园", "万科城",
           "东方明珠小区", "世纪花园", "香榭丽舍"]
PHASE_NOTES = ["", "", "", "满意", "进度正常", "设计师沟通及时", "希望加快进度", "工地卫生需改进", "对水电改造有疑问",
               "材料到场延误", "巡检来得少"]
WARRANTY_NOTES = ["", "", "", "使用正常", "满意", "卫生间地漏反味", "墙面有细微裂缝", "柜门合页松动", "瓷砖有空鼓",
                  "木地板起拱", "已报修，处理及时"]
ADVICE = ["", "", "", "", "希望工期更准时", "设计方案可以多给几个选择", "施工噪音请注意时间", "售后响应要快一些",
          "工人很负责", "材料说明要更清楚"]
COMPLAINT_TEXT = {
    "设计师": ["效果图与实际不符", "设计变更未及时告知", "设计师联系不上", "图纸尺寸错误导致返工"],
    "巡检员": ["巡检员长期未到工地", "验收走过场", "发现问题未督促整改"],
    "施工队": ["施工噪音扰民", "瓷砖铺贴不平", "工地垃圾未清运", "工人擅自更换材料", "墙面开裂", "工期拖延"],
}
MATERIALS = ["在施工程电话回访情况通报", "竣工工程电话回访情况通报", "每周电话回访情况通报", "本周竣工工程一览表"]
MATERIAL_OWNER = {"在施工程电话回访情况通报": "黄小燕", "竣工工程电话回访情况通报": "周婷",
                  "每周电话回访情况通报": "钱丽娜", "本周竣工工程一览表": "黄小燕"}


def fmt_dash(d):
    return d.isoformat()


def fmt_dt(t):
    return f"{t.year}-{t.month:02d}-{t.day:02d} {t.hour:02d}:{t.minute:02d}"


def name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def make_projects(rng, n, as_of):
    first = add_months(as_of, -40)
    span = (as_of - datetime.timedelta(days=8) - first).days
    recent = (as_of - datetime.timedelta(days=8) - add_months(as_of, -6)).days
    # a growing company: 60 % of the projects spread over the 40 months, 40 % in the last six
    starts = sorted(first + datetime.timedelta(days=rng.randint(0, span)) if rng.random() < 0.6
                    else as_of - datetime.timedelta(days=8 + rng.randint(0, recent)) for _ in range(n))
    # make sure a handful are recent (under construction, some without a mid-term payment yet)
    for k in range(6):
        starts[-1 - k] = as_of - datetime.timedelta(days=2 + 9 * k)
    starts.sort()
    projects = []
    for i, start in enumerate(starts):
        duration = rng.randint(55, 120)
        mid = start + datetime.timedelta(days=int(duration * rng.uniform(0.4, 0.55)))
        completion = start + datetime.timedelta(days=duration)
        p = {"id": f"ZS{start.year}{i + 1:04d}", "customer": name(rng),
             "phone": "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9)),
             "address": f"{rng.choice(ESTATES)}{rng.randint(1, 30)}栋{rng.randint(1, 3)}单元{rng.randint(1, 32)}0{rng.randint(1, 4)}室",
             "designer": DESIGNERS[i % 5], "inspector": rng.choice(INSPECTORS), "crew": rng.choice(CREWS),
             "clerk": CLERKS[i % 3], "start": start,
             "mid": mid if mid <= as_of else None,
             "completion": completion if completion <= as_of else None,
             "c": {"设计师": 0, "巡检员": 0, "施工队": 0},
             "neglect": rng.random() < 0.15}
        projects.append(p)
    return projects


def draw_visit(rng, lo, hi, miss, as_of):
    """A date for a visit owed in the window [lo, hi], or None (missing / not yet)."""
    r = rng.random()
    if r < miss:
        return None
    if r < miss + 0.09:
        d = hi + datetime.timedelta(days=rng.randint(1, 20))                 # late
    elif r < miss + 0.13:
        d = lo - datetime.timedelta(days=rng.randint(1, 5))                  # early
    else:
        d = lo + datetime.timedelta(days=rng.randint(0, (hi - lo).days))     # on time
    return d if d <= as_of else None


def make_callbacks(rng, projects, as_of):
    calls = []
    for p in projects:
        miss = 0.3 if p["neglect"] else 0.05
        plan = [(p["start"] + datetime.timedelta(days=7), p["start"] + datetime.timedelta(days=13))]
        if p["mid"]:
            plan.append((p["mid"] + DAY, p["mid"] + datetime.timedelta(days=3)))
        if p["completion"]:
            plan.append((p["completion"] + DAY, p["completion"] + datetime.timedelta(days=10)))
        for lo, hi in plan:
            d = draw_visit(rng, lo, hi, miss, as_of)
            if d is None:
                continue
            method = "短信" if rng.random() < 0.05 else ("上门" if rng.random() < 0.04 else "电话")
            calls.append((d, p, "施工期回访", method))
            if rng.random() < 0.04 and d + 2 * DAY <= as_of:
                calls.append((d + 2 * DAY, p, "施工期回访", "电话"))      # a second call in the same window
        if not p["completion"]:
            continue
        c = p["completion"]
        dues = [add_months(c, 3 * k) for k in range(1, 5)] + [add_months(c, 18), add_months(c, 24)]
        dues += [add_months(c, 12 * k) for k in range(3, 6)]
        prev = c
        wmiss = 0.35 if p["neglect"] else 0.08
        for due in dues:
            if prev >= as_of:
                break
            lo = max(prev + DAY, due - datetime.timedelta(days=30))
            d = draw_visit(rng, lo, due, wmiss, as_of)
            prev = due
            if d is None:
                continue
            method = "短信" if rng.random() < 0.05 else "电话"
            calls.append((d, p, "质保期回访", method))
    # One callback logged against a project number that is not in the ledger (a typo).
    calls.append((as_of - datetime.timedelta(days=40), {"id": "ZS20269999", "clerk": CLERKS[0]}, "施工期回访", "电话"))
    calls.sort(key=lambda c: (c[0], c[1]["id"], c[2]))
    rows = []
    for i, (d, p, kind, method) in enumerate(calls):
        note = rng.choice(PHASE_NOTES if kind == "施工期回访" else WARRANTY_NOTES)
        rows.append({"row": [f"HF{d.year}{i + 1:05d}", p["id"], fmt_slash(d), kind, method, p["clerk"], note],
                     "date": d, "project": p, "method": method})
    return rows


def answer(rng, good, skip=0.04):
    r = rng.random()
    if r < skip:
        return rng.choice(["", "不清楚"])
    return "是" if rng.random() < good else "否"


def make_surveys(rng, projects, callbacks, as_of):
    rows = []
    since = as_of - datetime.timedelta(days=365)
    by_id = {p["id"]: p for p in projects}
    for cb in callbacks:
        p = by_id.get(cb["row"][1])
        if p is None or cb["method"] != "电话" or cb["date"] <= since or rng.random() > 0.55:
            continue
        good = 0.55 if p["neglect"] else rng.choice([0.8, 0.88, 0.93])
        ans = [answer(rng, good) for _ in QUESTIONS[:9]]
        v = answer(rng, 1 - good / 1.3)           # a violation seen: mostly 否
        rec = answer(rng, good - 0.05, skip=0.02)
        base = 5 if good > 0.9 else (4 if good > 0.7 else 2)
        score = str(max(0, min(5, base + rng.choice([-2, -1, -1, 0, 0, 0, 0, 1]))))
        if rng.random() < 0.02:
            score = ""
        rows.append([f"WJ{cb['date'].year}{len(rows) + 1:04d}", p["id"], fmt_dash(cb["date"]), p["customer"],
                     p["designer"], p["inspector"], p["crew"]] + ans + [v, rec, score, rng.choice(ADVICE)])
    return rows


def make_complaints(rng, projects, as_of):
    """The as-of month's complaint register, on projects under construction at as-of."""
    month_start = as_of.replace(day=1)
    active = [p for p in projects if p["completion"] is None and p["start"] < as_of - datetime.timedelta(days=3)]
    moments = []
    for _ in range(max(6, len(active) * 2 // 3)):
        p = rng.choice(active)
        lo = max(month_start, p["start"] + DAY)
        d = lo + datetime.timedelta(days=rng.randint(0, (as_of - lo).days))
        target = rng.choices(["设计师", "巡检员", "施工队"], [3, 2, 5])[0]
        moments.append((d, p, target))
    moments.sort(key=lambda m: (m[0], m[1]["id"]))
    rows = []
    for i, (d, p, target) in enumerate(moments):
        p["c"][target] += 1
        person = {"设计师": p["designer"], "巡检员": p["inspector"], "施工队": p["crew"]}[target]
        rows.append([f"TS{d.year}{d.month:02d}{i + 1:03d}", p["id"], fmt_dash(d), target, person,
                     rng.choice(COMPLAINT_TEXT[target])])
    return rows


def make_weekly(rng, as_of):
    """Weekly documents for the weeks from about two months before --as-of to as-of's week."""
    monday = as_of - datetime.timedelta(days=as_of.weekday())
    weeks = [monday - datetime.timedelta(weeks=k) for k in range(8, -1, -1)]
    end = datetime.datetime.combine(as_of, datetime.time()) + DAY
    rows = []
    for w in weeks:
        due = datetime.datetime.combine(w + datetime.timedelta(days=9), datetime.time(12, 0))   # next Wednesday 12:00
        for m in MATERIALS:
            r = rng.random()
            if r < 0.06:
                t = None                                                                        # never submitted
            elif r < 0.16:
                t = due + datetime.timedelta(minutes=rng.randint(5, 60 * 30))                  # late
            elif r < 0.19:
                t = due                                                                         # exactly at 12:00
            else:
                t = due - datetime.timedelta(minutes=rng.randint(30, 60 * 40))
            if t is not None and t >= end:
                t = None
            rows.append([fmt_dash(w), m, MATERIAL_OWNER[m], fmt_dt(t) if t else ""])
    return rows


def make_service(rng, projects, as_of, n=40):
    done = [p for p in projects if p["completion"] is not None]
    end = datetime.datetime.combine(as_of, datetime.time()) + DAY
    starts = sorted(datetime.datetime.combine(as_of - datetime.timedelta(days=rng.randint(0, 75)),
                                              datetime.time(rng.choice([8, 9, 10, 11, 14, 15, 16, 17, 19]),
                                                            rng.randint(0, 59))) for _ in range(n))
    rows = []
    for i, a in enumerate(starts):
        p = rng.choice(done)
        r = rng.random()
        rev = None if r < 0.05 else a + datetime.timedelta(minutes=rng.randint(30, 22 * 60) if r > 0.2
                                                          else rng.randint(24 * 60 + 5, 40 * 60))
        asg = served = rep = None
        if rev and rev < end:
            r = rng.random()
            asg = None if r < 0.05 else rev + datetime.timedelta(minutes=rng.randint(60, 46 * 60) if r > 0.2
                                                                 else rng.randint(48 * 60 + 5, 80 * 60))
            if asg and asg < end:
                sd = asg.date() + datetime.timedelta(days=rng.randint(0, 3))
                served = sd if sd <= as_of else None
                if served:
                    r = rng.random()
                    rd = None if r < 0.08 else served + datetime.timedelta(days=rng.randint(1, 9) if r > 0.25
                                                                           else rng.randint(10, 16))
                    rep = rd if rd and rd <= as_of else None
            else:
                asg = None
        else:
            rev = None
        rows.append([f"FW{a.year}{i + 1:04d}", p["id"], fmt_dt(a), fmt_dt(rev) if rev else "",
                     fmt_dt(asg) if asg else "", fmt_dash(served) if served else "", fmt_dash(rep) if rep else "",
                     rng.choice(SERVICE_STAFF)])
    return rows


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(here, "generated"))
    ap.add_argument("--projects", type=int, default=200)
    ap.add_argument("--as-of", default="2026-10-31")
    ap.add_argument("--seed", type=int, default=2027)
    ap.add_argument("--encoding", default="utf-8-sig", choices=["utf-8-sig", "utf-8", "gb18030"])
    a = ap.parse_args(argv)
    as_of = datetime.date.fromisoformat(a.as_of)
    rng = random.Random(a.seed)
    projects = make_projects(rng, a.projects, as_of)
    callbacks = make_callbacks(rng, projects, as_of)
    surveys = make_surveys(rng, projects, callbacks, as_of)
    complaints = make_complaints(rng, projects, as_of)
    weekly = make_weekly(rng, as_of)
    service = make_service(rng, projects, as_of)
    os.makedirs(a.out, exist_ok=True)
    write_csv(os.path.join(a.out, "projects.csv"), PROJECT_HEADER,
              [[p["id"], p["customer"], p["phone"], p["address"], p["designer"], p["inspector"], p["crew"], p["clerk"],
                "竣工" if p["completion"] else "在施", fmt_slash(p["start"]),
                fmt_slash(p["mid"]) if p["mid"] else "", fmt_slash(p["completion"]) if p["completion"] else "",
                p["c"]["设计师"], p["c"]["巡检员"], p["c"]["施工队"]] for p in projects], a.encoding)
    write_csv(os.path.join(a.out, "callbacks.csv"), CALLBACK_HEADER, [c["row"] for c in callbacks], a.encoding)
    write_csv(os.path.join(a.out, "surveys.csv"), SURVEY_HEADER, surveys, a.encoding)
    write_csv(os.path.join(a.out, "complaints.csv"), COMPLAINT_HEADER, complaints, a.encoding)
    write_csv(os.path.join(a.out, "weekly.csv"), WEEKLY_HEADER, weekly, a.encoding)
    write_csv(os.path.join(a.out, "service.csv"), SERVICE_HEADER, service, a.encoding)
    print(f"{a.out}: {len(projects)} projects, {len(callbacks)} callbacks, {len(surveys)} surveys, "
          f"{len(complaints)} complaints, {len(weekly)} weekly documents, {len(service)} service applications")


if __name__ == "__main__":
    main(sys.argv[1:])
