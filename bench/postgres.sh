#!/usr/bin/env bash
# A PostgreSQL server for benchmarks (docs/BENCHMARKS.md#persistence), as src/test/java/dev/osmosis/it/PostgresServer
# starts one for the tests: Debian's initdb/pg_ctl, a cluster under target/bench-pg on a free loopback port, user
# osmosis (scram-sha-256 over TCP), default durability (fsync on, synchronous_commit on). As root, runs as postgres.
#   bench/postgres.sh start [CPUS]  new empty cluster (CPUS: taskset cores, default 1), prints the BENCH_DATABASE_OPTS
#   bench/postgres.sh reset         an empty database osmosis (dropped and created again): before each server start,
#                                   BENCH_BEFORE_START="bench/postgres.sh reset" bench/run.sh ...
#   bench/postgres.sh stop          stops it (its data stays until the next start)
#   bench/postgres.sh cpu           CPU seconds (user+sys) its processes used so far (exited backends included)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=$(pwd)/target/bench-pg
PASSWORD=bench-pg-secret
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case ${1:-} in
  start)
    CPUS=${2:-1}
    [ -f "$DIR/data/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"; mkdir -p "$DIR"; echo "$PASSWORD" > "$DIR/pwfile"
    [ "$(id -u)" = 0 ] && chown -R postgres "$DIR"
    as_pg "$BIN/initdb" -D "$DIR/data" -U osmosis --pwfile="$DIR/pwfile" --auth-host=scram-sha-256 --auth-local=trust \
      -E UTF8 --no-instructions >"$DIR/initdb.log"
    PORT=55432; while (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
    as_pg taskset -c "$CPUS" "$BIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" \
      -l "$DIR/postgres.log" -w -t 60 start >/dev/null
    echo "$PORT" > "$DIR/port"
    echo "-Dosmosis.database.url=jdbc:postgresql://127.0.0.1:$PORT/osmosis -Dosmosis.database.user=osmosis" \
      "-Dosmosis.database.password=$PASSWORD" ;;
  reset)
    as_pg psql -q -h "$DIR" -p "$(cat "$DIR/port")" -U osmosis -d postgres \
      -c 'DROP DATABASE IF EXISTS osmosis' -c 'CREATE DATABASE osmosis' ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop ;;
  cpu)
    PID=$(head -1 "$DIR/data/postmaster.pid")
    # live processes' own time, plus the postmaster's children that have exited (backends of closed connections)
    T=$(awk '{ print $16 + $17 }' "/proc/$PID/stat")
    for p in $PID $(pgrep -P "$PID"); do
      T=$((T + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done
    echo "scale=2; $T / $(getconf CLK_TCK)" | bc ;;
  *) sed -n 2,8p "$0"; exit 1 ;;
esac
