#!/usr/bin/env bash
# Inside with_summitd.sh: generate stubs for the standard health and
# reflection services from Debian's protos (under top-level packages health/
# and reflection/, since grpc/ is grpcio itself) and run the Python tests.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
mkdir -p "$SUMMIT_WORK/stubs"
protoc -I /usr/share/grpc-proto/grpc --python_out="$SUMMIT_WORK/stubs" \
  --grpc_python_out="$SUMMIT_WORK/stubs" \
  --plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin \
  health/v1/health.proto reflection/v1alpha/reflection.proto
SUMMIT_ADDRESS="$SUMMIT_SERVER" PYTHONPATH="$SUMMIT_BUILD_DIR/python_stubs:$SUMMIT_WORK/stubs" \
  /usr/bin/python3 "$here/test_directory_client.py"
