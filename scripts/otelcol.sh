#!/usr/bin/env bash
# Prints the path of an OpenTelemetry collector with the components of
# observability/otel-collector.yaml, building it once from the Go module proxy
# (scripts/tools/otelcol) into the same cache as the local infrastructure.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${CHECKOUT_INFRA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/checkout-infra}
MODULE=$ROOT/scripts/tools/otelcol
version=$(cat "$MODULE/go.mod" "$MODULE/go.sum" "$MODULE/main.go" | sha256sum | cut -c1-12)
bin=$CACHE/otelcol-$version/otelcol-checkout
if [[ ! -x $bin ]]; then
  command -v go >/dev/null 2>&1 || { echo "otelcol: go is not installed; it is needed to build the test collector" >&2; exit 1; }
  echo "[otelcol] building the collector with go (once, about two minutes)" >&2
  mkdir -p "$(dirname "$bin")"
  (cd "$MODULE" && go build -o "$bin.tmp" .) >&2
  mv "$bin.tmp" "$bin"
  echo "[otelcol] built in $SECONDS s" >&2
fi
echo "$bin"
