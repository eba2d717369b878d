#!/usr/bin/env python3
"""The `schedules` section through the CLI: tests/data/schedule/basic (worked by
hand in tests/unit/test_schedule.c's header) gives the hand-worked statuses in
results.json, the same rows in CSV, a valid PDF, and its three warnings on
stderr; rule and data errors exit 1 naming the rule's key path or the plan's
file:line and leave no output; a schedule without --as-of and without dated
visits is a usage error (exit 2).

Env: HUIFANG (the CLI), HUIFANG_SOURCE_DIR. Prints "N passed, 0 failed".
"""
import csv
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hflib import (SRC, HUIFANG, check, check_qpdf, finish, load_results, pdf_text, require_huifang,  # noqa: E402
                   run_tool)
BASIC = os.path.join(SRC, "tests", "data", "schedule", "basic")

def run(rule, data, out, *extra):
    return run_tool([HUIFANG, "run", "--rules", rule, "--data-dir", data, "--out", out,
                           "--format", "json,csv,pdf", *extra], timeout=120)


# Hand-worked (tests/unit/test_schedule.c): per plan, the statuses of its slots in order.
STATUSES = {
    "P1": ["已完成", "已完成", "进行中", "未到期"],
    "P2": ["逾期", "已完成", "逾期", "逾期", "逾期", "已完成", "已完成", "逾期", "已完成", "已完成", "逾期", "进行中",
           "未到期"],
    "P3": ["已完成", "已完成", "逾期", "逾期", "已完成", "已完成", "未到期", "未到期", "未到期"],
}


def test_basic(tmp):
    out = os.path.join(tmp, "basic")
    p = run(os.path.join(BASIC, "rule.lua"), BASIC, out, "--as-of", "2026-03-15")
    if not check(p.returncode == 0, f"basic: exit 0 ({p.stderr.strip()})"):
        return
    for frag in ("1 个计划的起算日「completion」缺失", "1 条回访记录的日期晚于截至日 2026-03-15",
                 "1 条回访记录的编号在计划中不存在"):
        check(frag in p.stderr, f"basic: stderr warns {frag}", [p.stderr])
    doc = load_results(out)
    got = {}
    for row in doc["tables"]["visits_plan"]["rows"]:
        got.setdefault(row["id"], []).append(row["status"])
    check(got == STATUSES, "basic: every slot's status as worked by hand", [got])
    check(doc["kpis"]["visits_plan_done_rate"]["value"] == 10 / 18, "basic: done rate 10/18")
    check(doc["kpis"]["visits_plan_overdue"]["value"] == 8, "basic: 8 overdue")
    ids = list(doc["tables"])
    check(ids == ["visits_plan_by_owner", "visits_plan_overdue", "visits_plan_upcoming", "visits_plan_plan",
                  "visits_plan", "visits_plan_unknown_visits"], "basic: the tables, in presentation order", ids)
    with open(os.path.join(out, "visits_plan_overdue.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    check(rows[0] == ["项目经理", "项目编号", "项目名称", "回访项目", "应回访日", "逾期天数"] and len(rows) == 9
          and rows[3] == ["李娜", "P2", "滨江花园屋面", "开工回访", "2024-02-10", "764"],
          "basic: overdue CSV has the labels and the hand-worked rows", rows[:4])
    check_qpdf("basic", os.path.join(out, "report.pdf"))
    t = pdf_text(os.path.join(out, "report.pdf"))[0].stdout.replace(" ", "")
    check("回访计划：逾期未回访" in t and "李娜" in t and "2027年度回访计划" in t and "全部应回访" not in t,
          "basic: the PDF holds the action tables, not the every-slot table")


def write_case(tmp, name, rule_edit=None, projects=None):
    d = os.path.join(tmp, name)
    shutil.copytree(BASIC, d)
    if rule_edit:
        path = os.path.join(d, "rule.lua")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        old, new = rule_edit
        assert old in text, old
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(old, new))
    if projects is not None:
        with open(os.path.join(d, "projects.csv"), "w", encoding="utf-8") as f:
            f.write(projects)
    return d


def test_errors(tmp):
    cases = [
        ("period", ('every = { months = 1 }, to = { months = 3 }', 'every = { months = 0 }, to = { months = 3 }'), None,
         ["--as-of", "2026-03-15"], 1, ["rule.lua: schedules[1].slots[2].every: 周期的各项不能为负数，也不能全为零"]),
        ("season", ("season = { 6, 7, 8 }", "season = { 6, 7, 13 }"), None, ["--as-of", "2026-03-15"], 1,
         ["rule.lua: schedules[1].slots[5].season[3]: 月份须为 1 到 12"]),
        ("too_many", ('every = { months = 1 }, to = { months = 3 }', 'every = { days = 1 }, to = { years = 40 }'), None,
         ["--as-of", "2026-03-15"], 1,
         ["projects.csv:2: 回访计划「visits_plan」（rule.lua 的 schedules[1]）：计划「P1」的「月度回访」（slots[2]）",
          "超过上限 10000 次"]),
        ("duplicate", None,
         "项目编号,项目名称,项目经理,类别,开工日期,竣工日期,保修月数\nP1,甲,张伟,防水,2026-01-31,,\nP1,乙,张伟,防水,2026-01-31,,\n",
         ["--as-of", "2026-03-15"], 1, ["projects.csv:3:", "编号「P1」（列「项目编号」）重复，第一次出现在第 2 行"]),
        ("no_as_of", None, "项目编号,项目名称,项目经理,类别,开工日期,竣工日期,保修月数\n", [], 2,
         ["需要截至日：请用 --as-of YYYY-MM-DD 指定"]),
    ]
    for name, edit, projects, args, code, frags in cases:
        d = write_case(tmp, name, edit, projects)
        if name == "no_as_of":
            with open(os.path.join(d, "visits.csv"), "w", encoding="utf-8") as f:
                f.write("项目编号,回访日期,方式\n")
        out = os.path.join(tmp, name + "_out")
        p = run(os.path.join(d, "rule.lua"), d, out, *args)
        check(p.returncode == code, f"{name}: exit {p.returncode}, expected {code}", [p.stderr])
        for frag in frags:
            check(frag in p.stderr, f"{name}: stderr has {frag}", [p.stderr])
        left = os.listdir(out) if os.path.isdir(out) else []
        check(left == [], f"{name}: no output left behind", left)


def main():
    require_huifang()
    with tempfile.TemporaryDirectory() as tmp:
        test_basic(tmp)
        test_errors(tmp)
    sys.exit(finish())


if __name__ == "__main__":
    main()
