#!/usr/bin/env bash
# Runs a command against a real summitd process on a fresh database in the
# test cluster, then stops summitd with SIGTERM and checks that it shut down
# cleanly.
#   with_summitd.sh BUILD_DIR COMMAND [ARGS...]
# The command sees SUMMIT_SERVER, SUMMIT_ADMIN_TOKEN, SUMMIT_BUILD_DIR,
# SUMMIT_WORK (a scratch folder removed afterwards) and SUMMIT_PID (summitd's
# process, for tests that stop it themselves). summitd drains for
# SUMMIT_DRAIN_SECONDS (0 unless the caller sets it).
set -euo pipefail
build=$(realpath "$1"); shift
: "${SUMMIT_TEST_PG_DIR:?the CTest fixture sets it}"

work=$(mktemp -d)
db="client_$$"
admin="host=$SUMMIT_TEST_PG_DIR port=$(cat "$SUMMIT_TEST_PG_DIR/port") user=postgres"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  psql "$admin dbname=postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql "$admin dbname=postgres" -qc "CREATE DATABASE $db" >/dev/null
export SUMMIT_DATABASE="$admin dbname=$db"
(umask 077; head -c 48 /dev/urandom | base64 > "$work/token.key")
export SUMMIT_TOKEN_KEY_FILE="$work/token.key"
summitd="$build/services/server/summitd"
export SUMMIT_DRAIN_SECONDS=${SUMMIT_DRAIN_SECONDS:-0}

"$summitd" migrate >/dev/null
token=$("$summitd" bootstrap-admin --email admin@clienttest.example)
"$summitd" serve --listen 127.0.0.1:0 --port-file "$work/port" >"$work/summitd.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
[ -s "$work/port" ] || { cat "$work/summitd.log"; exit 1; }

status=0
SUMMIT_SERVER="127.0.0.1:$(cat "$work/port")" SUMMIT_ADMIN_TOKEN="$token" \
  SUMMIT_BUILD_DIR="$build" SUMMIT_WORK="$work" SUMMIT_PID="$pid" "$@" || status=$?

kill -TERM "$pid" 2>/dev/null || true  # the command may have stopped it already
if ! wait "$pid"; then
  echo "summitd did not exit cleanly on SIGTERM"; cat "$work/summitd.log"; exit 1
fi
pid=""
grep -q "shutting down" "$work/summitd.log" || { echo "no graceful shutdown"; exit 1; }
exit $status
