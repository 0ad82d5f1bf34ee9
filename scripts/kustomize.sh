#!/usr/bin/env bash
# Prints the path of a kustomize binary, building it once from the Go module proxy
# (scripts/tools/kustomize) into the same cache as the local infrastructure.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${CHECKOUT_INFRA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/checkout-infra}
MODULE=$ROOT/scripts/tools/kustomize
version=$(sed -n 's:^[[:space:]]*sigs.k8s.io/kustomize/kustomize/v5 \(v[0-9.]*\).*:\1:p' "$MODULE/go.mod" | head -n 1)
bin=$CACHE/kustomize-$version/kustomize
if [[ ! -x $bin ]]; then
  command -v go >/dev/null 2>&1 || { echo "kustomize: go is not installed; it is needed to build kustomize $version" >&2; exit 1; }
  echo "[kustomize] building kustomize $version with go (once)" >&2
  mkdir -p "$(dirname "$bin")"
  (cd "$MODULE" && go build -o "$bin.tmp" sigs.k8s.io/kustomize/kustomize/v5) >&2
  mv "$bin.tmp" "$bin"
  echo "[kustomize] built in $SECONDS s" >&2
fi
echo "$bin"
