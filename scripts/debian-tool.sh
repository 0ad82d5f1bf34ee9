#!/usr/bin/env bash
# Prints the path of a tool a test suite needs: $<override variable> when set, or the command
# installed from Debian's package with apt-get when missing (as root; one apt lock shared with
# scripts/infra.sh, which may be installing servers at the same time).
#   scripts/debian-tool.sh <command> <package> <override variable> [after-install command]
set -euo pipefail
command_name=$1 package=$2 override=$3 after_install=${4:-}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${CHECKOUT_INFRA_DIR:-$ROOT/.infra}
if [[ -n ${!override:-} ]]; then echo "${!override}"; exit 0; fi
if ! command -v "$command_name" >/dev/null 2>&1; then
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "$command_name: not installed, and apt-get cannot install it here (not root, or not Debian): install Debian's $package package or set $override" >&2
    exit 1
  fi
  echo "[$command_name] installing Debian's $package with apt-get (once)" >&2
  mkdir -p "$STATE/run" "$STATE/logs"
  (
    flock 9
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package"
  ) 9>"$STATE/run/apt.lock" >>"$STATE/logs/apt.log" 2>&1 || { tail -n 20 "$STATE/logs/apt.log" >&2; echo "$command_name: apt-get could not install it (log: $STATE/logs/apt.log)" >&2; exit 1; }
  if [[ -n $after_install ]]; then bash -c "$after_install" >/dev/null 2>&1 || true; fi
  echo "[$command_name] installed in $SECONDS s" >&2
fi
command -v "$command_name"
