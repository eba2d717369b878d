#!/usr/bin/env python3
"""Deterministic generator of a realistic month of customer complaints of a
construction / property-service company (policy P5 of DOMAIN.md, seed 001,
rules/complaints.lua): DIR/complaints.csv (顾客投诉登记表, one row per complaint
received in the month, with its handling, the QC notification and the callback).

    python3 samples/complaints/generate.py [--out DIR] [--month 2026-10]
        [--complaints 320] [--seed 5] [--encoding utf-8-sig|utf-8|gb18030]

Same arguments -> byte-identical files: every random choice comes from one
random.Random(seed); nothing reads the clock or the global random state, and no
set or hash order is iterated. Python 3 standard library only. All names,
projects and phone numbers are made up (phones are 1xx0000xxxx).

The register is exported two days after the month's end (the "as of" of the
callbacks): complaints handled in the month's last days may not be called back
yet, and a few QC notifications and callbacks are simply missing.
"""
import argparse
import calendar
import datetime
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from _genlib import mobile, weighted, write_csv  # noqa: E402

HEADER = ["投诉编号", "投诉时间", "投诉渠道", "投诉类别", "管理处", "项目名称", "顾客姓名", "联系方式", "匿名投诉",
          "敏感投诉", "投诉内容", "受理人", "通知质检时间", "处理状态", "处理完毕日期", "现场解决", "顾客确认",
          "回访日期", "回访方式", "回访人", "回访结果"]

# (channel, share); 网络平台 and 社交媒体 complaints often leave no usable contact.
CHANNELS = [("电话", 0.42), ("当面", 0.18), ("书面", 0.08), ("电子邮件", 0.08), ("网络平台", 0.16), ("社交媒体", 0.08)]
# (category, share, what customers write): the causes seed 001 lists (项目质量、服务不周、价格纠纷、其他).
CATEGORIES = [
    ("工程质量", 0.30, ["卫生间墙面渗水", "外墙瓷砖空鼓脱落", "地面开裂", "门窗关闭不严漏风", "屋面雨后漏水",
                     "水管接头滴漏", "墙面涂料起皮", "电路跳闸"]),
    ("施工进度", 0.14, ["工期延误两周未说明原因", "停工多日无人施工", "交房时间一再推迟", "整改迟迟未完成"]),
    ("服务不周", 0.18, ["客服电话无人接听", "维修人员态度差", "报修后三天无人联系", "上门未按约定时间",
                     "答复推诿"]),
    ("价格纠纷", 0.10, ["结算金额与合同不符", "增项收费未事先告知", "维修收费偏高", "保修期内仍收费"]),
    ("工程变更", 0.07, ["变更未经业主签字", "变更后材料品牌不一致", "设计变更未通知"]),
    ("材料供应", 0.08, ["到货材料规格不符", "材料迟迟未到场", "瓷砖色差明显"]),
    ("现场管理", 0.09, ["夜间施工噪音扰民", "建筑垃圾未清运", "工人占用消防通道", "施工扬尘严重"]),
    ("其他", 0.04, ["停车位划分有异议", "宣传与实际不符", "发票开具延迟"]),
]
OFFICES = [("滨河管理处", 0.32, "滨河花园", ["张晓燕", "王海峰"]),
           ("城东管理处", 0.27, "城东新苑", ["李慧敏", "赵国强"]),
           ("高新管理处", 0.23, "高新雅居", ["刘雅婷", "陈立新"]),
           ("西湖管理处", 0.18, "西湖御景", ["孙丽娟", "周文博"])]
CALLERS = {"滨河管理处": "客服主任 何少华", "城东管理处": "客服主任 马晓东", "高新管理处": "客服主任 郭春梅",
           "西湖管理处": "客服主任 杨德明"}
CALLBACK_METHODS = [("电话", 0.70), ("上门访谈", 0.15), ("网上回函", 0.08), ("调查问卷", 0.07)]
RESULTS = [("满意", 0.68), ("基本满意", 0.24), ("不满意", 0.08)]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈"
GIVEN = ["秀英", "桂英", "秀兰", "志强", "建华", "建国", "晓东", "海燕", "丽娟", "文静", "子轩", "浩然", "雨涵",
         "欣怡", "思远", "俊杰", "春梅", "红霞", "国强", "志明", "雅婷", "永刚", "海峰", "德明", "桂兰", "芳", "娜",
         "敏", "静", "强", "磊", "军", "洋", "勇", "杰", "涛"]
NICKNAMES = ["网友“阳光小区业主”", "网友“路过的人”", "网友“滨河老住户”", "微博用户“一只猫”", "网友“匿名”",
             "网友“城东居民”"]


def person(rnd):
    return rnd.choice(SURNAMES) + rnd.choice(GIVEN)


def phone(rnd):
    return mobile(rnd, ["138", "139", "186", "150", "133", "177"])


def dt(t):
    """Excel's Chinese locale style: 2026/10/3 9:05."""
    return f"{t.year}/{t.month}/{t.day} {t.hour}:{t.minute:02d}"


def d(t):
    return f"{t.year}/{t.month}/{t.day}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "generated"))
    ap.add_argument("--month", default="2026-10")
    ap.add_argument("--complaints", type=int, default=320)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--encoding", default="utf-8-sig", choices=["utf-8-sig", "utf-8", "gb18030"])
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    year, month = (int(x) for x in a.month.split("-"))
    ndays = calendar.monthrange(year, month)[1]
    first = datetime.datetime(year, month, 1)
    month_end = first + datetime.timedelta(days=ndays)            # 24:00 of the last day
    export = month_end + datetime.timedelta(days=2)                # the register is exported then

    received = []
    for n in range(a.complaints):
        if n == 0:                                                 # one hotline call at midnight: due 24:00
            received.append(first + datetime.timedelta(days=min(9, ndays - 1)))
            continue
        day = rnd.randrange(ndays)
        # office hours mostly; a few evening and night complaints (hotline, web)
        hour = rnd.choices(range(24), weights=[1, 1, 1, 1, 1, 1, 2, 4, 10, 12, 12, 10, 6, 8, 11, 11, 10, 9,
                                               5, 4, 3, 2, 2, 1])[0]
        received.append(first + datetime.timedelta(days=day, hours=hour, minutes=rnd.randrange(60)))
    received.sort()

    rows = []
    for i, t in enumerate(received):
        cid = f"TS{year}{month:02d}{i + 1:04d}"
        channel = weighted(rnd, CHANNELS)
        category, _, texts = CATEGORIES[rnd.choices(range(len(CATEGORIES)), weights=[c[1] for c in CATEGORIES])[0]]
        office, _, estate, handlers = OFFICES[rnd.choices(range(len(OFFICES)), weights=[o[1] for o in OFFICES])[0]]
        project = f"{estate}{rnd.randrange(1, 12)}期" if rnd.random() < 0.3 else f"{estate}{rnd.randrange(1, 40)}栋"
        handler = rnd.choice(handlers)

        # Who complained and how to reach them.
        online = channel in ("网络平台", "社交媒体")
        anonymous = rnd.random() < (0.22 if online else 0.05 if channel in ("书面", "电话") else 0.0)
        if anonymous:
            name = rnd.choice(NICKNAMES) if online else ""
            contact = phone(rnd) if channel == "电话" and rnd.random() < 0.3 else ""   # caller id shown
        elif online and rnd.random() < 0.15:                       # a named web complaint without any contact
            name, contact = rnd.choice(NICKNAMES), ""
        else:
            name = person(rnd)
            contact = (f"c{rnd.randrange(10**6):06d}@example.com" if channel == "电子邮件" and rnd.random() < 0.5
                       else phone(rnd))
        sensitive = rnd.random() < 0.05

        # QC notified within 24 hours (P5): most within hours, some late, a few never.
        u = rnd.random()
        if i % 53 == 7:
            qc = t + datetime.timedelta(hours=24)                    # exactly on the due moment: on time
        elif i % 53 == 8:
            qc = t + datetime.timedelta(hours=24, minutes=1)         # one minute late
        elif u < 0.86:
            qc = t + datetime.timedelta(minutes=rnd.randrange(20, 20 * 60))
        elif u < 0.95:
            qc = t + datetime.timedelta(minutes=rnd.randrange(24 * 60 + 5, 72 * 60))
        else:
            qc = None
        if qc is not None and qc > export:
            qc = None

        # Handling: on the spot (当面 / 电话 mostly), or closed some days later, or still open.
        on_spot = channel in ("当面", "电话") and rnd.random() < 0.28
        if on_spot:
            closed = t
            confirmed = rnd.random() < 0.85                          # the customer confirmed satisfaction
        else:
            closed = t + datetime.timedelta(days=rnd.choices(range(12), weights=[6, 10, 12, 10, 8, 6, 5, 4, 3, 2,
                                                                                  2, 2])[0])
            confirmed = False
        status = "已处理"
        if closed > export or (not on_spot and rnd.random() < 0.05):
            status, closed = "处理中", None

        # The callback: every handled complaint but the three exemptions, soon after closing.
        exempt = (on_spot and confirmed) or anonymous or contact == "" or sensitive
        cb = None
        if status == "已处理":
            if not exempt:
                if rnd.random() < 0.95:
                    cb = closed + datetime.timedelta(days=rnd.choices(range(6), weights=[2, 8, 6, 4, 2, 1])[0])
            elif on_spot and confirmed and contact and rnd.random() < 0.10:
                cb = closed + datetime.timedelta(days=1)            # called back anyway
            if cb is not None and cb.date() > export.date():
                cb = None
        method = weighted(rnd, CALLBACK_METHODS) if cb else ""
        if cb and method == "网上回函" and channel not in ("网络平台", "社交媒体", "电子邮件"):
            method = "电话"
        rows.append([cid, dt(t), channel, category, office, project, name, contact, "是" if anonymous else "否",
                     "是" if sensitive else "否", rnd.choice(texts), handler, dt(qc) if qc else "", status,
                     d(closed) if closed else "", "是" if on_spot else "否", "是" if confirmed else "否",
                     d(cb) if cb else "", method, CALLERS[office] if cb else "",
                     weighted(rnd, RESULTS) if cb else ""])

    os.makedirs(a.out, exist_ok=True)
    write_csv(os.path.join(a.out, "complaints.csv"), HEADER, rows, a.encoding)
    print(f"{a.out}: complaints.csv ({len(rows)} rows)")


if __name__ == "__main__":
    main()
