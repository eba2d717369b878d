#!/usr/bin/env bash
# `make bench`: the benchmark of issue 2, item 11 (see bench/run.py).
# Usage: bash bench/run.sh [BUILD_DIR] [run.py options...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-${BUILD:-$root/build}}"
[ $# -gt 0 ] && shift
cd "$root"
exec python3 bench/run.py --build "$build" "$@"
