"""Helpers shared by the sample generators (samples/<policy>/generate.py); not a generator itself.

Every helper that takes `rnd` draws from the caller's random.Random exactly what the code it replaced drew, in
the same order: the generated files keep their bytes. Nothing here reads the clock or the global random state.
Python 3 standard library only.

Import it from a generator with
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import _genlib
"""
import calendar
import csv
import datetime
import os

# Made-up people: surnames weighted as in China (王 李 张 ... drawn more often), given names of one or two characters.
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金"
SURNAME_WEIGHTS = [max(1.0, 12.0 - i * 0.6) for i in range(len(SURNAMES))]
GIVEN_ONE = "芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚辉鹏华飞玲婷雪琳欣颖宇浩凯佳晨阳帆"
GIVEN_TWO = ["秀英", "桂英", "秀兰", "玉兰", "志强", "建华", "建国", "晓东", "晓燕", "海燕", "丽娟", "文静",
             "子轩", "浩然", "雨涵", "欣怡", "梓涵", "思远", "嘉怡", "俊杰", "明轩", "诗琪", "春梅", "红霞",
             "立新", "国强", "志明", "晓明", "雅婷", "慧敏", "永刚", "海峰", "文博", "德明", "少华", "桂兰"]


def write_csv(path, header, rows, encoding):
    """A CSV file as Excel writes it (CRLF, minimal quoting) in `encoding` (utf-8-sig adds the BOM); written to a
    temporary file and renamed, so a failed run leaves no half file."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)


def add_months(d, n):
    """d + n months, the day clamped to the month's end (2026-01-31 + 1 = 2026-02-28)."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def fmt_slash(d):
    """2026/03/07, as a Chinese Excel shows a date."""
    return f"{d.year}/{d.month:02d}/{d.day:02d}"


def weighted(rnd, pairs):
    """One value of [(value, weight)], drawn with one rnd.choices call."""
    return rnd.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def weighted_pick(rnd, seq, weights):
    """One item of seq with the given weights, drawn with one rnd.random() call (a linear walk, not rnd.choices)."""
    x = rnd.random() * sum(weights)
    for s, w in zip(seq, weights):
        x -= w
        if x < 0:
            return s
    return seq[-1]


def person(rnd):
    """A made-up full name: a weighted surname, then one given character (35%) or two."""
    s = rnd.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
    return s + (rnd.choice(GIVEN_ONE) if rnd.random() < 0.35 else rnd.choice(GIVEN_TWO))


def mobile(rnd, prefixes):
    """A made-up mobile number 1xx0000xxxx, the 1xx one of `prefixes`."""
    return f"{rnd.choice(prefixes)}0000{rnd.randrange(10000):04d}"
