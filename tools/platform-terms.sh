#!/usr/bin/env bash
# Prints the table of docs/model.md ("Switching the terms on"): the plan of
# `fasdl-plan --model resnet50 --budget 5` as each of today's platform terms is
# switched on in turn, starting from the reference profile.
#   tools/platform-terms.sh [BUILD_DIR]      (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
plan="${1:-build/release}/bin/fasdl-plan"
base=(--model resnet50 --budget 5 --format csv --no-timing)
terms=(cpu gb_second_prices invocations lifetime polling concurrency request_limits)

# Every term of aws-lambda not in the first N of `terms` switched off.
off() {
  local n=$1 args=()
  for ((i = n; i < ${#terms[@]}; i++)); do args+=(--set "platform.${terms[$i]}=null"); done
  echo "${args[@]}"
}

row() {
  local label=$1; shift
  local line
  # Exit 1 (no plan) is an answer here, not a failure.
  line=$("$plan" "${base[@]}" "$@" | awk -F, '$1 == "plan"' || true)
  if [ -z "$line" ]; then
    echo "| $label | no plan within \$5 | | | |"
    return
  fi
  echo "$line" | awk -F, -v label="$label" '{
    # role,workers,memory_mb,aggregators,batch_aggregator,batch_other,feasible,iterations,seconds,dollars
    printf "| %s | %s, %s, %s | %.0f | %.4f |\n", label, $2, $3, $4, $9, $10 }'
}

echo "| profile and terms | W, M, K | seconds | dollars |"
echo "| --- | --- | --- | --- |"
row "reference (fasdl-reference: 128 to 3,008 MB by 64), no memory floor" --profile fasdl-reference \
  --set memory_floor=null
row "+ resnet50's memory floor (2,565 MB)" --profile fasdl-reference
row "+ memory 128 to 10,240 MB by 1 (aws-lambda, no terms)" --profile aws-lambda $(off 0)
row "+ vCPU law (2 training threads)" --profile aws-lambda $(off 1) \
  --set compute.law=vcpu --set compute.threads=2
row "+ tiered x86 GB-second prices" --profile aws-lambda $(off 2) \
  --set compute.law=vcpu --set compute.threads=2
row "+ per-invocation price" --profile aws-lambda $(off 3) \
  --set compute.law=vcpu --set compute.threads=2
row "+ 900 s lifetime (8 s cold start, checkpoints)" --profile aws-lambda $(off 4) \
  --set compute.law=vcpu --set compute.threads=2
row "+ S3 LIST polling" --profile aws-lambda $(off 5) \
  --set compute.law=vcpu --set compute.threads=2
row "+ concurrency 1,000" --profile aws-lambda $(off 6) \
  --set compute.law=vcpu --set compute.threads=2
row "+ S3 request limits (all terms on)" --profile aws-lambda \
  --set compute.law=vcpu --set compute.threads=2
row "all terms, arm64 prices" --profile aws-lambda \
  --set compute.law=vcpu --set compute.threads=2 --set platform.gb_second_prices.architecture=arm64
row "all terms, 6 threads (no vCPU cap below 10,240 MB)" --profile aws-lambda \
  --set compute.law=vcpu --set compute.threads=6
row "all terms, 6 threads, 20 epochs" --profile aws-lambda \
  --set compute.law=vcpu --set compute.threads=6 --set epochs=20
