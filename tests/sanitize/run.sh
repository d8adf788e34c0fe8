#!/usr/bin/env bash
# The test suite again, built with clang under AddressSanitizer and
# UndefinedBehaviorSanitizer, plus each service's libFuzzer target for
# SUMMIT_FUZZ_SECONDS (20) from its seed corpus. Run by tests/run.sh on CI
# (and locally with SUMMIT_SANITIZERS=1); alone:
#   bash tests/sanitize/run.sh            # build dir: build-asan/
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${SUMMIT_ASAN_BUILD_DIR:-$root/build-asan}

# -O1 with line tables only: sanitizer builds compile much slower with full
# debug info, and reports still name file and line.
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize \
  -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -gline-tables-only" \
  -DSUMMIT_SANITIZE=ON -DSUMMIT_FUZZ=ON -DSUMMIT_FUZZ_SECONDS="${SUMMIT_FUZZ_SECONDS:-20}" >/dev/null
cmake --build "$build" -j 2
cd "$build"
# Any report fails the test it happens in.
export ASAN_OPTIONS=abort_on_error=1:detect_stack_use_after_return=0:${ASAN_OPTIONS:-}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}
export LSAN_OPTIONS=suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0
# Checks of sources, manifests and monitoring files already ran in the main
# build; the load test's bounds are for the optimised build.
if ! ctest --output-on-failure -j 2 --timeout 600 \
  -E '^(format_check|proto_lint|proto_breaking|api_reference_current|k8s_.*|monitoring_rules|deploy_files|watch_load)$'; then
  python3 "$root/tests/print_failures.py" "$build"
  exit 1
fi
grep -h "stat::number_of_executed_units" "$build"/Testing/Temporary/LastTest.log 2>/dev/null || true
