#!/usr/bin/env bash
# Runs one fuzz target and prints its executions and coverage.
#
#   tests/fuzz/run.sh TARGET SECONDS     fuzz for SECONDS seconds
#   tests/fuzz/run.sh TARGET -runs=N     fuzz for N executions
#   tests/fuzz/run.sh all SECONDS        every target, FASDL_FUZZ_JOBS at a time (1)
#
# Needs the fuzz preset built first:
#   cmake --preset fuzz && cmake --build --preset fuzz
# The seed corpus tests/fuzz/corpus/TARGET/ is read, never written: new inputs
# go to a scratch folder (kept in FASDL_FUZZ_KEEP/TARGET when set). A crash, hang or
# failed check leaves its input in build/fuzz/artifacts/ and exits non-zero.
# Extra arguments after the second are passed to libFuzzer.
set -euo pipefail
cd "$(dirname "$0")/../.."

usage() { echo "usage: $0 TARGET|all SECONDS|-runs=N [libFuzzer options...]" >&2; exit 2; }
[ $# -ge 2 ] || usage
target=$1
budget=$2
shift 2
build=${FASDL_FUZZ_BUILD:-build/fuzz}
case "$budget" in
  -runs=*) limit=("$budget") ;;
  *[!0-9]*|'') usage ;;
  *) limit=("-max_total_time=$budget") ;;
esac

# Checked whatever the target, so that a bad value is never ignored; a leading
# 0 is refused because xargs -P 0 (from "00") means no limit at all.
jobs=${FASDL_FUZZ_JOBS:-1}
case "$jobs" in
  *[!0-9]*|0*) echo "$0: FASDL_FUZZ_JOBS: expected a whole number of at least 1, got \"$jobs\"" >&2; exit 2 ;;
esac

if [ "$target" = all ]; then
  # Each target is a process of its own that prints its report and its line
  # when it ends, so targets side by side do not mix their output.
  for corpus in tests/fuzz/corpus/*/; do basename "$corpus"; done |
    xargs -P "$jobs" -I '{}' "$0" '{}' "$budget" "$@" || exit 1
  exit 0
fi

binary=$build/tests/fuzz/$target
seeds=tests/fuzz/corpus/$target
[ -x "$binary" ] || { echo "$0: $binary is missing; build the fuzz preset first" >&2; exit 2; }
[ -d "$seeds" ] || { echo "$0: no seed corpus $seeds" >&2; exit 2; }

work=${FASDL_FUZZ_KEEP:+$FASDL_FUZZ_KEEP/$target}
work=${work:-$(mktemp -d)}
mkdir -p "$work" "$build/artifacts"
log=$(mktemp)
trap 'rm -f "$log"; [ -n "${FASDL_FUZZ_KEEP:-}" ] || rm -rf "$work"' EXIT
dict=()
[ -f "tests/fuzz/$target.dict" ] && dict=("-dict=tests/fuzz/$target.dict")

start=$(date +%s)
status=0
"$binary" "${limit[@]}" "${dict[@]}" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" "$@" "$work" "$seeds" \
  >"$log" 2>&1 || status=$?
elapsed=$(( $(date +%s) - start ))

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
final=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$final")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$final")
corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$final")
if [ $status -ne 0 ]; then
  # One write, so that a target running beside it cannot cut into the report.
  report=$(
    grep -E -A1 'ERROR|fuzz check failed|runtime error|Test unit written|SUMMARY' "$log" | head -20 || true
    tail -30 "$log"
  )
  printf '%s\n' "$report" >&2
fi
echo "$target: ${runs:-?} executions in ${elapsed} s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}$([ $status -eq 0 ] || echo ", FAILED (exit $status)")"
exit $status
