#!/usr/bin/env python3
"""Deterministic generator of a realistic month of a gas utility's service work
orders and its earlier callbacks (policy P6 of DOMAIN.md, rules/gas.lua):
DIR/orders.csv (工单台账, one row per service order of the month) and
DIR/history.csv (回访记录, the callbacks of the six months before, comments only).

    python3 samples/gas/generate.py [--out DIR] [--month 2026-10] [--customers 4000]
        [--orders 1600] [--seed 6] [--encoding utf-8-sig|utf-8|gb18030]

Same arguments -> byte-identical files: every random choice comes from one
random.Random(seed); nothing reads the clock or the global random state, and no
set or hash order is iterated. Python 3 standard library only. All names,
addresses and phone numbers are made up (phones are 1xx0000xxxx).
"""
import argparse
import calendar
import datetime
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from _genlib import mobile, person, weighted, write_csv  # noqa: E402

ORDER_HEADER = ["工单号", "业务类型", "客户编号", "客户姓名", "联系电话", "用气地址", "完工日期", "服务人员",
                "工单状态", "同意回访"]
HISTORY_HEADER = ["客户编号", "客户姓名", "回访日期", "回访方式", "回访人", "回访意见"]

# (type, share of the month's orders, order-number prefix)
TYPES = [("安检", 0.38, "AJ"), ("售气", 0.22, "SQ"), ("维修", 0.20, "WX"), ("置换", 0.08, "ZH"),
         ("零散", 0.06, "LS"), ("车用燃气", 0.045, "CY"), ("单项工程", 0.015, "DX")]

DISTRICTS = ["城关区", "七里河区", "西固区", "安宁区", "高新区", "经开区"]
ROADS = ["建设路", "人民路", "解放路", "和平街", "民主东路", "东岗西路", "南昌路", "北滨河路", "天水路", "嘉峪关路",
         "兰州路", "金城大道", "西津路", "庆阳路", "酒泉路", "中山路"]
ESTATES = ["阳光花园", "金色家园", "翠苑小区", "滨河名邸", "幸福里", "书香苑", "锦绣华庭", "铁路新村", "电力小区",
           "春天花园", "康乐小区", "丽景苑", "颐和园小区", "东方红小区", "畅家巷小区", "嘉园"]
STAFF = ["马建军", "孙立伟", "周海涛", "王晓东", "刘永刚", "陈志明", "杨国强", "赵德明", "李海峰", "徐文博",
         "何少华", "郭立新"]
CALLERS = ["张丽娟", "王雅婷", "李慧敏", "刘晓燕"]
METHODS = [("电话", 0.85), ("上门", 0.10), ("短信", 0.05)]
COMMENTS = [
    "师傅上门准时，服务态度好", "维修及时，已正常用气", "安检人员讲解了用气安全知识，很满意", "希望缩短等待时间",
    "置换后燃气表走字正常", "工作人员穿工装、出示工作证，比较规范", "对收费标准有疑问，已解释", "施工后现场清理干净",
    "建议提前电话预约上门时间", "客户表示满意，无其他意见", "提出燃气灶点火不畅，已转维修", "对安检结果有异议，已复核",
    "客户不在家，由家属代为回答", "客户反映热线难打通", "车用燃气加气排队时间长", "单项工程验收顺利，客户满意",
    "希望增加网上缴费渠道", "老人独居，建议定期安检", "", "",
]


def address(rnd):
    return (f"{rnd.choice(DISTRICTS)}{rnd.choice(ROADS)}{rnd.randrange(1, 400)}号{rnd.choice(ESTATES)}"
            f"{rnd.randrange(1, 30)}栋{rnd.randrange(1, 7)}单元{rnd.randrange(1, 33)}{rnd.randrange(1, 5):02d}室")


def phone(rnd):
    return mobile(rnd, ["138", "139", "186", "150", "133"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "generated"))
    ap.add_argument("--month", default="2026-10")
    ap.add_argument("--customers", type=int, default=4000)
    ap.add_argument("--orders", type=int, default=1600)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--encoding", default="utf-8-sig", choices=["utf-8-sig", "utf-8", "gb18030"])
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    year, month = (int(x) for x in a.month.split("-"))
    ndays = calendar.monthrange(year, month)[1]
    first = datetime.date(year, month, 1)

    # Customers: id, name, phone (a few without), address.
    customers = []
    for i in range(a.customers):
        customers.append((f"RQ{310000 + i * 7:07d}", person(rnd), "" if rnd.random() < 0.015 else phone(rnd),
                          address(rnd)))

    # Orders: a busy minority of customers appears more than once in the month.
    orders = []
    busy = customers[: a.customers // 20]
    counters = {}
    for _ in range(a.orders):
        t, _, prefix = weighted(rnd, [(x, x[1]) for x in TYPES])
        c = rnd.choice(busy) if rnd.random() < 0.15 else rnd.choice(customers)
        day = first + datetime.timedelta(days=rnd.randrange(ndays))
        counters[prefix] = counters.get(prefix, 0) + 1
        status = weighted(rnd, [("已完工", 0.93), ("处理中", 0.05), ("已撤销", 0.02)])
        if rnd.random() < 0.01:                       # a late entry from the month before
            day = first - datetime.timedelta(days=rnd.randrange(1, 5))
        orders.append([f"{prefix}{year}{month:02d}{counters[prefix]:05d}", t, c[0], c[1], c[2], c[3],
                       day.strftime("%Y%m%d"), rnd.choice(STAFF), status, "否" if rnd.random() < 0.03 else "是"])
    orders.sort(key=lambda r: (r[6], r[0]))           # the export is sorted by completion date

    # Earlier callbacks: the six months before, some customers more than once, a few in the month's first days.
    history = []
    start = first - datetime.timedelta(days=182)
    for _ in range(a.customers // 2):
        c = rnd.choice(busy) if rnd.random() < 0.3 else rnd.choice(customers)
        day = start + datetime.timedelta(days=rnd.randrange(182 + 5))
        history.append([c[0], c[1], day.strftime("%Y-%m-%d"), weighted(rnd, METHODS), rnd.choice(CALLERS),
                        rnd.choice(COMMENTS)])
    history.sort(key=lambda r: (r[2], r[0]))

    os.makedirs(a.out, exist_ok=True)
    for name, header, rows in (("orders.csv", ORDER_HEADER, orders), ("history.csv", HISTORY_HEADER, history)):
        write_csv(os.path.join(a.out, name), header, rows, a.encoding)
    print(f"{a.out}: orders.csv ({len(orders)} rows), history.csv ({len(history)} rows)")


if __name__ == "__main__":
    main()
