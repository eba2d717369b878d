#!/usr/bin/env python3
"""Bad inputs end to end (issue 2, items 3 and 9): each malformed file gets exit 1,
one line on stderr naming the file and `:<line>:<column>` (just the line for
structural faults) and the header, and leaves no output file behind. Also the
exit codes of a missing input (3), a bad command line (2) and a rule with a
syntax error (1, naming the rule file and line), and on_error = "skip".

The corpus is made here from one valid 4-row P1 sample (BASE below, written
by hand: row 2 spans lines 3-4 through a line break inside a quoted cell), each
file with one defect; the expected line and column numbers are written by hand
from that layout. `python3 test_bad_inputs.py --write-corpus DIR` writes the
corpus out for a look. Prints "N passed, M failed" at the end.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hflib import SRC, HUIFANG, check, die, finish, load_results  # noqa: E402
RULES = os.path.join(SRC, "rules", "callcenter.lua")

HEADER = ("工号,员工姓名,组别,员工级别,抽检日期,抽检时间,通话流水,客户编号,录音时长,回访结果,抽检人,"
          "业务精准度及风险控制,业务熟练度,通话类型及通话登记,规范话术,服务礼仪,服务主动性,服务禁忌项,"
          "语言规范,语言表达逻辑性,主动安抚,优点,待改进")
# Columns: 1 工号, 2 员工姓名, 3 组别, 4 员工级别, 5 抽检日期, 6 抽检时间, 7 通话流水, 8 客户编号, 9 录音时长,
# 10 回访结果, 11 抽检人, 12-21 the ten items (16 = 服务礼仪), 22 优点, 23 待改进.
ROW_A = "80011,王芳,回访一组,单技能,20261008,09:15:02,HF202610080000001,C000000101,185,成功回访,周晓梅,1,1,1,1,1,1,1,1,1,N/A,开场白规范，语速适中,"                 # line 2
ROW_B = "80011,王芳,回访一组,单技能,20261008,10:02:45,HF202610080000002,C000000102,240,成功回访,周晓梅,1,1,1,0,1,1,1,1,1,1,\"语气亲切\n耐心倾听\",\"未使用\"\"标准开场白\"\"\""  # lines 3-4
ROW_C = "80012,李静,回访二组,双技能,20261009,14:30:00,HF202610090000003,C000000103,95,客户拒访,孙立伟,1,N/A,1,1,1,N/A,1,1,1,N/A,,"                           # line 5
ROW_D = "80012,李静,回访二组,双技能,20261009,16:45:10,HF202610090000004,C000000104,420,成功回访,孙立伟,0,1,1,1,1,1,1,1,1,1,,未做风险提示"                     # line 6
BASE_ROWS = [ROW_A, ROW_B, ROW_C, ROW_D]
VOLUME = "日期,工号,录音量\r\n20261008,80011,20\r\n20261009,80012,20\r\n"   # data on lines 2, 3

BOM = "\ufeff"


def checks_text(rows=None, header=HEADER, bom=True):
    return (BOM if bom else "") + header + "\r\n" + "".join(r + "\r\n" for r in (rows or BASE_ROWS))


def enc(text, encoding="utf-8"):
    return text.encode(encoding)


def with_cell(row, col, value):
    """row with 1-based column col replaced (only for rows without quoted commas: A, C, D)."""
    cells = row.split(",")
    cells[col - 1] = value
    return ",".join(cells)


def drop_column(text_rows, col):
    return [",".join(c for k, c in enumerate(r.split(",")) if k != col - 1) for r in text_rows]


# name -> (file to corrupt, bytes, expected line, expected column or None, header or None)
def corpus():
    c = {}
    c["bad_date"] = ("checks", enc(checks_text([ROW_A, ROW_B, ROW_C, with_cell(ROW_D, 5, "2026-13-01")])),
                     6, 5, "抽检日期")
    c["bad_duration"] = ("checks", enc(checks_text([ROW_A, ROW_B, with_cell(ROW_C, 9, "95秒"), ROW_D])),
                         5, 9, "录音时长")
    c["bad_time"] = ("checks", enc(checks_text([with_cell(ROW_A, 6, "25:61:00"), ROW_B, ROW_C, ROW_D])),
                     2, 6, "抽检时间")
    c["bad_grade"] = ("checks", enc(checks_text([with_cell(ROW_A, 4, "三技能"), ROW_B, ROW_C, ROW_D])),
                      2, 4, "员工级别")
    c["ragged"] = ("checks", enc(checks_text([ROW_A, ROW_B, ROW_C[:-1], ROW_D])), 5, None, None)
    c["unterminated_quote"] = ("checks", enc(checks_text([ROW_A, ROW_B, ROW_C, ROW_D.replace(",未做风险提示", ",\"未做风险提示")])),
                               6, None, None)
    c["invalid_utf8"] = ("checks", enc(checks_text()).replace("李静".encode(), "李".encode() + b"\xff", 1),
                         5, 2, "员工姓名")
    c["empty"] = ("checks", b"", None, None, None)
    c["missing_column"] = ("checks", enc(checks_text(drop_column([ROW_A], 3) + [ROW_B.replace("回访一组,", "", 1)] +
                                                     drop_column([ROW_C, ROW_D], 3),
                                                     header=HEADER.replace("组别,", ""))), 1, None, "组别")
    c["duplicated_column"] = ("checks", enc(checks_text([r + "," + r.split(",")[4] for r in BASE_ROWS],
                                                        header=HEADER + ",抽检日期")), 1, 24, "抽检日期")
    c["item_value_2"] = ("checks", enc(checks_text([ROW_A, ROW_B.replace(",1,1,1,0,1,1,", ",1,1,1,0,2,1,", 1), ROW_C, ROW_D])),
                         3, 16, "服务礼仪")
    c["nul_byte"] = ("checks", enc(checks_text()).replace(b"C000000104", b"C0000\x00104", 1), 6, 8, "客户编号")
    c["gb18030_bad_date"] = ("checks", enc(checks_text([ROW_A, ROW_B, with_cell(ROW_C, 5, "2026年10月32日"), ROW_D],
                                                       bom=False), "gb18030"), 5, 5, "抽检日期")
    c["volume_non_number"] = ("volume", enc(VOLUME.replace("20261009,80012,20", "20261009,80012,二十")), 3, 3, "录音量")
    return c


def run(args, timeout=120):
    return subprocess.run([HUIFANG] + args, capture_output=True, timeout=timeout)


def run_policy(rules, checks, volume, out, formats="json,csv,pdf"):
    return run(["run", "--rules", rules, "--input", f"checks={checks}", "--input", f"volume={volume}",
                "--out", out, "--format", formats])


def stderr_lines(p):
    return [ln for ln in p.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]


def no_outputs(out):
    return sorted(os.listdir(out)) if os.path.isdir(out) else []


def test_corpus(tmp):
    good_checks = os.path.join(tmp, "good", "checks.csv")
    good_volume = os.path.join(tmp, "good", "volume.csv")
    os.makedirs(os.path.dirname(good_checks))
    open(good_checks, "wb").write(enc(checks_text()))
    open(good_volume, "wb").write(enc(VOLUME))

    # The base sample itself is fine: otherwise every case below proves nothing.
    out = os.path.join(tmp, "out-good")
    os.makedirs(out)
    p = run_policy(RULES, good_checks, good_volume, out)
    if check(p.returncode == 0, "the valid base sample runs (exit 0)", stderr_lines(p)):
        doc = load_results(out)
        rows = {i["name"]: i["rows"] for i in doc["inputs"]}
        check(rows == {"checks": 4, "volume": 2, "publish": 0}, "base sample: 4 checks rows, 2 volume rows",
              f"got {rows}")
        publish = [i for i in doc["inputs"] if i["name"] == "publish"]
        check(publish and publish[0]["file"] is None, "base sample: the optional publishing log is recorded as not given",
              json.dumps(publish, ensure_ascii=False))
        unq = doc["tables"]["unqualified"]["rows"]
        check([r["line"] for r in unq] == [6] and unq[0]["improve"] == "未做风险提示",
              "base sample: the one unqualified row is line 6 (row 2 spans lines 3-4)", json.dumps(unq, ensure_ascii=False))

    for name, (which, data, line, col, header) in corpus().items():
        d = os.path.join(tmp, name)
        os.makedirs(d)
        fname = f"{name}.csv"
        bad = os.path.join(d, fname)
        open(bad, "wb").write(data)
        checks, volume = (bad, good_volume) if which == "checks" else (good_checks, bad)
        out = os.path.join(d, "out")
        os.makedirs(out)
        p = run_policy(RULES, checks, volume, out)
        lines = stderr_lines(p)
        check(p.returncode == 1, f"{name}: exit 1", [f"exit {p.returncode}"] + lines)
        check(len(lines) == 1, f"{name}: one line on stderr", lines)
        msg = lines[0] if lines else ""
        if line is None:
            where = re.escape(fname) + r"(?::\d+)?:"        # empty file: the file, a line number optional
        elif col is None:
            where = re.escape(fname) + f":{line}:"
        else:
            where = re.escape(fname) + f":{line}:{col}:"
        check(re.search(where, msg) is not None, f"{name}: message names {fname}:{line or ''}{':' + str(col) if col else ''}",
              msg)
        if header:
            check(header in msg, f"{name}: message names the header {header}", msg)
        left = no_outputs(out)
        check(not left, f"{name}: no output file left in --out", left)


def test_exit_codes(tmp):
    d = os.path.join(tmp, "codes")
    os.makedirs(d)
    checks, volume = os.path.join(tmp, "good", "checks.csv"), os.path.join(tmp, "good", "volume.csv")
    out = os.path.join(d, "out")
    os.makedirs(out)

    p = run_policy(RULES, os.path.join(d, "no-such-file.csv"), volume, out)
    lines = stderr_lines(p)
    check(p.returncode == 3, "missing input file: exit 3 (I/O)", [f"exit {p.returncode}"] + lines)
    check(len(lines) == 1 and "no-such-file.csv" in lines[0], "missing input file: one line naming it", lines)
    check(not no_outputs(out), "missing input file: no output left", no_outputs(out))

    p = run(["run", "--rules", RULES, "--no-such-option", "--out", out])
    check(p.returncode == 2, "unknown option: exit 2 (usage)", [f"exit {p.returncode}"] + stderr_lines(p))
    check("--no-such-option" in p.stderr.decode("utf-8", "replace"), "unknown option: named on stderr",
          stderr_lines(p))
    p = run(["frobnicate"])
    check(p.returncode == 2, "unknown command: exit 2", [f"exit {p.returncode}"] + stderr_lines(p))
    p = run(["run", "--input", f"checks={checks}", "--out", out])
    check(p.returncode == 2, "run without --rules: exit 2", [f"exit {p.returncode}"] + stderr_lines(p))

    # A syntax error in a copy of the real rule file: the policy's name line gets a doubled '='.
    src = open(RULES, encoding="utf-8").read().split("\n")
    k = next(i for i, ln in enumerate(src) if re.match(r'\s*name\s*=\s*"', ln))
    src[k] = src[k].replace("=", "= =", 1)
    broken = os.path.join(d, "broken.lua")
    open(broken, "w", encoding="utf-8").write("\n".join(src))
    p = run_policy(broken, checks, volume, out)
    lines = stderr_lines(p)
    check(p.returncode == 1, "rule syntax error: exit 1", [f"exit {p.returncode}"] + lines)
    check(any(f"broken.lua:{k + 1}:" in ln for ln in lines), f"rule syntax error: names broken.lua:{k + 1}", lines)
    check(not no_outputs(out), "rule syntax error: no output left", no_outputs(out))


def test_skip(tmp):
    d = os.path.join(tmp, "skip")
    os.makedirs(d)
    text = open(RULES, encoding="utf-8").read()
    if not check('on_error = "fail"' in text, 'rules/callcenter.lua has on_error = "fail" to replace'):
        return
    rules = os.path.join(d, "callcenter-skip.lua")
    open(rules, "w", encoding="utf-8").write(text.replace('on_error = "fail"', 'on_error = "skip"', 1))
    checks = os.path.join(d, "checks.csv")
    # Two bad rows: line 3 (row 2, spanning lines 3-4) has 服务礼仪 = 2; line 6 has a bad date.
    open(checks, "wb").write(enc(checks_text([ROW_A, ROW_B.replace(",1,1,1,0,1,1,", ",1,1,1,0,2,1,", 1), ROW_C,
                                              with_cell(ROW_D, 5, "2026-13-01")])))
    volume = os.path.join(tmp, "good", "volume.csv")
    out = os.path.join(d, "out")
    p = run_policy(rules, checks, volume, out, "json,csv")
    check(p.returncode == 0, "on_error = skip, 2 bad rows: exit 0", [f"exit {p.returncode}"] + stderr_lines(p))
    if p.returncode != 0:
        return
    doc = load_results(out)
    inp = next((i for i in doc.get("inputs", []) if i.get("name") == "checks"), {})
    check(inp.get("rejected") == 2 and inp.get("rows") == 2, "skip: inputs[checks] rejected 2, rows 2",
          f"got rejected {inp.get('rejected')!r}, rows {inp.get('rows')!r}")
    rej = doc.get("tables", {}).get("rejected", {}).get("rows", [])
    got = [(r.get("input"), r.get("line"), r.get("column"), r.get("header"), r.get("value")) for r in rej]
    want = [("checks", 3, 16, "服务礼仪", "2"), ("checks", 6, 5, "抽检日期", "2026-13-01")]
    check(got == want, "skip: tables.rejected lists both rows (input, line, column, header, value)",
          [f"got  {got}", f"want {want}"])
    check(all(r.get("message") for r in rej), "skip: each rejected row has a message")
    check(doc.get("kpis", {}).get("checked", {}).get("value") == 2, "skip: the 2 good rows are scored",
          f"kpis.checked = {doc.get('kpis', {}).get('checked')}")
    check(any("2" in w for w in doc.get("warnings", [])), "skip: a warning tells of the skipped rows",
          doc.get("warnings"))
    check(os.path.isfile(os.path.join(out, "rejected.csv")), "skip: rejected.csv written")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--write-corpus":
        os.makedirs(sys.argv[2], exist_ok=True)
        for name, (which, data, line, col, header) in corpus().items():
            open(os.path.join(sys.argv[2], f"{name}.csv"), "wb").write(data)
        open(os.path.join(sys.argv[2], "checks.csv"), "wb").write(enc(checks_text()))
        open(os.path.join(sys.argv[2], "volume.csv"), "wb").write(enc(VOLUME))
        return 0
    if not os.access(HUIFANG, os.X_OK):
        die(f"HUIFANG={HUIFANG} is not an executable (build first, or set HUIFANG)")
    with tempfile.TemporaryDirectory(prefix="hf-bad-") as tmp:
        test_corpus(tmp)
        test_exit_codes(tmp)
        test_skip(tmp)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
