#!/usr/bin/env bash
# Installs what huifang needs to build, run and test, when it is missing.
# Debian 12; uses sudo when not root. Says what it installs. Idempotent: a
# machine that has everything installs nothing and prints one line.
set -euo pipefail

packages=(
  cmake make gcc pkg-config
  liblua5.4-dev libhpdf-dev libcsv-dev libcmocka-dev
  libfreetype-dev libssl-dev
  libpng-dev libjpeg62-turbo-dev   # brand logos: decoded and validated before libharu sees them
  libjansson-dev              # --history: reading earlier months' results.json
  fonts-wqy-zenhei            # the CJK TrueType face the reports embed
  fonts-droid-fallback        # tests only: a font with composite glyphs
  poppler-utils qpdf          # tests: pdftotext, pdffonts, pdftoppm, qpdf --check
  mupdf-tools                 # tests: mutool show X outline (a second PDF client)
  python3                     # sample generator, independent test oracles
)

missing=()
for p in "${packages[@]}"; do
  [[ "$p" == \#* ]] && continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all build and test dependencies are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; then
  echo "setup: apt-get install failed; refreshing the package lists and retrying"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "setup: done"
