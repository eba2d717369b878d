#!/usr/bin/env python3
"""Data-driven end-to-end cases: tests/data/cases/<case>/ holds rule.lua, the
input CSVs and expect.json, whose values were worked out by hand (its "about"
says how). Runs `huifang run` on each case and compares the listed paths of
results.json (floats to 1e-12 relative), the exit code and stderr fragments."""
import json
import math
import os
import subprocess
import sys
import tempfile

SRC = os.environ.get("HUIFANG_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
HUIFANG = os.environ.get("HUIFANG", os.path.join(SRC, "build", "huifang"))
CASES = os.path.join(SRC, "tests", "data", "cases")

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
    if isinstance(a, dict) and isinstance(b, dict):
        return all(k in b and same(v, b[k]) for k, v in a.items())
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def lookup(doc, path):
    node = doc
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return KeyError(path)
        node = node[part]
    return node


def run_case(name):
    case = os.path.join(CASES, name)
    spec = json.load(open(os.path.join(case, "expect.json"), encoding="utf-8"))
    with tempfile.TemporaryDirectory() as out:
        cmd = [HUIFANG, "run", "--rules", os.path.join(case, "rule.lua"), "--data-dir", case,
               "--out", out] + spec.get("args", [])
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        check(proc.returncode == spec.get("exit", 0),
              f"{name}: exit {proc.returncode}, expected {spec.get('exit', 0)}; stderr: {proc.stderr.strip()}")
        for frag in spec.get("stderr_contains", []):
            check(frag in proc.stderr, f"{name}: stderr lacks {frag!r}: {proc.stderr.strip()}")
        if proc.returncode != 0:
            leftovers = [f for f in os.listdir(out)]
            check(leftovers == [], f"{name}: failed run left files: {leftovers}")
            return
        doc = json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))
        for path, want in spec.get("expect", {}).items():
            got = lookup(doc, path)
            check(same(want, got), f"{name}: {path}\n  expected {json.dumps(want, ensure_ascii=False)}\n"
                                   f"  got      {json.dumps(got, ensure_ascii=False, default=str)}")


for case_name in sorted(os.listdir(CASES)):
    if os.path.isfile(os.path.join(CASES, case_name, "expect.json")):
        run_case(case_name)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
