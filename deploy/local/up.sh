#!/usr/bin/env bash
# README command 1: installs what is missing, builds, starts a private
# PostgreSQL cluster (data in .local/, kept between runs), migrates, starts
# summitd on 127.0.0.1:${SUMMIT_PORT:-50051}, loads the demo data and prints
# how to use summitctl. Run it again at any time; it picks up where it was.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
state="$root/.local"
port=${SUMMIT_PORT:-50051}
build="$root/build"
mkdir -p "$state"

"$root/deploy/local/install-deps.sh"
echo "Building (first time: a few minutes on 2 cores)..." >&2
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j 2 --target summitd summitctl >/dev/null
echo "Building the web app..." >&2
"$root/client/web/build.sh"
summitd="$build/services/server/summitd"
summitctl="$build/client/summitctl/summitctl"

cluster=$("$root/deploy/local/pg_cluster.sh" start "$state/pg")
if ! psql "$cluster" -tAc "SELECT 1 FROM pg_database WHERE datname = 'summit'" | grep -q 1; then
  psql "$cluster" -qc "CREATE DATABASE summit"
fi
export SUMMIT_DATABASE="${cluster/dbname=postgres/dbname=summit}"
if [ ! -s "$state/token.key" ]; then
  (umask 077; head -c 48 /dev/urandom | base64 > "$state/token.key")
fi
export SUMMIT_TOKEN_KEY_FILE="$state/token.key"
"$summitd" migrate

# The mail sink: every message summitd sends lands in .local/mail/ as a file.
mail_port=${SUMMIT_MAIL_PORT:-2525}
if ! { [ -f "$state/mail_sink.pid" ] && kill -0 "$(cat "$state/mail_sink.pid")" 2>/dev/null; }; then
  nohup /usr/bin/python3 "$root/deploy/local/mail_sink.py" "$state/mail" "$mail_port" \
    >"$state/mail_sink.log" 2>&1 &
  echo $! > "$state/mail_sink.pid"
  for _ in $(seq 50); do grep -q "mail sink on" "$state/mail_sink.log" 2>/dev/null && break; sleep 0.1; done
fi
export SUMMIT_SMTP_URL="smtp://127.0.0.1:$mail_port"
export SUMMIT_MAIL_FROM="summit@localhost"
# The web app and the Connect gateway; links in mail point at it.
web_port=${SUMMIT_WEB_PORT:-8080}
export SUMMIT_WEB_BASE_URL="http://localhost:$web_port"

# Restart summitd if a previous run left one.
if [ -f "$state/summitd.pid" ] && kill -0 "$(cat "$state/summitd.pid")" 2>/dev/null; then
  kill -TERM "$(cat "$state/summitd.pid")"
  for _ in $(seq 50); do kill -0 "$(cat "$state/summitd.pid")" 2>/dev/null || break; sleep 0.1; done
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "Port $port is taken by another program; run again with SUMMIT_PORT=<free port>." >&2
  exit 1
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$web_port") 2>/dev/null; then
  echo "Port $web_port is taken by another program; run again with SUMMIT_WEB_PORT=<free port>." >&2
  exit 1
fi
rm -f "$state/summitd.port" "$state/metrics.port"
nohup "$summitd" serve --listen "127.0.0.1:$port" --port-file "$state/summitd.port" \
  --http-listen "127.0.0.1:$web_port" --web-app-dir "$root/client/web/dist" \
  --metrics-listen 127.0.0.1:0 --metrics-port-file "$state/metrics.port" \
  >"$state/summitd.log" 2>&1 &
echo $! > "$state/summitd.pid"
for _ in $(seq 100); do [ -s "$state/summitd.port" ] && break; sleep 0.1; done
[ -s "$state/summitd.port" ] || { echo "summitd did not start:" >&2; cat "$state/summitd.log" >&2; exit 1; }

(umask 077; "$summitd" bootstrap-admin > "$state/admin.token")
export SUMMIT_SERVER="127.0.0.1:$port"
SUMMIT_TOKEN=$(cat "$state/admin.token") SUMMIT_CREDENTIALS_FILE=/dev/null \
  "$root/deploy/local/load_demo_data.sh" "$summitctl" "$state/tokens"

cat <<EOT

Summit is running: open http://localhost:$web_port in a browser (the web app).
summitd serves gRPC on 127.0.0.1:$port (log: .local/summitd.log); PostgreSQL is in .local/pg.
Prometheus metrics: http://127.0.0.1:$(cat "$state/metrics.port")/metrics (docs/operations.md).
Mail goes to a local sink that keeps every message: ls .local/mail/ (then less one .eml);
the demo's submissions, review assignments, decision, invitation and action item are there.
Sign in by email, in the browser or with summitctl signin --email minjun.kim@iepr.example:
the code arrives in .local/mail/ (ls -t .local/mail | head -1).

The first admin's token is in .local/admin.token (0600; not printed, so it stays out of
terminal scrollback and build logs); demo people's tokens are in .local/tokens/.

Try it:
  export SUMMIT_SERVER=127.0.0.1:$port
  alias summitctl=$summitctl
  summitctl login --token \$(cat .local/admin.token)    # the admin; or .local/tokens/*.token
  summitctl whoami
  summitctl summit get summits/ca-kr-2025
  summitctl track list summits/ca-kr-2025
  summitctl org list
  summitctl person list --role expert --country KZ
  summitctl --token \$(cat .local/tokens/lee-coordinator.token) rec list summits/ca-kr-2025
  export SUMMIT_TOKEN=\$(cat .local/tokens/aigerim.token)    # an expert from KISI
  summitctl rec show summits/ca-kr-2025/recommendations/customs-corridor
  summitctl rec create summits/ca-kr-2025 --track summits/ca-kr-2025/tracks/green \\
      --language ru --title "Зелёный водород" --summary "Пилоты" --body-file notes.md
  summitctl rec list summits/ca-kr-2025 --search водород
  summitctl --help

Stop everything: deploy/local/down.sh
EOT
