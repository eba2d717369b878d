#!/usr/bin/env bash
# Renders the README's picture of the sample report: page 1 of out/demo/report.pdf
# (run `make demo` first) as docs/img/report-page1.png.
set -euo pipefail
cd "$(dirname "$0")/.."
pdf=${1:-out/demo/report.pdf}
mkdir -p docs/img
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" docs/img/report-page1
echo "docs/img/report-page1.png"
