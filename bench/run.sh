#!/usr/bin/env bash
# One-command benchmark runs (docs/BENCHMARKS.md). Server pinned to core 0, generator to core 1.
#   bench/run.sh build                        build target/osmosis.war and target/benchmarks.jar
#   bench/run.sh fanout [N] [REPS] [SERVERS]   workload (a): rate stepped to the highest sustainable, per server,
#                                              servers alternating, REPS repetitions (default: 1000 3 "null osmosis mosquitto nats socketio")
#   bench/run.sh chat [N] [REPS]               workload (c): room broadcast through /ws/chat (Osmosis vs null)
#   bench/run.sh tree [N] [REPS]               workload (b): 10,000 topics, selector subscriptions (Osmosis; null for scale)
#   bench/run.sh idle [NS] [SERVERS]           workload (d): memory per idle session (default NS "1000 5000 10000")
#                                              IDLE_DIAGNOSE=1: Osmosis runs with -XX:NativeMemoryTracking=summary and the
#                                              generator writes class histograms and NMT's summary.diff around the
#                                              sessions -> target/bench/idle-osmosis-N-*.txt; bench/histo-diff.sh
#                                              BEFORE AFTER N: the per-session classes (NMT costs some RSS itself)
#                                              GEN_OPTS="--heapDump true": an HPROF dump with the sessions open ->
#                                              target/bench/idle-osmosis-N.hprof; what keeps them: HeapPaths (docs/
#                                              BENCHMARKS.md#heap-dump)
#   bench/run.sh slow [N] [RATE] [SERVERS]     workload (e): fast subscribers' latency with 10 slow consumers
#   bench/run.sh churn [SECONDS] [SERVERS]     workload (f): handshakes + subscribe per second
#   bench/run.sh profile [N] [RATE]            JFR profile of Osmosis under fan-out load -> target/bench/osmosis.jfr
#                                              (35 s from PROFILE_DELAY s after the JVM starts, default 30: on a busy
#                                              box give the start more, e.g. PROFILE_DELAY=100 GEN_OPTS="--seconds 40")
#   bench/run.sh all                          every workload above, then the report (what docs/BENCHMARKS.md shows)
#   bench/run.sh report                        tables and PNG charts from target/bench/*.csv
#   bench/run.sh steady [N] [PAIRS]          one frame per delivery once warm (issue 21 item 2): the null server, then
#                                              Osmosis for PAIRS (15) pairs of 10 s steps at 20k and 40k/s (~7 min of
#                                              load, so the JIT finishes), then the null server twice; Osmosis's last
#                                              three pairs against the null server's mean -> target/bench/steady/
#   bench/run.sh half [N] [SPECS] [REPS]      p99 at half of each server's capacity beside the null server at the same
#                                              rate, same run; SPECS "osmosis chat nats:1280000 ..." (a server alone: its
#                                              capacity is found first) -> target/bench/half/summary.txt. Each measured
#                                              step follows a settle step at the same rate (--rates R,R: the second is
#                                              kept), after the JIT quietens (--jitQuietMs 10 unless GEN_OPTS sets it)
#   bench/run.sh ab A.war B.war [N] [REPS]     two Osmosis builds side by side (A,B,A,B...), fan-out at 20k, 80k, 320k/s;
#                                              prints CPU/writes/p99 per step and B/A -> target/bench/ab/summary.txt
#                                              A_GRIZZLY_OPTS / B_GRIZZLY_OPTS: extra server JVM options per side
#                                              A_MICRO_OPTS / B_MICRO_OPTS: Payara Micro options per side (default
#                                              --nocluster; "grid" = a one-node data grid): the grid's cost with
#                                              B_MICRO_OPTS=grid bench/run.sh ab X.war X.war
#                                              A_GEN_OPTS / B_GEN_OPTS: generator options per side; AB_SERVER=osmosis-tree:
#                                              the topic tree of workload (b). Persistence's cost (docs/BENCHMARKS.md):
#                                              AB_SERVER=osmosis-tree A_GEN_OPTS="--persistent false" B_GEN_OPTS="--persistent true"
#                                              SERVER_SAMPLES=target/bench/ab/persist.csv bench/run.sh ab X.war X.war
# SERVER_SAMPLES=FILE: while a server runs, one line a second of its /api/v1/server updates, written topic rows and
#   persistence backlog, then the journal's transactions, their wall and CPU µs and their count per duration bucket
#   (label,epoch s,updates,written,backlog,writes,writeMicros,writeCpuMicros,failures,bucket 0..10: <=125 us, ... >64 ms)
#   bench/run.sh cluster [N] [REPS]            workload (g), two nodes (docs/BENCHMARKS.md#cluster): per repetition one node with
#                                              the grid off (all N subscribers), then nodes A (8090) + B (8092) on one
#                                              grid, publisher on A, subscribers split A/B; fixed steps 20k/80k/320k/s;
#                                              per node deliveries/s, p50/p99, lost, out-of-order, CPU per update
#                                              -> target/bench/cluster/summary.txt. Cores: NODE_A_CPUS (0), NODE_B_CPUS (0)
#   bench/run.sh floor [SECONDS] [REPS] [SIDES] idle CPU of one Osmosis node with no session, per side (default
#                                              "off grid": --nocluster, a one-node grid), alternating, after a 30 s
#                                              settle (FLOOR_SETTLE), and the threads that spend it -> target/bench/floor/
#   bench/run.sh rr A.war B.war [REPS] [RATE]  request/response p99 (RequestResponseBench, 10 s at RATE/s, default 1000)
#                                              for two Osmosis builds, alternating -> target/bench/rr/rr.txt
# Results: target/bench/*.csv. Extra generator options: GEN_OPTS="--seconds 4 --start 20000".
# GEN_OPTS="... --jitQuietMs 10": after the warm-up, wait until the server's JIT threads spend < 10 ms/s (at most
#   --jitQuietMaxSeconds, 240), so the steps leave out the start-up compilation (docs/BENCHMARKS.md#cluster-grid-jit).
# OSMOSIS_MICRO_OPTS: Payara Micro options of the Osmosis server (default --nocluster; "grid": a one-node grid).
# OSMOSIS_PORT (8090), NODE_B_PORT (8092): HTTP ports of the Osmosis server / cluster node A and of node B.
# Each server start gets an empty embedded database of its own (removed when it stops); BENCH_DATABASE_OPTS: other
#   database options, e.g. "-Dosmosis.database.url=jdbc:postgresql://127.0.0.1:5432/osmosis ..." (docs/PERSISTENCE.md);
#   BENCH_BEFORE_START: a command run before each server start, e.g. "bench/postgres.sh reset" (an empty database).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${OUT:-$ROOT/target/bench}
PEERS=${BENCH_PEERS:-/tmp/bench-peers}
PAYARA=${PAYARA_JAR:-$HOME/.m2/repository/fish/payara/extras/payara-micro/6.2025.10/payara-micro-6.2025.10.jar}
# Extra JVM options for the Osmosis server (A_GRIZZLY_OPTS / B_GRIZZLY_OPTS per side of `ab`); none by default.
GRIZZLY_DEFAULT=
# HTTP ports of the Osmosis server (node A of the cluster workload) and of the cluster's node B.
OSMOSIS_PORT=${OSMOSIS_PORT:-8090}
NODE_B_PORT=${NODE_B_PORT:-8092}
GEN="taskset -c 1 java -Xms1g -Xmx2g -cp $ROOT/target/benchmarks.jar dev.osmosis.bench.load.LoadGen"
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)"

port_of() {
  case $1 in
    osmosis|chat|osmosis-tree) echo "$OSMOSIS_PORT" ;; null) echo 8091 ;; mosquitto) echo 9001 ;; nats) echo 8443 ;; socketio) echo 8093 ;;
  esac
}

wait_port() { # port seconds
  for _ in $(seq 1 "$2"); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 1; done
  echo "port $1 not open" >&2; return 1
}

# The data grid of Osmosis nodes started here, as the README's run command starts it (tcp-ip discovery on loopback,
# payara-config/cluster.properties: heartbeat 1 s, grid bound to --interfaces) but with a cluster name no other
# Payara on the machine shares and the grid ports given (docs/CLUSTER.md). grid_opts START_PORT MEMBERS ROOTDIR
CLUSTER_NAME=osmosis-bench-$$
BENCH_RT=/tmp/osmosis-bench-rt/run-$$ # the grid nodes' --rootdir's, removed when they stop
grid_opts() {
  echo "--clustername $CLUSTER_NAME --clustermode tcpip:$2 --interfaces 127.0.0.1 --startport $1" \
    "--systemproperties payara-config/cluster.properties --rootdir $3 --disablephonehome"
}
free_port() { # first port from $1 up that nothing listens on (127.0.0.1)
  local p=$1
  while (exec 3<>/dev/tcp/127.0.0.1/"$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

SERVER_PID=
NODE_B_PID=
# start_node HTTP_PORT CPUS MICRO_OPTS LOG: one Osmosis node on Payara Micro (pid in NODE_PID), ready or fails.
# MICRO_OPTS "grid": a one-node data grid on loopback listing three grid ports, itself and two absent ones, as the
# README's one node does; the JVM gets -Dhazelcast.socket.bind.any=false with any grid.
NODE_PID=
start_node() {
  local port=$1 cpus=$2 micro=$3 log=$4 jvm=
  if [ "$micro" = grid ]; then
    local gp; gp=$(free_port "${BENCH_GRID_PORT:-6960}")
    micro=$(grid_opts "$gp" "127.0.0.1:$gp,127.0.0.1:$((gp + 1)),127.0.0.1:$((gp + 2))" "$BENCH_RT/grid-$port")
  fi
  case " $micro " in *" --nocluster "*|*" --nohazelcast "*) ;; *) jvm=-Dhazelcast.socket.bind.any=false ;; esac
  mkdir -p /tmp/osmosis-bench-rt "$BENCH_RT"
  if [ -n "${BENCH_BEFORE_START:-}" ]; then $BENCH_BEFORE_START; fi
  # shellcheck disable=SC2086
  taskset -c "$cpus" java -Xms1g -Xmx1g -Djava.io.tmpdir=/tmp/osmosis-bench-rt ${OSMOSIS_GRIZZLY_OPTS-$GRIZZLY_DEFAULT} -Xlog:gc:file=$OUT/gc-osmosis-$port-$(date +%s).log ${OSMOSIS_JVM_OPTS:-} $jvm \
    -Dosmosis.config=payara-config/osmosis.properties -Dosmosis.securityStore=payara-config/security-store.json \
    -Dosmosis.maxWebSocketsPerAddress=1000000 -Dosmosis.maxAnonymousSessionsPerAddress=1000000 \
    -Dosmosis.dataDirectory="$BENCH_RT/data-$port" ${BENCH_DATABASE_OPTS:-} \
    -jar "$PAYARA" --deploy "${OSMOSIS_WAR:-target/osmosis.war}" --contextroot / --port "$port" $micro \
    --prebootcommandfile payara-config/pre-boot-commands.txt --postbootcommandfile payara-config/post-boot-commands.txt \
    > "$log" 2>&1 &
  NODE_PID=$!
  for _ in $(seq 1 "${BENCH_START_SECONDS:-300}"); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
    kill -0 "$NODE_PID" 2>/dev/null || break
    sleep 1
  done
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "node on $port not ready: see $log" >&2; return 1; }
  grep -o 'Osmosis runs .*' "$log" | head -1 || true
}

# members PORT: how many grid members node PORT's /api/v1/server lists
members() {
  curl -sf -u admin:password "http://127.0.0.1:$1/api/v1/server" | grep -o '"local":' | wc -l
}

start_server() { # name
  case $1 in
    osmosis|chat|osmosis-tree)
      start_node "$OSMOSIS_PORT" 0 "${OSMOSIS_MICRO_OPTS:---nocluster}" "$OUT/osmosis-server.log" || { SERVER_PID=$NODE_PID; return 1; }
      SERVER_PID=$NODE_PID ;;
    null)
      taskset -c 0 java -Xms1g -Xmx1g -cp target/benchmarks.jar dev.osmosis.bench.load.NullFanoutServer 8091 \
        ${NULL_MODE:-coalesce} > "$OUT/null-server.log" 2>&1 &
      SERVER_PID=$!; wait_port 8091 20 ;;
    mosquitto)
      ip link set lo up
      taskset -c 0 mosquitto -c bench/peers/mosquitto.conf > "$OUT/mosquitto.log" 2>&1 &
      SERVER_PID=$!; wait_port 9001 20 ;;
    nats)
      taskset -c 0 nats-server -c bench/peers/nats.conf > "$OUT/nats.log" 2>&1 &
      SERVER_PID=$!; wait_port 8443 20 ;;
    socketio)
      NODE_PATH=$PEERS/node_modules taskset -c 0 node bench/peers/socketio-server.js 8093 > "$OUT/socketio.log" 2>&1 &
      SERVER_PID=$!; wait_port 8093 20 ;;
  esac
}

stop_server() {
  local p
  for p in $SERVER_PID $NODE_B_PID; do kill "$p" 2>/dev/null || true; done
  for p in $SERVER_PID $NODE_B_PID; do wait "$p" 2>/dev/null || true; done
  SERVER_PID=
  NODE_B_PID=
  rm -rf "$BENCH_RT"
}

# Two Osmosis nodes on one grid: A (HTTP OSMOSIS_PORT, cores NODE_A_CPUS) starts alone and becomes the oldest member,
# then B (HTTP NODE_B_PORT, cores NODE_B_CPUS) joins; returns once both list 2 members. Pids: SERVER_PID, NODE_B_PID.
start_cluster() {
  local ga gb members root=$BENCH_RT/cluster
  ga=$(free_port "${BENCH_GRID_PORT:-6960}"); gb=$(free_port $((ga + 1)))
  members=127.0.0.1:$ga,127.0.0.1:$gb
  start_node "$OSMOSIS_PORT" "${NODE_A_CPUS:-0}" "$(grid_opts "$ga" "$members" "$root/a")" "$OUT/node-a.log" || { SERVER_PID=$NODE_PID; return 1; }
  SERVER_PID=$NODE_PID
  start_node "$NODE_B_PORT" "${NODE_B_CPUS:-0}" "$(grid_opts "$gb" "$members" "$root/b")" "$OUT/node-b.log" || { NODE_B_PID=$NODE_PID; return 1; }
  NODE_B_PID=$NODE_PID
  for _ in $(seq 1 120); do
    [ "$(members "$OSMOSIS_PORT")" = 2 ] && [ "$(members "$NODE_B_PORT")" = 2 ] && return 0
    sleep 1
  done
  echo "nodes A and B did not form one grid of 2: see $OUT/node-a.log, $OUT/node-b.log" >&2; return 1
}
trap stop_server EXIT

# one SERVER WORKLOAD ARGS...: start the server, run the generator against it, stop it.
one() {
  local server=$1 workload=$2; shift 2
  if [ "$server" = mosquitto ] && [ -z "${IN_NETNS:-}" ]; then
    # Mosquitto's WebSocket listener binds every interface: run it and the generator in a private network namespace.
    IN_NETNS=1 unshare -n "$0" _one "$server" "$workload" "$@"
    return
  fi
  echo "== $(date -u +%H:%M:%S) $server $workload $* (load $(cut -d' ' -f1-3 /proc/loadavg))"
  start_server "$server"
  local proto=$server sampler=
  if [ -n "${SERVER_SAMPLES:-}" ]; then # label: one line a second of the server's updates and written topic rows
    local label=${SERVER_SAMPLE_LABEL:-$server} port; port=$(port_of "$server")
    while sleep 1; do
      curl -s -u admin:password "http://127.0.0.1:$port/api/v1/server" \
        | awk -v l="$label" -v t="$(date +%s.%N)" '{ u = w = ""; if (match($0, /"updates":[0-9]+/)) u = substr($0, RSTART + 10, RLENGTH - 10)
            if (match($0, /"written":[0-9]+/)) w = substr($0, RSTART + 10, RLENGTH - 10)
            b = ""; if (match($0, /"backlog":[0-9]+/)) b = substr($0, RSTART + 10, RLENGTH - 10)
            x = ""; if (match($0, /"writes":[0-9]+/)) x = substr($0, RSTART + 9, RLENGTH - 9)
            m = ""; if (match($0, /"writeMicros":[0-9]+/)) m = substr($0, RSTART + 14, RLENGTH - 14)
            c = ""; if (match($0, /"writeCpuMicros":[0-9]+/)) c = substr($0, RSTART + 17, RLENGTH - 17)
            f = ""; if (match($0, /"failures":[0-9]+/)) f = substr($0, RSTART + 11, RLENGTH - 11)
            h = ""; if (match($0, /"writeTimes":\[[0-9,]*\]/)) h = substr($0, RSTART + 14, RLENGTH - 15)
            print l "," t "," u "," w "," b "," x "," m "," c "," f "," h }' >> "$SERVER_SAMPLES"
    done &
    sampler=$!
  fi
  $GEN "$workload" --server "$proto" --port "$(port_of "$server")" --pid "$SERVER_PID" --out "$OUT" "$@" ${GEN_OPTS:-} \
    || echo "generator failed for $server" >&2
  [ -n "$sampler" ] && { kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; }
  stop_server
}

cmd=${1:-help}; shift || true
case $cmd in
  _one) one "$@" ;;
  build)
    rm -rf target/classes target/osmosis # the bench profile compiles into target/classes (and the WAR plugin copies it to target/osmosis): keep bench classes out of the WAR
    mvn -q -B -o -DskipTests package
    mvn -q -B -o -Pbench -DskipTests package ;;
  fanout)
    N=${1:-1000}; REPS=${2:-3}; SERVERS=${3:-"null osmosis mosquitto nats socketio"}
    for rep in $(seq 1 "$REPS"); do for s in $SERVERS; do one "$s" fanout --n "$N" --rep "$rep"; done; done ;;
  chat)
    N=${1:-1000}; REPS=${2:-3}
    for rep in $(seq 1 "$REPS"); do for s in null chat; do one "$s" fanout --n "$N" --rep "$rep"; done; done ;;
  tree)
    N=${1:-1000}; REPS=${2:-1}
    for rep in $(seq 1 "$REPS"); do for s in null osmosis-tree; do one "$s" fanout --n "$N" --rep "$rep"; done; done ;;
  idle)
    NS=${1:-"1000 5000 10000"}; SERVERS=${2:-"osmosis mosquitto nats socketio"}
    if [ -n "${IDLE_DIAGNOSE:-}" ]; then
      export OSMOSIS_JVM_OPTS="${OSMOSIS_JVM_OPTS:-} -XX:NativeMemoryTracking=summary"
      export GEN_OPTS="${GEN_OPTS:-} --diagnose true"
    fi
    for n in $NS; do for s in $SERVERS; do one "$s" idle --n "$n"; done; done ;;
  slow)
    N=${1:-1000}; RATE=${2:-50000}; SERVERS=${3:-"osmosis"}
    for s in $SERVERS; do one "$s" slow --n "$N" --rate "$RATE" --slow 10; done ;;
  churn)
    SECS=${1:-10}; SERVERS=${2:-"osmosis mosquitto nats socketio"}
    for s in $SERVERS; do one "$s" churn --seconds "$SECS" --concurrency 50; done ;;
  profile)
    N=${1:-1000}; RATE=${2:-100000}
    OSMOSIS_JVM_OPTS="-XX:StartFlightRecording=filename=$OUT/osmosis.jfr,settings=profile,delay=${PROFILE_DELAY:-30}s,duration=35s" \
      one osmosis slow --n "$N" --rate "$RATE" --slow 0 --seconds 10
    jfr print --stack-depth 64 --events jdk.ExecutionSample "$OUT/osmosis.jfr" > "$OUT/osmosis-samples.txt"
    java -cp target/benchmarks.jar dev.osmosis.bench.load.JfrTop "$OUT/osmosis-samples.txt" | tee "$OUT/osmosis-profile.txt" ;;
  all)
    # The whole campaign (~35 min on the 2-core box). Fixed step length and start keep it within budget.
    export GEN_OPTS="${GEN_OPTS:---seconds 3 --start 20000}"
    "$0" fanout 1000 3 "null osmosis mosquitto nats socketio"
    for n in 100 5000 10000; do "$0" fanout "$n" 1 "null osmosis nats"; done
    "$0" chat 1000 1
    "$0" tree 1000 1
    "$0" idle "1000 5000 10000" "osmosis mosquitto nats socketio"
    OSMOSIS_JVM_OPTS="-Dosmosis.maxOutboundQueue=2000" GEN_OPTS="--seconds 10" "$0" slow 200 100000 "osmosis nats"
    "$0" churn 10 "osmosis mosquitto nats socketio"
    GEN_OPTS="--seconds 20" "$0" profile 1000 30000
    "$0" report ;;
  steady)
    N=${1:-1000}; PAIRS=${2:-15}
    [ "$PAIRS" -ge 3 ] || { echo "steady: PAIRS must be at least 3 (the summary averages the last three)" >&2; exit 2; }
    S=$OUT/steady; rm -rf "$S"; mkdir -p "$S"
    R6=20000,40000,20000,40000,20000,40000
    RL=$(for _ in $(seq 1 "$PAIRS"); do printf '20000,40000,'; done); RL=${RL%,}
    base="--jitQuietMs 10 --jitQuietMaxSeconds 240 --seconds 10"
    OUT=$S GEN_OPTS="$base --rates $R6 ${GEN_OPTS:-}" one null fanout --n "$N" --rep n1
    OUT=$S GEN_OPTS="$base --rates $RL ${GEN_OPTS:-}" one osmosis fanout --n "$N" --rep o1
    for rep in n2 n3; do OUT=$S GEN_OPTS="$base --rates $R6 ${GEN_OPTS:-}" one null fanout --n "$N" --rep "$rep"; done
    # jit.csv: time,server,n,rep,target_per_s,cpu_us_per_delivery,jit_cpu_us_per_delivery,load1 (one row a step)
    awk -F, 'NR > 1 && $2 == "null" { nc[$5] += $6; nn[$5]++ }
      NR > 1 && $2 == "osmosis" { k = $5; i = ++oi[k]; oc[k, i] = $6; oj[k, i] = $7 }
      END { printf "%-8s %12s %12s %10s %10s %8s\n", "rate/s", "null µs", "Osmosis µs", "its JIT µs", "first µs", "ratio"
        for (k in nn) { m = nc[k] / nn[k]; c = j = 0; n = oi[k]; for (i = n - 2; i <= n; i++) { c += oc[k, i]; j += oj[k, i] }
          printf "%-8s %12.2f %12.2f %10.2f %10.2f %8.2f\n", k, m, c / 3, j / 3, oc[k, 1], c / 3 / m } }' \
      "$S/jit.csv" | tee "$S/summary.txt" ;;
  half)
    # p99 at half of each server's capacity, beside the null server at the same rate in the same run.
    # SPECS: "server" (capacity found first by the stepped fan-out) or "server:RATE" (RATE = half of a known capacity).
    N=${1:-1000}; SPECS=${2:-"osmosis chat nats mosquitto socketio"}; REPS=${3:-2}
    H=$OUT/half; mkdir -p "$H/runs" "$H/capacity"
    [ -f "$H/summary.txt" ] || echo "server,n,rep,rate_per_s,p50_ms,p99_ms,null_p50_ms,null_p99_ms,p99_over_null,lost,null_lost,gen_util,null_gen_util" > "$H/summary.txt"
    last_row() { # OUTDIR SERVER [REP]: the newest results.csv row of SERVER, or with REP its newest steps.csv row
      if [ -n "${3:-}" ]; then awk -F, -v s="$2" -v r="$3" '$3 == s && $5 == r' "$1/steps.csv" | tail -1
      else awk -F, -v s="$2" '$3 == s' "$1/results.csv" | tail -1; fi
    }
    # A single step after the warm-up measures the warm-up's backlog (a server still compiling, queues still
    # draining: p50 of seconds): wait for the JIT, then run the rate twice and keep the second step.
    case "${GEN_OPTS:-}" in *jitQuietMs*) ;; *) export GEN_OPTS="${GEN_OPTS:-} --jitQuietMs 10 --jitQuietMaxSeconds 90" ;; esac
    for spec in $SPECS; do
      s=${spec%%:*}; rate=${spec#*:}
      if [ "$rate" = "$spec" ]; then
        OUT=$H/capacity one "$s" fanout --n "$N" --rep cap
        cap=$(last_row "$H/capacity" "$s" | cut -d, -f28)
        rate=$(awk -v c="$cap" 'BEGIN { printf "%.0f", c / 2 }')
        echo "$s: capacity $cap deliveries/s, half $rate"
      fi
      for rep in $(seq 1 "$REPS"); do
        OUT=$H/runs one "$s" fanout --n "$N" --rates "$rate,$rate" --rep "h$rep"
        a=$(last_row "$H/runs" "$s" "h$rep")
        OUT=$H/runs one null fanout --n "$N" --rates "$rate,$rate" --rep "h$rep"
        b=$(last_row "$H/runs" null "h$rep")
        printf '%s\n%s\n' "$a" "$b" | awk -F, -v s="$s" -v n="$N" -v r="$rep" -v rate="$rate" '
          NR == 1 { p50 = $11 / 1000; p99 = $12 / 1000; lost = $10; gen = $21 }
          NR == 2 { printf "%s,%s,%s,%s,%.2f,%.2f,%.2f,%.2f,%.2f,%s,%s,%s,%s\n", s, n, r, rate, p50, p99, $11 / 1000, $12 / 1000,
                    ($12 > 0 ? p99 * 1000 / $12 : 0), lost, $10, gen, $21 }' >> "$H/summary.txt"
      done
    done
    column -s, -t "$H/summary.txt" ;;
  ab)
    A=$1; B=$2; N=${3:-1000}; REPS=${4:-3}
    export GEN_OPTS="${GEN_OPTS:---seconds 3 --rates 20000,80000,320000}"
    OUT=$OUT/ab; mkdir -p "$OUT"
    S=${AB_SERVER:-osmosis} # osmosis-tree: workload (b)'s topic tree instead of one topic
    for rep in $(seq 1 "$REPS"); do
      OSMOSIS_WAR=$A OSMOSIS_GRIZZLY_OPTS=${A_GRIZZLY_OPTS-${OSMOSIS_GRIZZLY_OPTS-$GRIZZLY_DEFAULT}} SERVER_SAMPLE_LABEL=A$rep \
        OSMOSIS_MICRO_OPTS=${A_MICRO_OPTS-${OSMOSIS_MICRO_OPTS:-}} GEN_OPTS="$GEN_OPTS ${A_GEN_OPTS:-}" one "$S" fanout --n "$N" --rep "A$rep"
      OSMOSIS_WAR=$B OSMOSIS_GRIZZLY_OPTS=${B_GRIZZLY_OPTS-${OSMOSIS_GRIZZLY_OPTS-$GRIZZLY_DEFAULT}} SERVER_SAMPLE_LABEL=B$rep \
        OSMOSIS_MICRO_OPTS=${B_MICRO_OPTS-${OSMOSIS_MICRO_OPTS:-}} GEN_OPTS="$GEN_OPTS ${B_GEN_OPTS:-}" one "$S" fanout --n "$N" --rep "B$rep"
    done
    bench/ab-summary.sh "$OUT/steps.csv" | tee "$OUT/summary.txt" ;;
  cluster)
    N=${1:-1000}; REPS=${2:-3}
    GEN_OPTS="${GEN_OPTS:---seconds 3 --rates 20000,80000,320000}"
    OUT=$OUT/cluster; mkdir -p "$OUT"
    for rep in $(seq 1 "$REPS"); do
      echo "== $(date -u +%H:%M:%S) S$rep: one node, grid off, $N subscribers (load $(cut -d' ' -f1-3 /proc/loadavg))"
      if start_server osmosis; then
        # shellcheck disable=SC2086
        $GEN fanout --server osmosis --port "$OSMOSIS_PORT" --pid "$SERVER_PID" --nodes "$OSMOSIS_PORT:$SERVER_PID" \
          --n "$N" --rep "S$rep" \
          --out "$OUT" $GEN_OPTS || echo "generator failed (S$rep)" >&2
      fi
      stop_server
      echo "== $(date -u +%H:%M:%S) C$rep: nodes A + B on one grid, publisher on A, $N subscribers split A/B (load $(cut -d' ' -f1-3 /proc/loadavg))"
      if start_cluster; then
        # shellcheck disable=SC2086
        $GEN fanout --server osmosis --port "$OSMOSIS_PORT" --pid "$SERVER_PID" \
          --nodes "$OSMOSIS_PORT:$SERVER_PID,$NODE_B_PORT:$NODE_B_PID" --n "$N" \
          --rep "C$rep" --out "$OUT" $GEN_OPTS || echo "generator failed (C$rep)" >&2
      fi
      stop_server
    done
    bench/cluster-summary.sh "$OUT/cluster.csv" | tee "$OUT/summary.txt" ;;
  floor)
    SECS=${1:-60}; REPS=${2:-3}; SIDES=${3:-"off grid"}
    OUT=$OUT/floor; mkdir -p "$OUT"
    for rep in $(seq 1 "$REPS"); do for side in $SIDES; do
      micro=--nocluster; [ "$side" = grid ] && micro=grid
      echo "== $(date -u +%H:%M:%S) $side$rep (load $(cut -d' ' -f1-3 /proc/loadavg))"
      if start_node "$OSMOSIS_PORT" 0 "$micro" "$OUT/server-$side.log"; then
        SERVER_PID=$NODE_PID
        sleep "${FLOOR_SETTLE:-30}"
        bench/idle-floor.sh "$SERVER_PID" "$SECS" "$side$rep" "$OUT"
      else SERVER_PID=$NODE_PID; fi
      stop_server
    done; done
    awk -F, 'NR > 1 { s = $1; sub(/[0-9]+$/, "", s); v[s] = v[s] " " $3 } END { for (s in v) print s ": cpu ms/s" v[s] }' \
      "$OUT/floor.csv" | tee "$OUT/summary.txt" ;;
  rr)
    A=$1; B=$2; REPS=${3:-3}; RATE=${4:-1000}
    OUT=$OUT/rr; mkdir -p "$OUT"
    for rep in $(seq 1 "$REPS"); do for w in A B; do
      war=$A; [ "$w" = B ] && war=$B
      echo "== $(date -u +%H:%M:%S) $w$rep $war (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT/rr.txt"
      OSMOSIS_WAR=$war start_server osmosis
      taskset -c 1 java -cp target/benchmarks.jar dev.osmosis.bench.message.RequestResponseBench ws://127.0.0.1:$OSMOSIS_PORT \
        "$RATE" 10 2>&1 | grep -E "^(warm-up|measured)" | sed "s/^/$w$rep /" | tee -a "$OUT/rr.txt"
      stop_server
    done; done ;;
  report)
    java -Djava.awt.headless=true -cp target/benchmarks.jar dev.osmosis.bench.load.Report "$OUT" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
esac
