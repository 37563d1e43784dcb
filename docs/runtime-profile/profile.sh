#!/usr/bin/env bash
# Profiles this machine by hand for fasdl-run, as the FasDL authors profiled
# Lambda and S3: small single-purpose runs, medians of their JSON lines, and
# straight-line fits. Writes, beside this script:
#   transfers.csv      up/down seconds of one object through Redis (fasdl-profile's CSV)
#   compute.csv        train and flatten seconds of one worker by memory and batch
#   sync.csv           the aggregator's wait at W = 2 by chunk size
#   local-redis.json   the profile (AWS prices, fitted sync)
#   local-mlp-4mb.json the workload (fitted compute and flatten laws)
# Usage: docs/runtime-profile/profile.sh [BUILD_DIR]   (default build/release)
# Needs: bash, awk, a built fasdl-run and fasdl-profile. Takes about 3 minutes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/release}
run="$build/src/cli/fasdl-run"
profile="$build/src/cli/fasdl-profile"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every worker gets the CPU share of the run to predict: W = 8 workers of
# 1769 MB on this 2-core machine (auto scale: (2 - 0.5) / 8 = 0.1875).
scale=0.1875
params_mb=4
net=(--params-mb "$params_mb" --cpu-scale "$scale" -q --format json)

# Median of field $2 over the iteration lines of worker role $3 in log $1,
# leaving out each worker's first two iterations (warm-up).
median() {
  grep "\"role\":\"$3\"" "$1" | grep -v '"iteration":[01],' |
    sed -E "s/.*\"$2\":([-0-9.e]+).*/\1/" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# 1. Compute: one worker alone (W = K = 1) trains B samples a step; its
# memory sets its CPU share, scale x M / 1769 cores.
echo "memory_mb,batch,train_seconds,flatten_seconds" > "$here/compute.csv"
for memory in 512 1024 1769 2560; do
  for batch in 16 64 256; do
    "$run" -w 1 -m "$memory" -k 1 --batch-aggregator "$batch" --epochs 1 \
      --samples $((batch * 8)) "${net[@]}" --log "$tmp/c.jsonl" > /dev/null
    echo "$memory,$batch,$(median "$tmp/c.jsonl" train aggregator),$(median "$tmp/c.jsonl" flatten aggregator)" \
      >> "$here/compute.csv"
  done
done

# 2. Transfers and sync: two workers (W = 2, K = 1, A = B = 16) exchange
# the whole vector: the other worker's upload is up(M, S), its download
# down(M, S); the aggregator's wait is the model's sync at W = 2.
echo "direction,memory_mb,size_mb,seconds" > "$here/transfers.csv"
echo "memory_mb,size_mb,sync_seconds" > "$here/sync.csv"
for memory in 1024 1769; do
  for size in 0.5 1 2 4 8; do
    "$run" -w 2 -m "$memory" -k 1 --batch-aggregator 16 --batch-other 16 --epochs 1 --samples 640 \
      --params-mb "$size" --cpu-scale "$scale" -q --format json --log "$tmp/t.jsonl" > "$tmp/t.json"
    exact=$(grep -o '"megabytes": [0-9.e-]*' "$tmp/t.json" | awk '{ print $2 }')
    echo "upload,$memory,$exact,$(median "$tmp/t.jsonl" upload other)" >> "$here/transfers.csv"
    echo "download,$memory,$exact,$(median "$tmp/t.jsonl" download other)" >> "$here/transfers.csv"
    echo "$memory,$exact,$(median "$tmp/t.jsonl" sync aggregator)" >> "$here/sync.csv"
  done
done

# 3. Fits by least squares.
# T_train(B, M) = a (B + b) / (M + m) with m = 0 (CPU is proportional to M
# here, with nothing else): T M = a B + a b, a line in B, fitted with
# weights 1 / (T M)^2 so that every point counts by its relative error.
# A dense network's work is proportional to its batch, so b comes out near
# zero (or below, from noise); the law needs b > 0 and gets at least 1.
read -r a b b_fit < <(awk -F, 'NR > 1 { x = $2; y = $3 * $1; w = 1 / (y * y);
    sw += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y }
  END { slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx); icpt = (sy - slope * sx) / sw;
        b = icpt / slope; printf "%.6g %.6g %.6g\n", slope, (b < 1 ? 1 : b), b }' "$here/compute.csv")
# T_trans(M) = k1 M^k2: a line in log-log, over the mean flatten time of each memory.
read -r k1 k2 < <(awk -F, 'NR > 1 { s[$1] += $4; c[$1]++ }
  END { for (m in s) { x = log(m); y = log(s[m] / c[m]); n++; sx += x; sy += y; sxx += x * x; sxy += x * y }
        k2 = (n * sxy - sx * sy) / (n * sxx - sx * sx); printf "%.6g %.6g\n", exp((sy - k2 * sx) / n), k2 }' \
  "$here/compute.csv")
# T_sync = c W (f + f_0) (2 - K / W) = 3 c (f + f_0) at W = 2, K = 1: a line in f.
read -r c_sync f0 < <(awk -F, 'NR > 1 { x = $2; y = $3; n++; sx += x; sy += y; sxx += x * x; sxy += x * y }
  END { slope = (n * sxy - sx * sy) / (n * sxx - sx * sx); icpt = (sy - slope * sx) / n;
        if (slope <= 0) { printf "0 0\n" } else { printf "%.6g %.6g\n", slope / 3, icpt / slope } }' \
  "$here/sync.csv")

"$profile" storage -i "$here/transfers.csv" --name local-redis \
  --description "This 2-core machine, fasdl-run workers at cpu scale $scale through a private redis-server; hand-profiled by docs/runtime-profile/profile.sh; AWS prices" \
  --sync-seconds-per-mb "$c_sync" --sync-offset-mb "$f0" -o "$here/local-redis.json"

# B = round(b / (1 / gamma - 1)): gamma is chosen so that B = 32.
model_mb=$("$run" -w 1 -m 1769 -k 1 --batch-aggregator 16 --epochs 1 --samples 64 "${net[@]}" |
  grep -o '"megabytes": [0-9.e-]*' | awk '{ print $2 }')
gamma=$(awk -v b="$b" 'BEGIN { printf "%.6g", 32 / (32 + b) }')
cat > "$here/local-mlp-4mb.json" <<EOF
{
  "name": "local-mlp-4mb",
  "description": "fasdl-run's dense network of 4 MB (2 x 1002 hidden) on 8192 synthetic samples; compute and flatten fitted by docs/runtime-profile/profile.sh",
  "model_mb": $model_mb,
  "samples": 8192,
  "epochs": 3,
  "compute": {"a": $a, "b": $b, "m": 0},
  "flatten": {"k1": $k1, "k2": $k2},
  "batch": {"efficiency": $gamma, "max_global": 1024}
}
EOF
echo "a = $a, b = $b (fitted $b_fit), k1 = $k1, k2 = $k2, c_sync = $c_sync, f_0 = $f0, gamma = $gamma"
