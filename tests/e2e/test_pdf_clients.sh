#!/usr/bin/env bash
# The sample PDF of tests/unit/test_pdf.c (150 agents, a wrapped and limited
# list, an empty table) read back by independent PDF clients: qpdf --check
# passes, pdffonts shows every font embedded, pdftotext extracts the Chinese
# title, the column headers, the first rows' names and numbers (worked by hand
# from the sample's formulas), the repeated header on continuation pages and
# "第 N 页 / 共 M 页"; a second run writes the same bytes; pdfinfo shows our Producer and no creation date.
set -u
BUILD=${HUIFANG_BUILD_DIR:?HUIFANG_BUILD_DIR must point at the build tree}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {  # check <description> <command...>
  local what=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}

pdf=$tmp/report.pdf
if ! HUIFANG_PDF_OUT=$pdf "$BUILD/tests/test_pdf" >"$tmp/unit.log" 2>&1 || [ ! -s "$pdf" ]; then
  cat "$tmp/unit.log"
  echo "FAIL: test_pdf did not write $pdf"
  exit 1
fi

# A second process must write the same bytes (no dates, no addresses, fixed font order).
HUIFANG_PDF_OUT=$tmp/again.pdf "$BUILD/tests/test_pdf" >/dev/null 2>&1
check "byte-identical across runs" cmp -s "$pdf" "$tmp/again.pdf"
check "qpdf --check" qpdf --check "$pdf" >/dev/null
# pdffonts: name type... emb sub uni object-id generation; emb is the 5th field from the end.
fonts=$(pdffonts "$pdf" 2>/dev/null | awk 'NR > 2 { print $(NF-4) }')
check "pdffonts lists a font" test -n "$fonts"
check "every font embedded (pdffonts emb=yes): $fonts" bash -c '! grep -qv "^yes$" <<<"$0"' "$fonts"
check "the CJK font is a CID TrueType subset" bash -c 'pdffonts "$0" 2>/dev/null | grep -q "HPDFAA+WenQuanYiZenHei.*CID TrueType"' "$pdf"

# pdftotext inserts or drops spaces between CJK and digits: compare without whitespace.
text=$(pdftotext "$pdf" - 2>/dev/null | tr -d ' \t\n')
has() { [[ "$text" == *"$1"* ]]; }
for s in 回访组质检月报 某证券呼叫中心 统计期2026-10-01至2026-10-31 截至2026-11-01 \
         坐席质检成绩 工号 员工姓名 组别 抽检量 合格率 优秀率 质检得分 \
         质检项目不合格统计 业务精准度及风险控制 不合格录音 待改进 逾期未回访 （无） 运行提示; do
  if [ "$s" = 运行提示 ]; then continue; fi   # the sample has no warnings
  check "pdftotext finds 「$s」" has "$s"
done
# Row 1: A0001 张伟 回访一组, 150 checked, 150 qualified → 100.0%, 0.0%, 30 × (1 + 0) = 30.00.
check "first row: A0001 张伟 150 150 100.0% 0.0% 30.00" has "A0001张伟回访一组150150100.0%0.0%30.00"
# Row 2: A0002 李强 回访二组, 187 checked, 186 qualified → 99.5%, 11.0%, 30 × (186/187 + 0.11) = 33.14.
check "second row: A0002 李强 187 186 99.5% 11.0% 33.14" has "A0002李强回访二组18718699.5%11.0%33.14"
check "the last agent A0150 is printed" has "A0150"
check "KPI 93.5% and its target" has "93.5%"
check "KPI target line 目标 ≥ 90.0% 达标" has "目标≥90.0%达标"
check "the list stops at pdf_limit with a pointer to the CSV" has "另有15行未在此列出，完整内容见unqualified.csv与results.json"
check "wrapped note text extracted" has "业务解释有误"
check "page footer 第 1 页 / 共 N 页" has "第1页/共"
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
check "several pages ($pages)" test "${pages:-0}" -ge 3
check "last page footer 第 $pages 页 / 共 $pages 页" has "第${pages}页/共${pages}页"
page2=$(pdftotext -f 2 -l 2 "$pdf" - 2>/dev/null | tr -d ' \t\n')
check "page 2 repeats the table header" bash -c '[[ "$0" == *坐席质检成绩（续）* && "$0" == *员工姓名*合格率* ]]' "$page2"
info=$(pdfinfo "$pdf" 2>/dev/null)
check "pdfinfo Title" bash -c 'grep -q "^Title: *回访组质检月报" <<<"$0"' "$info"
check "pdfinfo Producer" bash -c 'grep -q "^Producer: *huifang " <<<"$0"' "$info"
check "no creation date" bash -c '! grep -q "^CreationDate" <<<"$0"' "$info"

echo "test_pdf_clients: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
