#!/usr/bin/env bash
# Cluster benchmark: two nodes of the WAR on one PostgreSQL and one Redis, all on core 0; the load
# generator (bench/cluster.mjs) on core 1. Reports relay latency between peers on the same node and
# across the two nodes, and join latency, in one run.
#
#   bash bench/cluster.sh                       # 200 pairs, 1,000 msg/s, 2 × 20 s per phase
#   PAIRS=50 SECONDS_PER_PHASE=5 bash bench/cluster.sh
#   SKIP_BUILD=true bash bench/cluster.sh
#
# Needs root (PostgreSQL runs as the postgres user) and Debian's postgresql and redis-server.
# Writes bench/results/cluster-<date>.{json,md}.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${IT_DB_URL:-}" ]; then
  exec .ci/with-postgres bash bench/cluster.sh "$@"
fi
work=target/bench-cluster
mkdir -p "$work" bench/results
. bench/common.sh

redis_port=16379
taskset -c 0 redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize no > "$work/redis.log" 2>&1 &
redis=$!
pids=($redis)
start_node() {
  local name=$1 port=$2
  rm -rf "$work/$name"
  taskset -c 0 java -Xms512m -Xmx1g -XX:+UseG1GC \
    -Dtfx.db.url="$IT_DB_URL" -Dtfx.db.user="$IT_DB_USER" -Dtfx.db.password="$IT_DB_PASSWORD" \
    -Dtfx.cluster.redisUrl=redis://127.0.0.1:$redis_port -Dtfx.cluster.nodeId="$name" \
    -Dtfx.ws.maxConnectionsPerAddress=100000 -Dtfx.ws.ratePerSecond=100000 \
    -Dtfx.ws.rateBurst=100000 -Dtfx.ws.idleTimeout=60m \
    -cp "$cp" org.tfx.sessions.it.support.StandaloneServer \
    "$PWD/target/tfx-sessions.war" "$port" "$PWD/$work/$name" > "$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null && return 0
    sleep 0.5
  done
  echo "node $name did not start; see $work/$name.log"
  exit 1
}
trap 'kill ${pids[*]} 2>/dev/null || true; wait 2>/dev/null || true' EXIT
start_node a 18101
start_node b 18102
out="bench/results/cluster-$(date -u +%Y-%m-%dT%H%M%SZ).json"
taskset -c 1 node bench/cluster.mjs --a http://127.0.0.1:18101 --b http://127.0.0.1:18102 \
  --pairs "${PAIRS:-200}" --rate "${RATE:-1000}" --seconds "${SECONDS_PER_PHASE:-20}" \
  --rounds "${ROUNDS:-2}" --out "$out"
echo "results: $out"
