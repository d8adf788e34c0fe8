#!/usr/bin/env bash
# Fails when a tracked C++ file is not as clang-format (.clang-format) would
# write it; prints the files. Fix with:
#   git ls-files '*.cc' '*.h' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cc' '*.h')
[ ${#files[@]} -gt 0 ] || { echo "no C++ files found (not a git checkout?)"; exit 1; }
bad=()
for f in "${files[@]}"; do
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then bad+=("$f"); fi
done
if [ ${#bad[@]} -gt 0 ]; then
  printf 'not clang-formatted: %s\n' "${bad[@]}"
  exit 1
fi
echo "${#files[@]} files formatted"
