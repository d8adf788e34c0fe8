#!/usr/bin/env bash
# A private PostgreSQL cluster in a folder of ours, on a Unix socket in that
# folder and a loopback TCP port.
#   pg_cluster.sh start DIR [PORT]   init (first time) and start; prints the conninfo
#   pg_cluster.sh stop DIR           stop (data kept)
#   pg_cluster.sh restart DIR MODE   restart with shutdown mode fast or immediate
#   pg_cluster.sh destroy DIR        stop and remove the folder
# PostgreSQL refuses to run as root, so as root the cluster runs as the
# `postgres` user.
set -euo pipefail

cmd=${1:?usage: pg_cluster.sh start|stop|destroy DIR [PORT]}
dir=$(realpath -ms "${2:?cluster folder}")
port=${3:-}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL server binaries not found; install postgresql" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local p
  for p in $(shuf -i 20000-40000 -n 50); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port found" >&2; exit 1
}

# As root the cluster runs as `postgres`, which must be able to reach the
# folder. A checkout under a private home (/root is 0700) is out of its reach:
# then the data lives in /var/lib/summit-pg/<hash of the path>, with a symlink
# at the project-local path.
if [ "$(id -u)" = 0 ] && [ "$cmd" = start ] && [ ! -L "$dir" ]; then
  mkdir -p "$(dirname "$dir")"
  if ! runuser -u postgres -- test -x "$(dirname "$dir")"; then
    alt="/var/lib/summit-pg/$(printf %s "$dir" | sha1sum | cut -c1-12)"
    mkdir -p "$alt"
    chmod 755 /var/lib/summit-pg
    rm -rf "$dir"
    ln -s "$alt" "$dir"
    echo "note: postgres cannot enter $(dirname "$dir"); cluster data is in $alt (linked from $dir)" >&2
  fi
fi
[ -L "$dir" ] && link="$dir" && dir=$(readlink -f "$dir") || link=""

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir" && chmod 700 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$pg_bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if [ -f "$dir/port" ] && [ -z "$port" ]; then port=$(cat "$dir/port"); fi
    [ -n "$port" ] || port=$(free_port)
    echo "$port" > "$dir/port"
    if ! as_owner "$pg_bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c idle_in_transaction_session_timeout=30s ${PG_EXTRA_OPTS:-}" start >/dev/null \
        || { tail -20 "$dir/server.log" >&2; exit 1; }
    fi
    echo "host=$dir port=$port user=postgres dbname=postgres"
    ;;
  stop)
    [ -f "$dir/data/PG_VERSION" ] && as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  restart)
    mode=${3:?restart needs a mode: fast or immediate}
    as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m "$mode" -w -t 60 restart >/dev/null \
      || { tail -20 "$dir/server.log" >&2; exit 1; }
    ;;
  destroy)
    [ -f "$dir/data/PG_VERSION" ] && as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    if [ -n "$link" ]; then rm -f "$link"; fi
    ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
