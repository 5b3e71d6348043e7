#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: npm packages, and Debian's Chromium for e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/next ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing npm packages"
  npm ci --no-audit --no-fund
fi
if [ "${1:-}" = "--browser" ] && [ -z "${PLAYWRIGHT_CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null; then
  echo "[setup] installing Debian's chromium for the browser tests"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# The console is also in Chinese: without a CJK font the browser tests (and the README's Chinese
# screenshot) would see empty boxes.
if [ "${1:-}" = "--browser" ] && ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  echo "[setup] installing a Chinese font for the browser tests"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-wqy-microhei >/dev/null
fi
