#!/usr/bin/env bash
# Signalling benchmark: TFX Sessions vs the PeerJS server, measured side by side in one run.
# Both servers are pinned to core 0, the load generator to core 1; the phases alternate between
# the two servers so that both see the same background load.
#
#   bash bench/run.sh                          # 5,000 clients, ~6 minutes
#   CLIENTS=300 QUICK=true bash bench/run.sh   # smoke run, ~1 minute
#   SKIP_BUILD=true bash bench/run.sh          # reuse target/ from the last build
#   JAVA_EXTRA='-XX:StartFlightRecording=filename=target/bench/ours.jfr' bash bench/run.sh
#   TOMCAT_TUNING= bash bench/run.sh           # Tomcat's default buffer sizes
#
# NICE (default -10, needs root; ignored otherwise) runs both servers and the load generator at
# the same raised priority, so that other work on a shared machine disturbs the run less.
# Writes bench/results/<date>.{json,md,svg} and prints the table (QUICK runs write to target/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${CLIENTS:-5000}
QUICK=${QUICK:-false}
OURS_PORT=${OURS_PORT:-18090}
PEERJS_PORT=${PEERJS_PORT:-19000}
NICE=${NICE:--10}
# The deployment tuning of docs/developer/deployment.md ("Many sockets"): 2 KiB buffers in
# Tomcat's WebSocket layer (a JVM property) and in the HTTP connector (connector.* attributes).
TOMCAT_TUNING=${TOMCAT_TUNING--Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=2048 -Dconnector.socket.appReadBufSize=2048 -Dconnector.socket.appWriteBufSize=2048}
work=target/bench
mkdir -p "$work" bench/results

. bench/common.sh
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

rm -rf "$work/db" "$work/tomcat"
# Idle timeouts longer than the run on both servers, so no keep-alive traffic is needed.
nice -n "$NICE" taskset -c 0 java $TOMCAT_TUNING ${JAVA_EXTRA:-} -Xms512m -Xmx1g -XX:+UseG1GC \
  -Dtfx.db.url="jdbc:h2:file:$PWD/$work/db/tfx" \
  -Dtfx.ws.maxConnectionsPerAddress=100000 \
  -Dtfx.ws.ratePerSecond=100000 -Dtfx.ws.rateBurst=100000 \
  -Dtfx.ws.idleTimeout=60m -Dtfx.room.maxCapacity=12 \
  -cp "$cp" org.tfx.sessions.it.support.StandaloneServer \
  "$PWD/target/tfx-sessions.war" "$OURS_PORT" "$PWD/$work/tomcat" > "$work/ours.log" 2>&1 &
ours=$!
nice -n "$NICE" taskset -c 0 node bench/node_modules/peer/dist/bin/peerjs.js --port "$PEERJS_PORT" \
  --concurrent_limit 100000 --alive_timeout 3600000 --expire_timeout 5000 > "$work/peerjs.log" 2>&1 &
peer=$!
# Stop both and make sure they are gone (SIGKILL after 20 s): a JVM closing 5,000 sockets can
# take minutes, and a run started meanwhile measures that shutdown (seen: load 23 at the start
# of the next run, its storm figures halved).
stop_servers() {
  kill $ours $peer 2>/dev/null || true
  for _ in $(seq 1 40); do
    kill -0 $ours 2>/dev/null || kill -0 $peer 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 $ours $peer 2>/dev/null || true
}
trap stop_servers EXIT

for i in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$OURS_PORT/health" >/dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$OURS_PORT/health" >/dev/null || { echo "our server did not start; see $work/ours.log"; exit 1; }

if [ "$QUICK" = true ]; then
  out="$work/results/$(date -u +%Y-%m-%dT%H%M%SZ).json"
else
  out="bench/results/$(date -u +%Y-%m-%dT%H%M%SZ).json"
fi
nice -n "$NICE" taskset -c 1 node bench/load.mjs --ours "http://127.0.0.1:$OURS_PORT" --ours-pid "$ours" \
  --peerjs "ws://127.0.0.1:$PEERJS_PORT" --peerjs-pid "$peer" \
  --clients "$CLIENTS" --quick "$QUICK" --out "$out" ${LOAD_EXTRA:-}
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results: $out"
