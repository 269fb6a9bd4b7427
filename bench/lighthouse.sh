#!/usr/bin/env bash
# Run Lighthouse (mobile profile: performance, accessibility, best practices, SEO) on one URL with Debian's
# Chromium; write the JSON report to the given path. Installs Lighthouse into bench/work on
# first use (npm, not CI: the benchmark is the only user).
#   bench/lighthouse.sh http://127.0.0.1:8000/ bench/work/lighthouse-reports/home.json
set -euo pipefail
url=$1
report=$2
here="$(cd "$(dirname "$0")" && pwd)"
prefix="$here/work/lighthouse"
if [ ! -x "$prefix/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$prefix"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$prefix" lighthouse@13.5.0
fi
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
# Lighthouse's default form factor is mobile (Moto G Power, simulated slow 4G).
"$prefix/node_modules/.bin/lighthouse" "$url" \
  --quiet --output=json --output-path="$report" \
  --only-categories=performance,accessibility,best-practices,seo \
  --chrome-flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"
