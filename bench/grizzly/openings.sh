#!/usr/bin/env bash
# Counts WebSocket openings the server never answers, and the GRIZZLY0013 NPEs it logs meanwhile
# (docs/TESTING.md, "Known container issue"). One Payara Micro at a time, on port $PORT (default 18098).
#   bench/grizzly/openings.sh trivial PATH [N] [MODE]  the control WAR (TrivialEndpoint.java), PATH one of
#                                                      /echo /close-app /close-io /close-frame
#   bench/grizzly/openings.sh osmosis [WAR] [N] [MODE] Osmosis (default target/osmosis.war); every session is
#                                                      refused at connect, so the server closes each WebSocket
# MODE: rawwait (default: a socket that answers the server's close at once), jdkwait (java.net.http), raw, jdk.
# Prints the probe's line (answered / unanswered / failed) and the GRIZZLY0013 count from the server log.
set -euo pipefail
cd "$(dirname "$0")/../.."
PAYARA=${PAYARA_JAR:-$HOME/.m2/repository/fish/payara/extras/payara-micro/6.2025.10/payara-micro-6.2025.10.jar}
M2=$HOME/.m2/repository/jakarta/websocket
OUT=target/bench/grizzly
PORT=${PORT:-18098}
mkdir -p "$OUT/rt"
what=$1
if [ "$what" = trivial ]; then
  path=${2:-/close-app}; n=${3:-2000}; mode=${4:-rawwait}; first=
  rm -rf "$OUT/war" && mkdir -p "$OUT/war/WEB-INF/classes"
  javac -d "$OUT/war/WEB-INF/classes" \
    -cp "$M2/jakarta.websocket-api/2.1.0/jakarta.websocket-api-2.1.0.jar:$M2/jakarta.websocket-client-api/2.1.0/jakarta.websocket-client-api-2.1.0.jar" \
    bench/grizzly/TrivialEndpoint.java
  (cd "$OUT/war" && jar cf ../trivial.war .)
  war=$OUT/trivial.war; extra=()
else
  war=${2:-target/osmosis.war}; n=${3:-3000}; mode=${4:-rawwait}; path=/osmosis; first='{"t":"connect","v":9}'
  extra=(-Dosmosis.config=payara-config/osmosis.properties -Dosmosis.securityStore=payara-config/security-store.json
         -Dosmosis.maxWebSocketsPerAddress=1000000 -Dosmosis.maxAnonymousSessionsPerAddress=1000000)
fi
log=$OUT/server-$(date +%s).log
: > "$log"
java -Xmx768m -Djava.io.tmpdir="$OUT/rt" "${extra[@]}" -jar "$PAYARA" --deploy "$war" --contextroot / --port "$PORT" \
  --nocluster --prebootcommandfile payara-config/pre-boot-commands.txt > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do grep -q "ready in" "$log" && break; kill -0 $pid 2>/dev/null || break; sleep 1; done
grep -q "ready in" "$log" || { echo "the server did not start: $log" >&2; exit 1; }
sleep 2
java bench/grizzly/OpeningsProbe.java "ws://127.0.0.1:$PORT$path" "$n" 8 5000 "$mode" 0 ${first:+"$first"}
echo "GRIZZLY0013=$(grep -c GRIZZLY0013 "$log" || true) log=$log"
