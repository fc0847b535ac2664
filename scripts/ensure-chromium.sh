#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it when missing (never a downloaded browser).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Memasang Chromium dari paket Debian untuk uji peramban..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Uji peramban membutuhkan Chromium dari Debian. Pasang dengan: sudo apt-get install -y chromium" >&2
exit 1
