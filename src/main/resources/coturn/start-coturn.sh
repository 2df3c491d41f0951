#!/bin/sh
# Starts coturn in the foreground with the hardened turnserver.conf beside this script, plus what
# differs per host. Secrets go into a generated config file readable only by its owner, never
# onto the command line (where `ps` would show them).
#
# Environment:
#   TURN_REALM        required: the realm, e.g. turn.example.org
#   TURN_SECRETS      shared secrets, comma-separated, current first (TFX_TURN_SECRETS, the app's
#                     own variable, is used when this one is unset): coturn accepts all of them
#   TURN_USERDB       instead of TURN_SECRETS: a coturn SQLite userdb whose turn_secret table holds
#                     the secrets (rotation without restart, see deployment-coturn.md)
#   TURN_EXTERNAL_IP  public address, or public/private when behind 1:1 NAT (cloud VMs)
#   TURN_CERT, TURN_PKEY  PEM certificate chain and key for turns:; without them TLS is off
#   TURN_PORT (3478), TURN_TLS_PORT (5349, or 443), TURN_MIN_PORT, TURN_MAX_PORT (relay range)
#   TURN_LISTEN_IPS, TURN_RELAY_IPS   comma-separated addresses (default: all)
#   TURN_RUN_DIR      where the generated config goes (default: a new private temp directory)
#   TURN_PROC_USER    user to become once the ports are bound (default: turnserver when started
#                     as root and that user exists; empty: stay who you are)
#   TURNSERVER        the binary (default: turnserver)
# Further arguments are passed to turnserver unchanged.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
conf="$here/turnserver.conf"
turnserver=${TURNSERVER:-turnserver}

fail() {
  echo "start-coturn.sh: $*" >&2
  exit 2
}

command -v "$turnserver" >/dev/null 2>&1 ||
  fail "$turnserver not found; install it with: apt-get install -y coturn"
[ -n "${TURN_REALM:-}" ] || fail "TURN_REALM is not set"
secrets=${TURN_SECRETS:-${TFX_TURN_SECRETS:-}}
if [ -z "$secrets" ] && [ -z "${TURN_USERDB:-}" ]; then
  fail "set TURN_SECRETS (comma-separated, current first) or TURN_USERDB"
fi

umask 077
run_dir=${TURN_RUN_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/tfx-coturn.XXXXXX")}
mkdir -p "$run_dir"
out="$run_dir/turnserver.conf"

# Keys set below are dropped from the shipped file so each appears once.
grep -v -E '^(listening-port|tls-listening-port|min-port|max-port)=' "$conf" >"$out"
{
  echo
  echo "# --- Added by start-coturn.sh"
  echo "realm=$TURN_REALM"
  echo "listening-port=${TURN_PORT:-3478}"
  echo "tls-listening-port=${TURN_TLS_PORT:-5349}"
  echo "min-port=${TURN_MIN_PORT:-49152}"
  echo "max-port=${TURN_MAX_PORT:-65535}"
  # Word splitting on commas only; secrets must not contain commas or spaces.
  old_ifs=$IFS
  IFS=','
  for s in $secrets; do
    [ -n "$s" ] && echo "static-auth-secret=$s"
  done
  for ip in ${TURN_LISTEN_IPS:-}; do echo "listening-ip=$ip"; done
  for ip in ${TURN_RELAY_IPS:-}; do echo "relay-ip=$ip"; done
  IFS=$old_ifs
  [ -n "${TURN_USERDB:-}" ] && echo "userdb=$TURN_USERDB"
  [ -n "${TURN_EXTERNAL_IP:-}" ] && echo "external-ip=$TURN_EXTERNAL_IP"
  if [ -n "${TURN_CERT:-}" ] && [ -n "${TURN_PKEY:-}" ]; then
    echo "cert=$TURN_CERT"
    echo "pkey=$TURN_PKEY"
  else
    echo "start-coturn.sh: TURN_CERT/TURN_PKEY unset: no turns: (TLS) listener" >&2
    echo "no-tls"
  fi
  # Drop root once the ports are bound (the Debian package creates this user).
  proc_user=${TURN_PROC_USER-turnserver}
  if [ -n "$proc_user" ] && [ "$(id -u)" = 0 ] && id "$proc_user" >/dev/null 2>&1; then
    echo "proc-user=$proc_user"
    echo "proc-group=$(id -gn "$proc_user")"
  fi
} >>"$out"

exec "$turnserver" -c "$out" "$@"
