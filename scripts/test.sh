#!/usr/bin/env bash
# The test suite behind `npm test` (which type-checks and builds first).
#
# Unit tests always run. The integration and end-to-end suites need real Redis, Kafka and a
# MongoDB-wire server: unless REDIS_URL, KAFKA_BROKERS or MONGO_URL point at servers started some
# other way, scripts/infra.sh brings them up on loopback. When that is impossible the real-infra
# suites are left out with one line saying why, unless REQUIRE_INFRA=1 (as in CI), which fails.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

unit_specs=('packages/*/test/**/*.test.ts' 'services/*/test/**/*.test.ts' 'test/**/*.test.ts')
infra_only=(--ignore '**/*.int.test.ts' --ignore '**/*.e2e.test.ts')

# The suites' tools (kustomize and a test collector from the Go module proxy, schemathesis from PyPI,
# Debian's chromium for the browser test) are installed once, in the background while the servers
# start: on a first run that overlaps them.
tool_pids=()
start_tool_builds() {
  mkdir -p .infra/logs
  for tool in kustomize otelcol schemathesis chromium promtool; do
    bash "scripts/$tool.sh" >".infra/logs/$tool-build.log" 2>&1 &
    tool_pids+=("$!:$tool")
  done
}
wait_for_tool_builds() {
  local entry
  for entry in "${tool_pids[@]}"; do
    if ! wait "${entry%%:*}"; then
      echo "[test] building ${entry#*:} failed; its suite will say why (log: .infra/logs/${entry#*:}-build.log)" >&2
    fi
    grep -h -E 'built in|installed in' ".infra/logs/${entry#*:}-build.log" 2>/dev/null || true
  done
}

started=$SECONDS
with_infra=1
start_tool_builds
if [[ -n ${REDIS_URL:-}${KAFKA_BROKERS:-}${MONGO_URL:-} ]]; then
  echo "[test] using the servers named by REDIS_URL / KAFKA_BROKERS / MONGO_URL"
elif ! bash scripts/infra.sh up; then
  if [[ ${REQUIRE_INFRA:-0} == 1 ]]; then
    echo "[test] REQUIRE_INFRA=1 and the local infrastructure could not be started (see above)." >&2
    exit 1
  fi
  with_infra=0
  echo "[test] SKIPPING the integration and end-to-end suites: the local infrastructure could not be started (see above). Install the missing toolchain, or set REDIS_URL, KAFKA_BROKERS and MONGO_URL to running servers; REQUIRE_INFRA=1 turns this into a failure."
fi

wait_for_tool_builds
echo "[test] provisioning took $((SECONDS - started)) s"

if ((with_infra)); then
  exec npx mocha "${unit_specs[@]}"
else
  exec npx mocha "${infra_only[@]}" "${unit_specs[@]}"
fi
