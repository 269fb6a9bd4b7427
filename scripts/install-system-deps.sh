#!/usr/bin/env bash
# Install what the project needs beyond Python packages: Debian's Chromium headless shell
# (browser tests) and Chromium (Lighthouse in bench/),
# a CJK font (browser screenshots; the PDF editions embed the font from PyPI) and the npm tools (axe-core, the Nu HTML Checker).
# Idempotent: does nothing for what is already there. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)  # Lighthouse (bench/)
command -v chromium-headless-shell >/dev/null 2>&1 || need+=(chromium-headless-shell)  # browser tests
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

if [ -f package-lock.json ] && [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
