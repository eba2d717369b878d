#!/usr/bin/env python3
"""Data-driven end-to-end cases: tests/data/cases/<case>/ holds rule.lua, the
input CSVs and expect.json, whose values were worked out by hand (its "about"
says how). Runs `huifang run` on each case and compares the listed paths of
results.json (floats to 1e-12 relative), the exit code and stderr fragments."""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hflib import SRC, HUIFANG, check, finish, same, load_results, run_tool  # noqa: E402
CASES = os.path.join(SRC, "tests", "data", "cases")

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
        proc = run_tool(cmd, timeout=120)
        check(proc.returncode == spec.get("exit", 0),
              f"{name}: exit {proc.returncode}, expected {spec.get('exit', 0)}; stderr: {proc.stderr.strip()}")
        for frag in spec.get("stderr_contains", []):
            check(frag in proc.stderr, f"{name}: stderr lacks {frag!r}: {proc.stderr.strip()}")
        if proc.returncode != 0:
            leftovers = [f for f in os.listdir(out)]
            check(leftovers == [], f"{name}: failed run left files: {leftovers}")
            return
        doc = load_results(out)
        for path, want in spec.get("expect", {}).items():
            got = lookup(doc, path)
            check(same(want, got, abs_tol=1e-15, deep=True), f"{name}: {path}\n  expected {json.dumps(want, ensure_ascii=False)}\n"
                                   f"  got      {json.dumps(got, ensure_ascii=False, default=str)}")


for case_name in sorted(os.listdir(CASES)):
    if os.path.isfile(os.path.join(CASES, case_name, "expect.json")):
        run_case(case_name)

sys.exit(finish())
