#!/usr/bin/env bash
# Prints the path of a Chromium for the browser test (playwright-core drives it): $CHROMIUM_PATH,
# or Debian's `chromium`, installed with apt-get when missing (as root; the same apt lock as
# scripts/infra.sh, which may be installing servers at the same time).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${CHECKOUT_INFRA_DIR:-$ROOT/.infra}
if [[ -n ${CHROMIUM_PATH:-} ]]; then echo "$CHROMIUM_PATH"; exit 0; fi
if ! command -v chromium >/dev/null 2>&1; then
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium: not installed, and apt-get cannot install it here (not root, or not Debian): install Debian's chromium package or set CHROMIUM_PATH" >&2
    exit 1
  fi
  echo "[chromium] installing Debian's chromium with apt-get (once)" >&2
  mkdir -p "$STATE/run" "$STATE/logs"
  (
    flock 9
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
  ) 9>"$STATE/run/apt.lock" >>"$STATE/logs/apt.log" 2>&1 || { tail -n 20 "$STATE/logs/apt.log" >&2; echo "chromium: apt-get could not install it (log: $STATE/logs/apt.log)" >&2; exit 1; }
  echo "[chromium] installed in $SECONDS s" >&2
fi
command -v chromium
