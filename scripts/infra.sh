#!/usr/bin/env bash
# Local real infrastructure for Checkout, on loopback, without Docker:
#   Redis     (Debian's redis-server, installed with apt-get when missing)
#   Kafka 4   (single node, KRaft; jars resolved from Maven Central with mvn; Java 17)
#   FerretDB  (v1.24.2, MongoDB wire protocol, SQLite backend; built with the Go module proxy)
#
# Usage: scripts/infra.sh up|down|status|logs [redis|kafka|ferretdb]
#
# Idempotent: `up` starts only what is not already answering. Data, logs and pid files live
# under .infra/ (git-ignored); downloads and builds are cached under ~/.cache/checkout-infra so a
# second run, even from a fresh clone, takes seconds.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${CHECKOUT_INFRA_DIR:-$ROOT/.infra}
CACHE=${CHECKOUT_INFRA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/checkout-infra}

REDIS_PORT=${CHECKOUT_REDIS_PORT:-6379}
KAFKA_PORT=${CHECKOUT_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${CHECKOUT_KAFKA_CONTROLLER_PORT:-9093}
FERRETDB_PORT=${CHECKOUT_FERRETDB_PORT:-27017}

KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/scripts/infra/kafka/pom.xml")
FERRETDB_VERSION=$(sed -n 's:^require github.com/FerretDB/FerretDB \(v[0-9.]*\)$:\1:p' "$ROOT/scripts/infra/ferretdb/go.mod")
KAFKA_HEAP=${CHECKOUT_KAFKA_HEAP:-512m}

say() { printf '[infra] %s\n' "$*"; }

# Runs one step and says how long it took, so that a first run shows where its time goes.
timed() { # what, command...
  local what=$1 started=$SECONDS; shift
  "$@"
  say "$what took $((SECONDS - started)) s"
}
fail() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

hint_external() {
  cat >&2 <<EOF
[infra] To use servers started some other way instead, point the project at them:
[infra]   REDIS_URL=redis://host:6379  KAFKA_BROKERS=host:9092  MONGO_URL=mongodb://host:27017
EOF
}

need_tool() { # tool, what it is for
  if ! command -v "$1" >/dev/null 2>&1; then
    printf '[infra] ERROR: %s is not installed; it is needed for %s.\n' "$1" "$2" >&2
    hint_external
    exit 1
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1; }

pid_file() { echo "$STATE/run/$1.pid"; }

pid_alive() {
  local f; f=$(pid_file "$1")
  [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

# Starts a long-running server detached from this shell: no inherited descriptors, own session.
spawn() { # name, log file, command...
  local name=$1 log=$2; shift 2
  mkdir -p "$STATE/run" "$(dirname "$log")"
  setsid "$@" </dev/null >>"$log" 2>&1 &
  echo $! >"$(pid_file "$name")"
}

wait_until() { # name, seconds, log, check command...
  local name=$1 seconds=$2 log=$3; shift 3
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if ! pid_alive "$name"; then
      say "$name exited while starting. Last lines of $log:"
      tail -n 30 "$log" >&2 || true
      fail "$name did not start (log: $log)"
    fi
    if ((SECONDS >= deadline)); then
      say "$name did not answer within ${seconds}s. Last lines of $log:"
      tail -n 30 "$log" >&2 || true
      fail "$name did not start in time (log: $log)"
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------- Redis
redis_ready() { [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

apt_install() { # packages...
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >"$STATE/logs/apt.log" 2>&1 \
    || { tail -n 20 "$STATE/logs/apt.log" >&2; fail "apt-get could not install $* (log: $STATE/logs/apt.log)"; }
}

redis_install() {
  command -v redis-server >/dev/null 2>&1 && return
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing redis-server with apt-get (once)"
    timed "redis: apt-get install" apt_install redis-server
  else
    need_tool redis-server "Redis (install Debian's redis-server package)"
  fi
}

redis_up() {
  if port_open "$REDIS_PORT"; then
    redis_ready 2>/dev/null || ! command -v redis-cli >/dev/null || fail "port $REDIS_PORT is taken by something that is not Redis"
    say "redis: already answering on 127.0.0.1:$REDIS_PORT"; return
  fi
  redis_install
  mkdir -p "$STATE/redis"
  say "redis: starting on 127.0.0.1:$REDIS_PORT"
  spawn redis "$STATE/logs/redis.log" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" \
    --dir "$STATE/redis" --save "" --appendonly yes --appendfsync everysec \
    --protected-mode yes --daemonize no
  wait_until redis 20 "$STATE/logs/redis.log" redis_ready
  say "redis: ready"
}

# ---------------------------------------------------------------- Kafka
kafka_libs() { echo "$CACHE/kafka-$KAFKA_VERSION/libs"; }

kafka_install() {
  local libs; libs=$(kafka_libs)
  [[ -f $libs/.complete ]] && return
  need_tool java "Kafka (Java 17)"
  need_tool mvn "resolving the Kafka jars from Maven Central"
  say "kafka: resolving Apache Kafka $KAFKA_VERSION jars from Maven Central (once)"
  rm -rf "$libs"; mkdir -p "$libs"
  timed "kafka: resolving the jars" kafka_resolve "$libs"
  touch "$libs/.complete"
}

kafka_resolve() { # output directory
  mvn -q -B -f "$ROOT/scripts/infra/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$1" -DincludeScope=runtime >"$STATE/logs/kafka-mvn.log" 2>&1 \
    || { tail -n 30 "$STATE/logs/kafka-mvn.log" >&2; fail "mvn could not resolve Kafka (log: $STATE/logs/kafka-mvn.log)"; }
}

# The java command line for one Kafka main class, into the array JAVA_CMD.
kafka_java_cmd() { # main class, args...
  local main=$1; shift
  JAVA_CMD=(java -Xms128m -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$ROOT/scripts/infra/kafka/log4j2.yaml"
    -Dkafka.logs.dir="$STATE/logs/kafka"
    -cp "$(kafka_libs)/*" "$main" "$@")
}

kafka_java() { kafka_java_cmd "$@"; "${JAVA_CMD[@]}"; }

kafka_config() {
  cat >"$STATE/kafka/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$STATE/kafka/data
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.network.threads=2
num.io.threads=4
log.retention.hours=24
EOF
}

kafka_ready() { port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$STATE/logs/kafka/server.log" 2>/dev/null; }

kafka_up() {
  if port_open "$KAFKA_PORT"; then say "kafka: already answering on 127.0.0.1:$KAFKA_PORT"; return; fi
  kafka_install
  mkdir -p "$STATE/kafka/data" "$STATE/logs/kafka"
  kafka_config
  if [[ ! -f $STATE/kafka/data/meta.properties ]]; then
    say "kafka: formatting KRaft storage (once)"
    local cluster_id
    cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$STATE/kafka/server.properties" \
      >"$STATE/logs/kafka-format.log" 2>&1 \
      || { tail -n 20 "$STATE/logs/kafka-format.log" >&2; fail "kafka storage format failed (log: $STATE/logs/kafka-format.log)"; }
  fi
  : >"$STATE/logs/kafka/server.log"
  say "kafka: starting Apache Kafka $KAFKA_VERSION (KRaft) on 127.0.0.1:$KAFKA_PORT"
  kafka_java_cmd kafka.Kafka "$STATE/kafka/server.properties"
  spawn kafka "$STATE/logs/kafka/stdout.log" "${JAVA_CMD[@]}"
  wait_until kafka 90 "$STATE/logs/kafka/server.log" kafka_ready
  say "kafka: ready"
}

# ---------------------------------------------------------------- FerretDB
# Keyed by the module's go.sum so a change of FerretDB version or of the wrapper rebuilds it.
ferretdb_bin() {
  local key; key=$(cat "$ROOT/scripts/infra/ferretdb/go.sum" "$ROOT/scripts/infra/ferretdb/main.go" | cksum | cut -d' ' -f1)
  echo "$CACHE/ferretdb-$FERRETDB_VERSION-$key/ferretdb"
}

ferretdb_install() {
  local bin; bin=$(ferretdb_bin)
  [[ -x $bin ]] && return
  need_tool go "building FerretDB from the Go module proxy"
  say "ferretdb: building FerretDB $FERRETDB_VERSION with go (once; a few minutes on 2 cores)"
  mkdir -p "$(dirname "$bin")"
  timed "ferretdb: go build" ferretdb_build "$bin.tmp"
  mv "$bin.tmp" "$bin"
}

ferretdb_build() { # output binary
  (cd "$ROOT/scripts/infra/ferretdb" && go build -o "$1" .) >"$STATE/logs/ferretdb-build.log" 2>&1 \
    || { tail -n 30 "$STATE/logs/ferretdb-build.log" >&2; fail "could not build FerretDB (log: $STATE/logs/ferretdb-build.log)"; }
}

ferretdb_up() {
  if port_open "$FERRETDB_PORT"; then say "ferretdb: already answering on 127.0.0.1:$FERRETDB_PORT"; return; fi
  ferretdb_install
  mkdir -p "$STATE/ferretdb"
  say "ferretdb: starting FerretDB $FERRETDB_VERSION (SQLite) on 127.0.0.1:$FERRETDB_PORT"
  spawn ferretdb "$STATE/logs/ferretdb.log" "$(ferretdb_bin)" \
    -listen-addr="127.0.0.1:$FERRETDB_PORT" -sqlite-url="file:$STATE/ferretdb/?_pragma=synchronous(normal)" -log-level=warn
  wait_until ferretdb 30 "$STATE/logs/ferretdb.log" port_open "$FERRETDB_PORT"
  say "ferretdb: ready"
}

# ---------------------------------------------------------------- commands
component_port() {
  case $1 in redis) echo "$REDIS_PORT" ;; kafka) echo "$KAFKA_PORT" ;; ferretdb) echo "$FERRETDB_PORT" ;; esac
}

components() {
  case ${1:-all} in
    all) echo redis kafka ferretdb ;;
    redis | kafka | ferretdb) echo "$1" ;;
    *) fail "unknown component '$1' (redis, kafka, ferretdb)" ;;
  esac
}

# Each server is installed and started in its own subshell, all at once: a first run downloads
# Redis, the Kafka jars and FerretDB's modules side by side instead of one after the other.
cmd_up() {
  mkdir -p "$STATE/logs" "$STATE/run"
  local c failed=() pids=() names=()
  for c in $(components "${1:-all}"); do
    ("${c}_up") &
    pids+=($!); names+=("$c")
  done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed+=("${names[$i]}"); done
  ((${#failed[@]} == 0)) || fail "could not start: ${failed[*]}"
  say "up: REDIS_URL=redis://127.0.0.1:$REDIS_PORT KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT MONGO_URL=mongodb://127.0.0.1:$FERRETDB_PORT"
}

cmd_down() {
  for c in $(components "${1:-all}"); do
    if pid_alive "$c"; then
      local pid; pid=$(cat "$(pid_file "$c")")
      say "$c: stopping (pid $pid)"
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && { say "$c: did not stop in 30s, killing"; kill -KILL -- "-$pid" 2>/dev/null || true; }
    else
      say "$c: not started by this script"
    fi
    rm -f "$(pid_file "$c")"
  done
}

cmd_status() {
  local code=0
  for c in $(components "${1:-all}"); do
    local port; port=$(component_port "$c")
    if port_open "$port"; then
      if pid_alive "$c"; then say "$c: up on 127.0.0.1:$port (pid $(cat "$(pid_file "$c")"))"
      else say "$c: up on 127.0.0.1:$port (not started by this script)"; fi
    else
      say "$c: down"; code=3
    fi
  done
  return $code
}

cmd_logs() {
  case ${1:-all} in
    redis) tail -n 50 "$STATE/logs/redis.log" ;;
    kafka) tail -n 50 "$STATE/logs/kafka/server.log" ;;
    ferretdb) tail -n 50 "$STATE/logs/ferretdb.log" ;;
    all) say "logs are under $STATE/logs:"; find "$STATE/logs" -type f 2>/dev/null | sort ;;
    *) fail "unknown component '$1'" ;;
  esac
}

case ${1:-} in
  up) cmd_up "${2:-all}" ;;
  down) cmd_down "${2:-all}" ;;
  status) cmd_status "${2:-all}" ;;
  logs) cmd_logs "${2:-all}" ;;
  *) echo "usage: $0 up|down|status|logs [redis|kafka|ferretdb]" >&2; exit 2 ;;
esac
