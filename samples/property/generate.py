#!/usr/bin/env python3
"""Deterministic generator of a realistic month of a residential property
management office's callback records (policy P4 of DOMAIN.md, rules/property.lua):

  DIR/households.csv  住户名册: one row per household of the estate
  DIR/repairs.csv     维修申请单: the month's repair orders
  DIR/register.csv    投诉与意见登记表: the month's complaints, opinion solicitations and suggestions,
                      with the callback (回访日期, 回访方式) or written reply (复函日期) noted on each
  DIR/callbacks.csv   回访记录: every callback of the year to date (January 1st to the month's end)

    python3 samples/property/generate.py [--out DIR] [--month 2026-10] [--households 600]
        [--repairs 140] [--complaints 26] [--solicitations 14] [--suggestions 12] [--seed 4]
        [--encoding utf-8-sig|utf-8|gb18030]

Same arguments -> byte-identical files: every random choice comes from one
random.Random(seed); nothing reads the clock or the global random state, and no
set or hash order is iterated. Python 3 standard library only. All names and
phone numbers are made up (phones are 1xx0000xxxx).

The month's repair and routine callbacks follow the work lists huifang draws
with the seed "<month>" (the office calls back what the list says): this file
ranks them the way docs/rules.md documents (SHA-256 of seed, 0x00, key), only to
make the callback log realistic. The e2e oracle recomputes the lists itself.
"""
import argparse
import calendar
import datetime
import hashlib
import math
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from _genlib import mobile, person, write_csv  # noqa: E402

HOUSEHOLD_HEADER = ["房号", "楼栋", "业主姓名", "联系电话", "建筑面积（㎡）", "入住状态"]
REPAIR_HEADER = ["维修单号", "报修日期", "房号", "业主姓名", "联系电话", "维修项目", "维修人员", "完成日期", "维修状态"]
REGISTER_HEADER = ["登记编号", "类别", "登记日期", "房号", "业主姓名", "联系电话", "内容摘要", "仅要求复函", "复函日期",
                   "回访日期", "回访方式"]
CALLBACK_HEADER = ["回访编号", "回访日期", "回访类别", "关联单号", "房号", "业主姓名", "回访方式", "业主签名", "回访人",
                   "回访记录"]

ESTATE = "锦绣华庭"
REPAIR_ITEMS = ["水龙头漏水", "下水道堵塞", "电路跳闸", "入户门锁损坏", "卫生间墙面渗水", "楼道灯具更换", "防盗门异响",
                "马桶水箱漏水", "窗户密封条老化", "可视对讲故障", "暖气片不热", "地漏返味", "阳台排水不畅", "插座无电"]
WORKERS = ["李师傅（水电）", "王师傅（水电）", "赵师傅（土建）", "孙师傅（门窗）", "周师傅（弱电）", "吴师傅（暖通）"]
# 回访执行人：管理处主任、综合管理部主管、管理员（种子 003 三、1）
CALLERS = ["陈国强（管理处主任）", "刘慧敏（综合管理部主管）", "张雅婷（管理员）", "王晓燕（管理员）", "杨立新（管理员）"]
COMPLAINTS = ["楼道灯长期不亮", "电梯频繁故障停运", "夜间装修噪音扰民", "地下车库车辆乱停", "垃圾清运不及时",
              "门岗保安态度生硬", "楼上漏水殃及我家", "宠物粪便无人清理", "绿化带被私自占用", "物业费收支不透明",
              "二次供水水质发黄", "快递堆放在楼道", "小区大门道闸失灵", "高空抛物无人管"]
SOLICITATIONS = ["对二次供水改造方案的意见", "对地面停车位调整的意见", "对增设电动车充电桩的意见",
                 "对年度物业服务的意见征询", "对外墙清洗时间安排的意见", "对垃圾分类投放点位置的意见",
                 "对小区安防升级方案的意见"]
SUGGESTIONS = ["建议增设快递柜", "建议增加儿童游乐设施", "建议延长游泳池开放时间", "建议楼道加装扶手",
               "建议公告栏同时发微信群", "建议增加夜间巡逻频次", "建议更换老旧健身器材"]
COMMENTS = {
    "投诉": ["问题已处理，业主表示满意", "业主认可处理结果", "已整改，业主希望今后加强巡查", "处理基本满意，仍有意见已记录"],
    "意见征询": ["业主同意方案", "业主提出补充意见，已记录转报", "业主无其他意见", "业主希望尽快实施"],
    "意见建议": ["已向业主说明采纳情况", "建议已纳入明年计划", "业主表示理解"],
    "维修": ["维修质量良好，已正常使用", "师傅准时上门，态度好", "维修后仍有轻微渗水，已再次派工", "业主满意"],
    "日常回访": ["对保洁工作满意", "希望加强门岗管理", "对绿化养护满意", "反映电梯等候时间长，已记录", "无意见"],
}
# 回访方式的比例，按类别（上门签名 / 上门拒签 / 电话 / 信函）/ method mix per callback kind
METHOD_MIX = {
    "投诉": [("上门", "是", 0.52), ("上门", "拒签", 0.05), ("电话", "", 0.43)],
    "意见征询": [("上门", "是", 0.30), ("电话", "", 0.35), ("信函", "", 0.35)],
    "意见建议": [("上门", "是", 0.20), ("电话", "", 0.60), ("信函", "", 0.20)],
    "维修": [("上门", "是", 0.42), ("上门", "拒签", 0.04), ("电话", "", 0.54)],
    "日常回访": [("上门", "是", 0.92), ("上门", "拒签", 0.08)],
}
# 往月每月的回访量（年初至上月）/ callbacks per earlier month, by kind
EARLIER_PER_MONTH = {"投诉": 18, "意见征询": 9, "意见建议": 5, "维修": 40, "日常回访": 4}


def phone(rnd):
    return mobile(rnd, ["138", "139", "186", "150", "133", "177"])


def rank(seed, key):
    return int.from_bytes(hashlib.sha256(seed.encode() + b"\0" + key.encode()).digest()[:8], "big")


def method(rnd, kind):
    mix = METHOD_MIX[kind]
    m = rnd.choices(mix, weights=[x[2] for x in mix])[0]
    return m[0], m[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "generated"))
    ap.add_argument("--month", default="2026-10")
    ap.add_argument("--households", type=int, default=600)
    ap.add_argument("--repairs", type=int, default=140)
    ap.add_argument("--complaints", type=int, default=26)
    ap.add_argument("--solicitations", type=int, default=14)
    ap.add_argument("--suggestions", type=int, default=12)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--encoding", default="utf-8-sig", choices=["utf-8-sig", "utf-8", "gb18030"])
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    year, month = (int(x) for x in a.month.split("-"))
    ndays = calendar.monthrange(year, month)[1]
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, ndays)

    def day_in_month(lo=1, hi=None):
        return datetime.date(year, month, rnd.randint(lo, hi or ndays))

    # Households: 12 buildings x 3 units x 18 floors x 2 flats; a sample of them, in room order.
    space = [(b, u, f, n) for b in range(1, 13) for u in range(1, 4) for f in range(1, 19) for n in (1, 2)]
    picked = sorted(rnd.sample(space, min(a.households, len(space))))
    households = []
    for b, u, f, n in picked:
        status = rnd.choices(["已入住", "空置", "装修中"], weights=[0.92, 0.05, 0.03])[0]
        households.append([f"{b}-{u}-{f:02d}{n:02d}", f"{b}栋", person(rnd), phone(rnd),
                           f"{rnd.choice([89.5, 105.3, 118.7, 126.2, 143.8]):.1f}", status])
    occupied = [h for h in households if h[5] == "已入住"]

    # Repair orders of the month (a couple entered late, dated the month before).
    repairs = []
    for i in range(a.repairs):
        h = rnd.choice(occupied)
        day = day_in_month()
        if i < 2:
            day = first - datetime.timedelta(days=i + 1)
        status = rnd.choices(["已完成", "维修中", "已取消"], weights=[0.88, 0.08, 0.04])[0]
        done = day + datetime.timedelta(days=rnd.randrange(0, 4)) if status == "已完成" else None
        repairs.append([None, day, h[0], h[2], h[3], rnd.choice(REPAIR_ITEMS), rnd.choice(WORKERS), done, status])
    repairs.sort(key=lambda r: (r[1], r[2]))
    for i, r in enumerate(repairs):
        r[0] = f"WX{year}{month:02d}{i + 1:04d}"

    # The register: complaints (a few anonymous, a few asking only for a written reply), solicitations, suggestions.
    register = []
    for kind, n, prefix, texts in (("投诉", a.complaints, "TS", COMPLAINTS), ("意见征询", a.solicitations, "ZX", SOLICITATIONS),
                                   ("意见建议", a.suggestions, "JY", SUGGESTIONS)):
        for i in range(n):
            h = rnd.choice(occupied)
            day = day_in_month(1, ndays - 5 if kind == "意见征询" else ndays - 1)   # solicitations: all called back
            anonymous = kind == "投诉" and i in (3, 11, 19)
            reply_only = kind == "投诉" and i in (6, 14, 22)
            if kind == "投诉" and i == n - 1:
                day = last                                    # registered on the last day: not called back yet
            row = {"no": f"{prefix}{year}{month:02d}{i + 1:03d}", "kind": kind, "date": day,
                   "room": "" if anonymous else h[0], "owner": "" if anonymous else h[2],
                   "phone": "" if anonymous else h[3], "text": rnd.choice(texts),
                   "reply_only": "是" if reply_only else "否", "reply": None, "cb": None, "method": "", "signed": ""}
            if reply_only:
                row["reply"] = min(last, day + datetime.timedelta(days=rnd.randint(1, 4)))
            elif not anonymous and (kind != "意见建议" or rnd.random() < 0.5):
                cb = day + datetime.timedelta(days=rnd.randint(1, 4))
                if cb <= last:
                    row["cb"] = cb
                    row["method"], row["signed"] = method(rnd, kind)
            register.append(row)
    register.sort(key=lambda r: (r["date"], r["no"]))

    # Callbacks: the year's earlier months (synthetic), then the month's (register, repair list, routine list).
    callbacks = []

    def add(day, kind, ref, room, owner, how, signed, comment=None):
        if comment is None:
            comment = rnd.choice(COMMENTS[kind])
            if signed == "拒签":
                comment = "业主拒绝签名，态度：" + rnd.choice(["较为冷淡", "对处理结果仍有保留", "表示不想再谈"])
            elif how == "电话":
                comment = "电话回访：" + comment
        callbacks.append([day, kind, ref, room, owner, how, signed, rnd.choice(CALLERS), comment])

    for m in range(1, month):
        mdays = calendar.monthrange(year, m)[1]
        for kind, n in EARLIER_PER_MONTH.items():
            for i in range(n + rnd.randrange(-2, 3) if n > 4 else n):
                h = rnd.choice(occupied)
                ref = {"投诉": "TS", "意见征询": "ZX", "意见建议": "JY", "维修": "WX", "日常回访": ""}[kind]
                width = 4 if kind == "维修" else 3
                ref = f"{ref}{year}{m:02d}{rnd.randrange(1, 60):0{width}d}" if ref else h[0]
                how, signed = method(rnd, kind)
                add(datetime.date(year, m, rnd.randint(1, mdays)), kind, ref, h[0], h[2], how, signed)
    for r in register:
        if r["cb"]:
            add(r["cb"], r["kind"], r["no"], r["room"], r["owner"], r["method"], r["signed"])
    seed = f"{year}-{month:02d}"
    done = [r for r in repairs if r[8] == "已完成" and first <= r[1] <= last]
    for r in sorted(done, key=lambda r: (rank(seed, r[0]), r[0]))[: math.ceil(len(done) * 3 / 10)]:
        cb = r[7] + datetime.timedelta(days=rnd.randint(1, 5))
        if cb <= last:                                          # orders finished at the month's end: next month
            how, signed = method(rnd, "维修")
            add(cb, "维修", r[0], r[2], r[3], how, signed)
    routine = sorted(occupied, key=lambda h: (rank(seed, h[0]), h[0]))[:5]
    for h in routine[:4]:                                      # the fifth household was not at home this month
        how, signed = method(rnd, "日常回访")
        add(day_in_month(), "日常回访", h[0], h[0], h[2], how, signed)
    callbacks.sort(key=lambda c: (c[0], c[2]))
    counters = {}
    for c in callbacks:
        ym = c[0].strftime("%Y%m")
        counters[ym] = counters.get(ym, 0) + 1
        c.insert(0, f"HF{ym}{counters[ym]:04d}")

    def d(x, fmt="%Y-%m-%d"):
        return x.strftime(fmt) if x else ""

    files = [
        ("households.csv", HOUSEHOLD_HEADER, households),
        ("repairs.csv", REPAIR_HEADER, [[r[0], d(r[1]), r[2], r[3], r[4], r[5], r[6], d(r[7]), r[8]] for r in repairs]),
        ("register.csv", REGISTER_HEADER,
         [[r["no"], r["kind"], d(r["date"]), r["room"], r["owner"], r["phone"], r["text"], r["reply_only"],
           d(r["reply"]), d(r["cb"]), r["method"]] for r in register]),
        ("callbacks.csv", CALLBACK_HEADER, [[c[0], d(c[1])] + c[2:] for c in callbacks]),
    ]
    os.makedirs(a.out, exist_ok=True)
    for name, header, rows in files:
        write_csv(os.path.join(a.out, name), header, rows, a.encoding)
    print(f"{a.out}: " + ", ".join(f"{n} ({len(rows)} rows)" for n, _, rows in files))


if __name__ == "__main__":
    main()
