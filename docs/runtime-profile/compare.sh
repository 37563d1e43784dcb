#!/usr/bin/env bash
# Predicts W = 8, M = 1769 MB, K = 4 with the hand-made profile and workload,
# runs the plan with fasdl-run, and prints both side by side (Markdown).
# Usage: docs/runtime-profile/compare.sh [BUILD_DIR] [K] [SUFFIX]
#   SUFFIX "" (default) for the profile measured alone, "-w8" for the one
#   measured at the run's concurrency (profile.sh ... contended)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/release}
k=${2:-4}
suffix=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bin/fasdl-plan" predict --profile "$here/local-redis$suffix.json" --model "$here/local-mlp-4mb$suffix.json" \
  -w 8 -m 1769 -k "$k" --format json > "$tmp/plan.json"
"$build/bin/fasdl-run" --plan "$tmp/plan.json" --epochs 3 --samples 8192 --params-mb 4 \
  --cpu-scale 0.1875 --format json --log "$tmp/run.jsonl" -q > "$tmp/run.json"
uptime >&2
cmake -DPLAN="$tmp/plan.json" -DRUN="$tmp/run.json" -P "$here/compare.cmake" 2>&1
