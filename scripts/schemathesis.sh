#!/usr/bin/env bash
# Prints the path of a schemathesis CLI (`st`), pinned in test/fuzz/requirements.txt, installed once
# from PyPI into a virtual environment in the same cache as the local infrastructure.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${CHECKOUT_INFRA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/checkout-infra}
VERSION=$(sed -n 's/^schemathesis==\([0-9.]*\)$/\1/p' "$ROOT/test/fuzz/requirements.txt")
venv=$CACHE/schemathesis-$VERSION
if [[ ! -f $venv/.complete ]]; then
  command -v python3 >/dev/null 2>&1 || { echo "schemathesis: python3 is not installed; it is needed for the API fuzzing suite" >&2; exit 1; }
  echo "[schemathesis] installing schemathesis $VERSION from PyPI (once)" >&2
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$ROOT/test/fuzz/requirements.txt" >&2 || { rm -rf "$venv"; exit 1; }
  touch "$venv/.complete"
  echo "[schemathesis] installed in $SECONDS s" >&2
fi
echo "$venv/bin/st"
