#!/usr/bin/env bash
# Renders the README's pictures of the sample report (run `make demo` first):
# page 1 of out/demo/report.pdf as docs/img/report-page1.png, and the page that
# holds the chart titled "${CHART_TITLE}" as docs/img/report-charts.png.
set -euo pipefail
cd "$(dirname "$0")/.."
pdf=${1:-out/demo/report.pdf}
CHART_TITLE=${CHART_TITLE:-各班组录音级别分布}
mkdir -p docs/img
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" docs/img/report-page1
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
for ((p = 2; p <= pages; p++)); do
  if pdftotext -f "$p" -l "$p" "$pdf" - | grep -q "$CHART_TITLE"; then
    pdftoppm -png -r 60 -f "$p" -l "$p" -singlefile "$pdf" docs/img/report-charts
    echo "docs/img/report-page1.png, docs/img/report-charts.png (page $p)"
    exit 0
  fi
done
echo "no page after the first holds \"$CHART_TITLE\"" >&2
exit 1
