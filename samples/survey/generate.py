#!/usr/bin/env python3
"""Deterministic generator of a realistic year (or month) of customer satisfaction
survey data for a decoration company (policy P2 of DOMAIN.md, rules/survey.lua):
DIR/sent.csv (发放记录, one row per form sent) and DIR/responses.csv (回访问卷,
one row per returned form, the questions of seed 004's phone script).

    python3 samples/survey/generate.py [--out DIR] [--year 2026 | --month 2026-06]
        [--forms N] [--seed 20262] [--encoding utf-8-sig|utf-8|gb18030]

Same arguments -> byte-identical files: every random choice comes from one
random.Random(seed); nothing reads the clock or the global random state, and no
set or hash order is ever iterated. Python 3 standard library only.
"""
import argparse
import calendar
import datetime
import math
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from _genlib import weighted_pick, write_csv  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

SENT_HEADER = ["发放日期", "客户编号", "客户姓名", "楼盘项目", "发放方式"]
# The questions, in the order of seed 004's phone script; (header, kind).
QUESTIONS = [
    ("设计满意度", "five"), ("施工质量", "five"), ("服务态度", "five"), ("工程进度", "five"),
    ("各岗位服务", "five"), ("定期巡查", "yesno"), ("文明施工标识", "yesno"), ("文明施工与安全", "five"),
    ("管理规定", "five"), ("违规行为", "violation"), ("愿意推荐", "recommend"), ("整体评分", "score05"),
]
RESPONSE_HEADER = (["问卷编号", "回收日期", "客户编号", "客户姓名", "联系电话", "楼盘项目", "房号", "施工班组", "设计师",
                    "调查方式", "问卷状态"] + [q for q, _ in QUESTIONS] + ["意见建议"])

FIVE = {3: "很满意", 2: "满意", 1: "一般", 0: "不满意", -1: "很不满意"}
# Per five-level question: how it tends to be answered relative to the others.
OFFSET = {"设计满意度": 0.10, "施工质量": 0.0, "服务态度": 0.35, "工程进度": -0.40, "各岗位服务": 0.15,
          "文明施工与安全": -0.10, "管理规定": -0.05}
NOT_APPLICABLE = {"工程进度": 0.02, "各岗位服务": 0.03, "管理规定": 0.02}   # 「不适用」

PROJECTS = [("锦绣华庭", 1.6), ("翠湖天地", 1.4), ("阳光新城", 1.3), ("金色家园", 1.0), ("滨江壹号", 0.9),
            ("紫荆苑", 0.8), ("御景湾", 0.8), ("名仕花园", 0.7), ("丽水佳园", 0.6), ("学府雅居", 0.5)]
TEAMS = ["第一工程队", "第二工程队", "第三工程队", "第四工程队", "第五工程队", "第六工程队"]
DESIGNERS = ["陈思远", "林雨涵", "周文博", "吴嘉怡", "郑明轩", "黄诗琪", "孙宇航", "马晓雪"]
METHODS = [("电话", 0.60, 0.74), ("信函", 0.30, 0.30), ("上门", 0.10, 0.90)]   # (method, share, return rate)

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程"
            "魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛段雷龙黎史陶贺毛郝顾龚邵万钱严")
SURNAME_WEIGHTS = [max(1.0, 12.0 - i * 0.8) for i in range(len(SURNAMES))]
GIVEN_ONE = "芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚辉鹏华飞玲婷雪琳欣颖宇浩凯佳晨阳帆"
GIVEN_TWO = ["秀英", "桂英", "秀兰", "玉兰", "志强", "建华", "建国", "晓东", "晓燕", "海燕", "丽娟", "文静",
             "子轩", "浩然", "雨涵", "欣怡", "梓涵", "思远", "嘉怡", "俊杰", "明轩", "诗琪", "佳琪", "宇航",
             "春梅", "红霞", "立新", "国强", "志明", "晓明", "雅婷", "慧敏", "晓丽", "永刚", "海峰", "文博"]
PHONE_PREFIXES = ["138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "182", "183", "186", "187",
                  "188", "130", "131", "132", "155", "156", "133", "153", "177", "180", "181", "189", "199"]

PRAISE = ["设计师很专业，方案改了三次都很耐心", "施工队干活细致，收尾干净", "项目经理每周都发进度照片",
          "整体效果和效果图很接近，满意", "工人很守时，垃圾每天清理", "巡检员发现问题后当天就整改了",
          "售后响应快，打电话第二天就来人了", "材料都是按合同品牌进场的，放心"]
COMPLAINTS = ["工期比合同晚了两周，希望以后按期完工", "墙面有几处空鼓，返工后才好", "瓷砖缝不直，已报修",
              "工人中午在室内吸烟，不文明", "增项报价不透明，\"现场加价\"让人不舒服", "卫生间闭水试验没通知我到场",
              "油漆味道大，通风不够", "沟通要打好几个电话才找到项目经理,效率低", "踢脚线有色差",
              "希望竣工验收时能给一份完整的水电走向图"]
SUGGESTIONS = ["希望增加夜间和周末的联系渠道", "建议把每个阶段的验收标准提前发给业主", "可以建一个业主群及时沟通",
               "保修期内希望能定期上门检查一次"]
VOID_NOTES = ["客户中途挂断，问卷作废", "客户表示由家人代答，问卷作废", "重复登记，问卷作废"]


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Generate deterministic P2 satisfaction survey data.")
    ap.add_argument("--out", default=os.path.join(HERE, "generated"),
                    help="output directory (created if missing; default samples/survey/generated)")
    ap.add_argument("--year", type=int, default=2026, help="the survey year (default 2026)")
    ap.add_argument("--month", help="YYYY-MM: only this month's forms (instead of a whole year)")
    ap.add_argument("--forms", type=int, help="forms sent (default 1500 for a year, 125 for a month)")
    ap.add_argument("--seed", type=int, default=20262)
    ap.add_argument("--encoding", default="utf-8-sig", choices=["utf-8-sig", "utf-8", "gb18030"])
    a = ap.parse_args(argv)
    if a.month:
        try:
            y, m = (int(x) for x in a.month.split("-"))
            a.first = datetime.date(y, m, 1)
        except ValueError:
            ap.error("--month must be YYYY-MM")
        a.last = datetime.date(y, m, calendar.monthrange(y, m)[1])
    else:
        if not 1900 < a.year < 3000:
            ap.error("--year must be a year")
        a.first, a.last = datetime.date(a.year, 1, 1), datetime.date(a.year, 12, 31)
    if a.forms is None:
        a.forms = 125 if a.month else 1500
    if a.forms < 1:
        ap.error("--forms must be >= 1")
    return a


def person_name(rng, used):
    for _ in range(50):
        name = weighted_pick(rng, SURNAMES, SURNAME_WEIGHTS) + (
            rng.choice(GIVEN_TWO) if rng.random() < 0.6 else rng.choice(GIVEN_ONE))
        if name not in used:
            break
    used[name] = used.get(name, 0) + 1
    return name


def date_text(rng, d):
    """How people type dates into the sheet: mostly 2026/6/3, sometimes 2026-06-03 or 2026年6月3日."""
    x = rng.random()
    if x < 0.80:
        return f"{d.year}/{d.month}/{d.day}"
    if x < 0.93:
        return d.isoformat()
    return f"{d.year}年{d.month}月{d.day}日"


def five_answer(rng, latent, question):
    if rng.random() < 0.02:
        return ""
    if rng.random() < NOT_APPLICABLE.get(question, 0.0):
        return "不适用"
    v = latent + OFFSET[question] + rng.gauss(0, 0.55)
    return FIVE[max(-1, min(3, int(math.floor(v + 0.5))))]


def choice3(rng, p_yes, p_no, yes="是", no="否"):
    x = rng.random()
    if x < 0.01:
        return ""
    if x < 0.01 + p_yes:
        return yes
    if x < 0.01 + p_yes + p_no:
        return no
    return "不清楚"


def advice_text(rng, score):
    if score != "" and int(score) <= 2:
        k = 1 if rng.random() < 0.6 else 2
        return "；".join(rng.sample(COMPLAINTS, k))
    x = rng.random()
    if x < 0.55:
        return ""
    if x < 0.75:
        return rng.choice(PRAISE)
    if x < 0.88:
        return rng.choice(SUGGESTIONS)
    if x < 0.95:
        return rng.choice(COMPLAINTS)
    return rng.choice(PRAISE) + "\n" + rng.choice(SUGGESTIONS)      # Alt+Enter inside the cell


def answers(rng, cust, teams):
    """One returned form's question cells, in QUESTIONS order."""
    team_q = teams[cust["team"]]
    latent = 2.30 + team_q + cust["project_q"] + rng.gauss(0, 0.45)
    if rng.random() < 0.05:                  # an angry customer (a dispute, a leak): 不满意 / 很不满意
        latent -= rng.uniform(1.4, 2.6)
    all_skipped = rng.random() < 0.006       # agreed to the call, then answered only the overall score
    cells, points = [], []
    for q, kind in QUESTIONS:
        if kind == "five":
            if all_skipped:
                a = "不适用" if rng.random() < 0.5 else ""
            else:
                bonus = cust["designer_q"] if q in ("设计满意度", "各岗位服务") else 0.0
                a = five_answer(rng, latent + bonus, q)
            cells.append(a)
            if a in ("很满意", "满意", "一般", "不满意", "很不满意"):
                points.append({"很满意": 3, "满意": 2, "一般": 1, "不满意": 0, "很不满意": -1}[a])
        elif kind == "yesno":
            p_yes = max(0.5, min(0.97, (0.88 if q == "定期巡查" else 0.91) + team_q * 0.15))
            cells.append(choice3(rng, p_yes, 0.96 - p_yes))
        elif kind == "violation":
            p_yes = max(0.01, min(0.2, 0.04 - team_q * 0.06))
            cells.append(choice3(rng, p_yes, 0.96 - p_yes))
        else:
            cells.append(None)  # recommend and score: below, from the five-level answers
    if points:
        s = sum(points) / len(points) / 3 * 5 + rng.gauss(0, 0.6)
    else:
        s = rng.uniform(2.5, 5.5)
    score = str(max(0, min(5, int(math.floor(s + 0.5))))) if rng.random() >= 0.01 else ""
    if score == "":
        p_rec = 0.7
    else:
        p_rec = {5: 0.96, 4: 0.85, 3: 0.45, 2: 0.12, 1: 0.05, 0: 0.02}[int(score)]
    rec = choice3(rng, p_rec * 0.96, (1 - p_rec) * 0.96)
    cells[[q for q, _ in QUESTIONS].index("愿意推荐")] = rec
    cells[[q for q, _ in QUESTIONS].index("整体评分")] = score
    return cells, score


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    rng = random.Random(a.seed)
    teams = {t: rng.gauss(0.0, 0.22) for t in TEAMS}
    teams["第四工程队"] = -0.75          # one weak crew: complaints, late, patrols skipped
    teams["第二工程队"] = 0.35           # and a good one
    project_q = {p: rng.gauss(0.0, 0.12) for p, _ in PROJECTS}
    designer_q = {d: rng.gauss(0.0, 0.25) for d in DESIGNERS}

    # Forms go out on working days (Mon-Sat) of the period, in date order.
    days = [a.first + datetime.timedelta(days=i) for i in range((a.last - a.first).days + 1)]
    days = [d for d in days if d.weekday() < 6]
    sent_days = sorted(rng.choice(days) for _ in range(a.forms))
    used_names, used_ids = {}, set()
    customers = []
    for d in sent_days:
        while True:
            cid = f"KH{rng.randrange(100000, 1000000)}"
            if cid not in used_ids:
                used_ids.add(cid)
                break
        method, _, p_return = weighted_pick(rng, METHODS, [m[1] for m in METHODS])
        project = weighted_pick(rng, [p for p, _ in PROJECTS], [w for _, w in PROJECTS])
        cust = {
            "id": cid, "name": person_name(rng, used_names), "sent": d, "method": method, "project": project,
            "phone": f"{rng.choice(PHONE_PREFIXES)}****{rng.randrange(10000):04d}",
            "room": f"{rng.randint(1, 18)}栋{rng.randint(1, 3)}单元{rng.randint(2, 32)}{rng.randint(1, 4):02d}",
            "team": TEAMS[rng.randrange(len(TEAMS))], "designer": rng.choice(DESIGNERS),
            "project_q": project_q[project],
        }
        cust["designer_q"] = designer_q[cust["designer"]]
        # Unhappy customers of the weak crew return fewer forms.
        p = p_return * (0.85 if cust["team"] == "第四工程队" else 1.0)
        cust["returned"] = rng.random() < p
        if method == "电话":
            lag = 0 if rng.random() < 0.6 else rng.randint(1, 3)
        elif method == "信函":
            lag = rng.randint(5, 25)
        else:
            lag = rng.randint(0, 2)
        cust["back"] = d + datetime.timedelta(days=lag)
        if cust["back"] > a.last:        # not back before the period closed
            cust["returned"] = False
        customers.append(cust)

    os.makedirs(a.out, exist_ok=True)
    sent_path = os.path.join(a.out, "sent.csv")
    resp_path = os.path.join(a.out, "responses.csv")
    # The rows draw from rng in file order: the sent log first, then the responses.
    write_csv(sent_path, SENT_HEADER,
              [[date_text(rng, c["sent"]), c["id"], c["name"], c["project"], c["method"]] for c in customers],
              a.encoding)

    back = sorted((c for c in customers if c["returned"]), key=lambda c: (c["back"], c["id"]))
    rows = []
    for seq, c in enumerate(back, 1):
        cells, score = answers(rng, c, teams)
        void = rng.random() < 0.03
        advice = rng.choice(VOID_NOTES) if void else advice_text(rng, score)
        rows.append([f"MY{c['back'].year}{seq:05d}", date_text(rng, c["back"]), c["id"], c["name"], c["phone"],
                     c["project"], c["room"], c["team"], c["designer"], c["method"], "无效" if void else "有效",
                     *cells, advice])
    write_csv(resp_path, RESPONSE_HEADER, rows, a.encoding)
    print(f"wrote {sent_path} ({len(customers)} forms sent) and {resp_path} ({len(rows)} returned)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
