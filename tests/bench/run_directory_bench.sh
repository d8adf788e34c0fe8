#!/usr/bin/env bash
# Measures the directory on this machine: a private PostgreSQL cluster and
# one summitd (release build), loaded by directory_load on loopback for each
# method. Prints one line of figures per run; bounded in time and count.
#   bash tests/bench/run_directory_bench.sh [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-10}
build="$root/build-release"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j 2 --target summitd directory_load >/dev/null

work=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  "$root/deploy/local/pg_cluster.sh" destroy "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cluster=$("$root/deploy/local/pg_cluster.sh" start "$work/pg")
export SUMMIT_DATABASE="$cluster"
head -c 48 /dev/urandom | base64 > "$work/key"
export SUMMIT_TOKEN_KEY_FILE="$work/key"
"$build/services/server/summitd" migrate >/dev/null
token=$("$build/services/server/summitd" bootstrap-admin)
"$build/services/server/summitd" serve --listen 127.0.0.1:0 --port-file "$work/port" \
  --db-workers "${DB_WORKERS:-8}" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
echo "# $(nproc) cores, PostgreSQL over a Unix socket, db workers ${DB_WORKERS:-8}"
for method in get list create; do
  "$build/tests/bench/directory_load" --server "127.0.0.1:$(cat "$work/port")" --token "$token" \
    --method "$method" --seconds "$seconds" --channels 4 --in-flight 32
done
echo "# summitd peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
