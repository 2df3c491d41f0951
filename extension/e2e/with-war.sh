#!/usr/bin/env bash
# Runs the browser tests against the real WAR (target/tfx-sessions.war, with the client inside)
# on Tomcat via cargo, all inside a network namespace that has only loopback.
#   bash extension/e2e/with-war.sh [test files…]      (from the repository root, as root)
# Needs: mvn -B -DskipTests package (with the client built into the WAR) and dependencies cached.
set -euo pipefail
cd "$(dirname "$0")/../.."
port="${TFX_E2E_PORT:-18480}"
# Two runs at once would share Cargo's Tomcat directory (target/cargo): the second one's set-up
# wipes the first one's web app, which then answers 404 to everything. One at a time.
mkdir -p target
exec 9>target/e2e-with-war.lock
flock -n 9 || { echo "with-war.sh is already running here (they share target/cargo)"; exit 1; }
files=("$@")
[ ${#files[@]} -gt 0 ] || files=($(cd extension && ls e2e/*.e2e.js))
exec unshare -n bash -c '
  set -euo pipefail
  ip link set lo up
  port='"$port"'
  # The settings ClientE2EIT gives the server (extension/e2e/real-server.json); Tomcat
  # inherits them from the environment.
  eval "$(node extension/e2e/real-server.js --env "$PWD")"
  mvn -B -o cargo:run -Dtfx.run.port=$port > target/e2e-cargo.log 2>&1 &
  cargo=$!
  trap "kill $cargo 2>/dev/null; wait $cargo 2>/dev/null" EXIT
  for i in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  cd extension
  TFX_SERVER_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 '"${files[*]}"'
'
