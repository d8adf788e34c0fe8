#!/usr/bin/env bash
# Stops the local summitd and PostgreSQL started by up.sh (data is kept).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
state="$root/.local"
if [ -f "$state/summitd.pid" ] && kill -0 "$(cat "$state/summitd.pid")" 2>/dev/null; then
  kill -TERM "$(cat "$state/summitd.pid")"
fi
if [ -f "$state/mail_sink.pid" ] && kill -0 "$(cat "$state/mail_sink.pid")" 2>/dev/null; then
  kill -TERM "$(cat "$state/mail_sink.pid")"
fi
"$root/deploy/local/pg_cluster.sh" stop "$state/pg"
echo "stopped (data kept in .local/; delete that folder to start afresh)"
