#!/usr/bin/env bash
# The command line's contract: help and version, usage errors exit 2 with a
# message naming the problem, and nothing is written on a usage error.
set -u
H=${HUIFANG:?HUIFANG must point at the built CLI}
SRC=${HUIFANG_SOURCE_DIR:?}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect() {  # expect <exit> <stderr-or-stdout fragment> <args...>
  local want=$1 frag=$2
  shift 2
  local out rc
  out=$("$H" "$@" 2>&1)
  rc=$?
  if [ "$rc" -eq "$want" ] && [[ "$out" == *"$frag"* ]]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: huifang $* -> exit $rc (want $want), output: $out (want fragment: $frag)"
  fi
}

expect 0 "huifang 0." --version
expect 0 "huifang run --rules" --help
expect 0 "--input NAME=PATH" run --help
expect 2 "未知的子命令「frobnicate」" frobnicate
expect 2 "缺少 --rules" run
expect 2 "未知的选项「--colour」" run --rules "$SRC/rules/callcenter.lua" --colour
expect 2 "未知的格式「docx」" run --rules "$SRC/rules/callcenter.lua" --format pdf,docx
expect 2 "--period 应为 YYYY-MM（月）、YYYY-Qn（季度）" run --rules "$SRC/rules/callcenter.lua" --period 2026-13
expect 2 "--as-of 应为 YYYY-MM-DD" run --rules "$SRC/rules/callcenter.lua" --as-of 2026/10/31
expect 2 "没有名为「chekcs」的输入" run --rules "$SRC/rules/callcenter.lua" --input chekcs=x.csv --out "$tmp/o"
expect 2 "NAME=PATH" run --rules "$SRC/rules/callcenter.lua" --input checks
expect 3 "no-such-dir/checks.csv" run --rules "$SRC/rules/callcenter.lua" --data-dir "$tmp/no-such-dir" --out "$tmp/o"
expect 1 "nope.lua" run --rules "$tmp/nope.lua"

if [ -e "$tmp/o/results.json" ] || [ -e "$tmp/o/report.pdf" ]; then
  fail=$((fail + 1)); echo "FAIL: a failed run left outputs in $tmp/o"
else
  pass=$((pass + 1))
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
