#!/usr/bin/env python3
"""Deterministic generator of a realistic month of call-center callback QC data
(policy P1 of DOMAIN.md): DIR/checks.csv (质检统计表, one row per checked
recording), DIR/volume.csv (录音量, recordings per working day per agent) and
DIR/publish.csv (质检结果发布记录, when each day's results were published).

    python3 samples/callcenter/generate.py --out DIR [--month 2026-10] [--agents 100]
        [--teams 5] [--rows 20000] [--seed 20261] [--encoding utf-8-sig|utf-8|gb18030]

Same arguments -> byte-identical files: every random choice comes from one
random.Random(seed); nothing reads the clock or the global random state, and no
set or hash order is ever iterated. Rows are written day by day (only one day's
checks are held in memory), so --rows 1000000 runs in constant memory.
Python 3 standard library only.
"""
import argparse
import calendar
import csv
import datetime
import math
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from _genlib import weighted_pick, write_csv  # noqa: E402

HEADER = [
    "工号", "员工姓名", "组别", "员工级别", "抽检日期", "抽检时间", "通话流水", "客户编号",
    "录音时长", "回访结果", "抽检人",
    "业务精准度及风险控制", "业务熟练度", "通话类型及通话登记", "规范话术", "服务礼仪",
    "服务主动性", "服务禁忌项", "语言规范", "语言表达逻辑性", "主动安抚",
    "优点", "待改进",
]
VOLUME_HEADER = ["日期", "工号", "录音量"]
PUBLISH_HEADER = ["抽检日期", "发布时间"]

# (item, fatal, weight when a failure of that kind is drawn, probability of N/A)
ITEMS = [
    ("业务精准度及风险控制", True, 3.0, 0.02),
    ("业务熟练度", True, 2.5, 0.01),
    ("通话类型及通话登记", True, 2.0, 0.03),
    ("规范话术", False, 3.0, 0.02),
    ("服务礼仪", False, 1.5, 0.01),
    ("服务主动性", True, 1.5, 0.05),
    ("服务禁忌项", True, 0.5, 0.01),
    ("语言规范", False, 2.0, 0.01),
    ("语言表达逻辑性", False, 2.5, 0.02),
    ("主动安抚", False, 1.5, 0.35),
]
FATAL_IDX = [i for i, it in enumerate(ITEMS) if it[1]]
NONFATAL_IDX = [i for i, it in enumerate(ITEMS) if not it[1]]

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程"
            "魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛段雷龙黎史陶贺毛郝顾龚邵万钱严")
# The most common surnames are drawn more often (王 李 张 刘 陈 ... as in China).
SURNAME_WEIGHTS = [max(1.0, 12.0 - i * 0.8) for i in range(len(SURNAMES))]
GIVEN_ONE = "芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚辉鹏华飞玲婷雪琳欣颖宇浩凯佳晨阳帆"
GIVEN_TWO = ["秀英", "桂英", "秀兰", "玉兰", "志强", "建华", "建国", "晓东", "晓燕", "海燕", "丽娟", "文静",
             "子轩", "浩然", "雨涵", "欣怡", "梓涵", "思远", "嘉怡", "俊杰", "明轩", "诗琪", "佳琪", "宇航",
             "春梅", "红霞", "立新", "国强", "志明", "晓明", "雅婷", "慧敏", "晓丽", "永刚", "海峰", "文博",
             "静怡", "一鸣", "天宇", "梦瑶", "若曦", "鑫磊", "亚楠", "晓雪", "瑞雪", "振华", "德明", "少华"]
CN_NUM = "一二三四五六七八九十"

CHECKERS = ["周晓梅", "孙立伟", "何静", "郑春燕", "林海涛", "罗佳", "高文", "谢雨晴"]

OUTCOMES = [("成功回访", 0.84), ("客户要求再联系", 0.04), ("客户拒访", 0.05), ("无人接听", 0.03),
            ("号码错误", 0.02), ("客户不便接听", 0.02)]

STRENGTHS = [
    "开场白规范，语速适中", "业务解答准确，客户满意", "耐心倾听客户诉求", "使用\"您好，请问有什么可以帮您\"等标准话术",
    "主动核实客户身份,流程完整", "语气亲切，服务热情", "及时安抚客户情绪", "结束语规范，礼貌道别",
    "通话登记完整准确", "对客户疑问解释清楚，逻辑清晰", "主动告知后续处理时限", "复述客户问题，确认无误",
    "风险提示到位，说明\"投资有风险\"", "语调平稳，吐字清晰", "主动推荐线上自助渠道", "处理投诉冷静专业",
]
IMPROVE = {
    "业务精准度及风险控制": ["未做风险提示", "业务解释有误，告知客户的手续费标准不正确", "未核实客户身份即办理业务",
                          "未按要求提示\"投资有风险，入市需谨慎\""],
    "业务熟练度": ["业务不熟，多次让客户等待", "对开户流程解释不清，客户反复询问", "查询系统操作不熟练，静音超过30秒"],
    "通话类型及通话登记": ["通话类型登记错误", "未登记客户诉求", "登记内容与通话不符，回访结果误记为\"成功回访\""],
    "规范话术": ["未使用标准开场白", "结束语不规范，未说\"感谢您的接听\"", "使用口头禅\"那个\"\"然后\"较多"],
    "服务礼仪": ["语气生硬", "客户未挂机即先挂断", "称呼客户不规范，未使用\"您\""],
    "服务主动性": ["未主动询问客户其他需求", "客户提出疑问后未主动跟进", "未主动告知办理进度"],
    "服务禁忌项": ["与客户争辩", "使用禁忌语\"这个不归我管\"", "推诿客户，让其自行拨打其他电话"],
    "语言规范": ["使用方言，客户听不清", "语速过快", "用语不规范，夹杂网络用语"],
    "语言表达逻辑性": ["表达冗长，重点不突出", "解释前后矛盾，客户产生误解", "回答问题逻辑混乱,未先说结论"],
    "主动安抚": ["客户情绪激动时未安抚", "未向客户致歉", "客户抱怨等待时间长，未做解释和安抚"],
}
MINOR_SUGGESTIONS = ["语速可再放慢一些", "结束语可更简洁", "可适当增加共情语句，如\"理解您的心情\""]


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Generate a deterministic month of P1 call-center QC data.")
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    ap.add_argument("--month", default="2026-10", help="YYYY-MM (default 2026-10)")
    ap.add_argument("--agents", type=int, default=100)
    ap.add_argument("--teams", type=int, default=5)
    ap.add_argument("--rows", type=int, default=20000, help="approximate number of checked recordings")
    ap.add_argument("--seed", type=int, default=20261)
    ap.add_argument("--encoding", default="utf-8-sig", choices=["utf-8-sig", "utf-8", "gb18030"])
    a = ap.parse_args(argv)
    try:
        y, m = (int(x) for x in a.month.split("-"))
        datetime.date(y, m, 1)
    except ValueError:
        ap.error("--month must be YYYY-MM")
    if a.agents < 1 or a.teams < 1 or a.teams > 10 or a.rows < 1:
        ap.error("need --agents >= 1, 1 <= --teams <= 10, --rows >= 1")
    a.year, a.mon = y, m
    return a


def team_name(i):
    return "回访" + CN_NUM[i] + "组"


def sample_without_replacement(rng, idxs, weights, k):
    idxs, weights = list(idxs), list(weights)
    out = []
    for _ in range(min(k, len(idxs))):
        total = sum(weights)
        x = rng.random() * total
        j = 0
        while j < len(idxs) - 1 and x >= weights[j]:
            x -= weights[j]
            j += 1
        out.append(idxs.pop(j))
        weights.pop(j)
    return out


def make_agents(rng, n_agents, n_teams, n_days):
    if n_agents <= 9998:
        ids = sorted(rng.sample(range(80001, 90000), n_agents))
    else:
        ids = sorted(rng.sample(range(800001, 800001 + 2 * n_agents), n_agents))
    names, used = [], {}
    for _ in range(n_agents):
        for attempt in range(50):
            s = weighted_pick(rng, SURNAMES, SURNAME_WEIGHTS)
            g = rng.choice(GIVEN_TWO) if rng.random() < 0.6 else rng.choice(GIVEN_ONE)
            name = s + g
            if name not in used or attempt == 49:
                break
        if name in used:   # very large --agents: disambiguate like HR systems do
            used[name] += 1
            name = f"{name}{used[name]}"
        else:
            used[name] = 1
        names.append(name)
    agents = []
    for i, (aid, name) in enumerate(zip(ids, names)):
        p_unq = min(0.25, max(0.01, rng.lognormvariate(math.log(0.065), 0.5)))
        p_exc = min(0.88, max(0.40, rng.gauss(0.70, 0.08)))
        p_exc = min(p_exc, 0.97 - p_unq)
        weak = [1.0] * len(ITEMS)
        weak[rng.randrange(len(ITEMS))] = 3.0           # every agent has a weak spot
        start = 0
        if rng.random() < 0.04 and n_days > 8:          # a few new hires join mid-month
            start = rng.randrange(n_days // 3, 2 * n_days // 3)
        agents.append({
            "id": str(aid), "name": name, "team": team_name(i % n_teams),
            "grade": "双技能" if rng.random() < 0.35 else "单技能",
            "p_unq": p_unq, "p_exc": p_exc, "weak": weak,
            "presence": rng.uniform(0.82, 0.97), "speed": rng.uniform(0.75, 1.25), "start": start,
        })
    return agents


def working_days(year, mon):
    n = calendar.monthrange(year, mon)[1]
    return [datetime.date(year, mon, d) for d in range(1, n + 1) if datetime.date(year, mon, d).weekday() < 5]


def score_items(rng, agent, outcome):
    """One recording's item cells: '1', '0' or 'N/A'. Returns (cells, fails list, kind)."""
    short_call = outcome != "成功回访"
    cells = []
    for name, fatal, _, p_na in ITEMS:
        if short_call and name in ("主动安抚", "业务熟练度", "服务主动性"):
            p_na = max(p_na, 0.6)
        cells.append("N/A" if rng.random() < p_na else "1")
    x = rng.random()
    weak = agent["weak"]
    fails = []
    if x < agent["p_unq"]:
        kind = "unq"
        if rng.random() < 0.65:      # at least one fatal item failed
            nf = 2 if rng.random() < 0.1 else 1
            fails += sample_without_replacement(rng, FATAL_IDX, [ITEMS[i][2] * weak[i] for i in FATAL_IDX], nf)
            nn = weighted_pick(rng, (0, 1, 2, 3), (0.55, 0.3, 0.1, 0.05))
        else:                        # three or more non-fatal items failed
            nn = weighted_pick(rng, (3, 4, 5), (0.7, 0.25, 0.05))
        fails += sample_without_replacement(rng, NONFATAL_IDX, [ITEMS[i][2] * weak[i] for i in NONFATAL_IDX], nn)
    elif x < agent["p_unq"] + (1.0 - agent["p_unq"] - agent["p_exc"]):
        kind = "mid"                 # qualified but not excellent: one or two non-fatal fails
        nn = 1 if rng.random() < 0.65 else 2
        fails += sample_without_replacement(rng, NONFATAL_IDX, [ITEMS[i][2] * weak[i] for i in NONFATAL_IDX], nn)
    else:
        kind = "exc"
    for i in fails:
        cells[i] = "0"
    fails.sort()
    return cells, fails, kind


def join_phrases(rng, phrases):
    r = rng.random()
    if r < 0.15:
        return "\n".join(phrases)                       # Alt+Enter line breaks inside the cell
    if r < 0.25:
        return ",".join(phrases)                        # an ASCII comma
    return "；".join(phrases) if rng.random() < 0.5 else "，".join(phrases)


def strengths_text(rng, kind):
    if kind == "unq" and rng.random() < 0.6:
        return ""
    if kind == "mid" and rng.random() < 0.3:
        return ""
    k = 1 if rng.random() < 0.5 else (2 if rng.random() < 0.7 else 3)
    return join_phrases(rng, rng.sample(STRENGTHS, k))


def improve_text(rng, kind, fails):
    if kind == "exc":
        return rng.choice(MINOR_SUGGESTIONS) if rng.random() < 0.04 else ""
    notes = [rng.choice(IMPROVE[ITEMS[i][0]]) for i in fails]
    if len(notes) > 1 and rng.random() < 0.5:
        return "\n".join(f"{n + 1}. {t}" for n, t in enumerate(notes))
    return join_phrases(rng, notes) if len(notes) > 1 else notes[0]


def duration(rng, outcome):
    if outcome in ("无人接听", "号码错误"):
        return rng.randint(30, 60)
    if outcome in ("客户拒访", "客户不便接听"):
        return rng.randint(30, 120)
    return min(900, max(30, int(rng.lognormvariate(math.log(200), 0.55))))


def split_by_weights(rng, total, weights):
    """Split total into len(weights) non-negative ints proportional to weights (largest share first on ties)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(r) for r in raw]
    rest = total - sum(out)
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[:rest]:
        out[i] += 1
    return out


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    rng = random.Random(a.seed)
    days = working_days(a.year, a.mon)
    agents = make_agents(rng, a.agents, a.teams, len(days))

    # Per-day coverage ratio: most days 10.1-12%, a few deliberately below 10%, one exactly at 10% (met: >=).
    n_below = 3 if len(days) >= 15 else 1
    below = sorted(rng.sample(range(len(days)), min(n_below, len(days))))
    exact = [d for d in range(len(days)) if d not in below]
    exact = exact[len(exact) // 2] if exact and len(days) >= 5 else None

    per_day = a.rows / len(days)
    os.makedirs(a.out, exist_ok=True)
    checks_path = os.path.join(a.out, "checks.csv")
    volume_path = os.path.join(a.out, "volume.csv")
    seq = 0
    with open(checks_path, "w", encoding=a.encoding, newline="") as fc, \
            open(volume_path, "w", encoding=a.encoding, newline="") as fv:
        wc = csv.writer(fc, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        wv = csv.writer(fv, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        wc.writerow(HEADER)
        wv.writerow(VOLUME_HEADER)
        for di, day in enumerate(days):
            ymd = day.strftime("%Y%m%d")
            present = [ag for ag in agents if di >= ag["start"] and rng.random() < ag["presence"]]
            if not present:
                present = [agents[rng.randrange(len(agents))]]
            if di in below:
                ratio = rng.uniform(0.07, 0.095)
            elif di == exact:
                ratio = 0.10
            else:
                ratio = rng.uniform(0.101, 0.12)
            target = max(1, round(per_day * rng.uniform(0.9, 1.1)))
            total_rec = max(len(present), round(target / ratio))
            if di == exact:
                total_rec += (-total_rec) % 10
            recs = split_by_weights(rng, total_rec, [ag["speed"] * rng.uniform(0.85, 1.15) for ag in present])
            if di == exact:
                n_checks = total_rec // 10
            elif di in below:
                n_checks = math.floor(ratio * total_rec)
            else:
                n_checks = math.ceil(ratio * total_rec)
            counts = split_by_weights(rng, n_checks, [max(r, 0.001) for r in recs])
            for ag, r in zip(present, recs):
                wv.writerow([ymd, ag["id"], r])
            # This day's checks, in time order (as the QC sheet is kept).
            day_rows = []
            for ag, c in zip(present, counts):
                for _ in range(c):
                    day_rows.append((rng.randrange(9 * 3600, 17 * 3600 + 1801), ag))
            day_rows.sort(key=lambda t: (t[0], t[1]["id"]))
            for t, ag in day_rows:
                seq += 1
                outcome = weighted_pick(rng, [o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])
                cells, fails, kind = score_items(rng, ag, outcome)
                wc.writerow([
                    ag["id"], ag["name"], ag["team"], ag["grade"], ymd,
                    f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}",
                    f"HF{ymd}{seq:07d}", f"C{rng.randrange(10 ** 9):09d}", duration(rng, outcome), outcome,
                    CHECKERS[rng.randrange(len(CHECKERS))],
                    *cells, strengths_text(rng, kind), improve_text(rng, kind, fails),
                ])
    publish_path = write_publish_log(a, days)
    print(f"wrote {checks_path} ({seq} rows), {volume_path} and {publish_path}", file=sys.stderr)
    return 0


def write_publish_log(a, days):
    """DIR/publish.csv (质检结果发布记录: 抽检日期, 发布时间): when each day's QC results were published.
    P1: day T's results are due by T+1 11:30. Its own RNG, so checks.csv and volume.csv do not change.
    Mostly 08:30-11:29 the next day; about one day in six late (11:31-16:00); one exactly at 11:30
    (on time: the due is inclusive); the last day not yet published (empty: open or overdue as of)."""
    rng = random.Random(a.seed + 1)
    path = os.path.join(a.out, "publish.csv")
    exact = len(days) // 3
    rows = []
    for i, day in enumerate(days):
        nxt = day + datetime.timedelta(days=1)
        if i == len(days) - 1:
            stamp = ""
        elif i == exact:
            stamp = f"{nxt:%Y-%m-%d} 11:30"
        elif rng.random() < 1 / 6:
            m = rng.randrange(11 * 60 + 31, 16 * 60 + 1)
            stamp = f"{nxt:%Y-%m-%d} {m // 60:02d}:{m % 60:02d}"
        else:
            m = rng.randrange(8 * 60 + 30, 11 * 60 + 30)
            stamp = f"{nxt:%Y-%m-%d} {m // 60:02d}:{m % 60:02d}"
        rows.append([day.strftime("%Y%m%d"), stamp])
    write_csv(path, PUBLISH_HEADER, rows, a.encoding)
    return path


if __name__ == "__main__":
    sys.exit(main())
