#!/usr/bin/env bash
# Local real infrastructure for Checkout, on loopback, without Docker:
#   Redis     (Debian's redis-server, installed with apt-get when missing)
#   Kafka 4   (single node, KRaft; jars resolved from Maven Central with mvn; Java 17)
#   PostgreSQL (Debian's postgresql, installed with apt-get when missing; run as an unprivileged user)
#   FerretDB  (v1.24.2, MongoDB wire protocol, on that PostgreSQL; built with the Go module proxy)
#
# Usage: scripts/infra.sh up|down|status|logs [redis|kafka|postgres|ferretdb]
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
POSTGRES_PORT=${CHECKOUT_POSTGRES_PORT:-54329}

KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/scripts/infra/kafka/pom.xml")
FERRETDB_VERSION=$(sed -n 's:^require github.com/FerretDB/FerretDB \(v[0-9.]*\)$:\1:p' "$ROOT/scripts/infra/ferretdb/go.mod")
KAFKA_HEAP=${CHECKOUT_KAFKA_HEAP:-512m}
RUN_ID=$$

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

# One apt-get at a time (the servers install side by side), and one `apt-get update` per run.
apt_install() { # packages...
  (
    flock 9
    if [[ ! -f $STATE/run/apt-updated.$RUN_ID ]]; then apt-get update -qq && touch "$STATE/run/apt-updated.$RUN_ID"; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
  ) 9>"$STATE/run/apt.lock" >>"$STATE/logs/apt.log" 2>&1 \
    || { tail -n 20 "$STATE/logs/apt.log" >&2; fail "apt-get could not install $* (log: $STATE/logs/apt.log)"; }
}

can_apt() { [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; }

redis_install() {
  command -v redis-server >/dev/null 2>&1 && return
  if can_apt; then
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

# ---------------------------------------------------------------- PostgreSQL
# FerretDB's storage. Development-only settings, named as such in the README: trust authentication on
# loopback, synchronous_commit=off (a crash may lose the last few hundred milliseconds of commits, never
# corrupt the data). plan_cache_mode=force_custom_plan and the GIN twins of FerretDB's indexes
# (scripts/infra/postgres/gin-twins.sql) let PostgreSQL serve FerretDB's `@>` filters from an index.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

postgres_install() {
  [[ -n $(pg_bin) ]] && return
  if can_apt; then
    say "installing postgresql with apt-get (once)"
    timed "postgres: apt-get install" apt_install postgresql
  else
    need_tool /usr/lib/postgresql/15/bin/postgres "FerretDB's storage (install Debian's postgresql package)"
  fi
}

# PostgreSQL refuses to run as root: as root it runs as Debian's `postgres` user (setpriv execs, so
# the pid file names the server itself).
PG_AS=()
[[ $(id -u) == 0 ]] && PG_AS=(setpriv --reuid=postgres --regid=postgres --init-groups --)

# The cluster's directory: .infra/postgres, or, when the postgres user cannot reach into this
# checkout (a clone under root's home), a directory of its own under /tmp that .infra/postgres links to.
postgres_data() {
  local data=$STATE/postgres
  if [[ -L $data ]]; then readlink "$data"; return; fi
  mkdir -p "$data"
  if ((${#PG_AS[@]})); then
    chown postgres:postgres "$data" && chmod 700 "$data"
    if ! "${PG_AS[@]}" test -w "$data"; then
      local elsewhere; elsewhere=/tmp/checkout-postgres-$(printf '%s' "$STATE" | cksum | cut -d' ' -f1)
      rmdir "$data" 2>/dev/null || true
      mkdir -p "$elsewhere" && chown postgres:postgres "$elsewhere" && chmod 700 "$elsewhere"
      ln -sfn "$elsewhere" "$data"
      data=$elsewhere
    fi
  fi
  echo "$data"
}

postgres_ready() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres; }

psql_ferretdb() { "$(pg_bin)/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres "$@"; }

postgres_up() {
  if port_open "$POSTGRES_PORT"; then say "postgres: already answering on 127.0.0.1:$POSTGRES_PORT"; return; fi
  postgres_install
  local data; data=$(postgres_data)
  if [[ ! -f $data/PG_VERSION ]]; then
    say "postgres: creating the cluster (once)"
    "${PG_AS[@]}" "$(pg_bin)/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$STATE/logs/postgres-init.log" 2>&1 \
      || { tail -n 20 "$STATE/logs/postgres-init.log" >&2; fail "initdb failed (log: $STATE/logs/postgres-init.log)"; }
  fi
  say "postgres: starting PostgreSQL $(basename "$(dirname "$(pg_bin)")") on 127.0.0.1:$POSTGRES_PORT"
  spawn postgres "$STATE/logs/postgres.log" "${PG_AS[@]}" "$(pg_bin)/postgres" -D "$data" \
    -c listen_addresses=127.0.0.1 -c port="$POSTGRES_PORT" -c unix_socket_directories= \
    -c max_connections=200 -c shared_buffers=256MB -c synchronous_commit=off \
    -c plan_cache_mode=force_custom_plan -c log_min_messages=warning
  wait_until postgres 60 "$STATE/logs/postgres.log" postgres_ready
  if [[ -z $(psql_ferretdb -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'ferretdb'") ]]; then
    psql_ferretdb -d postgres -c 'CREATE DATABASE ferretdb' >/dev/null
  fi
  psql_ferretdb -d ferretdb -f "$ROOT/scripts/infra/postgres/gin-twins.sql" >/dev/null 2>"$STATE/logs/postgres-setup.log" \
    || { cat "$STATE/logs/postgres-setup.log" >&2; fail "could not set up the ferretdb database (log: $STATE/logs/postgres-setup.log)"; }
  say "postgres: ready"
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

# FerretDB is built while its PostgreSQL is installed and started.
ferretdb_up() {
  if port_open "$FERRETDB_PORT"; then say "ferretdb: already answering on 127.0.0.1:$FERRETDB_PORT"; return; fi
  (ferretdb_install) &
  local build=$!
  postgres_up
  wait "$build" || fail "FerretDB could not be built"
  say "ferretdb: starting FerretDB $FERRETDB_VERSION (PostgreSQL backend) on 127.0.0.1:$FERRETDB_PORT"
  spawn ferretdb "$STATE/logs/ferretdb.log" "$(ferretdb_bin)" \
    -listen-addr="127.0.0.1:$FERRETDB_PORT" -postgresql-url="postgres://postgres@127.0.0.1:$POSTGRES_PORT/ferretdb" -log-level=warn
  wait_until ferretdb 30 "$STATE/logs/ferretdb.log" port_open "$FERRETDB_PORT"
  say "ferretdb: ready"
}

# ---------------------------------------------------------------- commands
component_port() {
  case $1 in redis) echo "$REDIS_PORT" ;; kafka) echo "$KAFKA_PORT" ;; postgres) echo "$POSTGRES_PORT" ;; ferretdb) echo "$FERRETDB_PORT" ;; esac
}

# What `up` starts side by side (FerretDB brings its PostgreSQL up itself).
components() {
  case ${1:-all} in
    all) echo redis kafka ferretdb ;;
    redis | kafka | postgres | ferretdb) echo "$1" ;;
    *) fail "unknown component '$1' (redis, kafka, postgres, ferretdb)" ;;
  esac
}

# Every server, in the order `down` stops them (FerretDB before its PostgreSQL).
all_servers() {
  case ${1:-all} in
    all) echo redis kafka ferretdb postgres ;;
    *) components "$1" ;;
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
  for c in $(all_servers "${1:-all}"); do
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
  for c in $(all_servers "${1:-all}"); do
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
    postgres) tail -n 50 "$STATE/logs/postgres.log" ;;
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
  *) echo "usage: $0 up|down|status|logs [redis|kafka|postgres|ferretdb]" >&2; exit 2 ;;
esac
