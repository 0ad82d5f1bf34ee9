#!/usr/bin/env bash
# Prints the path of promtool for the alert rules' tests: $PROMTOOL_PATH, or the one of Debian's
# `prometheus` package, installed with apt-get when missing (as root; the same apt lock as
# scripts/infra.sh and scripts/chromium.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${CHECKOUT_INFRA_DIR:-$ROOT/.infra}
if [[ -n ${PROMTOOL_PATH:-} ]]; then echo "$PROMTOOL_PATH"; exit 0; fi
if ! command -v promtool >/dev/null 2>&1; then
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "promtool: not installed, and apt-get cannot install it here (not root, or not Debian): install Debian's prometheus package or set PROMTOOL_PATH" >&2
    exit 1
  fi
  echo "[promtool] installing Debian's prometheus package with apt-get (once)" >&2
  mkdir -p "$STATE/run" "$STATE/logs"
  (
    flock 9
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus
  ) 9>"$STATE/run/apt.lock" >>"$STATE/logs/apt.log" 2>&1 || { tail -n 20 "$STATE/logs/apt.log" >&2; echo "promtool: apt-get could not install it (log: $STATE/logs/apt.log)" >&2; exit 1; }
  # The package starts a Prometheus server of its own; the tests need only promtool.
  (systemctl disable --now prometheus prometheus-node-exporter >/dev/null 2>&1 || service prometheus stop >/dev/null 2>&1 || pkill -x prometheus || true) 2>/dev/null
  echo "[promtool] installed in $SECONDS s" >&2
fi
command -v promtool
