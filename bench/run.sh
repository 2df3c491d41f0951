#!/usr/bin/env bash
# Signalling benchmark: TFX Sessions on each deployment target (embedded Tomcat 10.1, Payara
# Micro 6) and the PeerJS server, measured side by side in one run. All servers are pinned to
# core 0, the load generator to core 1; the phases alternate between the servers so that all see
# the same background load.
#
#   bash bench/run.sh                          # 5,000 clients, ~10 minutes
#   CLIENTS=300 QUICK=true bash bench/run.sh   # smoke run, ~1 minute
#   SKIP_BUILD=true bash bench/run.sh          # reuse target/ from the last build
#   JAVA_EXTRA='-XX:StartFlightRecording=filename=target/bench/ours.jfr' bash bench/run.sh
#   TOMCAT_TUNING= bash bench/run.sh           # Tomcat's default buffer sizes
#   DEFLATE=false bash bench/run.sh            # clients that do not offer permessage-deflate
#   SERVER_DEFLATE=true bash bench/run.sh      # our server accepting it (tfx.ws.deflate=true)
#   CLIENTS=15000 HEAP=512m bash bench/run.sh  # the idle-capacity target: 15,000 sockets, 512 MiB
#   TARGETS=tomcat bash bench/run.sh           # one deployment target (default: tomcat payara wildfly)
#   PAYARA_JAR=~/.m2/…/payara-micro-6.2025.10.jar TARGETS=payara bash bench/run.sh   # another Payara
#   PAYARA_PREBOOT_EXTRA='set …' TARGETS=payara bash bench/run.sh   # a Payara setting as a lever
#   TARGETS='tomcat wildfly' bash bench/run.sh # WildFly (Undertow), as the it-wildfly profile fetches it
#   WILDFLY_CLI_EXTRA='/subsystem=…' TARGETS=wildfly bash bench/run.sh   # a WildFly setting as a lever
#   H2_OPTIONS=';WRITE_DELAY=500' bash bench/run.sh   # appended to each server's H2 URL, a store lever
#   H2_MEM=true bash bench/run.sh              # H2 in memory: what joins cost with no store on disk
#   PG=true TARGETS=tomcat bash bench/run.sh   # on PostgreSQL (.ci/with-postgres; needs root)
#
# By default the clients offer permessage-deflate exactly as Chromium does; whether a server
# accepts it is its own setting (ours: tfx.ws.deflate, off by default).
#
# NICE (default -10, needs root; ignored otherwise) runs both servers and the load generator at
# the same raised priority, so that other work on a shared machine disturbs the run less.
# Writes bench/results/<date>.{json,md,svg} and prints the table (QUICK runs write to target/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS_GIVEN=${CLIENTS:-}
CLIENTS=${CLIENTS:-5000}
QUICK=${QUICK:-false}
OURS_PORT=${OURS_PORT:-18090}
PEERJS_PORT=${PEERJS_PORT:-19000}
NICE=${NICE:--10}
DEFLATE=${DEFLATE:-true}
SERVER_DEFLATE=${SERVER_DEFLATE:-false}
HEAP=${HEAP:-1g}
# The deployment targets our WAR is measured on, each against the same PeerJS server.
TARGETS=${TARGETS:-tomcat payara wildfly}
# As docs/developer/deployment.md tells Payara operators (the ITs read the same file): no default
# X-Frame-Options, and bodies on DELETE reach the app.
PAYARA_PREBOOT=$(cat src/test/resources/server-setup/payara-preboot.asadmin)
# More asadmin commands for Payara, one per line, to measure a container setting as a lever.
if [ -n "${PAYARA_PREBOOT_EXTRA:-}" ]; then
  PAYARA_PREBOOT="$PAYARA_PREBOOT
$PAYARA_PREBOOT_EXTRA"
fi

# WildFly as deployment.md sets it up (the ITs read the same file): the WAR at /, /console left
# to the app, Undertow answering WebSocket frames on its I/O thread (dispatch-to-worker=false) instead of handing each one to a
# worker, Undertow's permessage-deflate available (tfx.ws.deflate decides, off by default), and
# requests for * answered 400 before the servlets.
WILDFLY_CLI=$(cat src/test/resources/server-setup/wildfly.cli)
if [ -n "${WILDFLY_CLI_EXTRA:-}" ]; then
  WILDFLY_CLI="$WILDFLY_CLI
$WILDFLY_CLI_EXTRA"
fi

# The deployment tuning of docs/developer/deployment.md ("Many sockets"): 2 KiB buffers in
# Tomcat's WebSocket layer (a JVM property) and in the HTTP connector (connector.* attributes).
TOMCAT_TUNING=${TOMCAT_TUNING--Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=2048 -Dconnector.socket.appReadBufSize=2048 -Dconnector.socket.appWriteBufSize=2048}
work=target/bench
mkdir -p "$work" bench/results

. bench/common.sh
# The load generator is one process and holds every server's clients open at once (the phases
# alternate between the servers): per server CLIENTS plus 500 join samples, under its open-file
# limit (20,000 here, and root cannot raise it in this container).
servers=$(( $(wc -w <<< "$TARGETS") + 1 ))
fit=$(( ($(ulimit -n) - 1000) / servers - 500 ))
if [ "$CLIENTS" -gt "$fit" ]; then
  if [ -n "$CLIENTS_GIVEN" ]; then
    echo "warning: $CLIENTS clients for $servers servers need more than $(ulimit -n) open files"
  else
    CLIENTS=$(( fit / 500 * 500 ))
    echo "$CLIENTS clients per server: $servers servers within $(ulimit -n) open files"
  fi
fi
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# Our settings on every target: per-socket rate limit and per-address cap raised (one address,
# thousands of sockets), idle timeouts longer than the run, so no keep-alive traffic is needed.
settings=(-Dtfx.ws.deflate="$SERVER_DEFLATE" -Dtfx.ws.maxConnectionsPerAddress=100000
  -Dtfx.ws.ratePerSecond=100000 -Dtfx.ws.rateBurst=100000 -Dtfx.ws.idleTimeout=60m
  -Dtfx.room.maxCapacity=12)
pids=()
ours_spec=()
# Stop them all and make sure they are gone (SIGKILL after 20 s): a JVM closing 5,000 sockets
# can take minutes, and a run started meanwhile measures that shutdown (seen: load 23 at the
# start of the next run, its storm figures halved).
stop_servers() {
  kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 40); do
    alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 1 ] || return 0
    sleep 0.5
  done
  kill -9 "${pids[@]}" 2>/dev/null || true
}
trap stop_servers EXIT
# Each server's H2 database, on file by default (H2_MEM and H2_OPTIONS measure the store as a lever;
# PG=true runs one target on a throw-away PostgreSQL, pinned to core 0 with the servers).
if [ "${PG:-false}" = true ] && [ -z "${IT_DB_URL:-}" ]; then
  exec .ci/with-postgres bash "$0" "$@"
fi
if [ -n "${IT_DB_URL:-}" ]; then
  taskset -a -p -c 0 "$(head -1 target/pg/data/postmaster.pid)" > /dev/null
  settings+=(-Dtfx.db.user="$IT_DB_USER" -Dtfx.db.password="$IT_DB_PASSWORD")
fi
db_url() {
  if [ -n "${IT_DB_URL:-}" ]; then
    echo "$IT_DB_URL"
  elif [ "${H2_MEM:-false}" = true ]; then
    echo "jdbc:h2:mem:tfx;DB_CLOSE_DELAY=-1${H2_OPTIONS:-}"
  else
    echo "jdbc:h2:file:$PWD/$work/$1/db/tfx${H2_OPTIONS:-}"
  fi
}
port=$OURS_PORT
for target in $TARGETS; do
  rm -rf "$work/$target"
  mkdir -p "$work/$target"
  case $target in
    tomcat)
      nice -n "$NICE" taskset -c 0 java $TOMCAT_TUNING ${JAVA_EXTRA:-} -Xms512m -Xmx"$HEAP" \
        -XX:+UseG1GC -Dconnector.maxConnections=22000 "${settings[@]}" \
        -Dtfx.db.url="$(db_url "$target")" \
        -cp "$cp" org.tfx.sessions.it.support.StandaloneServer \
        "$PWD/target/tfx-sessions.war" "$port" "$PWD/$work/$target/tomcat" \
        > "$work/$target.log" 2>&1 &
      ;;
    payara)
      jar=${PAYARA_JAR:-$(ls target/it-server/dist/payara-micro-*.jar 2>/dev/null | head -1 || true)}
      [ -n "$jar" ] || mvn -B -q -Pit-payara dependency:copy@payara-dist
      jar=${PAYARA_JAR:-$(ls target/it-server/dist/payara-micro-*.jar | head -1)}
      echo "$PAYARA_PREBOOT" > "$work/$target/preboot.asadmin"
      nice -n "$NICE" taskset -c 0 java ${JAVA_EXTRA:-} -Xms512m -Xmx"$HEAP" -XX:+UseG1GC \
        "${settings[@]}" -Dtfx.db.url="$(db_url "$target")" \
        -jar "$jar" --deploy "$PWD/target/tfx-sessions.war" --contextroot / --port "$port" \
        --nocluster --prebootcommandfile "$work/$target/preboot.asadmin" \
        --rootdir "$PWD/$work/$target/root" > "$work/$target.log" 2>&1 &
      ;;
    wildfly)
      home=${WILDFLY_HOME:-$(ls -d target/it-server/dist/wildfly-*/ 2>/dev/null | head -1 || true)}
      [ -n "$home" ] || mvn -B -q -Pit-wildfly dependency:unpack@wildfly-dist
      home=${WILDFLY_HOME:-$(ls -d target/it-server/dist/wildfly-*/ | head -1)}
      home=${home%/}
      base=$PWD/$work/$target/base
      cp -r "$home/standalone" "$base"
      { echo 'embed-server --server-config=standalone.xml --std-out=discard'
        echo "$WILDFLY_CLI"
        echo 'stop-embedded-server'; } > "$work/$target/setup.cli"
      JAVA_OPTS="-Djboss.server.base.dir=$base" "$home/bin/jboss-cli.sh" --file="$work/$target/setup.cli" \
        > "$work/$target/setup.log"
      cp target/tfx-sessions.war "$base/deployments/ROOT.war"
      # In the background with a pid file, so that the pid measured and stopped is the JVM's.
      LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$work/$target/jvm.pid" \
        JAVA_OPTS="${JAVA_EXTRA:-} -Xms512m -Xmx$HEAP -XX:+UseG1GC -Djava.net.preferIPv4Stack=true" \
        nice -n "$NICE" taskset -c 0 "$home/bin/standalone.sh" -Djboss.server.base.dir="$base" \
        -Djboss.http.port="$port" -Djboss.management.http.port=$((port + 1000)) "${settings[@]}" \
        -Dtfx.db.url="$(db_url "$target")" > "$work/$target.log" 2>&1 &
      for _ in $(seq 1 100); do [ -s "$work/$target/jvm.pid" ] && break; sleep 0.2; done
      ;;
    *) echo "unknown target $target (tomcat, payara, wildfly)"; exit 1 ;;
  esac
  pids+=($!)
  jvm=$!
  if [ "$target" = wildfly ]; then
    jvm=$(cat "$work/$target/jvm.pid")
    pids+=($jvm)
  fi
  ours_spec+=("$target=http://127.0.0.1:$port@$jvm")
  port=$((port + 1))
done
nice -n "$NICE" taskset -c 0 node bench/node_modules/peer/dist/bin/peerjs.js --port "$PEERJS_PORT" \
  --concurrent_limit 100000 --alive_timeout 3600000 --expire_timeout 5000 > "$work/peerjs.log" 2>&1 &
peer=$!
pids+=($peer)

for spec in "${ours_spec[@]}"; do
  url=${spec#*=}
  url=${url%@*}
  for i in $(seq 1 240); do
    curl -sf "$url/health" >/dev/null && break
    sleep 0.5
  done
  curl -sf "$url/health" >/dev/null || { echo "${spec%%=*} did not start; see $work/${spec%%=*}.log"; exit 1; }
done

if [ "$QUICK" = true ]; then
  out="$work/results/$(date -u +%Y-%m-%dT%H%M%SZ).json"
else
  out="bench/results/$(date -u +%Y-%m-%dT%H%M%SZ).json"
fi
ours_arg=$(IFS=,; echo "${ours_spec[*]}")
nice -n "$NICE" taskset -c 1 node bench/load.mjs --ours "$ours_arg" \
  --peerjs "ws://127.0.0.1:$PEERJS_PORT" --peerjs-pid "$peer" \
  --clients "$CLIENTS" --quick "$QUICK" --deflate "$DEFLATE" --out "$out" ${LOAD_EXTRA:-}
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results: $out"
