#!/usr/bin/env python3
"""Deterministic generator of a realistic quarter of purchases (policy P8 of
DOMAIN.md, rules/procurement.lua): DIR/purchases.csv (采购台账, one row per
purchase line of the quarter, with the reference price list's unit price) and
DIR/previous.csv (上季度抽查清单, the items sampled in the quarter before).

    python3 samples/procurement/generate.py [--out DIR] [--quarter 2026Q3] [--purchases 420]
        [--seed 8] [--encoding utf-8-sig|utf-8|gb18030]

Same arguments -> byte-identical files: every random choice comes from one
random.Random(seed); nothing reads the clock or the global random state, and no
set or hash order is iterated. Python 3 standard library only. Suppliers,
people and phone numbers are made up (phones are 1xx0000xxxx).
"""
import argparse
import datetime
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from _genlib import mobile, write_csv  # noqa: E402

HEADER = ["采购单号", "采购日期", "物品编码", "物品名称", "类别", "规格型号", "单位", "数量", "单价", "参考单价", "金额",
          "供应商", "申请部门", "经办人", "联系电话"]
PREVIOUS_HEADER = ["物品编码", "物品名称", "类别", "抽查季度"]

# The reference price list: (category, code prefix, [(name, spec, unit, reference unit price, usual quantity)]).
CATALOG = [
    ("清洁用品", "QJ", [
        ("拖把", "棉线 1.2 米", "把", 28, 20), ("扫帚", "塑料软毛", "把", 15, 20), ("垃圾袋", "60×80 cm 加厚", "卷", 9.5, 100),
        ("洗洁精", "1.5 kg", "瓶", 16, 40), ("84 消毒液", "500 ml", "瓶", 6.8, 60), ("洗手液", "500 ml", "瓶", 19, 40),
        ("抹布", "超细纤维 30×30", "条", 3.5, 100), ("玻璃清洁剂", "500 ml", "瓶", 12, 30), ("卫生纸", "大盘纸 12 卷", "箱", 96, 20),
        ("擦手纸", "三折 200 抽×20", "箱", 85, 20), ("马桶刷", "带底座", "个", 13, 20), ("清洁推车", "多功能保洁车", "台", 680, 2),
        ("洗地机", "手推式 50 L", "台", 5800, 1), ("尘推", "90 cm 排拖", "把", 45, 10), ("空气清新剂", "320 ml", "瓶", 14, 30),
        ("不锈钢清洁剂", "500 ml", "瓶", 22, 20), ("除垢剂", "1 L", "瓶", 18, 20), ("水桶", "加厚 15 L", "个", 12, 20),
        ("铲刀", "不锈钢", "把", 8, 20), ("地毯清洗剂", "5 L", "桶", 85, 6), ("垃圾桶", "240 L 带轮", "个", 260, 6),
    ]),
    ("维修材料", "WX", [
        ("水龙头", "全铜单冷", "个", 65, 10), ("角阀", "4 分全铜", "个", 18, 30), ("PPR 管", "DN25 4 米", "根", 26, 40),
        ("电线", "BV 2.5 mm² 100 米", "卷", 230, 10), ("开关面板", "86 型双开", "个", 16, 40), ("插座", "86 型五孔", "个", 14, 50),
        ("LED 灯管", "T8 1.2 米 18 W", "支", 22, 60), ("门锁", "执手锁", "把", 120, 10), ("合页", "不锈钢 4 寸", "副", 9, 40),
        ("水泥", "P.O 42.5 50 kg", "袋", 32, 30), ("空调压缩机", "3 匹", "台", 3200, 1), ("水泵", "管道增压泵 750 W", "台", 1350, 2),
        ("断路器", "DZ47 C32", "个", 28, 30), ("防水胶", "300 ml", "支", 18, 40), ("膨胀螺丝", "M8×80 100 套", "盒", 45, 10),
        ("球阀", "DN20 全铜", "个", 35, 20), ("下水管", "PVC DN110 4 米", "根", 48, 20), ("生料带", "20 米", "卷", 2.5, 100),
        ("闭门器", "中型 60 kg", "个", 95, 8), ("电工胶布", "PVC 10 卷", "筒", 25, 20), ("感应灯", "声光控吸顶灯", "个", 38, 30),
    ]),
    ("工程材料", "GC", [
        ("螺纹钢", "HRB400 Φ16", "吨", 3900, 5), ("商品混凝土", "C30", "方", 420, 50), ("砂子", "中砂", "方", 120, 40),
        ("碎石", "5-25 mm", "方", 105, 40), ("防水卷材", "SBS 4 mm", "卷", 160, 60), ("瓷砖", "800×800 抛釉", "箱", 110, 80),
        ("石膏板", "9.5 mm 纸面", "张", 28, 200), ("轻钢龙骨", "50 主龙骨 3 米", "根", 12, 300), ("镀锌钢管", "DN50", "米", 38, 120),
        ("电缆", "YJV 4×25", "米", 145, 200), ("配电箱", "12 回路", "台", 2600, 2), ("外墙涂料", "20 kg", "桶", 380, 20),
        ("保温板", "XPS 50 mm", "立方米", 560, 10), ("砌块", "加气块 600×240×200", "方", 260, 30),
        ("腻子粉", "内墙 20 kg", "袋", 28, 60), ("瓷砖胶", "C1 20 kg", "袋", 45, 40), ("铝合金窗", "断桥 1.5×1.5 米", "樘", 980, 6),
        ("水泥砖", "标准砖", "千块", 480, 10), ("钢丝网", "镀锌 1×10 米", "卷", 85, 20), ("自流平砂浆", "25 kg", "袋", 58, 40),
    ]),
    ("办公用品", "BG", [
        ("A4 复印纸", "70 g 5 包", "箱", 135, 20), ("签字笔", "0.5 mm 黑 12 支", "盒", 18, 30), ("文件夹", "A4 双夹", "个", 8, 100),
        ("订书机", "中型", "个", 26, 10), ("硒鼓", "HP 88A", "个", 420, 6), ("激光打印机", "A4 黑白双面", "台", 2450, 1),
        ("计算器", "12 位", "个", 35, 10), ("笔记本", "A5 皮面", "本", 15, 80), ("档案盒", "5.5 cm", "个", 6.5, 200),
        ("便利贴", "76×76 mm", "本", 3.2, 100), ("白板笔", "黑 10 支", "盒", 22, 10), ("碎纸机", "四级保密", "台", 980, 1),
        ("长尾夹", "32 mm 24 只", "盒", 9, 30), ("U 盘", "64 GB", "个", 45, 10), ("印台", "快干", "个", 16, 6), ("胶水", "固体胶 12 支", "盒", 20, 10),
    ]),
    ("劳保用品", "LB", [
        ("劳保手套", "棉纱 12 副", "打", 24, 50), ("安全帽", "ABS", "顶", 35, 30), ("反光背心", "涤纶", "件", 12, 50),
        ("劳保鞋", "防砸防刺穿", "双", 168, 20), ("口罩", "KN95 50 只", "盒", 60, 20),
    ]),
]
SUPPLIERS = {
    "清洁用品": ["洁康保洁用品商行", "绿洁清洁用品有限公司", "美家日用品批发部"],
    "维修材料": ["安达五金机电经营部", "恒通水暖建材商店", "鑫盛电气设备有限公司"],
    "工程材料": ["宏远建材有限公司", "中兴建设物资有限公司", "华达商品混凝土有限公司"],
    "办公用品": ["文星办公用品有限公司", "博雅文具批发部", "联创办公设备有限公司"],
    "劳保用品": ["安盾劳保用品商行", "平安劳动防护用品有限公司"],
}
DEPARTMENTS = [("物业服务部", "周丽娟"), ("工程部", "马建军"), ("综合办公室", "王雅婷"), ("保洁部", "李秀兰"),
               ("设备维修部", "刘永刚"), ("项目部", "陈志明"), ("财务部", "赵慧敏")]
USES = {"清洁用品": [0, 3, 3], "维修材料": [0, 4, 4], "工程材料": [1, 5, 5], "办公用品": [2, 2, 6],
        "劳保用品": [1, 5, 3]}   # department indexes that buy each category


def phone(rnd):
    return mobile(rnd, ["138", "139", "186", "150", "133"])


def quarter_days(q):
    year, n = int(q[:4]), int(q[-1])
    start = datetime.date(year, 3 * n - 2, 1)
    end = datetime.date(year + (n == 4), 1 if n == 4 else 3 * n + 1, 1)
    return start, (end - start).days


def previous_quarter(q):
    year, n = int(q[:4]), int(q[-1])
    return f"{year - 1}Q4" if n == 1 else f"{year}Q{n - 1}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "generated"))
    ap.add_argument("--quarter", default="2026Q3")
    ap.add_argument("--purchases", type=int, default=420)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--encoding", default="utf-8-sig", choices=["utf-8-sig", "utf-8", "gb18030"])
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    start, ndays = quarter_days(a.quarter)
    phones = {d: phone(rnd) for d, _ in DEPARTMENTS}

    items = []   # (category, code, name, spec, unit, ref, usual)
    for cat, prefix, rows in CATALOG:
        for k, (name, spec, unit, ref, usual) in enumerate(rows):
            items.append((cat, f"{prefix}{k + 1:03d}", name, spec, unit, ref, usual))
    weights = {"清洁用品": 3, "维修材料": 3, "工程材料": 2, "办公用品": 2.5, "劳保用品": 1}

    rows = []
    for i in range(a.purchases):
        # Dear items (over 2000 yuan) are bought rarely: a few a quarter.
        cat, code, name, spec, unit, ref, usual = rnd.choices(
            items, weights=[weights[x[0]] * (0.3 if x[5] > 2000 else 1) for x in items])[0]
        day = start + datetime.timedelta(days=rnd.randrange(ndays))
        qty = max(1, round(usual * rnd.uniform(0.3, 1.6)))
        dev = rnd.uniform(-0.08, 0.10)
        if rnd.random() < 0.04:                       # a price far from the reference list
            dev = rnd.choice([rnd.uniform(0.22, 0.6), rnd.uniform(-0.4, -0.21)])
        price = round(ref * (1 + dev), 2)
        dept, handler = DEPARTMENTS[rnd.choice(USES[cat])]
        rows.append([None, day.strftime("%Y-%m-%d"), code, name, cat, spec, unit, str(qty), f"{price:.2f}",
                     f"{ref:.2f}", f"{price * qty:.2f}", rnd.choice(SUPPLIERS[cat]), dept, handler, phones[dept]])
    rows.sort(key=lambda r: (r[1], r[2]))
    for i, r in enumerate(rows):
        r[0] = f"CG{a.quarter}{i + 1:04d}"

    # Last quarter's sample: some items of each category (as that quarter's list named them).
    prev = []
    for cat, prefix, catalog_rows in CATALOG:
        k = {"清洁用品": 5, "维修材料": 5, "工程材料": 5, "办公用品": 3}.get(cat, 0) + rnd.randrange(2)
        for j in sorted(rnd.sample(range(len(catalog_rows)), k)):
            prev.append([f"{prefix}{j + 1:03d}", catalog_rows[j][0], cat, previous_quarter(a.quarter)])

    os.makedirs(a.out, exist_ok=True)
    for name, header, data in (("purchases.csv", HEADER, rows), ("previous.csv", PREVIOUS_HEADER, prev)):
        write_csv(os.path.join(a.out, name), header, data, a.encoding)
    print(f"{a.out}: purchases.csv ({len(rows)} rows), previous.csv ({len(prev)} rows)")


if __name__ == "__main__":
    main()
