#!/usr/bin/env bash
# Builds the web app into client/web/dist: npm packages from the lock file
# (skipped when already in place), TypeScript clients generated from proto/,
# a type check, and the bundle. Needs Node.js 20+ and npm.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null; then
  echo "npm not found: install Node.js 20 or newer (Debian: nodejs npm)" >&2
  exit 1
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --silent --no-audit --no-fund
fi
npm run --silent build
