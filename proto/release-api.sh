#!/usr/bin/env bash
# Records the API as released in proto/released.binpb: the baseline that the
# proto_breaking test holds every later change to (`buf breaking`). Run it
# only for a deliberate breaking change, once the systems that call the API
# have been told, and say so in the commit message.
#   proto/release-api.sh [BUF]      (default: build/tools/node_modules/.bin/buf)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
buf=${1:-$root/build/tools/node_modules/.bin/buf}
"$buf" build "$root/proto" --exclude-source-info -o "$root/proto/released.binpb"
echo "recorded $root/proto/released.binpb"
