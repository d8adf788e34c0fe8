#!/usr/bin/env bash
# Inside with_summitd.sh: generates Python stubs for the standard health
# service from Debian's protos (under the top-level package health/, since
# grpc/ is grpcio itself) and runs one Python test file against summitd.
#   run_python_test.sh test_drain.py
set -euo pipefail
here=$(dirname "$(realpath "$0")")
mkdir -p "$SUMMIT_WORK/stubs"
protoc -I /usr/share/grpc-proto/grpc --python_out="$SUMMIT_WORK/stubs" \
  --grpc_python_out="$SUMMIT_WORK/stubs" \
  --plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin health/v1/health.proto
SUMMIT_ADDRESS="$SUMMIT_SERVER" PYTHONPATH="$SUMMIT_BUILD_DIR/python_stubs:$SUMMIT_WORK/stubs" \
  /usr/bin/python3 "$here/$1"
