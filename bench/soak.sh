#!/usr/bin/env bash
# The soak (issue 19; not part of the test command): 1,000 sockets in 200 rooms joining, relaying,
# reloading, dropping and resuming, knocking and leaving for 30 minutes against the built WAR in a
# JVM of its own, sampling its heap after a full GC, its threads and its file descriptors every
# minute. Pass: 0 relays lost, 0 internal errors, heap, threads and descriptors flat.
#
#   bash bench/soak.sh [minutes] [sockets] [rooms]      (as root: it runs in a loopback-only namespace)
#
# The same test runs in CI for about 90 s with 200 sockets (SoakIT's defaults). Output and figures:
# bench/results/soak-<date>.txt; the method and the last figures are in docs/developer/operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-30}
sockets=${2:-1000}
rooms=${3:-200}
[ -f target/tfx-sessions.war ] || mvn -B -q -DskipTests package
mvn -B -q dependency:go-offline >/dev/null
mkdir -p bench/results
out=bench/results/soak-$(date +%F-%H%M).txt
echo "soak: $minutes min, $sockets sockets, $rooms rooms → $out"
unshare -n bash -c 'ip link set lo up && exec "$@"' soak \
  mvn -o -B failsafe:integration-test failsafe:verify -Dit.test=SoakIT \
  -Dsoak.minutes="$minutes" -Dsoak.sockets="$sockets" -Dsoak.rooms="$rooms" \
  -Dsoak.sampleSeconds=60 2>&1 | tee "$out" | grep -E '^soak|Tests run:|FAIL'
