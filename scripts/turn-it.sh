#!/bin/sh
# Runs the TURN integration tests (real coturn, and headless Chromium for the relay-only call)
# inside a network namespace that holds only the loopback interface, so no test packet can leave
# the machine. Installs what is missing first. Run as root from the project directory:
#   sh scripts/turn-it.sh            # TurnServerIT, CoturnProductionConfigIT, RelayOnlyCallIT
#   IT='TurnServerIT' sh scripts/turn-it.sh
set -eu
cd "$(dirname "$0")/.."

need=""
command -v turnserver >/dev/null 2>&1 || need="$need coturn"
[ -x /usr/bin/chromium ] || need="$need chromium"
command -v unshare >/dev/null 2>&1 || need="$need util-linux"
command -v ip >/dev/null 2>&1 || need="$need iproute2"
if [ -n "$need" ]; then
  apt-get update -q
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $need
fi
# The Debian package may start a system-wide coturn; the tests start their own.
if [ -d /run/systemd/system ] && systemctl is-active --quiet coturn 2>/dev/null; then
  echo "note: a system coturn is running; the tests use their own ports" >&2
fi

it=${IT:-TurnServerIT,CoturnProductionConfigIT,RelayOnlyCallIT}
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Everything Maven needs is fetched first, outside the namespace (which has no network).
mvn -B -q test-compile dependency:go-offline
exec unshare -n sh -c 'ip link set lo up && exec "$@"' sh \
  mvn -o -B verify -Dit.test="$it" -Dtest=skip -Dsurefire.failIfNoSpecifiedTests=false
