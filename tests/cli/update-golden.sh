#!/usr/bin/env bash
# Rewrites tests/cli/golden/*.out from the binaries of BUILD_DIR (default
# build/release). Review the diff before committing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
grep -v '^#' "$here/golden.txt" | grep -v '^\s*$' | while IFS='|' read -r name code args; do
  name="$(echo $name)"; code="$(echo $code)"
  cmake -DPROGRAM="$build/bin/fasdl-plan" -DARGS="$(echo $args | tr ' ' '|')" -DEXIT="$code" \
        -DGOLDEN="$here/golden/$name.out" -DDATA="$here/data" -DUPDATE=ON -P "$here/run_golden.cmake"
done
