#!/usr/bin/env bash
# What one relayed message costs each server in system calls, context switches and CPU time:
# a fixed-rate soak per server (ours, then PeerJS), set up as in run.sh, with `perf stat`
# attached to the server for 8 s of it. Counts are divided by the messages the rate sends in those
# 8 s (the soak line printed first shows the achieved rate; at 10,000/s it was within 0.1 %).
# These counts move far less with the machine's load than CPU time does, so they compare server
# settings better than run.sh's CPU figures do (docs/developer/benchmark.md, "Counted per message").
#
#   bash bench/syscalls.sh                                   # 10,000 msg/s, 2,000 clients
#   RATE=5000 JAVA_EXTRA='-Dconnector.maxThreads=2' bash bench/syscalls.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# perf from Debian's package registry when missing (as root, like the test command's installs).
if ! command -v perf >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "needs perf: apt-get install -y linux-perf (as root)"; exit 1; }
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q linux-perf
fi
RATE=${RATE:-10000}
export PERF_OUT="$PWD/target/bench/syscalls" PERF_SECONDS=8
rm -rf "$PERF_OUT" && mkdir -p "$PERF_OUT"
TARGETS=${TARGETS:-tomcat} QUICK=true CLIENTS=${CLIENTS:-2000} \
  LOAD_EXTRA="--warm-clients 1000 --warm-seconds 10 --soak ${RATE}x12 --soak-cmd $PWD/bench/perf-stat.sh" \
  bash bench/run.sh > "$PERF_OUT/run.log" 2>&1 || { tail -20 "$PERF_OUT/run.log"; exit 1; }
grep ' soak: ' "$PERF_OUT/run.log" | cut -c1-160
messages=$((RATE * PERF_SECONDS))
printf '\nper relayed message, %s msg/s for %s s (%s messages)\n' "$RATE" "$PERF_SECONDS" "$messages"
for server in java node; do
  awk -F, -v m="$messages" -v s="$server" '
    /^[0-9]/ { name = $3; sub(/^(raw_)?syscalls:sys_enter_?/, "", name); if (name == "") name = "all syscalls"
               v[++n] = name; x[name] = (name == "task-clock") ? $1 * 1000 / m : $1 / m }
    END { printf "%-6s", (s == "java") ? "ours" : "PeerJS"
          for (i = 1; i <= n; i++) printf "  %s %.2f", v[i], x[v[i]]; printf "  (task-clock in µs)\n" }
  ' "$PERF_OUT/$server.csv"
done
